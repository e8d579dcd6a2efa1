import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { impulseStates } from './calendar-schema.ts';
import { type Db, queryRows } from './database.ts';
import { timeRecords } from './schema.ts';

export type ImpulseStateRow = typeof impulseStates.$inferSelect;
export type Snapshot = { start: string; end: string; summary: string };

export async function listStates(db: Db, userId: string, impulseIds: string[]): Promise<Map<string, ImpulseStateRow>> {
  if (impulseIds.length === 0) return new Map();
  const rows = await db.select().from(impulseStates).where(and(eq(impulseStates.userId, userId), inArray(impulseStates.impulseId, impulseIds)));
  return new Map(rows.map((row) => [row.impulseId, row]));
}

export async function setDismissed(db: Db, owner: { orgId: string; userId: string }, impulseId: string, dismissedAt: Date | null): Promise<void> {
  await db.insert(impulseStates).values({ ...owner, impulseId, dismissedAt })
    .onConflictDoUpdate({ target: [impulseStates.userId, impulseStates.impulseId], set: { dismissedAt } });
}

/** What the meeting looked like when the user tracked it (`replace`), or first started the timer on it. */
export async function putSnapshot(
  db: Db, owner: { orgId: string; userId: string }, impulseId: string, snapshot: Snapshot, at: Date, replace: boolean,
): Promise<void> {
  await db.insert(impulseStates).values({ ...owner, impulseId, trackedSnapshot: snapshot, trackedAt: at })
    .onConflictDoUpdate({
      target: [impulseStates.userId, impulseStates.impulseId],
      set: replace
        ? { trackedSnapshot: snapshot, trackedAt: at }
        : { trackedSnapshot: sql`COALESCE(${impulseStates.trackedSnapshot}, excluded.tracked_snapshot)`, trackedAt: sql`COALESCE(${impulseStates.trackedAt}, excluded.tracked_at)` },
    });
}

/** The user's time records made from the given impulses: impulse id → record id. */
export async function recordsByImpulse(db: Db, userId: string, impulseIds: string[]): Promise<Map<string, string>> {
  if (impulseIds.length === 0) return new Map();
  const rows = await db.select({ id: timeRecords.id, impulseId: timeRecords.impulseId }).from(timeRecords)
    .where(and(eq(timeRecords.userId, userId), isNotNull(timeRecords.impulseId), inArray(timeRecords.impulseId, impulseIds)));
  return new Map(rows.map((row) => [row.impulseId!, row.id]));
}

export type TrackedHistoryRow = {
  project_id: string; description: string; connection_id: string | null; uid: string | null; summary: string | null; private: boolean | null;
};

// How the user tracked things lately, newest first: each record with the meeting it came
// from, if any (for "same series, then same subject" project suggestions).
export async function trackedHistory(db: Db, orgId: string, userId: string, since: Date, limit: number): Promise<TrackedHistoryRow[]> {
  return queryRows<TrackedHistoryRow>(db, sql`
    SELECT tr.project_id, tr.description, o.connection_id, o.uid, o.summary, o.private
    FROM time_records tr
    LEFT JOIN calendar_occurrences o ON o.id = tr.impulse_id AND o.user_id = tr.user_id
    WHERE tr.org_id = ${orgId} AND tr.user_id = ${userId} AND tr.starts_at >= ${since.toISOString()}::timestamptz
    ORDER BY tr.starts_at DESC, tr.id
    LIMIT ${limit}`);
}

export type RecentCombination = { project_id: string; task_id: string | null; description: string; last_start: Date };

/** The user's distinct project/task/description combinations since `since`, most recent first. */
export async function recentCombinations(db: Db, orgId: string, userId: string, since: Date, limit: number): Promise<RecentCombination[]> {
  const rows = await queryRows<RecentCombination & { last_start: Date | string }>(db, sql`
    SELECT tr.project_id, tr.task_id, tr.description, max(tr.starts_at) AS last_start
    FROM time_records tr
    JOIN projects p ON p.id = tr.project_id AND p.archived = false
    LEFT JOIN tasks t ON t.id = tr.task_id
    WHERE tr.org_id = ${orgId} AND tr.user_id = ${userId} AND tr.starts_at >= ${since.toISOString()}::timestamptz
      AND (t.id IS NULL OR t.archived = false)
    GROUP BY tr.project_id, tr.task_id, tr.description
    ORDER BY last_start DESC, tr.project_id, tr.description
    LIMIT ${limit}`);
  return rows.map((row) => ({ ...row, last_start: new Date(row.last_start) }));
}
