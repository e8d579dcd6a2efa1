import type { ApiError } from '../api.ts';

// An API refusal or feed problem as a person reads it: the message, and the hint as the second line.
export function Problem({
  error,
  id,
  tone = 'error',
}: {
  error: Pick<ApiError, 'message' | 'hint'> | null | undefined;
  id?: string;
  tone?: 'error' | 'warning';
}) {
  if (!error) return null;
  return (
    <div className={`problem problem-${tone}`} role={tone === 'error' ? 'alert' : 'status'} {...(id && { id })}>
      <p className="problem-message">{error.message}</p>
      {error.hint && <p className="problem-hint">{error.hint}</p>}
    </div>
  );
}
