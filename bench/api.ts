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

type Plan = { node: string; index: string | null; buffers: number; rows: number };

/** The plan's first node that reads the table, and the buffers the whole statement touched. */
async function explain(database: Database, query: ReturnType<typeof sql>): Promise<Plan> {
  const result = (await database.db.execute(sql`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${query}`)) as unknown as {
    rows: Array<Record<string, any>>;
  };
  const plan = result.rows[0]!['QUERY PLAN'][0].Plan as Record<string, any>;
  const find = (node: Record<string, any>): Record<string, any> | null => {
    if (String(node['Node Type']).includes('Scan')) return node;
    for (const child of node.Plans ?? []) {
      const found = find(child);
      if (found) return found;
    }
    return null;
  };
  const indexName = (node: Record<string, any>): string | null =>
    node['Index Name'] ?? (node.Plans ?? []).map(indexName).find((name: string | null) => name !== null) ?? null;
  const scan = find(plan) ?? plan;
  return {
    node: scan['Node Type'],
    index: indexName(scan),
    buffers: (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0),
    rows: plan['Actual Rows'],
  };
}
const WEEK_MS = 7 * 24 * 3600_000;
const ORIGIN = Date.parse('2025-01-06T00:00:00Z');

type EngineResult = Record<string, unknown>;

async function benchEngine(
  engine: 'pglite' | 'postgres',
  pgUrl: string | undefined,
  iterations: number,
  records = RECORDS,
): Promise<EngineResult> {
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
    for (let i = 0; i < 50; i += 1) {
      await call('POST', '/api/v1/time-records', token, createBody(100_000 + i));
      await call(
        'GET',
        `/api/v1/time-records?from=${iso(weekStart(i))}&to=${iso(new Date(weekStart(i).getTime() + WEEK_MS))}&limit=200`,
        token,
      );
    }

    const apiCreate = await timeEach(iterations, (i) => call('POST', '/api/v1/time-records', token, createBody(i)));
    const apiList = await timeEach(iterations, async (i) => {
      const from = weekStart(i * 7);
      const page = await call(
        'GET',
        `/api/v1/time-records?from=${iso(from)}&to=${iso(new Date(from.getTime() + WEEK_MS))}&limit=200`,
        token,
      );
      if ((page.items as unknown[]).length === 0) throw new Error('empty week');
    });
    const sqlCreate = await timeEach(iterations, (i) => {
      const start = new Date(ORIGIN + 2 * WEEKS * WEEK_MS + i * 3600_000);
      return database.db.execute(sql`INSERT INTO time_records (id, org_id, user_id, project_id, description, starts_at, ends_at, billable, source)
        VALUES (${newId()}, ${orgId}, ${userId}, ${project.id}, ${`sql ${i}`}, ${start.toISOString()}, ${new Date(start.getTime() + 1800_000).toISOString()}, true, 'manual') RETURNING *`);
    });
    // the floor is the API's own query: the same predicates (the lower bound on the start included,
    // src/db/time-records-repository.ts listRecords) and so the same index range
    const weekQuery = (from: Date, user: string | null) => sql`SELECT * FROM time_records WHERE org_id = ${orgId}
        ${user === null ? sql`` : sql`AND user_id = ${user}`}
        AND ends_at > ${from.toISOString()}::timestamptz AND starts_at > ${new Date(from.getTime() - MAX_RECORD_MS).toISOString()}::timestamptz
        AND starts_at < ${new Date(from.getTime() + WEEK_MS).toISOString()}::timestamptz ORDER BY starts_at, id LIMIT 201`;
    const sqlList = await timeEach(iterations, (i) => database.db.execute(weekQuery(weekStart(i * 7), userId)));
    await database.db.execute(sql`ANALYZE time_records`);
    const plans = {
      userWeek: await explain(database, weekQuery(weekStart(50), userId)),
      orgWeek: await explain(database, weekQuery(weekStart(50), null)),
    };
    const result = {
      createRecord: { api: summary(apiCreate), sql: summary(sqlCreate) },
      listWeek: { api: summary(apiList), sql: summary(sqlList) },
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
  } finally {
    await dispatcher.close();
    await bench.close();
  }
}

export async function benchApi(options: { quick?: boolean; pgUrl?: string | undefined }): Promise<Record<string, unknown>> {
  const iterations = options.quick ? 200 : 1000;
  const engines: Record<string, EngineResult> = {};
  engines.pglite = await benchEngine('pglite', undefined, iterations);
  if (options.pgUrl) {
    for (const records of SCALES)
      engines[`postgres-${records / 1000}k`] = await benchEngine('postgres', options.pgUrl, iterations, records);
  }
  console.log(`\nAPI latency, ${iterations} requests each (ms; overhead = API / the same query in bare SQL)`);
  console.log('engine, records   | operation     | API p50 | API p99 | SQL p50 | SQL p99 | overhead p50 | overhead p99');
  for (const [name, value] of Object.entries(engines)) {
    const r = value as any;
    const engine = `${name.startsWith('pglite') ? 'pglite' : 'postgres'}, ${Number(r.records).toLocaleString('en')}`.padEnd(17);
    for (const [label, key, over] of [
      ['create-record', 'createRecord', 'create'],
      ['list-week', 'listWeek', 'list'],
    ] as const) {
      console.log(
        `${engine} | ${label.padEnd(13)} | ${String(r[key].api.p50Ms).padStart(7)} | ${String(r[key].api.p99Ms).padStart(7)} | ${String(r[key].sql.p50Ms).padStart(7)} | ${String(r[key].sql.p99Ms).padStart(7)} | ${String(r.overhead[`${over}P50`]).padStart(12)}x | ${String(r.overhead[`${over}P99`]).padStart(11)}x`,
      );
    }
  }
  console.log("\nPlans (EXPLAIN ANALYZE, BUFFERS) of a week's list: scan node, index, buffers touched, rows");
  for (const [name, value] of Object.entries(engines)) {
    const plans = (value as any).plans as Record<string, Plan>;
    for (const [label, plan] of Object.entries(plans)) {
      console.log(
        `${name.padEnd(14)} ${label.padEnd(9)} ${plan.node.padEnd(16)} ${String(plan.index).padEnd(30)} ${String(plan.buffers).padStart(6)} buffers ${String(plan.rows).padStart(5)} rows`,
      );
    }
  }
  const postgres = SCALES.map((records) => engines[`postgres-${records / 1000}k`] as any).filter(Boolean);
  const listGrowth = postgres.length === SCALES.length ? round(postgres[2].listWeek.api.p50Ms / postgres[0].listWeek.api.p50Ms, 2) : null;
  if (listGrowth !== null) console.log(`list-week API p50 at 100k / at 1k records: ${listGrowth}x (target within 1.5x)`);
  return { iterations, engines, listWeekGrowth1kTo100k: listGrowth, targets: { postgresP99Ms: 10, overheadMax: 3, listGrowthMax: 1.5 } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchApi({
    quick: process.argv.includes('--quick'),
    pgUrl: process.env.KAIROS_BENCH_PG_URL ?? process.env.KAIROS_TEST_PG_URL,
  });
  console.log(`wrote ${writeResult('api', result)}`);
}
