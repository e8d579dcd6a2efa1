import { and, eq, inArray, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import { calendarOccurrences, impulseStates } from './calendar-schema.ts';
import { type Db, queryRows } from './database.ts';
import { timeRecords } from './schema.ts';

export type ImpulseStateRow = typeof impulseStates.$inferSelect;
export type Snapshot = { start: string; end: string; summary: string };

export async function listStates(db: Db, userId: string, impulseIds: string[]): Promise<Map<string, ImpulseStateRow>> {
  if (impulseIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(impulseStates)
    .where(and(eq(impulseStates.userId, userId), inArray(impulseStates.impulseId, impulseIds)));
  return new Map(rows.map((row) => [row.impulseId, row]));
}

// Restoring one occurrence is remembered (restored_at): it stays back even while its series is dismissed.
export async function setDismissed(
  db: Db,
  owner: { orgId: string; userId: string },
  impulseId: string,
  dismissed: boolean,
  at: Date,
): Promise<void> {
  const set = dismissed ? { dismissedAt: at, restoredAt: null } : { dismissedAt: null, restoredAt: at };
  await db
    .insert(impulseStates)
    .values({ ...owner, impulseId, ...set })
    .onConflictDoUpdate({ target: [impulseStates.userId, impulseStates.impulseId], set });
}

/** What the meeting looked like when the user tracked it (`replace`), or first started the timer on it. */
export async function putSnapshot(
  db: Db,
  owner: { orgId: string; userId: string },
  impulseId: string,
  snapshot: Snapshot,
  at: Date,
  replace: boolean,
): Promise<void> {
  await db
    .insert(impulseStates)
    .values({ ...owner, impulseId, trackedSnapshot: snapshot, trackedAt: at })
    .onConflictDoUpdate({
      target: [impulseStates.userId, impulseStates.impulseId],
      set: replace
        ? { trackedSnapshot: snapshot, trackedAt: at }
        : {
            trackedSnapshot: sql`COALESCE(${impulseStates.trackedSnapshot}, excluded.tracked_snapshot)`,
            trackedAt: sql`COALESCE(${impulseStates.trackedAt}, excluded.tracked_at)`,
          },
    });
}

/**
 * The user's time records made from the given impulses: impulse id → record id. A meeting is
 * tracked once per user: a record made from the same meeting (UID and recurrence id) seen
 * through another of the user's connections counts too.
 */
export async function recordsByImpulse(db: Db, userId: string, impulseIds: string[]): Promise<Map<string, string>> {
  if (impulseIds.length === 0) return new Map();
  const rows = await db
    .select({ id: timeRecords.id, impulseId: timeRecords.impulseId })
    .from(timeRecords)
    .where(and(eq(timeRecords.userId, userId), isNotNull(timeRecords.impulseId), inArray(timeRecords.impulseId, impulseIds)));
  const siblings = await queryRows<{ impulse_id: string; record_id: string }>(
    db,
    sql`
    SELECT o.id AS impulse_id, tr.id AS record_id
    FROM calendar_occurrences o
    JOIN calendar_occurrences s ON s.user_id = o.user_id AND s.uid = o.uid AND s.recurrence_id IS NOT DISTINCT FROM o.recurrence_id AND s.id <> o.id
    JOIN time_records tr ON tr.user_id = s.user_id AND tr.impulse_id = s.id
    WHERE o.user_id = ${userId} AND o.id IN (${sql.join(
      impulseIds.map((id) => sql`${id}`),
      sql`, `,
    )})
    ORDER BY tr.id`,
  );
  const records = new Map(siblings.map((row) => [row.impulse_id, row.record_id]));
  for (const row of rows) records.set(row.impulseId!, row.id);
  return records;
}

/** A record of the user made from the same meeting through another of their connections. */
export async function findSiblingRecord(db: Db, userId: string, occurrence: { id: string; uid: string; recurrenceId: string | null }) {
  const [row] = await db
    .select({
      id: timeRecords.id,
      projectId: timeRecords.projectId,
      taskId: timeRecords.taskId,
      description: timeRecords.description,
      startsAt: timeRecords.startsAt,
      endsAt: timeRecords.endsAt,
    })
    .from(timeRecords)
    .innerJoin(
      calendarOccurrences,
      and(eq(calendarOccurrences.id, timeRecords.impulseId), eq(calendarOccurrences.userId, timeRecords.userId)),
    )
    .where(
      and(
        eq(timeRecords.userId, userId),
        eq(calendarOccurrences.uid, occurrence.uid),
        ne(calendarOccurrences.id, occurrence.id),
        occurrence.recurrenceId === null
          ? isNull(calendarOccurrences.recurrenceId)
          : eq(calendarOccurrences.recurrenceId, occurrence.recurrenceId),
      ),
    )
    .orderBy(timeRecords.id)
    .limit(1);
  return row ?? null;
}

export type TrackedHistoryRow = {
  project_id: string;
  task_id: string | null;
  description: string;
  connection_id: string | null;
  uid: string | null;
  summary: string | null;
  private: boolean | null;
};

// How the user tracked things lately, newest first: each record with the meeting it came
// from, if any (for "same series, then same subject" project suggestions).
export async function trackedHistory(db: Db, orgId: string, userId: string, since: Date, limit: number): Promise<TrackedHistoryRow[]> {
  return queryRows<TrackedHistoryRow>(
    db,
    sql`
    SELECT tr.project_id, tr.task_id, tr.description, o.connection_id, o.uid, o.summary, o.private
    FROM time_records tr
    LEFT JOIN calendar_occurrences o ON o.id = tr.impulse_id AND o.user_id = tr.user_id
    WHERE tr.org_id = ${orgId} AND tr.user_id = ${userId} AND tr.starts_at >= ${since.toISOString()}::timestamptz
    ORDER BY tr.starts_at DESC, tr.id
    LIMIT ${limit}`,
  );
}

export type RecentCombination = { project_id: string; task_id: string | null; description: string; last_start: Date };

/** The user's distinct project/task/description combinations since `since`, most recent first. */
export async function recentCombinations(db: Db, orgId: string, userId: string, since: Date, limit: number): Promise<RecentCombination[]> {
  const rows = await queryRows<RecentCombination & { last_start: Date | string }>(
    db,
    sql`
    SELECT tr.project_id, tr.task_id, tr.description, max(tr.starts_at) AS last_start
    FROM time_records tr
    JOIN projects p ON p.id = tr.project_id AND p.archived = false
    LEFT JOIN tasks t ON t.id = tr.task_id
    WHERE tr.org_id = ${orgId} AND tr.user_id = ${userId} AND tr.starts_at >= ${since.toISOString()}::timestamptz
      AND (t.id IS NULL OR t.archived = false)
    GROUP BY tr.project_id, tr.task_id, tr.description
    ORDER BY last_start DESC, tr.project_id, tr.description
    LIMIT ${limit}`,
  );
  return rows.map((row) => ({ ...row, last_start: new Date(row.last_start) }));
}
