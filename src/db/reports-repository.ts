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
    parts.push(
      visible.projectIds.length > 0
        ? sql`(r.user_id = ${visible.userId} OR r.project_id = ANY(${textArray(visible.projectIds)}))`
        : sql`r.user_id = ${visible.userId}`,
    );
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
  return sql`ARRAY[${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )}]::text[]`;
}

const PERIODS: ReadonlySet<Dimension> = new Set(['day', 'week', 'month']);

// A record's value of a dimension other than a period.
function keyExpression(dimension: Dimension): SQL {
  switch (dimension) {
    case 'client':
      return sql`x.client_id`;
    case 'project':
      return sql`x.project_id`;
    case 'task':
      return sql`x.task_id`;
    case 'user':
      return sql`x.user_id`;
    default:
      return sql`tg.tag_id`;
  }
}

// The period a local day falls in, as the period's first day (a date; formatted once per group), in
// date arithmetic without time zones: 2000-01-03 was a Monday, ISO weekday 1.
function periodOf(dimension: Dimension, day: SQL, weekStart: number): SQL {
  switch (dimension) {
    case 'month':
      return sql`date_trunc('month', ${day}::timestamp)::date`;
    case 'week':
      return sql`(${day} - (((${day} - DATE '2000-01-03') - ${weekStart - 1}::int) % 7 + 7) % 7)`;
    default:
      return day;
  }
}

// Whether a day begins a period of this dimension (a record's day that does is its first in that group).
function startsPeriod(dimension: Dimension, day: SQL, weekStart: number): SQL {
  switch (dimension) {
    case 'month':
      return sql`extract(day FROM ${day}) = 1`;
    case 'week':
      return sql`extract(isodow FROM ${day}) = ${weekStart}::int`;
    default:
      return sql`true`;
  }
}

// The records the detailed report lists, each clipped, rounded and priced. `page`: only the records
// after the cursor, at most `limit` of them in (start, id) order: a page reads its page, not the range
// (and what `x` drops, nothing left inside the range, takes no place of the page).
function pageQuery(filter: ReportFilter, roundingSeconds: number, page: { limit: number; cursor: SQL }): SQL {
  const from = sql`${filter.from.toISOString()}::timestamptz`;
  const to = sql`${filter.to.toISOString()}::timestamptz`;
  const step = sql`${roundingSeconds}::bigint`;
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
      WHERE ${recordConditions(filter)}
        AND date_trunc('second', least(r.ends_at, ${to})) > date_trunc('second', greatest(r.starts_at, ${from}))
        ${page.cursor} ORDER BY r.starts_at, r.id LIMIT ${page.limit}
    ),
    x AS (
      SELECT rec.*, extract(epoch FROM e - s)::bigint AS secs,
        CASE WHEN ${step} > 0 THEN (ceil(extract(epoch FROM e - s) / ${step}) * ${step})::bigint ELSE extract(epoch FROM e - s)::bigint END AS rsecs,
        CASE WHEN billable AND rate > 0 THEN round(
          (CASE WHEN ${step} > 0 THEN ceil(extract(epoch FROM e - s) / ${step}) * ${step} ELSE extract(epoch FROM e - s) END)::numeric * rate / 3600
        ) ELSE 0 END AS amount
      FROM rec WHERE e > s
    )`;
}

// A record lasts at most 7 days (every path that writes one refuses longer), so it touches at most
// 9 local days, a DST change included.
const MAX_RECORD_DAYS = Math.ceil(MAX_RECORD_MS / (23 * 3600_000)) + 1;

// (n, i): the i-th day (from 0) of a record on n days, for every n up to MAX_RECORD_DAYS.
const PIECES = sql.raw(
  Array.from({ length: MAX_RECORD_DAYS }, (_, index) => index + 1)
    .flatMap((days) => Array.from({ length: days }, (_, index) => `(${days}, ${index})`))
    .join(', '),
);

// The summary in one pass over the records (issue 10): one scan, grouped by a hash aggregate that a
// parallel plan can share out. A record's figures are computed once per row, in LEFT JOIN LATERAL
// subqueries the planner pulls up into placeholders (a plain subquery's columns would be copied into
// every aggregate that uses them). With a period grouped, a record within one period (nearly all,
// even across midnight) is one piece in its period; only one crossing a period boundary becomes a
// piece per local day (its rounding's extra on the last day, its amount split by cumulative share:
// src/domain/report-rules.ts splitAcrossDays). The days come from a hash join on its number of pieces
// with the list of (n, i) above, not from a set-returning function per record (unnest() in the select
// list cost more than the rest of the report: 1.48 -> 1.13 s CPU by project and month over 1M
// records), and that join runs in the parallel workers. A record counts once per group (its first piece there, its tag's first
// place) and once in the total, in the same pass: no DISTINCT, which would sort.
//
// The organisation's rate and whether any member has a rate of their own come in as `rates`
// (summaryRates): the organisation is then no join per record, and without member rates neither are
// the project memberships. A record with no whole second in the range counts nowhere, by FILTER and
// HAVING rather than a WHERE on its seconds (which the scan would compute a second time per row).
export function summaryQuery(filter: ReportFilter, dimensions: Dimension[], roundingSeconds: number, rates: SummaryRates): SQL {
  const from = sql`${filter.from.toISOString()}::timestamptz`;
  const to = sql`${filter.to.toISOString()}::timestamptz`;
  const zone = sql`${filter.timeZone}::text`;
  const weekStart = filter.weekStart;
  const periods = dimensions.filter((dimension) => PERIODS.has(dimension));
  const split = periods.length > 0;
  const byTag = dimensions.includes('tag');
  const k = (index: number) => sql.raw(`k${index}`);
  // a record clipped to the range in whole seconds, each end truncated to its second: floor() of the
  // float epoch is that exactly for instants before 2255 (their microseconds fit a double's 53 bits)
  const secs = sql`(floor(date_part('epoch', least(r.ends_at, ${to}))) - floor(date_part('epoch', greatest(r.starts_at, ${from}))))::int`;
  const rate = rates.memberRates ? sql`coalesce(pm.hourly_rate_cents, p.rate)` : sql`p.rate`;
  // the local days of its first and last second
  const days = split
    ? sql`, (greatest(r.starts_at, ${from}) AT TIME ZONE ${zone})::date AS d0,
        ((date_trunc('second', least(r.ends_at, ${to})) - interval '1 microsecond') AT TIME ZONE ${zone})::date AS d1`
    : sql``;
  const rounded =
    roundingSeconds > 0
      ? sql`LEFT JOIN LATERAL (SELECT (c.secs + ${roundingSeconds - 1}::int) / ${roundingSeconds}::int * ${roundingSeconds}::int AS rsecs) a ON true`
      : sql``;
  const rsecs = roundingSeconds > 0 ? sql`a.rsecs` : sql`c.secs`;
  const amount = sql`CASE WHEN r.billable AND c.rate > 0 THEN (${rsecs}::bigint * c.rate + 1800) / 3600 ELSE 0 END`;
  const crossing = periods.includes('day')
    ? sql`c.d0 <> c.d1`
    : sql`c.d0 <> c.d1 AND (${sql.join(
        periods.map((dimension) => sql`${periodOf(dimension, sql`c.d0`, weekStart)} <> ${periodOf(dimension, sql`c.d1`, weekStart)}`),
        sql` OR `,
      )})`;
  const records = sql`
    SELECT r.user_id, r.project_id, r.task_id, p.client_id, r.billable, r.tag_ids, c.secs, c.rate, ${rsecs} AS rsecs, ${amount} AS amount
      ${
        split
          ? sql`, c.d0, c.d1, b.crossing,
          CASE WHEN b.crossing THEN date_trunc('second', greatest(r.starts_at, ${from})) END AS s,
          CASE WHEN b.crossing THEN date_trunc('second', least(r.ends_at, ${to})) END AS e,
          c.d0 + o.i AS day`
          : sql``
      }
    FROM time_records r
    JOIN (SELECT p.id, p.client_id, coalesce(p.hourly_rate_cents, ${rates.organizationRate}::int) AS rate FROM projects p) p ON p.id = r.project_id
    ${
      rates.memberRates
        ? sql`LEFT JOIN (SELECT project_id, user_id, hourly_rate_cents FROM project_members WHERE hourly_rate_cents IS NOT NULL) pm
      ON pm.project_id = r.project_id AND pm.user_id = r.user_id`
        : sql``
    }
    LEFT JOIN LATERAL (SELECT ${secs} AS secs, ${rate} AS rate ${days}) c ON true
    ${rounded}
    ${
      split
        ? sql`LEFT JOIN LATERAL (SELECT ${crossing} AS crossing) b ON true
    JOIN (VALUES ${PIECES}) o(n, i) ON o.n = CASE WHEN b.crossing THEN c.d1 - c.d0 + 1 ELSE 1 END`
        : sql``
    }
    WHERE ${recordConditions(filter)}`;
  // a piece: the whole record, or for one crossing a boundary its day `day` (its seconds that day, the
  // rounding's extra on the last day, and its seconds before that day for its share of the amount)
  const dayStart = sql`(x.day::timestamp AT TIME ZONE ${zone})`;
  const onDay = sql`extract(epoch FROM least(x.e, (x.day + interval '1 day') AT TIME ZONE ${zone}) - greatest(x.s, ${dayStart}))::bigint`;
  const before = sql`extract(epoch FROM greatest(x.s, ${dayStart}) - x.s)::bigint`;
  const psecs = split
    ? sql`CASE WHEN x.crossing THEN ${onDay} + CASE WHEN x.day = x.d1 THEN x.rsecs - x.secs ELSE 0 END ELSE x.rsecs END`
    : sql`x.rsecs`;
  const pexact = split ? sql`CASE WHEN x.crossing THEN ${onDay} ELSE x.secs END` : sql`x.secs`;
  const pamount = split
    ? sql`CASE WHEN x.crossing THEN x.amount * (${before} + ${psecs}) / x.rsecs - x.amount * ${before} / x.rsecs ELSE x.amount END`
    : sql`x.amount`;
  const keys = dimensions.map((dimension, index) => {
    const key = PERIODS.has(dimension) ? periodOf(dimension, sql`x.day`, weekStart) : keyExpression(dimension);
    return sql`${key} AS ${k(index)}`;
  });
  // the piece that counts the record in its group, and the one that counts it in the total
  const firstInGroup: SQL[] = [sql`x.secs > 0`];
  if (split && !periods.includes('day')) {
    firstInGroup.push(
      sql`(NOT x.crossing OR x.day = x.d0 OR ${sql.join(
        periods.map((dimension) => startsPeriod(dimension, sql`x.day`, weekStart)),
        sql` OR `,
      )})`,
    );
  }
  if (byTag) firstInGroup.push(sql`coalesce(array_position(x.tag_ids, tg.tag_id), 1) = tg.n`);
  const firstOfRecord: SQL[] = [sql`x.secs > 0`, ...(split ? [sql`x.day = x.d0`] : []), ...(byTag ? [sql`tg.n = 1`] : [])];
  const filtered = (conditions: SQL[]) => (conditions.length > 0 ? sql` FILTER (WHERE ${sql.join(conditions, sql` AND `)})` : sql``);
  const billableRated = sql`x.billable AND x.rate > 0`;
  const aggregates = [
    sql`sum(${psecs})::bigint AS seconds`,
    sql`coalesce(sum(${psecs}) FILTER (WHERE x.billable), 0)::bigint AS billable_seconds`,
    sql`coalesce(sum(${pamount}), 0)::bigint AS amount`,
    // seconds times the rate, divided by 3600 once per row of the answer
    sql`coalesce(sum(${pexact}::bigint * x.rate) FILTER (WHERE ${billableRated}), 0) AS exact`,
    sql`count(*)${filtered(firstInGroup)}::int AS records`,
  ];
  // when a record can be in several rows, the total counts it from its first piece and first tag
  const separateTotal = split || byTag;
  if (separateTotal) {
    aggregates.push(
      sql`coalesce(sum(x.rsecs)${filtered(firstOfRecord)}, 0) AS t_seconds`,
      sql`coalesce(sum(x.rsecs)${filtered([...firstOfRecord, sql`x.billable`])}, 0) AS t_billable_seconds`,
      sql`coalesce(sum(x.amount)${filtered(firstOfRecord)}, 0) AS t_amount`,
      sql`coalesce(sum(x.secs::bigint * x.rate)${filtered([...firstOfRecord, billableRated])}, 0) AS t_exact`,
      sql`count(*)${filtered(firstOfRecord)} AS t_records`,
    );
  }
  const tagJoin = byTag
    ? sql`LEFT JOIN LATERAL unnest(CASE WHEN cardinality(x.tag_ids) = 0 THEN ARRAY[NULL]::text[] ELSE x.tag_ids END) WITH ORDINALITY AS tg(tag_id, n) ON true`
    : sql``;
  const t = (column: string) => sql.raw(separateTotal ? `t_${column}` : column);
  const shown = dimensions.map((dimension, index) =>
    PERIODS.has(dimension) ? sql`to_char(${k(index)}, 'YYYY-MM-DD') AS ${k(index)}` : k(index),
  );
  return sql`
    WITH grouped AS (
      SELECT ${sql.join([...keys, ...aggregates], sql`, `)}
      FROM (${records}) x
      ${tagJoin}
      ${
        dimensions.length > 0
          ? sql`GROUP BY ${sql.join(
              dimensions.map((_dimension, index) => k(index)),
              sql`, `,
            )} HAVING count(*)${filtered(firstInGroup)} > 0`
          : sql``
      }
    )
    SELECT ${sql.join([sql`false AS is_total`, ...shown], sql`, `)}, seconds, billable_seconds, amount, (round(exact, 20) / 3600)::float8 AS exact_amount, records
    FROM grouped
    UNION ALL
    SELECT ${sql.join([sql`true AS is_total`, ...dimensions.map((_dimension, index) => sql`NULL::text AS ${k(index)}`)], sql`, `)},
      coalesce(sum(${t('seconds')}), 0)::bigint, coalesce(sum(${t('billable_seconds')}), 0)::bigint, coalesce(sum(${t('amount')}), 0)::bigint,
      (round(coalesce(sum(${t('exact')}), 0), 20) / 3600)::float8, coalesce(sum(${t('records')}), 0)::int
    FROM grouped`;
}

// For the summary's transaction only: compiling its plan with JIT takes longer than running it
// (seconds at a million records, where the whole report takes well under one); by a period, the
// planner, which cannot tell how few groups the days make, sorted every piece for a group aggregate
// (on disk with the default 4 MB work_mem) where hashing them takes a third less time (1.97 -> 1.11 s
// by project and month over 1M records; the report needs no sort of its own).
export async function summarySettings(db: Db): Promise<void> {
  // set_config(…, true) is SET LOCAL: the three in one round trip
  await db.execute(
    sql`SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true), set_config('enable_sort', 'off', true)`,
  );
}

export type SummaryRates = { organizationRate: number | null; memberRates: boolean };

// Read in the summary's transaction (one snapshot with the summary itself).
export async function summaryRates(db: Db, orgId: string): Promise<SummaryRates> {
  const [row] = await queryRows<{ rate: number | null; member_rates: boolean }>(
    db,
    sql`SELECT o.default_hourly_rate_cents AS rate, EXISTS (
      SELECT 1 FROM project_members pm JOIN projects p ON p.id = pm.project_id WHERE p.org_id = o.id AND pm.hourly_rate_cents IS NOT NULL
    ) AS member_rates FROM organizations o WHERE o.id = ${orgId}`,
  );
  return { organizationRate: row?.rate ?? null, memberRates: row?.member_rates ?? false };
}

export async function summarize(
  db: Db,
  filter: ReportFilter,
  dimensions: Dimension[],
  roundingSeconds: number,
): Promise<{ rows: SummaryRow[]; total: SummaryRow }> {
  const rows = await db.transaction(
    async (tx) => {
      await summarySettings(tx);
      const rates = await summaryRates(tx, filter.orgId);
      return queryRows<Record<string, unknown>>(tx, summaryQuery(filter, dimensions, roundingSeconds, rates));
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
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
  id: string;
  userId: string;
  projectId: string;
  taskId: string | null;
  clientId: string | null;
  description: string;
  startsAt: Date;
  endsAt: Date;
  billable: boolean;
  tagIds: string[];
  seconds: number;
  roundedSeconds: number;
  rate: number | null;
  amount: number;
};

// The records behind the summary, one page at a time in (start, id) order.
export async function detailedPage(
  db: Db,
  filter: ReportFilter,
  roundingSeconds: number,
  limit: number,
  after: { start: Date; id: string } | undefined,
): Promise<DetailedRow[]> {
  const cursor = after ? sql`AND (r.starts_at, r.id) > (${after.start.toISOString()}::timestamptz, ${after.id})` : sql``;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`${pageQuery(filter, roundingSeconds, { limit, cursor })}
    SELECT x.id, x.user_id, x.project_id, x.task_id, x.client_id, r.description, r.starts_at, r.ends_at, x.billable, x.tag_ids,
      x.secs, x.rsecs, x.rate, x.amount
    FROM x JOIN time_records r ON r.id = x.id
    ORDER BY r.starts_at, r.id
    LIMIT ${limit}`,
  );
  return rows.map((row) => ({
    id: String(row.id),
    userId: String(row.user_id),
    projectId: String(row.project_id),
    taskId: (row.task_id as string | null) ?? null,
    clientId: (row.client_id as string | null) ?? null,
    description: String(row.description),
    startsAt: new Date(row.starts_at as string),
    endsAt: new Date(row.ends_at as string),
    billable: Boolean(row.billable),
    tagIds: (row.tag_ids as string[]) ?? [],
    seconds: Number(row.secs),
    roundedSeconds: Number(row.rsecs),
    rate: row.rate === null ? null : Number(row.rate),
    amount: Number(row.amount),
  }));
}

export type MeetingCoverage = {
  id: string;
  userId: string;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  private: boolean;
  linkedRecordId: string | null;
  linkedStart: Date | null;
  linkedEnd: Date | null;
  linkedProjectId: string | null;
  coveredSeconds: number;
  coverProjectId: string | null;
};

// The meetings of "calendar vs tracked" (issue 10): timed, busy or tentative, not cancelled, not
// removed from the feed, not dismissed (one by one or with their series), one row per meeting even
// when two of a user's calendars carry it, with the record linked to it and how much of it the
// user's records cover.
export async function meetingCoverage(db: Db, orgId: string, userIds: string[] | null, from: Date, to: Date): Promise<MeetingCoverage[]> {
  const users = userIds === null ? sql`` : sql`AND o.user_id = ANY(${textArray(userIds.length > 0 ? userIds : [''])})`;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`
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
    ORDER BY m.starts_at, m.id`,
  );
  return rows.map((row) => ({
    id: String(row.id),
    userId: String(row.user_id),
    startsAt: new Date(row.starts_at as string),
    endsAt: new Date(row.ends_at as string),
    summary: String(row.summary),
    private: Boolean(row.private),
    linkedRecordId: (row.linked_id as string | null) ?? null,
    linkedStart: row.linked_start ? new Date(row.linked_start as string) : null,
    linkedEnd: row.linked_end ? new Date(row.linked_end as string) : null,
    linkedProjectId: (row.linked_project as string | null) ?? null,
    coveredSeconds: Number(row.covered_seconds ?? 0),
    coverProjectId: (row.cover_project as string | null) ?? null,
  }));
}
