// What GET /metrics reads from the database: the refresh queue and the connections' states, as
// every node sees them (counted over the due-date index and the connections table).
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from './database.ts';

export type SyncQueue = {
  due: number;
  leased: number;
  oldestDueAgeSeconds: number;
  connections: Array<{ status: string; code: string | null; count: number }>;
};

export async function readSyncQueue(db: Db, now: Date): Promise<SyncQueue> {
  const at = now.toISOString();
  const [queue] = await queryRows<{ due: number; leased: number; oldest: Date | string | null }>(
    db,
    sql`
    SELECT count(*)::int AS due,
      count(*) FILTER (WHERE locked_until > ${at}::timestamptz)::int AS leased,
      min(due_at) AS oldest
    FROM calendar_sync_jobs WHERE due_at <= ${at}::timestamptz`,
  );
  const connections = await queryRows<{ status: string; code: string | null; count: number }>(
    db,
    sql`
    SELECT status, last_error->>'code' AS code, count(*)::int AS count
    FROM calendar_connections WHERE enabled GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const oldest = queue?.oldest == null ? null : new Date(queue.oldest);
  return {
    due: queue?.due ?? 0,
    leased: queue?.leased ?? 0,
    oldestDueAgeSeconds: oldest === null ? 0 : Math.max(0, (now.getTime() - oldest.getTime()) / 1000),
    connections,
  };
}
