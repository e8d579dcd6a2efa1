import { lt, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { rateLimitWindows } from './schema.ts';

export type RateLimitCount = { hits: number; windowEnd: Date };

// Counts one hit in the key's fixed window, in one statement: a window that has ended starts
// again at `now`. Every node on the database shares the count.
export async function countRateLimitHit(db: Db, keyHash: string, now: Date, windowMs: number): Promise<RateLimitCount> {
  const end = new Date(now.getTime() + windowMs);
  const nowAt = sql`${now.toISOString()}::timestamptz`;
  const endAt = sql`${end.toISOString()}::timestamptz`;
  const [row] = await db
    .insert(rateLimitWindows)
    .values({ keyHash, windowStart: now, windowEnd: end, hits: 1 })
    .onConflictDoUpdate({
      target: rateLimitWindows.keyHash,
      set: {
        hits: sql`CASE WHEN ${rateLimitWindows.windowEnd} <= ${nowAt} THEN 1 ELSE ${rateLimitWindows.hits} + 1 END`,
        windowStart: sql`CASE WHEN ${rateLimitWindows.windowEnd} <= ${nowAt} THEN ${nowAt} ELSE ${rateLimitWindows.windowStart} END`,
        windowEnd: sql`CASE WHEN ${rateLimitWindows.windowEnd} <= ${nowAt} THEN ${endAt} ELSE ${rateLimitWindows.windowEnd} END`,
      },
    })
    .returning({ hits: rateLimitWindows.hits, windowEnd: rateLimitWindows.windowEnd });
  return row as RateLimitCount;
}

export async function deleteRateLimitWindowsEndedBefore(db: Db, before: Date): Promise<number> {
  const rows = await db
    .delete(rateLimitWindows)
    .where(lt(rateLimitWindows.windowEnd, before))
    .returning({ keyHash: rateLimitWindows.keyHash });
  return rows.length;
}
