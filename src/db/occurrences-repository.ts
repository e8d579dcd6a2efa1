import { and, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { OccurrenceFields, StoredOccurrence } from '../calendar/reconcile.ts';
import { rangeInstant } from '../calendar/reconcile.ts';
import { calendarConnections, calendarOccurrences } from './calendar-schema.ts';
import type { Db } from './database.ts';

export type OccurrenceRow = typeof calendarOccurrences.$inferSelect;
export type UserOccurrence = OccurrenceRow & { connectionName: string };

const BATCH = 500;
const DAY_MS = 86_400_000;

export async function listStoredOccurrences(db: Db, connectionId: string, since: Date): Promise<StoredOccurrence[]> {
  return db.select({
    id: calendarOccurrences.id, uid: calendarOccurrences.uid, recurrenceId: calendarOccurrences.recurrenceId,
    start: calendarOccurrences.start, end: calendarOccurrences.end, allDay: calendarOccurrences.allDay,
    summary: calendarOccurrences.summary, location: calendarOccurrences.location, busyStatus: calendarOccurrences.busyStatus,
    private: calendarOccurrences.private, cancelled: calendarOccurrences.cancelled,
    startsAt: calendarOccurrences.startsAt, removedAt: calendarOccurrences.removedAt,
  }).from(calendarOccurrences)
    .where(and(eq(calendarOccurrences.connectionId, connectionId), gte(calendarOccurrences.startsAt, since)));
}

export async function upsertOccurrences(
  db: Db, owner: { connectionId: string; orgId: string; userId: string }, rows: OccurrenceFields[], now: Date,
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const values = rows.slice(i, i + BATCH).map((row) => ({
      ...row, ...owner, startsAt: rangeInstant(row.start), endsAt: rangeInstant(row.end), removedAt: null, updatedAt: now,
    }));
    await db.insert(calendarOccurrences).values(values).onConflictDoUpdate({
      target: calendarOccurrences.id,
      set: {
        start: sql`excluded.start`, end: sql`excluded."end"`, allDay: sql`excluded.all_day`,
        startsAt: sql`excluded.starts_at`, endsAt: sql`excluded.ends_at`, summary: sql`excluded.summary`,
        location: sql`excluded.location`, busyStatus: sql`excluded.busy_status`, private: sql`excluded.private`,
        cancelled: sql`excluded.cancelled`, removedAt: sql`NULL`, updatedAt: sql`excluded.updated_at`,
      },
    });
  }
}

export async function markRemoved(db: Db, connectionId: string, ids: string[], now: Date): Promise<void> {
  for (let i = 0; i < ids.length; i += BATCH) {
    await db.update(calendarOccurrences).set({ removedAt: now, updatedAt: now })
      .where(and(eq(calendarOccurrences.connectionId, connectionId), inArray(calendarOccurrences.id, ids.slice(i, i + BATCH)), isNull(calendarOccurrences.removedAt)));
  }
}

const withConnection = {
  occurrence: calendarOccurrences,
  connectionName: calendarConnections.name,
};

// Occurrences of the user's enabled connections overlapping [from, to). All-day rows are
// stored at 00:00 UTC, so the range is widened by a day and the caller filters exactly.
export async function listUserOccurrences(db: Db, orgId: string, userId: string, from: Date, to: Date): Promise<UserOccurrence[]> {
  const rows = await db.select(withConnection).from(calendarOccurrences)
    .innerJoin(calendarConnections, eq(calendarConnections.id, calendarOccurrences.connectionId))
    .where(and(
      eq(calendarOccurrences.userId, userId),
      eq(calendarConnections.orgId, orgId),
      eq(calendarConnections.userId, userId),
      eq(calendarConnections.enabled, true),
      lt(calendarOccurrences.startsAt, new Date(to.getTime() + DAY_MS)),
      sql`${calendarOccurrences.endsAt} > ${new Date(from.getTime() - DAY_MS).toISOString()}::timestamptz`,
      // no meeting lasts longer than this: keeps the index range on starts_at tight
      gte(calendarOccurrences.startsAt, new Date(from.getTime() - 62 * DAY_MS)),
    ))
    .orderBy(calendarOccurrences.startsAt, calendarOccurrences.id);
  return rows.map((row) => ({ ...row.occurrence, connectionName: row.connectionName }));
}

/** One meeting of the user's own (any connection, enabled or not). */
export async function findUserOccurrence(db: Db, orgId: string, userId: string, id: string): Promise<UserOccurrence | null> {
  const [row] = await db.select(withConnection).from(calendarOccurrences)
    .innerJoin(calendarConnections, eq(calendarConnections.id, calendarOccurrences.connectionId))
    .where(and(eq(calendarOccurrences.id, id), eq(calendarConnections.orgId, orgId), eq(calendarConnections.userId, userId)));
  return row ? { ...row.occurrence, connectionName: row.connectionName } : null;
}

export async function findOccurrencesByIds(db: Db, userId: string, ids: string[]): Promise<OccurrenceRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(calendarOccurrences).where(and(eq(calendarOccurrences.userId, userId), inArray(calendarOccurrences.id, ids)));
}
