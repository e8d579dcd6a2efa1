import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from './database.ts';

// The summary report in one statement (issue 10): records are clipped to the range, rounded per
// record when asked, priced at the member's, else the project's, else the organisation's rate, cut
// at local midnights when a period is grouped (the rounding's extra on the record's last day, the
// amount split by cumulative share: src/domain/report-rules.ts says the same in TypeScript), then
// summed with GROUP BY. Nothing loops over records in JavaScript.

export type Dimension = 'client' | 'project' | 'task' | 'user' | 'tag' | 'day' | 'week' | 'month';

export type ReportFilter = {
  orgId: string;
  from: Date;
  to: Date;
  timeZone: string;
  weekStart: number;
  // null = every record of the organisation; else own records plus those of these projects
  visibleTo: { userId: string; projectIds: string[] } | null;
  userIds?: string[] | undefined;
  clientIds?: string[] | undefined;
  projectIds?: string[] | undefined;
  taskIds?: string[] | undefined;
  tagIds?: string[] | undefined;
  billable?: boolean | undefined;
};

export type SummaryRow = {
  keys: Array<string | null>;
  seconds: number;
  billableSeconds: number;
  amount: number;
  // the amount before any rounding of minor units, for rounding rows of the report as a whole
  exactAmount: number;
  records: number;
};

// A time record lasts at most 7 days (time-records-repository.ts): a lower bound for the index.
const MAX_RECORD_MS = 7 * 24 * 3600_000;

function recordConditions(filter: ReportFilter): SQL {
  const parts: SQL[] = [
    sql`r.org_id = ${filter.orgId}`,
    sql`r.starts_at < ${filter.to.toISOString()}::timestamptz`,
    sql`r.ends_at > ${filter.from.toISOString()}::timestamptz`,
    sql`r.starts_at > ${new Date(filter.from.getTime() - MAX_RECORD_MS).toISOString()}::timestamptz`,
  ];
  const visible = filter.visibleTo;
  if (visible) {
    parts.push(visible.projectIds.length > 0
      ? sql`(r.user_id = ${visible.userId} OR r.project_id = ANY(${textArray(visible.projectIds)}))`
      : sql`r.user_id = ${visible.userId}`);
  }
  if (filter.userIds?.length) parts.push(sql`r.user_id = ANY(${textArray(filter.userIds)})`);
  if (filter.projectIds?.length) parts.push(sql`r.project_id = ANY(${textArray(filter.projectIds)})`);
  if (filter.clientIds?.length) parts.push(sql`p.client_id = ANY(${textArray(filter.clientIds)})`);
  if (filter.taskIds?.length) parts.push(sql`r.task_id = ANY(${textArray(filter.taskIds)})`);
  if (filter.tagIds?.length) parts.push(sql`r.tag_ids && ${textArray(filter.tagIds)}`);
  if (filter.billable !== undefined) parts.push(sql`r.billable = ${filter.billable}`);
  return sql.join(parts, sql` AND `);
}

function textArray(values: string[]): SQL {
  return sql`ARRAY[${sql.join(values.map((value) => sql`${value}`), sql`, `)}]::text[]`;
}

function dimensionExpression(dimension: Dimension, weekStart: number): SQL {
  switch (dimension) {
    case 'client': return sql`x.client_id`;
    case 'project': return sql`x.project_id`;
    case 'task': return sql`x.task_id`;
    case 'user': return sql`x.user_id`;
    case 'tag': return sql`tg.tag_id`;
    case 'day': return sql`to_char(x.day, 'YYYY-MM-DD')`;
    case 'month': return sql`to_char(date_trunc('month', x.day), 'YYYY-MM-DD')`;
    case 'week':
      return sql`to_char(x.day - ((extract(isodow FROM x.day)::int - ${weekStart}::int + 7) % 7), 'YYYY-MM-DD')`;
  }
}

// The records the report counts, each clipped, rounded, priced and (with a period) cut into days.
// `page`: only the records after the cursor, at most `limit` of them in (start, id) order: a
// detailed page reads its page, not the whole range.
function piecesQuery(filter: ReportFilter, roundingSeconds: number, splitDays: boolean, page?: { limit: number; cursor: SQL }): SQL {
  const from = sql`${filter.from.toISOString()}::timestamptz`;
  const to = sql`${filter.to.toISOString()}::timestamptz`;
  const zone = sql`${filter.timeZone}::text`;
  const step = sql`${roundingSeconds}::bigint`;
  const pieces = splitDays
    // the rounding goes to the record's last day; `before`: the record's seconds on its earlier
    // days, which (its pieces being contiguous) is the time from its start to this piece's start
    ? sql`SELECT c.*, d::date AS day,
          extract(epoch FROM least(c.e, (d + interval '1 day') AT TIME ZONE ${zone}) - greatest(c.s, d AT TIME ZONE ${zone}))::bigint
            + CASE WHEN d = date_trunc('day', (c.e - interval '1 microsecond') AT TIME ZONE ${zone}) THEN c.rsecs - c.secs ELSE 0 END AS psecs,
          extract(epoch FROM least(c.e, (d + interval '1 day') AT TIME ZONE ${zone}) - greatest(c.s, d AT TIME ZONE ${zone}))::bigint AS pexact,
          extract(epoch FROM greatest(c.s, d AT TIME ZONE ${zone}) - c.s)::bigint AS before
        FROM counted c,
          generate_series(date_trunc('day', c.s AT TIME ZONE ${zone}), date_trunc('day', (c.e - interval '1 microsecond') AT TIME ZONE ${zone}), interval '1 day') AS d`
    : sql`SELECT c.*, NULL::date AS day, c.rsecs AS psecs, c.secs AS pexact, 0::bigint AS before FROM counted c`;
  return sql`
    WITH rec AS (
      SELECT r.id, r.user_id, r.project_id, r.task_id, p.client_id, r.billable, r.tag_ids,
        date_trunc('second', greatest(r.starts_at, ${from})) AS s,
        date_trunc('second', least(r.ends_at, ${to})) AS e,
        coalesce(pm.hourly_rate_cents, p.hourly_rate_cents, o.default_hourly_rate_cents) AS rate
      FROM time_records r
      JOIN projects p ON p.id = r.project_id
      JOIN organizations o ON o.id = r.org_id
      LEFT JOIN project_members pm ON pm.project_id = r.project_id AND pm.user_id = r.user_id
      WHERE ${recordConditions(filter)} ${page
        // what `counted` drops (nothing left inside the range) must not take a place of the page
        ? sql`AND date_trunc('second', least(r.ends_at, ${to})) > date_trunc('second', greatest(r.starts_at, ${from}))
          ${page.cursor} ORDER BY r.starts_at, r.id LIMIT ${page.limit}`
        : sql``}
    ),
    counted AS (
      SELECT rec.*, extract(epoch FROM e - s)::bigint AS secs,
        CASE WHEN ${step} > 0 THEN (ceil(extract(epoch FROM e - s) / ${step}) * ${step})::bigint ELSE extract(epoch FROM e - s)::bigint END AS rsecs,
        CASE WHEN billable AND rate > 0 THEN round(
          (CASE WHEN ${step} > 0 THEN ceil(extract(epoch FROM e - s) / ${step}) * ${step} ELSE extract(epoch FROM e - s) END)::numeric * rate / 3600
        ) ELSE 0 END AS amount
      FROM rec WHERE e > s
    ),
    x AS (${pieces})`;
}

function pieceAmount(): SQL {
  return sql`CASE WHEN x.rsecs = 0 THEN 0 ELSE floor(x.amount * (x.before + x.psecs) / x.rsecs) - floor(x.amount * x.before / x.rsecs) END`;
}

// The rows of the grouping, and the report's total counted once per record (a record with two tags
// is in two tag rows, a record cut over two days in two day rows), from one statement.
export async function summarize(
  db: Db, filter: ReportFilter, dimensions: Dimension[], roundingSeconds: number,
): Promise<{ rows: SummaryRow[]; total: SummaryRow }> {
  const splitDays = dimensions.some((dimension) => dimension === 'day' || dimension === 'week' || dimension === 'month');
  const keys = dimensions.map((dimension, index) => sql`${dimensionExpression(dimension, filter.weekStart)} AS ${sql.raw(`k${index}`)}`);
  const groupBy = dimensions.map((_dimension, index) => sql.raw(`k${index}`));
  const tagJoin = dimensions.includes('tag')
    ? sql`LEFT JOIN LATERAL unnest(CASE WHEN cardinality(x.tag_ids) = 0 THEN ARRAY[NULL]::text[] ELSE x.tag_ids END) AS tg(tag_id) ON true`
    : sql``;
  const query = sql`${piecesQuery(filter, roundingSeconds, splitDays)},
    total AS (
      SELECT count(*)::int AS records, coalesce(sum(rsecs), 0)::bigint AS seconds,
        coalesce(sum(CASE WHEN billable THEN rsecs ELSE 0 END), 0)::bigint AS billable_seconds, coalesce(sum(amount), 0)::bigint AS amount,
        coalesce(sum(CASE WHEN billable AND rate > 0 THEN secs::numeric * rate / 3600 ELSE 0 END), 0)::float8 AS exact_amount
      FROM counted
    ),
    grouped AS (
      SELECT ${sql.join([...keys, sql`sum(x.psecs)::bigint AS seconds`], sql`, `)},
        sum(CASE WHEN x.billable THEN x.psecs ELSE 0 END)::bigint AS billable_seconds,
        sum(${pieceAmount()})::bigint AS amount,
        sum(CASE WHEN x.billable AND x.rate > 0 THEN x.pexact::numeric * x.rate / 3600 ELSE 0 END)::float8 AS exact_amount,
        count(DISTINCT x.id)::int AS records
      FROM x ${tagJoin}
      ${groupBy.length > 0 ? sql`GROUP BY ${sql.join(groupBy, sql`, `)}` : sql``}
    )
    SELECT false AS is_total, grouped.* FROM grouped
    UNION ALL
    SELECT true AS is_total, ${sql.join([...dimensions.map((_dimension, index) => sql`NULL::text AS ${sql.raw(`k${index}`)}`), sql`total.seconds`], sql`, `)},
      total.billable_seconds, total.amount, total.exact_amount, total.records
    FROM total`;
  const rows = await queryRows<Record<string, unknown>>(db, query);
  const toRow = (row: Record<string, unknown>): SummaryRow => ({
    keys: dimensions.map((_dimension, index) => (row[`k${index}`] ?? null) as string | null),
    seconds: Number(row.seconds ?? 0),
    billableSeconds: Number(row.billable_seconds ?? 0),
    amount: Number(row.amount ?? 0),
    exactAmount: Number(row.exact_amount ?? 0),
    records: Number(row.records ?? 0),
  });
  const total = rows.find((row) => row.is_total === true);
  return { rows: rows.filter((row) => row.is_total !== true).map(toRow), total: toRow(total ?? {}) };
}

export type DetailedRow = {
  id: string; userId: string; projectId: string; taskId: string | null; clientId: string | null; description: string;
  startsAt: Date; endsAt: Date; billable: boolean; tagIds: string[]; seconds: number; roundedSeconds: number; rate: number | null; amount: number;
};

// The records behind the summary, one page at a time in (start, id) order.
export async function detailedPage(
  db: Db, filter: ReportFilter, roundingSeconds: number, limit: number, after: { start: Date; id: string } | undefined,
): Promise<DetailedRow[]> {
  const cursor = after ? sql`AND (r.starts_at, r.id) > (${after.start.toISOString()}::timestamptz, ${after.id})` : sql``;
  const rows = await queryRows<Record<string, unknown>>(db, sql`${piecesQuery(filter, roundingSeconds, false, { limit, cursor })}
    SELECT x.id, x.user_id, x.project_id, x.task_id, x.client_id, r.description, r.starts_at, r.ends_at, x.billable, x.tag_ids,
      x.secs, x.rsecs, x.rate, x.amount
    FROM x JOIN time_records r ON r.id = x.id
    ORDER BY r.starts_at, r.id
    LIMIT ${limit}`);
  return rows.map((row) => ({
    id: String(row.id), userId: String(row.user_id), projectId: String(row.project_id), taskId: (row.task_id as string | null) ?? null,
    clientId: (row.client_id as string | null) ?? null, description: String(row.description), startsAt: new Date(row.starts_at as string),
    endsAt: new Date(row.ends_at as string), billable: Boolean(row.billable), tagIds: (row.tag_ids as string[]) ?? [],
    seconds: Number(row.secs), roundedSeconds: Number(row.rsecs), rate: row.rate === null ? null : Number(row.rate), amount: Number(row.amount),
  }));
}

export type MeetingCoverage = {
  id: string; userId: string; startsAt: Date; endsAt: Date; summary: string; private: boolean;
  linkedRecordId: string | null; linkedStart: Date | null; linkedEnd: Date | null; linkedProjectId: string | null;
  coveredSeconds: number; coverProjectId: string | null;
};

// The meetings of "calendar vs tracked" (issue 10): timed, busy or tentative, not cancelled, not
// removed from the feed, not dismissed (one by one or with their series), one row per meeting even
// when two of a user's calendars carry it, with the record linked to it and how much of it the
// user's records cover.
export async function meetingCoverage(db: Db, orgId: string, userIds: string[] | null, from: Date, to: Date): Promise<MeetingCoverage[]> {
  const users = userIds === null ? sql`` : sql`AND o.user_id = ANY(${textArray(userIds.length > 0 ? userIds : [''])})`;
  const rows = await queryRows<Record<string, unknown>>(db, sql`
    WITH m AS (
      SELECT DISTINCT ON (o.user_id, o.uid, coalesce(o.recurrence_id, ''))
        o.id, o.user_id, o.uid, o.recurrence_id, o.starts_at, o.ends_at, o.summary, o.private
      FROM calendar_occurrences o
      JOIN calendar_connections c ON c.id = o.connection_id
      LEFT JOIN impulse_states st ON st.user_id = o.user_id AND st.impulse_id = o.id
      LEFT JOIN impulse_series se ON se.user_id = o.user_id AND se.uid = o.uid
      WHERE o.org_id = ${orgId} ${users}
        AND o.starts_at < ${to.toISOString()}::timestamptz AND o.ends_at > ${from.toISOString()}::timestamptz
        AND NOT o.all_day AND NOT o.cancelled AND o.removed_at IS NULL AND o.busy_status IN ('busy', 'tentative')
        AND st.dismissed_at IS NULL AND NOT (se.dismissed_at IS NOT NULL AND st.restored_at IS NULL)
      ORDER BY o.user_id, o.uid, coalesce(o.recurrence_id, ''), o.id
    )
    SELECT m.id, m.user_id, m.starts_at, m.ends_at, m.summary, m.private,
      linked.id AS linked_id, linked.starts_at AS linked_start, linked.ends_at AS linked_end, linked.project_id AS linked_project,
      coalesce(cover.seconds, 0) AS covered_seconds, cover.project_id AS cover_project
    FROM m
    LEFT JOIN LATERAL (
      SELECT tr.id, tr.starts_at, tr.ends_at, tr.project_id
      FROM calendar_occurrences s JOIN time_records tr ON tr.user_id = s.user_id AND tr.impulse_id = s.id
      WHERE s.user_id = m.user_id AND s.uid = m.uid AND s.recurrence_id IS NOT DISTINCT FROM m.recurrence_id
      ORDER BY tr.id LIMIT 1
    ) linked ON true
    LEFT JOIN LATERAL (
      SELECT least(coalesce(sum(extract(epoch FROM least(tr.ends_at, m.ends_at) - greatest(tr.starts_at, m.starts_at))), 0),
                   extract(epoch FROM m.ends_at - m.starts_at))::bigint AS seconds,
        (array_agg(tr.project_id ORDER BY least(tr.ends_at, m.ends_at) - greatest(tr.starts_at, m.starts_at) DESC))[1] AS project_id
      FROM time_records tr
      WHERE tr.org_id = ${orgId} AND tr.user_id = m.user_id AND tr.starts_at < m.ends_at AND tr.ends_at > m.starts_at
        AND tr.starts_at > m.starts_at - interval '7 days'
    ) cover ON true
    ORDER BY m.starts_at, m.id`);
  return rows.map((row) => ({
    id: String(row.id), userId: String(row.user_id), startsAt: new Date(row.starts_at as string), endsAt: new Date(row.ends_at as string),
    summary: String(row.summary), private: Boolean(row.private),
    linkedRecordId: (row.linked_id as string | null) ?? null,
    linkedStart: row.linked_start ? new Date(row.linked_start as string) : null,
    linkedEnd: row.linked_end ? new Date(row.linked_end as string) : null,
    linkedProjectId: (row.linked_project as string | null) ?? null,
    coveredSeconds: Number(row.covered_seconds ?? 0),
    coverProjectId: (row.cover_project as string | null) ?? null,
  }));
}
