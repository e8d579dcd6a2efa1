import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Deps } from '../services/deps.ts';
import { countHit } from '../services/rate-limits.ts';

// @fastify/rate-limit's store, backed by the database instead of one process's memory. Every route
// shares one count per key: the routes' key generators name their bucket (login by address and
// e-mail, calendar fetches by user), so the fetch budget holds across check, connect and sync.
export function databaseRateLimitStore(deps: Deps): FastifyRateLimitStoreCtor {
  return class DatabaseRateLimitStore implements FastifyRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      countHit(deps, key, timeWindow).then(
        ({ hits, windowEnd }) => callback(null, { current: hits, ttl: Math.max(0, windowEnd.getTime() - deps.now().getTime()) }),
        (error: Error) => callback(error),
      );
    }

    child(): FastifyRateLimitStore {
      return new DatabaseRateLimitStore();
    }
  };
}
