import { and, asc, eq, sql } from 'drizzle-orm';
import { impulseStates } from './calendar-schema.ts';
import { type Db, queryRows } from './database.ts';
import { timeRecords, trackingRules } from './schema.ts';

// A person's rules (schema.ts trackingRules) and what the automatic tracking needs of the calendar.
export type RuleRow = typeof trackingRules.$inferSelect;
type Owner = { orgId: string; userId: string };

export async function listRules(db: Db, owner: Owner): Promise<RuleRow[]> {
  return db
    .select()
    .from(trackingRules)
    .where(and(eq(trackingRules.orgId, owner.orgId), eq(trackingRules.userId, owner.userId)))
    .orderBy(asc(trackingRules.createdAt), asc(trackingRules.id));
}

export async function findRule(db: Db, owner: Owner, id: string): Promise<RuleRow | null> {
  const [row] = await db
    .select()
    .from(trackingRules)
    .where(and(eq(trackingRules.orgId, owner.orgId), eq(trackingRules.userId, owner.userId), eq(trackingRules.id, id)));
  return row ?? null;
}

export async function insertRule(db: Db, row: typeof trackingRules.$inferInsert): Promise<RuleRow> {
  const [created] = await db.insert(trackingRules).values(row).returning();
  return created!;
}

export async function updateRule(
  db: Db,
  owner: Owner,
  id: string,
  version: number,
  changes: Partial<Pick<RuleRow, 'pattern' | 'projectId' | 'taskId' | 'tagIds' | 'mode'>>,
): Promise<RuleRow | null> {
  const [row] = await db
    .update(trackingRules)
    .set({ ...changes, version: sql`${trackingRules.version} + 1` })
    .where(
      and(
        eq(trackingRules.orgId, owner.orgId),
        eq(trackingRules.userId, owner.userId),
        eq(trackingRules.id, id),
        eq(trackingRules.version, version),
      ),
    )
    .returning();
  return row ?? null;
}

export async function deleteRule(db: Db, owner: Owner, id: string, version: number): Promise<boolean> {
  const rows = await db
    .delete(trackingRules)
    .where(
      and(
        eq(trackingRules.orgId, owner.orgId),
        eq(trackingRules.userId, owner.userId),
        eq(trackingRules.id, id),
        eq(trackingRules.version, version),
      ),
    )
    .returning({ id: trackingRules.id });
  return rows.length > 0;
}

/** Per series (UID) of the user: the subject of its latest meeting, and whether it is private. */
export async function seriesLabels(db: Db, userId: string, uids: string[]): Promise<Map<string, { summary: string; private: boolean }>> {
  const unique = [...new Set(uids)];
  if (unique.length === 0) return new Map();
  const rows = await queryRows<{ uid: string; summary: string; private: boolean }>(
    db,
    sql`
    SELECT DISTINCT ON (uid) uid, summary, private
    FROM calendar_occurrences
    WHERE user_id = ${userId} AND uid IN (${sql.join(
      unique.map((uid) => sql`${uid}`),
      sql`, `,
    )})
    ORDER BY uid, starts_at DESC, id`,
  );
  return new Map(rows.map((row) => [row.uid, { summary: row.summary, private: row.private }]));
}

export type AutoTrackCandidate = {
  id: string;
  uid: string;
  recurrence_id: string | null;
  start: string;
  end: string;
  all_day: boolean;
  summary: string;
  busy_status: string;
  private: boolean;
  cancelled: boolean;
};

// A connection's meetings that ended inside [from, now], still in the feed, that no record of the
// user covers (through this or another of their connections), that no rule tracked before (also
// when its record was deleted since: the undo), and that the user did not dismiss, on their own or
// with their series (unless brought back on their own). Cancelled, free and all-day meetings are
// left out here already; the rest of the checks are the domain's (src/domain/rules.ts).
export async function autoTrackCandidates(
  db: Db,
  connectionId: string,
  userId: string,
  from: Date,
  now: Date,
): Promise<AutoTrackCandidate[]> {
  return queryRows<AutoTrackCandidate>(
    db,
    sql`
    SELECT o.id, o.uid, o.recurrence_id, o.start, o."end", o.all_day, o.summary, o.busy_status, o.private, o.cancelled
    FROM calendar_occurrences o
    LEFT JOIN impulse_states st ON st.user_id = o.user_id AND st.impulse_id = o.id
    LEFT JOIN impulse_series se ON se.user_id = o.user_id AND se.uid = o.uid
    WHERE o.connection_id = ${connectionId} AND o.user_id = ${userId}
      AND o.starts_at >= ${from.toISOString()}::timestamptz AND o.ends_at <= ${now.toISOString()}::timestamptz
      AND o.removed_at IS NULL AND o.cancelled = false AND o.all_day = false AND o.busy_status <> 'free'
      AND st.rule_tracked_at IS NULL AND st.dismissed_at IS NULL
      AND (se.dismissed_at IS NULL OR st.restored_at IS NOT NULL)
      AND NOT EXISTS (
        SELECT 1 FROM calendar_occurrences s
        JOIN time_records tr ON tr.user_id = s.user_id AND tr.impulse_id = s.id
        WHERE s.user_id = o.user_id AND s.uid = o.uid AND s.recurrence_id IS NOT DISTINCT FROM o.recurrence_id)
    ORDER BY o.starts_at, o.id`,
  );
}

export type RuleRecord = typeof timeRecords.$inferInsert & { impulseId: string; ruleId: string };

/**
 * Inserts the records a rule made, in one statement; a meeting tracked meanwhile (the unique
 * (user, impulse) index) is skipped. Each inserted one is remembered as tracked by a rule, with
 * what the meeting looked like, so that deleting the record does not bring it back.
 */
export async function insertRuleRecords(
  tx: Db,
  owner: Owner,
  records: RuleRecord[],
  snapshots: Map<string, { start: string; end: string; summary: string }>,
  at: Date,
): Promise<string[]> {
  if (records.length === 0) return [];
  const inserted = await tx
    .insert(timeRecords)
    .values(records)
    .onConflictDoNothing()
    .returning({ id: timeRecords.id, impulseId: timeRecords.impulseId });
  if (inserted.length === 0) return [];
  await tx
    .insert(impulseStates)
    .values(
      inserted.map((row) => ({
        ...owner,
        impulseId: row.impulseId!,
        trackedSnapshot: snapshots.get(row.impulseId!) ?? null,
        trackedAt: at,
        ruleTrackedAt: at,
      })),
    )
    .onConflictDoUpdate({
      target: [impulseStates.userId, impulseStates.impulseId],
      set: {
        trackedSnapshot: sql`excluded.tracked_snapshot`,
        trackedAt: sql`excluded.tracked_at`,
        ruleTrackedAt: sql`excluded.rule_tracked_at`,
      },
    });
  return inserted.map((row) => row.id);
}
