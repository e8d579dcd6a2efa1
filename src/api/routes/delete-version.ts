import { AppError } from '../../errors.ts';

// DELETE carries the version it read in the query (?version=3) or in a JSON body.
export function deleteVersion(query: { version?: number | undefined }, body: { version: number } | null | undefined): number {
  const version = body?.version ?? query.version;
  if (version === undefined) {
    throw new AppError('validation_failed', 'version missing', {}, [
      { path: 'query.version', message: 'send the version you read (?version=N or a JSON body)' },
    ]);
  }
  return version;
}
