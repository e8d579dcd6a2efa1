import type { ApiError } from '../../../src/contract/client.ts';

// Field-level details of a 400 validation_failed ({ path: 'body.email', message }) by field name
// and by the field's whole path.
export function fieldErrors(error: ApiError | null): Record<string, string> {
  const details = error?.details;
  if (!Array.isArray(details)) return {};
  const result: Record<string, string> = {};
  for (const detail of details as Array<{ path?: unknown; message?: unknown }>) {
    if (typeof detail.path !== 'string' || typeof detail.message !== 'string') continue;
    // by the top field ('password') and by the whole path ('password.next')
    const path = detail.path.replace(/^body\./, '');
    result[path] ??= detail.message;
    result[path.split('.')[0] ?? path] ??= detail.message;
  }
  return result;
}

// Where to go after signing in: only a path of this site (never //host or another origin).
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/login') || next.startsWith('/signup') || next.startsWith('/invite')) return '/';
  return next;
}

// "#abc" or "#token=abc" → "abc"
export function inviteTokenFromHash(hash: string): string {
  const text = decodeURIComponent(hash.replace(/^#/, '')).trim();
  return text.startsWith('token=') ? text.slice('token='.length) : text;
}
