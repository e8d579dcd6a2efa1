// `npm run load [-- --users 200] [-- --rounds 5] [-- --nodes 1,2]`: the bounded load test. N
// simulated users, all at once, each sign up, sign in, create a project and then, per round,
// create a time record, list their week and start and stop the stopwatch, against `kairos serve`
// on PostgreSQL behind a round-robin loopback balancer, with one node and with two (a fresh
// database each). Prints requests/s, p50/p99 per operation, errors and records acknowledged vs
// stored; the floor is GET /healthz (no database) through the same balancer at the same
// concurrency, measured in the same run. The load generator shares the machine's cores.
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/database.ts';
import { startCluster } from '../test/support/cluster.ts';
import { percentile, round, writeResult } from './stats.ts';
import { createThrowawayPostgres } from './throwaway-database.ts';

type Operation = 'signUp' | 'signIn' | 'createProject' | 'createRecord' | 'listWeek' | 'startTimer' | 'stopTimer' | 'healthz';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}

class Recorder {
  readonly latencies = new Map<Operation, number[]>();
  readonly errors = new Map<string, number>();
  requests = 0;

  async time(operation: Operation, run: () => Promise<Response>, expected: number): Promise<Response | null> {
    const started = process.hrtime.bigint();
    let response: Response;
    try {
      response = await run();
      await response.clone().arrayBuffer();
    } catch (error) {
      this.requests += 1;
      this.fail(`${operation}: ${(error as Error).message}`);
      return null;
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    this.requests += 1;
    const list = this.latencies.get(operation) ?? [];
    list.push(ms);
    this.latencies.set(operation, list);
    if (response.status !== expected) {
      this.fail(`${operation}: HTTP ${response.status}`);
      return null;
    }
    return response;
  }

  fail(kind: string): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }
}

async function simulateUser(base: string, user: number, rounds: number, recorder: Recorder, runId: string): Promise<number> {
  const email = `load-${runId}-${user}@example.test`;
  const password = 'correct horse battery staple';
  let cookie = '';
  let csrf = '';
  const send = (method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: {
        ...(cookie && { cookie }),
        ...(cookie && method !== 'GET' && { 'x-csrf-token': csrf, origin: base }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  const remember = (response: Response) => {
    cookie = response.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    csrf = /kairos_csrf=([^;]+)/.exec(cookie)?.[1] ?? '';
  };

  const signedUp = await recorder.time(
    'signUp',
    () => send('POST', '/api/v1/auth/signup', { email, password, name: `Load ${user}`, organizationName: `Load ${user}` }),
    201,
  );
  if (!signedUp) return 0;
  const signedIn = await recorder.time('signIn', () => send('POST', '/api/v1/auth/login', { email, password }), 200);
  if (!signedIn) return 0;
  remember(signedIn);
  const project = await recorder.time('createProject', () => send('POST', '/api/v1/projects', { name: 'Load work' }), 201);
  if (!project) return 0;
  const projectId = ((await project.json()) as { id: string }).id;

  let acknowledged = 0;
  for (let round_ = 0; round_ < rounds; round_ += 1) {
    const day = String(8 + (round_ % 5)).padStart(2, '0');
    const created = await recorder.time(
      'createRecord',
      () =>
        send('POST', '/api/v1/time-records', {
          projectId,
          start: `2027-03-${day}T08:00:00Z`,
          end: `2027-03-${day}T09:30:00Z`,
          description: `Round ${round_}`,
        }),
      201,
    );
    if (created) acknowledged += 1;
    await recorder.time('listWeek', () => send('GET', '/api/v1/time-records?from=2027-03-08&to=2027-03-15'), 200);
    const startedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 600_000).toISOString().replace('.000Z', 'Z');
    await recorder.time('startTimer', () => send('POST', '/api/v1/timer/start', { projectId, startedAt }), 200);
    const stopped = await recorder.time('stopTimer', () => send('POST', '/api/v1/timer/stop', {}), 200);
    if (stopped) acknowledged += 1;
  }
  return acknowledged;
}

async function runOnce(pgUrl: string, nodes: number, users: number, rounds: number): Promise<Record<string, unknown>> {
  const { database, url, drop } = await createThrowawayPostgres(pgUrl, 'kairos_load', 2);
  const cluster = await startCluster({ databaseUrl: url, serves: nodes, workers: 0, env: { LOG_LEVEL: 'warn' } });
  try {
    const recorder = new Recorder();
    const runId = Math.random().toString(36).slice(2, 8);
    const started = process.hrtime.bigint();
    const acknowledged = await Promise.all(
      Array.from({ length: users }, (_, user) => simulateUser(cluster.url, user, rounds, recorder, runId)),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const [stored] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM time_records`);

    // the floor: as many requests at the same concurrency that touch no database
    const floor = new Recorder();
    const perUser = Math.ceil(recorder.requests / users);
    const floorStarted = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: users }, async () => {
        for (let i = 0; i < perUser; i += 1) await floor.time('healthz', () => fetch(`${cluster.url}/healthz`), 200);
      }),
    );
    const floorSeconds = Number(process.hrtime.bigint() - floorStarted) / 1e9;

    const operations = Object.fromEntries(
      [...recorder.latencies].map(([operation, samples]) => [
        operation,
        {
          n: samples.length,
          p50Ms: round(percentile(samples, 50), 1),
          p99Ms: round(percentile(samples, 99), 1),
        },
      ]),
    );
    const all = [...recorder.latencies.values()].flat();
    const requestsPerS = recorder.requests / seconds;
    const floorPerS = floor.requests / floorSeconds;
    return {
      nodes,
      users,
      rounds,
      requests: recorder.requests,
      seconds: round(seconds, 2),
      requestsPerS: round(requestsPerS, 1),
      p50Ms: round(percentile(all, 50), 1),
      p99Ms: round(percentile(all, 99), 1),
      errors: [...recorder.errors.values()].reduce((a, b) => a + b, 0),
      errorKinds: Object.fromEntries(recorder.errors),
      recordsAcknowledged: acknowledged.reduce((a, b) => a + b, 0),
      recordsStored: stored?.n ?? 0,
      operations,
      floor: {
        what: 'GET /healthz through the same balancer',
        requestsPerS: round(floorPerS, 1),
        p50Ms: round(percentile(floor.latencies.get('healthz') ?? [], 50), 1),
        errors: floor.errors.size,
      },
      ratioToFloor: round(requestsPerS / floorPerS, 3),
    };
  } finally {
    await cluster.close();
    await database.close();
    await drop();
  }
}

function print(result: Record<string, any>): void {
  console.log(
    `\nLoad: ${result.users} users x ${result.rounds} rounds on ${result.nodes} node(s), PostgreSQL, balancer and load generator on the same machine`,
  );
  console.log(
    `  ${result.requests} requests in ${result.seconds} s: ${result.requestsPerS} req/s (floor GET /healthz ${result.floor.requestsPerS} req/s, ratio ${result.ratioToFloor}); p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`,
  );
  console.log(
    `  errors ${result.errors}${result.errors ? ` ${JSON.stringify(result.errorKinds)}` : ''}; records acknowledged ${result.recordsAcknowledged}, stored ${result.recordsStored}`,
  );
  for (const [operation, figures] of Object.entries(result.operations as Record<string, { n: number; p50Ms: number; p99Ms: number }>)) {
    console.log(
      `  ${operation.padEnd(14)} n ${String(figures.n).padStart(5)}  p50 ${String(figures.p50Ms).padStart(8)} ms  p99 ${String(figures.p99Ms).padStart(8)} ms`,
    );
  }
}

export async function benchLoad(options: {
  pgUrl: string;
  users?: number;
  rounds?: number;
  nodes?: number[];
}): Promise<Record<string, unknown>> {
  const users = options.users ?? 200;
  const rounds = options.rounds ?? 5;
  const runs: Record<string, unknown>[] = [];
  for (const nodes of options.nodes ?? [1, 2]) {
    const result = await runOnce(options.pgUrl, nodes, users, rounds);
    print(result);
    runs.push(result);
  }
  return { runs };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pgUrl = process.env.KAIROS_BENCH_PG_URL ?? process.env.KAIROS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const result = await benchLoad({
    pgUrl,
    users: Number(argument('users', '200')),
    rounds: Number(argument('rounds', '5')),
    nodes: argument('nodes', '1,2').split(',').map(Number),
  });
  console.log(`wrote ${writeResult('load', result)}`);
}
