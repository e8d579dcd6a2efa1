// Calendar sync throughput: 1,000 unchanged connections refreshed against a local HTTPS server on
// PostgreSQL (the conditional request answers 304, or 200 with the same content hash), next to
// the bare loopback request rate of the same server through the same fetcher agent, measured in
// the same run. Run alone: node --import tsx bench/sync.ts [--quick]
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { createFeedFetcher } from '../src/calendar/fetch-feed.ts';
import { createSecretBox } from '../src/calendar/secret-box.ts';
import { insertOrganization, insertUser } from '../src/db/accounts-repository.ts';
import { calendarConnections, calendarSyncJobs } from '../src/db/calendar-schema.ts';
import { createThrowawayPostgres } from './throwaway-database.ts';
import type { Deps } from '../src/services/deps.ts';
import type { CalendarDeps } from '../src/services/calendar-deps.ts';
import { createSyncWorker } from '../src/sync/sync-worker.ts';
import { exchangeFeed, type FeedEvent } from '../test/support/exchange-feed.ts';
import { createTestCa } from '../test/support/test-ca.ts';
import { round, writeResult } from './stats.ts';

const CONNECTIONS = 1000;
const CONCURRENCY = 16;
const TARGET_PER_S = 1000;

function feedFor(i: number): string {
  const events: FeedEvent[] = Array.from({ length: 20 }, (_, n) => ({
    uid: `bench-${i}-${n}`,
    summary: `Meeting ${n}`,
    start: `202703${String(1 + (n % 28)).padStart(2, '0')}T090000`,
    end: `202703${String(1 + (n % 28)).padStart(2, '0')}T100000`,
    ...(n % 5 === 0 && { rrule: 'FREQ=WEEKLY;COUNT=20' }),
  }));
  return exchangeFeed(events, { name: `Calendar ${i}` });
}

type ServerProcess = { url(path: string): string; requests(): Promise<number>; close(): Promise<void> };

// The server runs in a child process: on a 2-core machine it would otherwise take the
// measured process's CPU and the bench would measure mostly TLS on one core.
async function startServerProcess(
  tls: { key: string; cert: string },
  routes: { path: string; body: string; etag?: string }[],
): Promise<ServerProcess> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./sync-server.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const reply = async <T>(type: string): Promise<T> => {
    for (;;) {
      const [message] = (await once(child, 'message')) as [{ type: string } & T];
      if (message.type === type) return message;
    }
  };
  child.send({ type: 'start', tls, routes });
  const { port } = await reply<{ port: number }>('ready');
  return {
    url: (path) => `https://localhost:${port}${path}`,
    requests: async () => {
      child.send({ type: 'count' });
      return (await reply<{ requests: number }>('count')).requests;
    },
    close: async () => {
      child.send({ type: 'stop' });
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const value = await run();
  return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function inParallel(count: number, concurrency: number, run: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await run(next++);
    }),
  );
}

export async function benchSync(options: { quick?: boolean; pgUrl: string }): Promise<Record<string, unknown>> {
  const rounds = options.quick ? 1 : 3;
  const { database, drop } = await createThrowawayPostgres(options.pgUrl, 'kairos_bench_sync', 20);
  const ca = await createTestCa();
  const paths = Array.from(
    { length: CONNECTIONS },
    (_, i) => `/owa/calendar/bench${i}@contoso.test/${randomBytes(8).toString('hex')}/calendar.ics`,
  );
  // every third feed sends no validators: "unchanged" means "same content hash" there
  const server = await startServerProcess(
    ca.leaf,
    paths.map((path, i) => ({ path, body: feedFor(i), ...(i % 3 !== 2 && { etag: `"b${i}"` }) })),
  );
  const fetcherOptions = { maxBytes: 20 * 1024 * 1024, timeoutMs: 15_000, allowHosts: ['localhost'], caPem: ca.caPem };
  const fetcher = createFeedFetcher(fetcherOptions);
  const bareFetcher = createFeedFetcher(fetcherOptions);
  try {
    const deps: Deps = { db: database.db, now: () => new Date(), publicUrl: 'http://127.0.0.1', signup: 'open' };
    const calendar: CalendarDeps = { secretKey: randomBytes(32), fetcher, syncIntervalS: 900, horizon: { pastDays: 90, futureDays: 180 } };
    const box = createSecretBox(calendar.secretKey);

    const org = await insertOrganization(database.db, { id: 'bench-org', name: 'Bench' });
    await insertUser(database.db, { id: 'bench-user', orgId: org.id, email: 'bench@example.test', name: 'Bench', role: 'owner' });
    const rows = paths.map((at, i) => ({
      id: `bench-conn-${i}`,
      orgId: org.id,
      userId: 'bench-user',
      provider: 'exchange' as const,
      name: `Calendar ${i}`,
      urlCiphertext: box.seal(server.url(at)),
      urlMasked: 'localhost/…/calendar.ics',
    }));
    for (let i = 0; i < rows.length; i += 500) await database.db.insert(calendarConnections).values(rows.slice(i, i + 500));
    await database.db.insert(calendarSyncJobs).values(rows.map((row) => ({ connectionId: row.id, dueAt: new Date() })));

    const worker = createSyncWorker(deps, calendar, { workerId: 'bench', pollMs: 60_000, batchSize: 100, concurrency: CONCURRENCY });
    const first = await timed(() => worker.runOnce());
    if (first.value !== CONNECTIONS) throw new Error(`first sync refreshed ${first.value} of ${CONNECTIONS}`);
    const [imported] = (
      (await database.db.execute(sql`SELECT count(*)::int AS n FROM calendar_occurrences`)) as unknown as { rows: { n: number }[] }
    ).rows;

    const refresh: number[] = [];
    const bare: number[] = [];
    // round 0 warms both sides (TLS sessions of the bare agent, JIT, query plans) and is not counted
    for (let round_ = 0; round_ <= rounds; round_ += 1) {
      await database.db.execute(sql`UPDATE calendar_sync_jobs SET due_at = now()`);
      const hitsBefore = await server.requests();
      const second = await timed(() => worker.runOnce());
      if (second.value !== CONNECTIONS) throw new Error(`refresh ${round_} covered ${second.value} of ${CONNECTIONS}`);
      if ((await server.requests()) - hitsBefore !== CONNECTIONS) throw new Error('not exactly one request per connection');
      if (round_ > 0) refresh.push(CONNECTIONS / second.seconds);

      // the floor: the same conditional requests through the same kind of agent, no database
      const plain = await timed(() =>
        inParallel(CONNECTIONS, CONCURRENCY, async (i) => {
          const outcome = await bareFetcher.fetch(server.url(paths[i]!), i % 3 === 2 ? {} : { etag: `"b${i}"` });
          if (outcome.kind === 'error') throw new Error(outcome.detail);
        }),
      );
      if (round_ > 0) bare.push(CONNECTIONS / plain.seconds);
    }
    const [unchanged] = (
      (await database.db.execute(
        sql`SELECT count(*)::int AS n FROM calendar_connections WHERE status = 'ok' AND failure_count = 0`,
      )) as unknown as { rows: { n: number }[] }
    ).rows;
    if (unchanged?.n !== CONNECTIONS) throw new Error('some refreshes failed');

    const best = (values: number[]) => Math.max(...values);
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const result = {
      connections: CONNECTIONS,
      concurrency: CONCURRENCY,
      rounds,
      occurrencesImported: imported?.n ?? 0,
      firstSyncPerS: round(CONNECTIONS / first.seconds, 1),
      unchangedRefreshPerS: round(best(refresh), 1),
      bareRequestsPerS: round(best(bare), 1),
      ratioToBare: round(best(refresh) / best(bare), 3),
      medianRefreshPerS: round(median(refresh), 1),
      medianBarePerS: round(median(bare), 1),
      allRounds: { refreshPerS: refresh.map((v) => round(v, 1)), barePerS: bare.map((v) => round(v, 1)) },
      target: { unchangedRefreshPerS: TARGET_PER_S, met: median(refresh) > TARGET_PER_S },
    };
    console.log(`\nCalendar sync, ${CONNECTIONS} connections on PostgreSQL, ${CONCURRENCY} at once (2/3 answer 304, 1/3 the same bytes)`);
    console.log(`first sync (parse + import)   ${String(result.firstSyncPerS).padStart(8)} connections/s`);
    console.log(
      `unchanged refresh             ${String(result.unchangedRefreshPerS).padStart(8)} connections/s  (median ${result.medianRefreshPerS}; target > ${TARGET_PER_S}: ${result.target.met ? 'met' : 'NOT met'})`,
    );
    console.log(
      `bare loopback HTTPS requests  ${String(result.bareRequestsPerS).padStart(8)} requests/s     (median ${result.medianBarePerS}; refresh / bare = ${result.ratioToBare})`,
    );
    return result;
  } finally {
    await fetcher.close();
    await bareFetcher.close();
    await server.close();
    await database.close();
    await drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pgUrl = process.env.KAIROS_BENCH_PG_URL ?? process.env.KAIROS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const result = await benchSync({ quick: process.argv.includes('--quick'), pgUrl });
  console.log(`wrote ${writeResult('sync', result)}`);
}
