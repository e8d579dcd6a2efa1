import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { OccurrenceFields, StoredOccurrence } from '../calendar/reconcile.ts';
import { calendarConnections, calendarOccurrences } from './calendar-schema.ts';
import type { ConnectionRow } from './connections-repository.ts';
import { type Db, queryStatement, type Statement } from './database.ts';

export type OccurrenceRow = typeof calendarOccurrences.$inferSelect;
export type UserOccurrence = OccurrenceRow & { connectionName: string };

const BATCH = 500;

type Owner = { connectionId: string; orgId: string; userId: string };
const DAY_MS = 86_400_000;

// A first import writes every occurrence of a feed and a refresh reads them back: these
// statements have fixed texts (prepared once per PostgreSQL connection, see queryStatement), and
// the rows travel as one JSON array that json_to_recordset turns back into rows, so neither
// drizzle's builder nor the driver's array encoding works per value.

const LIST_STORED: Statement = {
  name: 'kairos_occurrences_stored',
  text: `SELECT id, uid, recurrence_id AS "recurrenceId", start, "end", all_day AS "allDay", summary, location,
      busy_status AS "busyStatus", private, cancelled, starts_at AS "startsAt", removed_at AS "removedAt"
    FROM calendar_occurrences WHERE connection_id = $1 AND starts_at >= $2::timestamptz`,
};

export async function listStoredOccurrences(db: Db, connectionId: string, since: Date): Promise<StoredOccurrence[]> {
  return queryStatement<StoredOccurrence>(db, LIST_STORED, [connectionId, since.toISOString()]);
}

// The instant for range queries, as rangeInstant computes it: a date (all-day) is its 00:00 UTC.
const rangeInstantOf = (column: string) =>
  `CASE WHEN length(${column}) = 10 THEN (${column} || 'T00:00:00Z')::timestamptz ELSE ${column}::timestamptz END`;

// $1 connection, $2 organisation, $3 user, $4 now, $5 the occurrences (JSON array of OccurrenceFields)
const UPSERT_TEXT = `
  INSERT INTO calendar_occurrences (id, connection_id, org_id, user_id, uid, recurrence_id, start, "end", all_day,
    starts_at, ends_at, summary, location, busy_status, private, cancelled, removed_at, updated_at)
  SELECT u.id, $1, $2, $3, u.uid, u."recurrenceId", u.start, u."end", u."allDay", ${rangeInstantOf('u.start')}, ${rangeInstantOf('u."end"')},
    u.summary, u.location, u."busyStatus", u.private, u.cancelled, NULL, $4::timestamptz
  FROM json_to_recordset($5::json) AS u(id text, uid text, "recurrenceId" text, start text, "end" text, "allDay" boolean,
    summary text, location text, "busyStatus" text, private boolean, cancelled boolean)
  ON CONFLICT (id) DO UPDATE SET
    start = excluded.start, "end" = excluded."end", all_day = excluded.all_day, starts_at = excluded.starts_at,
    ends_at = excluded.ends_at, summary = excluded.summary, location = excluded.location, busy_status = excluded.busy_status,
    private = excluded.private, cancelled = excluded.cancelled, removed_at = NULL, updated_at = excluded.updated_at`;

// $1 connection, $4 now, $6 the ids
const REMOVE_TEXT = `
  UPDATE calendar_occurrences SET removed_at = $4::timestamptz, updated_at = $4::timestamptz
  WHERE connection_id = $1 AND id = ANY($6::text[]) AND removed_at IS NULL`;

const UPSERT: Statement = { name: 'kairos_occurrences_upsert', text: UPSERT_TEXT };
const REMOVE: Statement = { name: 'kairos_occurrences_remove', text: REMOVE_TEXT.replaceAll('$4', '$2').replaceAll('$6', '$3') };

// json_to_recordset reads the columns it declares by name and ignores any other key, so the
// rows are written as they are (no copy per row).
const occurrencesJson = (rows: OccurrenceFields[]): string => JSON.stringify(rows);

export async function upsertOccurrences(db: Db, owner: Owner, rows: OccurrenceFields[], now: Date): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await queryStatement(db, UPSERT, [
      owner.connectionId,
      owner.orgId,
      owner.userId,
      now.toISOString(),
      occurrencesJson(rows.slice(i, i + BATCH)),
    ]);
  }
}

export async function markRemoved(db: Db, connectionId: string, ids: string[], now: Date): Promise<void> {
  for (let i = 0; i < ids.length; i += BATCH) await queryStatement(db, REMOVE, [connectionId, now.toISOString(), ids.slice(i, i + BATCH)]);
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

// Upserts, removals and the connection's sync record in one statement (data-modifying CTEs on
// disjoint rows; an empty list writes nothing), atomic without a transaction's BEGIN and COMMIT.
// $7.. the sync record; a null name ($11) keeps the one the connection has.
const WRITE_IMPORT: Statement = {
  name: 'kairos_occurrences_import',
  text: `WITH upserted AS (${UPSERT_TEXT}), removed AS (${REMOVE_TEXT})
    UPDATE calendar_connections SET
      status = $7, last_error = $8::jsonb, detail_level = $9, event_count = $10::int, name = COALESCE($11::text, name),
      last_sync_at = $12::timestamptz, last_success_at = $12::timestamptz, next_sync_at = $13::timestamptz,
      failure_count = 0, etag = $14::text, last_modified = $15::text, content_hash = $16::text
    WHERE id = $1`,
};

// An import that fits one batch (fitsOneStatement).
export async function writeImport(
  db: Db,
  owner: Owner,
  changes: { upserts: OccurrenceFields[]; removals: string[] },
  now: Date,
  sync: ImportSync,
): Promise<void> {
  await queryStatement(db, WRITE_IMPORT, [
    owner.connectionId,
    owner.orgId,
    owner.userId,
    now.toISOString(),
    occurrencesJson(changes.upserts),
    changes.removals,
    sync.status,
    sync.lastError === null ? null : JSON.stringify(sync.lastError),
    sync.detailLevel,
    sync.eventCount,
    sync.name ?? null,
    sync.at.toISOString(),
    sync.nextSyncAt.toISOString(),
    sync.etag,
    sync.lastModified,
    sync.contentHash,
  ]);
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
