import { createHash } from 'node:crypto';

/**
 * A backup file's text with `rewrite` applied to its lines before the end line, and the end
 * line's row counts and checksum made to fit again: a file only the checks of content can refuse.
 */
export function resealed(content: string, rewrite: (lines: string[]) => string[]): string {
  const lines = content.trimEnd().split('\n');
  const body = rewrite(lines.slice(0, -1));
  const rows: Record<string, number> = {};
  let table = '';
  for (const line of body.slice(1)) {
    if (line.startsWith('{"@table"')) rows[(table = JSON.parse(line)['@table'])] = 0;
    else rows[table] = (rows[table] ?? 0) + 1;
  }
  const text = `${body.join('\n')}\n`;
  return `${text}${JSON.stringify({ '@end': { rows, sha256: createHash('sha256').update(text).digest('hex') } })}\n`;
}
