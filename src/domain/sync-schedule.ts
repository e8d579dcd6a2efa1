// When a connection is refreshed next. Pure; `random` is injectable for tests.

// up to this share of the interval is added, so connections saved together spread out
const JITTER_SHARE = 0.1;

export function nextRegularSync(now: Date, intervalS: number, random: () => number = Math.random): Date {
  return new Date(now.getTime() + intervalS * 1000 * (1 + JITTER_SHARE * random()));
}

// Exponential in the number of failures in a row (1 → one interval, 2 → two, 3 → four...),
// capped; a server's Retry-After wins when it asks for more.
export function nextRetry(
  now: Date,
  failureCount: number,
  intervalS: number,
  maxBackoffS: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): Date {
  const exponent = Math.min(Math.max(failureCount - 1, 0), 30);
  const backoffMs = Math.min(maxBackoffS * 1000, intervalS * 1000 * 2 ** exponent) * (1 + JITTER_SHARE * random());
  return new Date(now.getTime() + Math.max(backoffMs, retryAfterMs ?? 0));
}

// A claimed job is exclusive for a short lease that the worker renews while it works on it, so
// a worker that dies (kill -9, a lost machine) holds its jobs up for under a minute, however
// long a refresh may take.
export const SYNC_LEASE_MS = 45_000;
/** renewed three times per lease: two renewals may be late or lost before another worker takes over */
export const SYNC_HEARTBEAT_MS = SYNC_LEASE_MS / 3;
