// Reports at size (issue 10): the summary over 1,000,000 records on PostgreSQL and 100,000 on
// PGlite through the API against the bare GROUP BY of the same rows (same predicates, same
// index), a detailed page, the export of 100,000 records (CSV and XLSX) against selecting the
// same rows, and imports in rows per second against a bare multi-row INSERT of as many records.
import { sql } from 'drizzle-orm';
import { Agent, request } from 'undici';
import { summaryQuery, summaryRates, summarySettings } from '../src/db/reports-repository.ts';
import { round, summary, timeEach, writeResult } from './stats.ts';
import { type BenchEngine, startBenchApp } from './bench-app.ts';

const ORIGIN = Date.parse('2024-01-01T00:00:00Z');
const PROJECTS = 20;
const TAGS = 8;
const EXPORTED = 100_000;

type Call = (path: string) => Promise<{ status: number; bytes: number; json: () => Record<string, any> }>;

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

// A report spans at most 400 days: the records, 20 minutes long, are spread over 360 days
// (a million of them start every 31 seconds, as in an organisation of a few hundred people).
const SPAN_MS = 360 * 24 * 3600_000;

async function benchEngine(
  engine: BenchEngine,
  pgUrl: string | undefined,
  records: number,
  iterations: number,
  importRowsOption: number | undefined,
): Promise<Record<string, unknown>> {
  const stepMs = Math.floor(SPAN_MS / records);
  const recordStart = (i: number) => ORIGIN + i * stepMs;
  const bench = await startBenchApp(engine, pgUrl, 'kairos_bench_reports');
  const { database, base, token, userId, orgId } = bench;
  const dispatcher = new Agent({ connections: 1, pipelining: 1, bodyTimeout: 600_000, headersTimeout: 600_000 });
  try {
    const send = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
      const response = await request(`${base}${path}`, {
        method,
        dispatcher,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const buffer = Buffer.from(await response.body.arrayBuffer());
      if (response.statusCode >= 300) throw new Error(`${method} ${path}: ${response.statusCode} ${buffer.toString('utf8').slice(0, 300)}`);
      return { status: response.statusCode, bytes: buffer.length, json: () => JSON.parse(buffer.toString('utf8')) as Record<string, any> };
    };
    const get: Call = (path) => send('GET', path);

    await database.db.execute(sql`UPDATE organizations SET default_hourly_rate_cents = 5000 WHERE id = ${orgId}`);
    await database.db.execute(sql`INSERT INTO projects (id, org_id, name, hourly_rate_cents)
      SELECT 'p' || g, ${orgId}, 'Project ' || g, CASE WHEN g % 2 = 0 THEN 8000 END FROM generate_series(1, ${PROJECTS}::int) g`);
    await database.db.execute(
      sql`INSERT INTO tags (id, org_id, name) SELECT 't' || g, ${orgId}, 'Tag ' || g FROM generate_series(1, ${TAGS}::int) g`,
    );
    const seeded = process.hrtime.bigint();
    for (let from = 0; from < records; from += 100_000) {
      const to = Math.min(records, from + 100_000);
      await database.db.execute(sql`INSERT INTO time_records (id, org_id, user_id, project_id, description, starts_at, ends_at, billable, tag_ids, source)
        SELECT 'r' || g, ${orgId}, ${userId}, 'p' || (1 + g % ${PROJECTS}::int), 'record ' || g,
          ${iso(ORIGIN)}::timestamptz + g::float8 * ${stepMs}::float8 * interval '1 millisecond',
          ${iso(ORIGIN)}::timestamptz + g::float8 * ${stepMs}::float8 * interval '1 millisecond' + interval '20 minutes',
          g % 3 <> 0, ARRAY['t' || (1 + g % ${TAGS}::int)], 'manual'
        FROM generate_series(${from}::int, ${to - 1}::int) g`);
    }
    await database.db.execute(sql`ANALYZE time_records`);
    const seedSeconds = Number(process.hrtime.bigint() - seeded) / 1e9;

    const from = iso(ORIGIN);
    const to = iso(recordStart(records) + 3600_000);
    const range = `from=${from}&to=${to}`;
    // warm both paths once
    await get(`/api/v1/reports/summary?${range}&groupBy=project`);

    const summaryApi = await timeEach(iterations, () => get(`/api/v1/reports/summary?${range}&groupBy=project`));
    const summaryTwoApi = await timeEach(iterations, () => get(`/api/v1/reports/summary?${range}&groupBy=project,month`));
    // the floor: the same rows (organisation, range on the indexed start, with the repository's lower
    // bound on it: a record lasts at most 7 days) summed per project in one GROUP BY
    const earliest = iso(ORIGIN - 7 * 24 * 3600_000);
    const summarySql = await timeEach(iterations, () =>
      database.db.execute(sql`SELECT project_id, count(*) AS records,
        sum(extract(epoch FROM least(ends_at, ${to}::timestamptz) - greatest(starts_at, ${from}::timestamptz))) AS seconds,
        sum(CASE WHEN billable THEN extract(epoch FROM least(ends_at, ${to}::timestamptz) - greatest(starts_at, ${from}::timestamptz)) ELSE 0 END) AS billable_seconds
      FROM time_records WHERE org_id = ${orgId} AND starts_at < ${to}::timestamptz AND ends_at > ${from}::timestamptz AND starts_at > ${earliest}::timestamptz GROUP BY project_id`),
    );
    // and the two-dimension floor: the same rows per project and month of the viewer's zone, bare
    const [viewer] = (
      (await database.db.execute(sql`SELECT time_zone, week_start FROM users WHERE id = ${userId}`)) as unknown as {
        rows: Array<{ time_zone: string; week_start: number }>;
      }
    ).rows;
    const zone = viewer?.time_zone ?? 'UTC';
    const summaryTwoSql = await timeEach(iterations, () =>
      database.db.execute(sql`SELECT project_id, date_trunc('month', starts_at AT TIME ZONE ${zone}) AS month, count(*) AS records,
        sum(extract(epoch FROM least(ends_at, ${to}::timestamptz) - greatest(starts_at, ${from}::timestamptz))) AS seconds,
        sum(CASE WHEN billable THEN extract(epoch FROM least(ends_at, ${to}::timestamptz) - greatest(starts_at, ${from}::timestamptz)) ELSE 0 END) AS billable_seconds
      FROM time_records WHERE org_id = ${orgId} AND starts_at < ${to}::timestamptz AND ends_at > ${from}::timestamptz AND starts_at > ${earliest}::timestamptz GROUP BY 1, 2`),
    );
    // the plans the API ran, as the repository runs them (in its settings: JIT off, work_mem)
    const plans: Record<string, string[]> = {};
    for (const dimensions of [['project'], ['project', 'month']] as const) {
      const filter = { orgId, from: new Date(from), to: new Date(to), timeZone: zone, weekStart: viewer?.week_start ?? 1, visibleTo: null };
      plans[dimensions.join(',')] = await database.db.transaction(async (tx) => {
        await summarySettings(tx);
        const result = (await tx.execute(
          sql`EXPLAIN (ANALYZE, BUFFERS) ${summaryQuery(filter, [...dimensions], 0, await summaryRates(tx, orgId))}`,
        )) as unknown as {
          rows: Array<Record<string, string>>;
        };
        return result.rows.map((row) => String(row['QUERY PLAN']));
      });
    }
    const check = (await get(`/api/v1/reports/summary?${range}&groupBy=project`)).json();
    if (check.total.records !== records) throw new Error(`summary counted ${check.total.records} of ${records} records`);

    const detailedApi = await timeEach(iterations * 5, (i) => {
      const start = recordStart(Math.floor((i * 7919) % Math.max(1, records - 200)));
      return get(`/api/v1/reports/detailed?from=${iso(start)}&to=${iso(start + 30 * 24 * 3600_000)}&limit=100`);
    });
    // its floor: the page of rows, with the same lower bound on the start as the repository
    const detailedSql = await timeEach(iterations * 5, (i) => {
      const start = recordStart(Math.floor((i * 7919) % Math.max(1, records - 200)));
      return database.db.execute(sql`SELECT * FROM time_records WHERE org_id = ${orgId} AND starts_at < ${iso(start + 30 * 24 * 3600_000)}::timestamptz
        AND ends_at > ${iso(start)}::timestamptz AND starts_at > ${iso(start - 7 * 24 * 3600_000)}::timestamptz ORDER BY starts_at, id LIMIT 101`);
    });

    const exported = Math.min(EXPORTED, records);
    const exportRange = `from=${from}&to=${iso(recordStart(exported) - 1)}`;
    const timeOnce = async <T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> => {
      const started = process.hrtime.bigint();
      const value = await run();
      return { ms: round(Number(process.hrtime.bigint() - started) / 1e6, 1), value };
    };
    const csv = await timeOnce(() => get(`/api/v1/reports/detailed/export?${exportRange}&format=csv`));
    const xlsx = await timeOnce(() => get(`/api/v1/reports/detailed/export?${exportRange}&format=xlsx`));
    const selectRows = await timeOnce(() =>
      database.db.execute(sql`SELECT r.*, p.name AS project FROM time_records r JOIN projects p ON p.id = r.project_id
      WHERE r.org_id = ${orgId} AND r.starts_at < ${iso(recordStart(exported) - 1)}::timestamptz AND r.ends_at > ${from}::timestamptz AND r.starts_at > ${earliest}::timestamptz ORDER BY r.starts_at, r.id`),
    );

    // imports: a Toggl detailed-report CSV of the bench user, in the future so it overlaps nothing
    const importRows = importRowsOption ?? Math.min(5_000, Math.max(500, Math.floor(records / 20)));
    const header =
      '"User","Email","Client","Project","Task","Description","Billable","Start date","Start time","End date","End time","Duration","Tags","Amount (EUR)"';
    const importStart = recordStart(records) + 7 * 24 * 3600_000;
    const lines = Array.from({ length: importRows }, (_, i) => {
      const start = new Date(importStart + i * 30 * 60_000);
      const end = new Date(start.getTime() + 20 * 60_000);
      const date = (d: Date) => d.toISOString().slice(0, 10);
      const time = (d: Date) => d.toISOString().slice(11, 19);
      return `"Bench","bench@example.test","Client ${i % 5}","Imported ${i % 10}","","Row ${i}","Yes","${date(start)}","${time(start)}","${date(end)}","${time(end)}","00:20:00","tag${i % 4}","16.67"`;
    });
    const file = `${header}\n${lines.join('\n')}\n`;
    const imported = await timeOnce(() => send('POST', '/api/v1/imports', { file, vendor: 'toggl', timeZone: 'UTC' }));
    if (imported.value.json().imported !== importRows) throw new Error(`imported ${imported.value.json().imported} of ${importRows} rows`);
    const bareInsert = await timeOnce(() =>
      database.db.execute(sql`INSERT INTO time_records (id, org_id, user_id, project_id, description, starts_at, ends_at, billable, source)
      SELECT 'b' || g, ${orgId}, ${userId}, 'p1', 'bare ' || g, ${iso(importStart)}::timestamptz + g * interval '30 minutes' + interval '1 year',
        ${iso(importStart)}::timestamptz + g * interval '30 minutes' + interval '1 year' + interval '20 minutes', true, 'import' FROM generate_series(1, ${importRows}::int) g`),
    );

    const api = summary(summaryApi);
    const bare = summary(summarySql);
    return {
      records,
      seedSeconds: round(seedSeconds, 1),
      summary: {
        api,
        bareGroupBy: bare,
        ratioP50: round(api.p50Ms / bare.p50Ms, 2),
        apiTwoDimensions: summary(summaryTwoApi),
        bareTwoDimensions: summary(summaryTwoSql),
        ratioTwoDimensionsP50: round(summary(summaryTwoApi).p50Ms / summary(summaryTwoSql).p50Ms, 2),
        plans,
      },
      detailedPage: {
        api: summary(detailedApi),
        bare: summary(detailedSql),
        ratioP50: round(summary(detailedApi).p50Ms / summary(detailedSql).p50Ms, 2),
      },
      export: {
        records: exported,
        csvMs: csv.ms,
        csvBytes: csv.value.bytes,
        xlsxMs: xlsx.ms,
        xlsxBytes: xlsx.value.bytes,
        selectMs: selectRows.ms,
        csvRatio: round(csv.ms / selectRows.ms, 2),
        xlsxRatio: round(xlsx.ms / selectRows.ms, 2),
      },
      import: {
        rows: importRows,
        ms: imported.ms,
        rowsPerSecond: Math.round(importRows / (imported.ms / 1000)),
        bareInsertMs: bareInsert.ms,
        ratio: round(imported.ms / bareInsert.ms, 2),
      },
    };
  } finally {
    await dispatcher.close();
    await bench.close();
  }
}

// `postgresRecords`: the sizes measured on PostgreSQL (default 1,000,000; --quick 100,000); `pglite`: false to skip it;
// `importRows`: the rows of the imported file (default 5% of the records, 500 to 5,000; --import-rows=100000).
export async function benchReports(options: {
  quick?: boolean;
  pgUrl?: string | undefined;
  postgresRecords?: number[];
  pglite?: boolean;
  importRows?: number | undefined;
}): Promise<Record<string, unknown>> {
  const iterations = options.quick ? 5 : 15;
  const engines: Record<string, any> = {};
  if (options.pglite !== false)
    engines.pglite = await benchEngine('pglite', undefined, options.quick ? 20_000 : 100_000, iterations, options.importRows);
  if (options.pgUrl) {
    for (const records of options.postgresRecords ?? [options.quick ? 100_000 : 1_000_000]) {
      engines[`postgres-${records / 1000}k`] = await benchEngine('postgres', options.pgUrl, records, iterations, options.importRows);
    }
  }
  console.log('\nReports (ms; ratio = API / the bare query of the same rows in the same run)');
  console.log(
    'engine         | records   | summary p50 | bare GROUP BY p50 | ratio | 2 dims p50 | bare p50 | ratio | detailed p50 | bare | ratio | exported | CSV | XLSX | SELECT | imported | import ms | rows/s | vs bare INSERT',
  );
  for (const [engine, r] of Object.entries(engines)) {
    console.log(
      [
        engine.padEnd(14),
        String(r.records).padEnd(9),
        String(r.summary.api.p50Ms).padStart(11),
        String(r.summary.bareGroupBy.p50Ms).padStart(17),
        `${r.summary.ratioP50}x`.padStart(5),
        String(r.summary.apiTwoDimensions.p50Ms).padStart(10),
        String(r.summary.bareTwoDimensions.p50Ms).padStart(8),
        `${r.summary.ratioTwoDimensionsP50}x`.padStart(5),
        String(r.detailedPage.api.p50Ms).padStart(12),
        String(r.detailedPage.bare.p50Ms).padStart(4),
        `${r.detailedPage.ratioP50}x`.padStart(5),
        String(r.export.records).padStart(8),
        String(r.export.csvMs).padStart(3),
        String(r.export.xlsxMs).padStart(4),
        String(r.export.selectMs).padStart(6),
        String(r.import.rows).padStart(8),
        String(r.import.ms).padStart(9),
        String(r.import.rowsPerSecond).padStart(6),
        `${r.import.ratio}x`.padStart(14),
      ].join(' | '),
    );
  }
  for (const [engine, r] of Object.entries(engines)) {
    for (const [grouping, plan] of Object.entries(r.summary.plans as Record<string, string[]>)) {
      console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the summary by ${grouping}, ${engine}, ${r.records} records:\n${plan.join('\n')}`);
    }
  }
  return { iterations, engines, targets: { postgresSummaryP50Ms: 500, summaryRatioMax: 2 } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv.find((arg) => arg.startsWith('--postgres-records='))?.slice('--postgres-records='.length);
  const importRows = process.argv.find((arg) => arg.startsWith('--import-rows='))?.slice('--import-rows='.length);
  const result = await benchReports({
    quick: process.argv.includes('--quick'),
    pgUrl: process.env.KAIROS_BENCH_PG_URL ?? process.env.KAIROS_TEST_PG_URL,
    pglite: !process.argv.includes('--no-pglite'),
    ...(sizes !== undefined && { postgresRecords: sizes.split(',').map(Number) }),
    ...(importRows !== undefined && { importRows: Number(importRows) }),
  });
  console.log(`wrote ${writeResult('reports', result)}`);
}
