import { and, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { OccurrenceFields, StoredOccurrence } from '../calendar/reconcile.ts';
import { rangeInstant } from '../calendar/reconcile.ts';
import { calendarConnections, calendarOccurrences } from './calendar-schema.ts';
import type { ConnectionRow } from './connections-repository.ts';
import type { Db } from './database.ts';

export type OccurrenceRow = typeof calendarOccurrences.$inferSelect;
export type UserOccurrence = OccurrenceRow & { connectionName: string };

const BATCH = 500;

type Owner = { connectionId: string; orgId: string; userId: string };
const DAY_MS = 86_400_000;

export async function listStoredOccurrences(db: Db, connectionId: string, since: Date): Promise<StoredOccurrence[]> {
  return db
    .select({
      id: calendarOccurrences.id,
      uid: calendarOccurrences.uid,
      recurrenceId: calendarOccurrences.recurrenceId,
      start: calendarOccurrences.start,
      end: calendarOccurrences.end,
      allDay: calendarOccurrences.allDay,
      summary: calendarOccurrences.summary,
      location: calendarOccurrences.location,
      busyStatus: calendarOccurrences.busyStatus,
      private: calendarOccurrences.private,
      cancelled: calendarOccurrences.cancelled,
      startsAt: calendarOccurrences.startsAt,
      removedAt: calendarOccurrences.removedAt,
    })
    .from(calendarOccurrences)
    .where(and(eq(calendarOccurrences.connectionId, connectionId), gte(calendarOccurrences.startsAt, since)));
}

// One statement per batch with a fixed text: the rows travel as one array per column and
// unnest turns them back into rows, so neither drizzle's builder nor the server's parser works
// per row (the first import of a feed writes thousands of them).
function upsertStatement(owner: Owner, batch: OccurrenceFields[], now: Date): SQL {
  const column = <T>(pick: (row: OccurrenceFields) => T) => sql.param(batch.map(pick));
  return sql`
    INSERT INTO calendar_occurrences (id, connection_id, org_id, user_id, uid, recurrence_id, start, "end", all_day,
      starts_at, ends_at, summary, location, busy_status, private, cancelled, removed_at, updated_at)
    SELECT u.id, ${owner.connectionId}, ${owner.orgId}, ${owner.userId}, u.uid, u.recurrence_id, u.start, u."end", u.all_day,
      u.starts_at, u.ends_at, u.summary, u.location, u.busy_status, u.private, u.cancelled, NULL, ${now.toISOString()}::timestamptz
    FROM unnest(${column((row) => row.id)}::text[], ${column((row) => row.uid)}::text[], ${column((row) => row.recurrenceId)}::text[],
      ${column((row) => row.start)}::text[], ${column((row) => row.end)}::text[], ${column((row) => row.allDay)}::boolean[],
      ${column((row) => rangeInstant(row.start).toISOString())}::timestamptz[], ${column((row) => rangeInstant(row.end).toISOString())}::timestamptz[],
      ${column((row) => row.summary)}::text[], ${column((row) => row.location)}::text[], ${column((row) => row.busyStatus)}::text[],
      ${column((row) => row.private)}::boolean[], ${column((row) => row.cancelled)}::boolean[])
      AS u(id, uid, recurrence_id, start, "end", all_day, starts_at, ends_at, summary, location, busy_status, private, cancelled)
    ON CONFLICT (id) DO UPDATE SET
      start = excluded.start, "end" = excluded."end", all_day = excluded.all_day, starts_at = excluded.starts_at,
      ends_at = excluded.ends_at, summary = excluded.summary, location = excluded.location, busy_status = excluded.busy_status,
      private = excluded.private, cancelled = excluded.cancelled, removed_at = NULL, updated_at = excluded.updated_at`;
}

function removeStatement(connectionId: string, ids: string[], now: Date): SQL {
  return sql`
    UPDATE calendar_occurrences SET removed_at = ${now.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
    WHERE connection_id = ${connectionId} AND id = ANY(${sql.param(ids)}::text[]) AND removed_at IS NULL`;
}

export async function upsertOccurrences(db: Db, owner: Owner, rows: OccurrenceFields[], now: Date): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await db.execute(upsertStatement(owner, rows.slice(i, i + BATCH), now));
}

export async function markRemoved(db: Db, connectionId: string, ids: string[], now: Date): Promise<void> {
  for (let i = 0; i < ids.length; i += BATCH) await db.execute(removeStatement(connectionId, ids.slice(i, i + BATCH), now));
}

/** A successful import's record on the connection row (what recordSync writes after an import). */
export type ImportSync = {
  status: ConnectionRow['status'];
  lastError: ConnectionRow['lastError'];
  detailLevel: ConnectionRow['detailLevel'];
  eventCount: number;
  name?: string | undefined;
  at: Date;
  nextSyncAt: Date;
  etag: string | null;
  lastModified: string | null;
  contentHash: string;
};

/** Whether writeImport can write these changes in one statement. */
export const fitsOneStatement = (upserts: number, removals: number) => upserts <= BATCH && removals <= BATCH;

// An import that fits one batch: its upserts, removals and the connection's sync record in one
// statement (data-modifying CTEs on disjoint rows), atomic without a transaction's BEGIN and COMMIT.
export async function writeImport(
  db: Db,
  owner: Owner,
  changes: { upserts: OccurrenceFields[]; removals: string[] },
  now: Date,
  sync: ImportSync,
): Promise<void> {
  const parts: SQL[] = [];
  if (changes.upserts.length > 0) parts.push(sql`upserted AS (${upsertStatement(owner, changes.upserts, now)})`);
  if (changes.removals.length > 0) parts.push(sql`removed AS (${removeStatement(owner.connectionId, changes.removals, now)})`);
  const at = sync.at.toISOString();
  await db.execute(sql`${parts.length > 0 ? sql`WITH ${sql.join(parts, sql`, `)}` : sql``}
    UPDATE calendar_connections SET
      status = ${sync.status}, last_error = ${sync.lastError === null ? null : JSON.stringify(sync.lastError)}::jsonb,
      detail_level = ${sync.detailLevel}, event_count = ${sync.eventCount}::int,
      ${sync.name === undefined ? sql`` : sql`name = ${sync.name},`}
      last_sync_at = ${at}::timestamptz, last_success_at = ${at}::timestamptz, next_sync_at = ${sync.nextSyncAt.toISOString()}::timestamptz,
      failure_count = 0, etag = ${sync.etag}::text, last_modified = ${sync.lastModified}::text, content_hash = ${sync.contentHash}
    WHERE id = ${owner.connectionId}`);
}

const withConnection = {
  occurrence: calendarOccurrences,
  connectionName: calendarConnections.name,
};

// Occurrences of the user's enabled connections overlapping [from, to). All-day rows are
// stored at 00:00 UTC, so the range is widened by a day and the caller filters exactly.
export async function listUserOccurrences(db: Db, orgId: string, userId: string, from: Date, to: Date): Promise<UserOccurrence[]> {
  const rows = await db
    .select(withConnection)
    .from(calendarOccurrences)
    .innerJoin(calendarConnections, eq(calendarConnections.id, calendarOccurrences.connectionId))
    .where(
      and(
        eq(calendarOccurrences.userId, userId),
        eq(calendarConnections.orgId, orgId),
        eq(calendarConnections.userId, userId),
        eq(calendarConnections.enabled, true),
        lt(calendarOccurrences.startsAt, new Date(to.getTime() + DAY_MS)),
        sql`${calendarOccurrences.endsAt} > ${new Date(from.getTime() - DAY_MS).toISOString()}::timestamptz`,
        // no meeting lasts longer than this: keeps the index range on starts_at tight
        gte(calendarOccurrences.startsAt, new Date(from.getTime() - 62 * DAY_MS)),
      ),
    )
    .orderBy(calendarOccurrences.startsAt, calendarOccurrences.id);
  return rows.map((row) => ({ ...row.occurrence, connectionName: row.connectionName }));
}

/** One meeting of the user's own (any connection, enabled or not). */
export async function findUserOccurrence(db: Db, orgId: string, userId: string, id: string): Promise<UserOccurrence | null> {
  const [row] = await db
    .select(withConnection)
    .from(calendarOccurrences)
    .innerJoin(calendarConnections, eq(calendarConnections.id, calendarOccurrences.connectionId))
    .where(and(eq(calendarOccurrences.id, id), eq(calendarConnections.orgId, orgId), eq(calendarConnections.userId, userId)));
  return row ? { ...row.occurrence, connectionName: row.connectionName } : null;
}
