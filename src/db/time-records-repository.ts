import { and, asc, eq, getTableColumns, gt, inArray, is, lt, or, SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from './database.ts';
import { projectMembers, projects, timeRecords, timers } from './schema.ts';

export type TimeRecordRow = typeof timeRecords.$inferSelect;
export type TimerRow = typeof timers.$inferSelect;

// A time record lasts at most 7 days, so "ends after from" implies "starts after from - 7 days":
// the second bound lets the (org, user, start) index do the work.
const MAX_RECORD_MS = 7 * 24 * 3600_000;

export type RecordFilter = {
  orgId: string;
  userId?: string | undefined;
  projectId?: string | undefined;
  // who else may be seen: null = everyone in the org; else own records plus these projects
  visibleTo?: { userId: string; projectIds: string[] } | null;
  from?: Date | undefined;
  to?: Date | undefined;
  after?: { start: Date; id: string } | undefined;
  limit: number;
};

function listQuery(db: Db, filter: RecordFilter) {
  const { visibleTo } = filter;
  const visible = visibleTo
    ? visibleTo.projectIds.length > 0
      ? or(eq(timeRecords.userId, visibleTo.userId), inArray(timeRecords.projectId, visibleTo.projectIds))
      : eq(timeRecords.userId, visibleTo.userId)
    : undefined;
  return db
    .select()
    .from(timeRecords)
    .where(
      and(
        eq(timeRecords.orgId, filter.orgId),
        filter.userId ? eq(timeRecords.userId, filter.userId) : undefined,
        filter.projectId ? eq(timeRecords.projectId, filter.projectId) : undefined,
        visible,
        filter.from ? gt(timeRecords.endsAt, filter.from) : undefined,
        filter.from ? gt(timeRecords.startsAt, new Date(filter.from.getTime() - MAX_RECORD_MS)) : undefined,
        filter.to ? lt(timeRecords.startsAt, filter.to) : undefined,
        filter.after
          ? sql`(${timeRecords.startsAt}, ${timeRecords.id}) > (${filter.after.start.toISOString()}::timestamptz, ${filter.after.id})`
          : undefined,
      ),
    )
    .orderBy(asc(timeRecords.startsAt), asc(timeRecords.id))
    .limit(filter.limit);
}

const recordColumns = Object.entries(getTableColumns(timeRecords));
const columnsOf = (alias: string) => sql.raw(recordColumns.map(([, column]) => `"${alias}"."${column.name}"`).join(', '));

/**
 * One statement for a page of records and their overlaps: the page (an index range of the
 * list's filter), then the same users' other records sharing time with it (a second range of
 * the (org, user, start) index, bounded by the page's first start and last end). `overlaps` are
 * computed from both, as findOverlaps does, and list only records `isVisible` lets through.
 */
export async function listRecordsWithOverlaps(
  db: Db,
  filter: RecordFilter,
  isVisible: (record: Pick<TimeRecordRow, 'userId' | 'projectId'>) => boolean,
): Promise<{ rows: TimeRecordRow[]; overlaps: Map<string, string[]> }> {
  const raw = await queryRows<Record<string, unknown>>(
    db,
    sql`WITH page AS (${listQuery(db, filter)})
      SELECT true AS listed, ${columnsOf('page')} FROM page
      UNION ALL
      SELECT false, ${columnsOf('o')} FROM ${timeRecords} AS o
      WHERE o.org_id = ${filter.orgId}
        AND o.user_id = ANY(ARRAY(SELECT DISTINCT user_id FROM page))
        AND o.starts_at < (SELECT max(ends_at) FROM page)
        AND o.ends_at > (SELECT min(starts_at) FROM page)
        AND o.starts_at > (SELECT min(starts_at) FROM page) - ${`${MAX_RECORD_MS / 1000} seconds`}::interval
        AND NOT (o.id = ANY(ARRAY(SELECT id FROM page)))
      ORDER BY starts_at, id`,
  );
  // in the page's order (start, id), page and neighbours alike
  const neighbours = raw.map(toRecordRow);
  const rows = neighbours.filter((_, i) => raw[i]!.listed === true);
  return { rows, overlaps: overlapsAmong(rows, neighbours, isVisible) };
}

// A row as the driver answers it (column names, values as the driver decodes them) as drizzle maps it.
function toRecordRow(raw: Record<string, unknown>): TimeRecordRow {
  const row: Record<string, unknown> = {};
  for (const [key, column] of recordColumns) {
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as TimeRecordRow;
}

export async function findRecord(db: Db, orgId: string, id: string): Promise<TimeRecordRow | null> {
  const [row] = await db
    .select()
    .from(timeRecords)
    .where(and(eq(timeRecords.orgId, orgId), eq(timeRecords.id, id)));
  return row ?? null;
}

export async function findRecordByImpulse(db: Db, userId: string, impulseId: string): Promise<TimeRecordRow | null> {
  const [row] = await db
    .select()
    .from(timeRecords)
    .where(and(eq(timeRecords.userId, userId), eq(timeRecords.impulseId, impulseId)));
  return row ?? null;
}

// Returns null when the user already has a record for this impulse (unique (user_id, impulse_id)):
// tracking a meeting is idempotent by constraint, not by check-then-insert.
export async function insertRecord(db: Db, row: typeof timeRecords.$inferInsert): Promise<TimeRecordRow | null> {
  const [created] = await db.insert(timeRecords).values(row).onConflictDoNothing().returning();
  return created ?? null;
}

// The same insert in one statement with the project check: the row is written only when the project
// is the organisation's, not archived and, for `memberId`, has that user as a member; `billable`
// null takes the project's. Null when nothing was written (no such project for the caller, an
// archived one, or the impulse's record exists): the caller tells which, off the hot path.
export async function insertRecordIntoProject(
  db: Db,
  row: Omit<typeof timeRecords.$inferInsert, 'billable'> & { billable: boolean | null },
  memberId: string | null,
): Promise<TimeRecordRow | null> {
  const values = recordColumns
    .filter(([, column]) => column.generated === undefined)
    .map(([key, column]) => {
      const type = sql.raw(column.getSQLType());
      if (key === 'billable') return sql`coalesce(${row.billable}::boolean, ${projects.billable})`;
      const value = (row as Record<string, unknown>)[key];
      if (value !== undefined) return sql`${sql.param(value, column)}::${type}`;
      if (is(column.default, SQL)) return column.default;
      return column.default === undefined ? sql`NULL::${type}` : sql`${sql.param(column.default, column)}::${type}`;
    });
  const member =
    memberId === null
      ? sql``
      : sql`AND EXISTS (SELECT 1 FROM ${projectMembers} WHERE ${projectMembers.projectId} = ${projects.id} AND ${projectMembers.userId} = ${memberId})`;
  const [created] = await db
    .insert(timeRecords)
    .select(
      sql`SELECT ${sql.join(values, sql`, `)} FROM ${projects}
        WHERE ${projects.orgId} = ${row.orgId} AND ${projects.id} = ${row.projectId} AND NOT ${projects.archived} ${member}`,
    )
    .onConflictDoNothing()
    .returning();
  return created ?? null;
}

export async function updateRecord(
  db: Db,
  orgId: string,
  id: string,
  version: number,
  changes: Partial<typeof timeRecords.$inferInsert>,
  now: Date,
): Promise<TimeRecordRow | null> {
  const [row] = await db
    .update(timeRecords)
    .set({ ...changes, updatedAt: now, version: sql`${timeRecords.version} + 1` })
    .where(and(eq(timeRecords.orgId, orgId), eq(timeRecords.id, id), eq(timeRecords.version, version)))
    .returning();
  return row ?? null;
}

export async function deleteRecord(db: Db, orgId: string, id: string, version: number): Promise<boolean> {
  const rows = await db
    .delete(timeRecords)
    .where(and(eq(timeRecords.orgId, orgId), eq(timeRecords.id, id), eq(timeRecords.version, version)))
    .returning({ id: timeRecords.id });
  return rows.length > 0;
}

// For each given record: the ids of the same user's records sharing time with it (edges excluded).
export async function findOverlaps(
  db: Db,
  orgId: string,
  records: Pick<TimeRecordRow, 'id' | 'userId' | 'startsAt' | 'endsAt'>[],
  isVisible: (record: Pick<TimeRecordRow, 'userId' | 'projectId'>) => boolean = () => true,
): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>(records.map((record) => [record.id, []]));
  if (records.length === 0) return found;
  const userIds = [...new Set(records.map((record) => record.userId))];
  const from = new Date(Math.min(...records.map((record) => record.startsAt.getTime())));
  const to = new Date(Math.max(...records.map((record) => record.endsAt.getTime())));
  const neighbours = await db
    .select({
      id: timeRecords.id,
      userId: timeRecords.userId,
      projectId: timeRecords.projectId,
      startsAt: timeRecords.startsAt,
      endsAt: timeRecords.endsAt,
    })
    .from(timeRecords)
    .where(
      and(
        eq(timeRecords.orgId, orgId),
        inArray(timeRecords.userId, userIds),
        lt(timeRecords.startsAt, to),
        gt(timeRecords.endsAt, from),
        gt(timeRecords.startsAt, new Date(from.getTime() - MAX_RECORD_MS)),
      ),
    )
    .orderBy(asc(timeRecords.startsAt), asc(timeRecords.id));
  return overlapsAmong(records, neighbours, isVisible);
}

// neighbours sorted by start: for each record, only those starting before it ends are looked at
function overlapsAmong(
  records: Pick<TimeRecordRow, 'id' | 'userId' | 'startsAt' | 'endsAt'>[],
  neighbours: Pick<TimeRecordRow, 'id' | 'userId' | 'projectId' | 'startsAt' | 'endsAt'>[],
  isVisible: (record: Pick<TimeRecordRow, 'userId' | 'projectId'>) => boolean,
): Map<string, string[]> {
  const found = new Map<string, string[]>(records.map((record) => [record.id, []]));
  const spans = neighbours.map((other) => ({ ...other, start: other.startsAt.getTime(), end: other.endsAt.getTime() }));
  for (const record of records) {
    const ids = found.get(record.id)!;
    const start = record.startsAt.getTime();
    const end = record.endsAt.getTime();
    for (const other of spans) {
      if (other.start >= end) break;
      if (other.end > start && other.id !== record.id && other.userId === record.userId && isVisible(other)) ids.push(other.id);
    }
  }
  return found;
}

export async function listUserRecordSpans(db: Db, orgId: string, userId: string, from: Date, to: Date, projectIds?: string[]) {
  if (projectIds?.length === 0) return [];
  return db
    .select({ startsAt: timeRecords.startsAt, endsAt: timeRecords.endsAt })
    .from(timeRecords)
    .where(
      and(
        eq(timeRecords.orgId, orgId),
        eq(timeRecords.userId, userId),
        projectIds ? inArray(timeRecords.projectId, projectIds) : undefined,
        lt(timeRecords.startsAt, to),
        gt(timeRecords.endsAt, from),
        gt(timeRecords.startsAt, new Date(from.getTime() - MAX_RECORD_MS)),
      ),
    );
}

export async function findTimer(db: Db, userId: string): Promise<TimerRow | null> {
  const [row] = await db.select().from(timers).where(eq(timers.userId, userId));
  return row ?? null;
}

// Locks the user's timer row for the rest of the transaction, so two stops cannot both save it.
export async function findTimerForUpdate(db: Db, userId: string): Promise<TimerRow | null> {
  const [row] = await db.select().from(timers).where(eq(timers.userId, userId)).for('update');
  return row ?? null;
}

// At most one timer per user (primary key): starting replaces the row.
export async function putTimer(db: Db, row: typeof timers.$inferInsert): Promise<TimerRow> {
  const { userId: _userId, ...rest } = row;
  const [saved] = await db.insert(timers).values(row).onConflictDoUpdate({ target: timers.userId, set: rest }).returning();
  return saved!;
}

export async function updateTimer(
  db: Db,
  userId: string,
  changes: Partial<Omit<typeof timers.$inferInsert, 'userId' | 'orgId'>>,
): Promise<TimerRow> {
  const [row] = await db.update(timers).set(changes).where(eq(timers.userId, userId)).returning();
  return row!;
}

export async function deleteTimer(db: Db, userId: string): Promise<boolean> {
  const rows = await db.delete(timers).where(eq(timers.userId, userId)).returning({ userId: timers.userId });
  return rows.length > 0;
}
