import { deleteExpiredInvites, deleteExpiredSessions } from '../db/accounts-repository.ts';
import { deleteIdempotencyKeysBefore } from '../db/idempotency-repository.ts';
import type { Deps } from './deps.ts';
import { purgeEndedWindows } from './rate-limits.ts';

// A retried request comes back within minutes; a day of replayable answers is plenty.
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3600_000;
// Expired invites stay listed as such for a while, then go.
export const EXPIRED_INVITE_KEEP_MS = 30 * 24 * 3600_000;
export const HOUSEKEEPING_INTERVAL_MS = 3600_000;

export type Purged = { sessions: number; idempotencyKeys: number; invites: number; rateLimitWindows: number };

// Deletes what has expired. Safe to run from several processes at once.
export async function purgeExpired(deps: Deps): Promise<Purged> {
  const now = deps.now();
  return {
    sessions: await deleteExpiredSessions(deps.db, now),
    idempotencyKeys: await deleteIdempotencyKeysBefore(deps.db, new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS)),
    invites: await deleteExpiredInvites(deps.db, new Date(now.getTime() - EXPIRED_INVITE_KEEP_MS)),
    rateLimitWindows: await purgeEndedWindows(deps),
  };
}
