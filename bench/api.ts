import { sql } from 'drizzle-orm';
import { Agent, request } from 'undici';
import type { Database } from '../src/db/database.ts';
import { timeRecords } from '../src/db/schema.ts';
import { newId } from '../src/services/secrets.ts';
import { round, summary, timeEach, writeResult } from './stats.ts';
import { startBenchApp } from './bench-app.ts';

const RECORDS = 10_000;
/** PostgreSQL is also measured at these sizes: list-week latency should not grow with history */
const SCALES = [1_000, 10_000, 100_000];
const WEEKS = 100;
const MAX_RECORD_MS = 7 * 24 * 3600_000;

type Scan = { node: string; relation: string | null; index: string | null };
type Plan = { scans: Scan[]; buffers: number; rows: number; ms: number };

/** Every node of the plan that reads a table or an index, and the buffers the whole statement touched. */
async function explain(database: Database, query: ReturnType<typeof sql>): Promise<Plan> {
  const result = (await database.db.execute(sql`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${query}`)) as unknown as {
    rows: Array<Record<string, any>>;
  };
  const top = result.rows[0]!['QUERY PLAN'][0] as Record<string, any>;
  const plan = top.Plan as Record<string, any>;
  const scans: Scan[] = [];
  const walk = (node: Record<string, any>) => {
    if (String(node['Node Type']).includes('Scan') && node['Node Type'] !== 'CTE Scan')
      scans.push({ node: node['Node Type'], relation: node['Relation Name'] ?? null, index: node['Index Name'] ?? null });
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan);
  return {
    scans,
    buffers: (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0),
    rows: plan['Actual Rows'],
    ms: top['Execution Time'],
  };
}

/** A table read other than through an index range: a sequential scan of time records, or no index at all. */
const isIndexRange = (scan: Scan) =>
  scan.node !== 'Seq Scan' && (scan.relation !== 'time_records' || scan.index !== null || scan.node === 'Bitmap Heap Scan');

/** `count` pairs of samples, taken in turns so that the machine's load weighs on both alike. */
async function timePaired(
  count: number,
  a: (i: number) => Promise<unknown>,
  b: (i: number) => Promise<unknown>,
): Promise<[number[], number[]]> {
  const first: number[] = [];
  const second: number[] = [];
  for (let i = 0; i < count; i += 1) {
    first.push(...(await timeEach(1, () => a(i))));
    second.push(...(await timeEach(1, () => b(i))));
  }
  return [first, second];
}

const WEEK_MS = 7 * 24 * 3600_000;
const ORIGIN = Date.parse('2025-01-06T00:00:00Z');

type EngineResult = Record<string, unknown>;

type Engine = {
  /** `count` more samples of each operation */
  measure: (count: number) => Promise<void>;
  finish: () => Promise<EngineResult>;
  close: () => Promise<void>;
};

async function prepareEngine(engine: 'pglite' | 'postgres', pgUrl: string | undefined, records = RECORDS): Promise<Engine> {
  const bench = await startBenchApp(engine, pgUrl, 'kairos_bench_api');
  const { database, base, token, userId, orgId } = bench;
  const dispatcher = new Agent({ connections: 1, pipelining: 1 });
  const call = async (method: 'GET' | 'POST', path: string, token: string | null, body?: unknown) => {
    const response = await request(`${base}${path}`, {
      method,
      dispatcher,
      headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const json = (await response.body.json()) as Record<string, any>;
    if (response.statusCode >= 300) throw new Error(`${method} ${path}: ${response.statusCode} ${JSON.stringify(json)}`);
    return json;
  };
  try {
    const project = await call('POST', '/api/v1/projects', token, { name: 'Bench project' });

    // a history of `records` records, 100 a week (one person's busy week) going back as far as it
    // takes, written straight to the table: more records means a longer history, not fuller weeks
    const populated = Math.ceil(records / 100);
    const rows = Array.from({ length: records }, (_, i) => {
      const start = ORIGIN + (WEEKS - populated) * WEEK_MS + Math.floor(i / 100) * WEEK_MS + (i % 100) * 3600_000;
      return {
        id: newId(),
        orgId,
        userId,
        projectId: project.id as string,
        description: `record ${i}`,
        startsAt: new Date(start),
        endsAt: new Date(start + 45 * 60_000),
        billable: true,
        source: 'manual' as const,
      };
    });
    for (let i = 0; i < rows.length; i += 1000) await database.db.insert(timeRecords).values(rows.slice(i, i + 1000));

    // the weeks listed: the latest (at most 100) of the history, each holding 100 records
    const weekStart = (i: number) => new Date(ORIGIN + (WEEKS - 1 - (i % Math.min(WEEKS, populated))) * WEEK_MS);
    const iso = (date: Date) => date.toISOString().replace('.000Z', 'Z');
    const createBody = (i: number) => {
      const start = new Date(ORIGIN + WEEKS * WEEK_MS + i * 3600_000);
      return { projectId: project.id, start: iso(start), end: iso(new Date(start.getTime() + 1800_000)), description: `api ${i}` };
    };
    const listPath = (from: Date) => `/api/v1/time-records?from=${iso(from)}&to=${iso(new Date(from.getTime() + WEEK_MS))}&limit=200`;
    // the floors are the statements the API sends, written out: the same predicates, so the same
    // index ranges (src/db/time-records-repository.ts). A create is one INSERT ... SELECT that checks
    // the project (insertRecordIntoProject); its overlap query runs beside it on another connection.
    const createQuery = (i: number) => {
      const start = new Date(ORIGIN + 2 * WEEKS * WEEK_MS + i * 3600_000);
      return sql`INSERT INTO time_records (id, org_id, user_id, project_id, task_id, description, starts_at, ends_at,
          billable, tag_ids, source, impulse_id, rule_id, import_key, version, created_at, updated_at)
        SELECT ${newId()}::text, ${orgId}::text, ${userId}::text, ${project.id}::text, NULL::text, ${`sql ${i}`}::text, ${start.toISOString()}::timestamptz,
          ${new Date(start.getTime() + 1800_000).toISOString()}::timestamptz, coalesce(NULL::boolean, projects.billable), '{}'::text[], 'manual'::text,
          NULL::text, NULL::text, NULL::text, 1::integer, now(), now()
        FROM projects WHERE projects.org_id = ${orgId} AND projects.id = ${project.id} AND NOT projects.archived
        ON CONFLICT DO NOTHING RETURNING *`;
    };
    const createFloor = (i: number) => database.db.execute(createQuery(i));
    // a week's list (an owner's: the organisation's records) is one statement: the page, and the
    // same users' records sharing time with it, from which the overlaps are computed (listRecordsWithOverlaps)
    const weekRecords = (from: Date, user: string | null) => sql`SELECT * FROM time_records WHERE org_id = ${orgId}
        ${user === null ? sql`` : sql`AND user_id = ${user}`}
        AND ends_at > ${from.toISOString()}::timestamptz AND starts_at > ${new Date(from.getTime() - MAX_RECORD_MS).toISOString()}::timestamptz
        AND starts_at < ${new Date(from.getTime() + WEEK_MS).toISOString()}::timestamptz ORDER BY starts_at, id LIMIT 201`;
    const weekQuery = (from: Date, user: string | null) => sql`WITH page AS (${weekRecords(from, user)})
        SELECT true AS listed, page.* FROM page
        UNION ALL
        SELECT false, o.* FROM time_records AS o
        WHERE o.org_id = ${orgId} AND o.user_id = ANY(ARRAY(SELECT DISTINCT user_id FROM page))
          AND o.starts_at < (SELECT max(ends_at) FROM page) AND o.ends_at > (SELECT min(starts_at) FROM page)
          AND o.starts_at > (SELECT min(starts_at) FROM page) - interval '7 days' AND NOT (o.id = ANY(ARRAY(SELECT id FROM page)))
        ORDER BY starts_at, id`;

    // warm-up: the first engine measured would otherwise pay for the JIT
    for (let i = 0; i < 200; i += 1) {
      await call('POST', '/api/v1/time-records', token, createBody(100_000 + i));
      await call('GET', listPath(weekStart(i)), token);
      await database.db.execute(weekQuery(weekStart(i), null));
    }

    const samples = {
      apiCreate: [] as number[],
      sqlCreate: [] as number[],
      apiList: [] as number[],
      sqlList: [] as number[],
      sqlRecordsOnly: [] as number[],
    };
    let done = 0;
    const measure = async (count: number) => {
      const offset = done;
      done += count;
      const [apiCreate, sqlCreate] = await timePaired(
        count,
        (i) => call('POST', '/api/v1/time-records', token, createBody(offset + i)),
        (i) => createFloor(offset + i),
      );
      const [apiList, sqlList] = await timePaired(
        count,
        async (i) => {
          const page = await call('GET', listPath(weekStart((offset + i) * 7)), token);
          if ((page.items as unknown[]).length === 0) throw new Error('empty week');
        },
        (i) => database.db.execute(weekQuery(weekStart((offset + i) * 7), null)),
      );
      // for reference: the records alone, without the overlaps' neighbours
      const sqlRecordsOnly = await timeEach(count, (i) => database.db.execute(weekRecords(weekStart((offset + i) * 7), null)));
      for (const [key, values] of Object.entries({ apiCreate, sqlCreate, apiList, sqlList, sqlRecordsOnly }))
        samples[key as keyof typeof samples].push(...values);
    };
    const finish = async (): Promise<EngineResult> => {
      await database.db.execute(sql`ANALYZE`);
      const plans = {
        orgWeek: await explain(database, weekQuery(weekStart(50), null)),
        userWeek: await explain(database, weekQuery(weekStart(50), userId)),
        create: await explain(database, createQuery(1_000_000)),
      };
      const result = {
        createRecord: { api: summary(samples.apiCreate), sql: summary(samples.sqlCreate) },
        listWeek: { api: summary(samples.apiList), sql: summary(samples.sqlList), recordsOnlySql: summary(samples.sqlRecordsOnly) },
      };
      return {
        records,
        ...result,
        plans,
        overhead: {
          createP50: round(result.createRecord.api.p50Ms / result.createRecord.sql.p50Ms, 2),
          createP99: round(result.createRecord.api.p99Ms / result.createRecord.sql.p99Ms, 2),
          listP50: round(result.listWeek.api.p50Ms / result.listWeek.sql.p50Ms, 2),
          listP99: round(result.listWeek.api.p99Ms / result.listWeek.sql.p99Ms, 2),
        },
      };
    };
    const close = async () => {
      await dispatcher.close();
      await bench.close();
    };
    return { measure, finish, close };
  } catch (error) {
    await dispatcher.close();
    await bench.close();
    throw error;
  }
}

export async function benchApi(options: { quick?: boolean; pgUrl?: string | undefined }): Promise<Record<string, unknown>> {
  const iterations = options.quick ? 200 : 1000;
  const engines: Record<string, EngineResult> = {};
  const pglite = await prepareEngine('pglite', undefined);
  try {
    await pglite.measure(iterations);
    engines.pglite = await pglite.finish();
  } finally {
    await pglite.close();
  }
  if (options.pgUrl) {
    // the sizes are measured in turns, a tenth of the samples at a time: the machine's load, which
    // changes by the minute, weighs on every size alike, and their latencies can be compared
    const prepared: Array<[number, Engine]> = [];
    try {
      for (const records of SCALES) prepared.push([records, await prepareEngine('postgres', options.pgUrl, records)]);
      for (let round = 0; round < 10; round += 1) for (const [, engine] of prepared) await engine.measure(iterations / 10);
      for (const [records, engine] of prepared) engines[`postgres-${records / 1000}k`] = await engine.finish();
    } finally {
      for (const [, engine] of prepared) await engine.close();
    }
  }
  console.log(
    `\nAPI latency, ${iterations} requests each, taken in turns with the floor (ms; floor = the statement the API sends, in bare SQL; overhead = API / floor)`,
  );
  console.log('engine, records   | operation     | API p50 | API p99 | floor p50 | floor p99 | overhead p50 | overhead p99');
  for (const [name, value] of Object.entries(engines)) {
    const r = value as any;
    const engine = `${name.startsWith('pglite') ? 'pglite' : 'postgres'}, ${Number(r.records).toLocaleString('en')}`.padEnd(17);
    for (const [label, key, over] of [
      ['create-record', 'createRecord', 'create'],
      ['list-week', 'listWeek', 'list'],
    ] as const) {
      console.log(
        `${engine} | ${label.padEnd(13)} | ${String(r[key].api.p50Ms).padStart(7)} | ${String(r[key].api.p99Ms).padStart(7)} | ${String(r[key].sql.p50Ms).padStart(9)} | ${String(r[key].sql.p99Ms).padStart(9)} | ${String(r.overhead[`${over}P50`]).padStart(11)}x | ${String(r.overhead[`${over}P99`]).padStart(11)}x`,
      );
    }
    console.log(
      `${engine} | (the week's records alone, without the overlaps' neighbours: p50 ${r.listWeek.recordsOnlySql.p50Ms}, p99 ${r.listWeek.recordsOnlySql.p99Ms})`,
    );
  }
  console.log('\nPlans (EXPLAIN ANALYZE, BUFFERS) of the statements: every table read (node, table, index), buffers touched, rows, ms');
  let allIndexRanges = true; // of the lists: a create reads its project by id, the way the planner likes
  for (const [name, value] of Object.entries(engines)) {
    const plans = (value as any).plans as Record<string, Plan>;
    for (const [label, plan] of Object.entries(plans)) {
      if (label !== 'create') allIndexRanges &&= plan.scans.every(isIndexRange);
      const scans = plan.scans
        .map((scan) => `${scan.node}${scan.relation ? ` ${scan.relation}` : ''}${scan.index ? ` (${scan.index})` : ''}`)
        .join(', ');
      console.log(
        `${name.padEnd(14)} ${label.padEnd(9)} ${String(plan.buffers).padStart(5)} buffers ${String(plan.rows).padStart(4)} rows ${String(plan.ms).padStart(6)} ms  ${scans}`,
      );
    }
  }
  console.log(`every list read is an index range: ${allIndexRanges}`);
  const postgres = SCALES.map((records) => engines[`postgres-${records / 1000}k`] as any).filter(Boolean);
  const listGrowth = postgres.length === SCALES.length ? round(postgres[2].listWeek.api.p50Ms / postgres[0].listWeek.api.p50Ms, 2) : null;
  if (listGrowth !== null) console.log(`list-week API p50 at 100k / at 1k records: ${listGrowth}x (target within 1.5x)`);
  return {
    iterations,
    engines,
    listWeekGrowth1kTo100k: listGrowth,
    allIndexRanges,
    targets: { postgresP99Ms: 10, overheadMax: 3, listGrowthMax: 1.5 },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchApi({
    quick: process.argv.includes('--quick'),
    pgUrl: process.env.KAIROS_BENCH_PG_URL ?? process.env.KAIROS_TEST_PG_URL,
  });
  console.log(`wrote ${writeResult('api', result)}`);
}
