// When a connection is refreshed next. Pure; `random` is injectable for tests.

// up to this share of the interval is added, so connections saved together spread out
const JITTER_SHARE = 0.1;

export function nextRegularSync(now: Date, intervalS: number, random: () => number = Math.random): Date {
  return new Date(now.getTime() + intervalS * 1000 * (1 + JITTER_SHARE * random()));
}

// Exponential in the number of failures in a row (1 → one interval, 2 → two, 3 → four...),
// capped; a server's Retry-After wins when it asks for more.
export function nextRetry(
  now: Date, failureCount: number, intervalS: number, maxBackoffS: number, retryAfterMs: number | null, random: () => number = Math.random,
): Date {
  const exponent = Math.min(Math.max(failureCount - 1, 0), 30);
  const backoffMs = Math.min(maxBackoffS * 1000, intervalS * 1000 * 2 ** exponent) * (1 + JITTER_SHARE * random());
  return new Date(now.getTime() + Math.max(backoffMs, retryAfterMs ?? 0));
}
