import { createHash } from 'node:crypto';
import { countRateLimitHit, deleteRateLimitWindowsEndedBefore, type RateLimitCount } from '../db/rate-limit-repository.ts';
import type { Deps } from './deps.ts';

// Rate limits live in the database, so that they hold whichever node of several answers (issue 12).
// The key names its bucket and may hold an e-mail or an address: only its hash is stored.
export async function countHit(deps: Deps, key: string, windowMs: number): Promise<RateLimitCount> {
  const keyHash = createHash('sha256').update(key).digest('base64url');
  return countRateLimitHit(deps.db, keyHash, deps.now(), windowMs);
}

export async function purgeEndedWindows(deps: Deps): Promise<number> {
  return deleteRateLimitWindowsEndedBefore(deps.db, deps.now());
}
