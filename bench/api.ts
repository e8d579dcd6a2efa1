import { sql } from 'drizzle-orm';
import { Agent, request } from 'undici';
import { buildApp } from '../src/api/app.ts';
import { type Database, openDatabase } from '../src/db/database.ts';
import { timeRecords } from '../src/db/schema.ts';
import { newId } from '../src/services/secrets.ts';
import { round, summary, timeEach, writeResult } from './stats.ts';
import { createThrowawayPostgres } from './throwaway-database.ts';

const RECORDS = 10_000;
const WEEKS = 100;
const WEEK_MS = 7 * 24 * 3600_000;
const ORIGIN = Date.parse('2025-01-06T00:00:00Z');

type EngineResult = Record<string, unknown>;

async function openEngine(engine: 'pglite' | 'postgres', pgUrl: string | undefined): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (engine === 'postgres') return createThrowawayPostgres(pgUrl as string, 'kairos_bench_api');
  const database = await openDatabase({ kind: 'pglite', dataDir: ':memory:' });
  await database.migrate();
  return { database, drop: async () => {} };
}

async function benchEngine(engine: 'pglite' | 'postgres', pgUrl: string | undefined, iterations: number): Promise<EngineResult> {
  const { database, drop } = await openEngine(engine, pgUrl);
  const deps = { db: database.db, now: () => new Date(), publicUrl: 'http://127.0.0.1', signup: 'open' as const };
  const app = await buildApp({ deps });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const dispatcher = new Agent({ connections: 1, pipelining: 1 });
  const call = async (method: 'GET' | 'POST', path: string, token: string | null, body?: unknown) => {
    const response = await request(`${base}${path}`, {
      method, dispatcher,
      headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const json = (await response.body.json()) as Record<string, any>;
    if (response.statusCode >= 300) throw new Error(`${method} ${path}: ${response.statusCode} ${JSON.stringify(json)}`);
    return json;
  };
  try {
    const signup = await app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { email: 'bench@example.test', password: 'correct horse battery', name: 'Bench', organizationName: 'Bench' } });
    const session = signup.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const csrf = signup.cookies.find((c) => c.name === 'kairos_csrf')?.value ?? '';
    const tokenReply = await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie: session, 'x-csrf-token': csrf, origin: 'http://localhost', host: 'localhost' }, payload: { name: 'bench' } });
    const token = tokenReply.json().token as string;
    const { id: userId, organizationId: orgId } = signup.json().user as { id: string; organizationId: string };
    const project = await call('POST', '/api/v1/projects', token, { name: 'Bench project' });

    // 10,000 records, about 100 a week over 100 weeks, written straight to the table
    const rows = Array.from({ length: RECORDS }, (_, i) => {
      const start = ORIGIN + Math.floor(i / (RECORDS / WEEKS)) * WEEK_MS + (i % 100) * 3600_000;
      return { id: newId(), orgId, userId, projectId: project.id as string, description: `record ${i}`, startsAt: new Date(start), endsAt: new Date(start + 45 * 60_000), billable: true, source: 'manual' as const };
    });
    for (let i = 0; i < rows.length; i += 1000) await database.db.insert(timeRecords).values(rows.slice(i, i + 1000));

    const weekStart = (i: number) => new Date(ORIGIN + (i % WEEKS) * WEEK_MS);
    const iso = (date: Date) => date.toISOString().replace('.000Z', 'Z');
    const createBody = (i: number) => {
      const start = new Date(ORIGIN + WEEKS * WEEK_MS + i * 3600_000);
      return { projectId: project.id, start: iso(start), end: iso(new Date(start.getTime() + 1800_000)), description: `api ${i}` };
    };
    for (let i = 0; i < 50; i += 1) {
      await call('POST', '/api/v1/time-records', token, createBody(100_000 + i));
      await call('GET', `/api/v1/time-records?from=${iso(weekStart(i))}&to=${iso(new Date(weekStart(i).getTime() + WEEK_MS))}&limit=200`, token);
    }

    const apiCreate = await timeEach(iterations, (i) => call('POST', '/api/v1/time-records', token, createBody(i)));
    const apiList = await timeEach(iterations, async (i) => {
      const from = weekStart(i * 7);
      const page = await call('GET', `/api/v1/time-records?from=${iso(from)}&to=${iso(new Date(from.getTime() + WEEK_MS))}&limit=200`, token);
      if ((page.items as unknown[]).length === 0) throw new Error('empty week');
    });
    const sqlCreate = await timeEach(iterations, (i) => {
      const start = new Date(ORIGIN + 2 * WEEKS * WEEK_MS + i * 3600_000);
      return database.db.execute(sql`INSERT INTO time_records (id, org_id, user_id, project_id, description, starts_at, ends_at, billable, source)
        VALUES (${newId()}, ${orgId}, ${userId}, ${project.id}, ${`sql ${i}`}, ${start.toISOString()}, ${new Date(start.getTime() + 1800_000).toISOString()}, true, 'manual') RETURNING *`);
    });
    const sqlList = await timeEach(iterations, (i) => {
      const from = weekStart(i * 7);
      return database.db.execute(sql`SELECT * FROM time_records WHERE org_id = ${orgId} AND user_id = ${userId}
        AND starts_at < ${new Date(from.getTime() + WEEK_MS).toISOString()} AND ends_at > ${from.toISOString()} ORDER BY starts_at, id LIMIT 201`);
    });
    const result = {
      createRecord: { api: summary(apiCreate), sql: summary(sqlCreate) },
      listWeek: { api: summary(apiList), sql: summary(sqlList) },
    };
    return {
      ...result,
      overhead: {
        createP50: round(result.createRecord.api.p50Ms / result.createRecord.sql.p50Ms, 2),
        createP99: round(result.createRecord.api.p99Ms / result.createRecord.sql.p99Ms, 2),
        listP50: round(result.listWeek.api.p50Ms / result.listWeek.sql.p50Ms, 2),
        listP99: round(result.listWeek.api.p99Ms / result.listWeek.sql.p99Ms, 2),
      },
    };
  } finally {
    await dispatcher.close();
    await app.close();
    await database.close();
    await drop();
  }
}

export async function benchApi(options: { quick?: boolean; pgUrl?: string | undefined }): Promise<Record<string, unknown>> {
  const iterations = options.quick ? 200 : 1000;
  const engines: Record<string, EngineResult> = {};
  engines.pglite = await benchEngine('pglite', undefined, iterations);
  if (options.pgUrl) engines.postgres = await benchEngine('postgres', options.pgUrl, iterations);
  console.log(`\nAPI latency, ${RECORDS.toLocaleString('en')} records, ${iterations} requests each (ms; overhead = API / bare SQL)`);
  console.log('engine    | operation     | API p50 | API p99 | SQL p50 | SQL p99 | overhead p50 | overhead p99');
  for (const [engine, value] of Object.entries(engines)) {
    const r = value as any;
    for (const [label, key, over] of [['create-record', 'createRecord', 'create'], ['list-week', 'listWeek', 'list']] as const) {
      console.log(`${engine.padEnd(9)} | ${label.padEnd(13)} | ${String(r[key].api.p50Ms).padStart(7)} | ${String(r[key].api.p99Ms).padStart(7)} | ${String(r[key].sql.p50Ms).padStart(7)} | ${String(r[key].sql.p99Ms).padStart(7)} | ${String(r.overhead[`${over}P50`]).padStart(12)}x | ${String(r.overhead[`${over}P99`]).padStart(11)}x`);
    }
  }
  return { records: RECORDS, iterations, engines, targets: { postgresP99Ms: 20, overheadMax: 3 } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchApi({ quick: process.argv.includes('--quick'), pgUrl: process.env.KAIROS_BENCH_PG_URL ?? process.env.KAIROS_TEST_PG_URL });
  console.log(`wrote ${writeResult('api', result)}`);
}
