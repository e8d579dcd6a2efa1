import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.ts';
import { createLogger } from '../log.ts';
import { calendarRouteGroup } from '../api/routes/connections.ts';
import { createFeedFetcher, type FeedFetcher } from '../calendar/fetch-feed.ts';
import { queryRows } from '../db/database.ts';
import type { Deps } from '../services/deps.ts';
import { capturingLog, type CapturedLog, localhostOnlyLookup } from '../../test/support/calendar-env.ts';
import { exchangeFeed } from '../../test/support/exchange-feed.ts';
import { type ExchangeServer, startExchangeServer } from '../../test/support/exchange-server.ts';
import { createTestCa } from '../../test/support/test-ca.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-db.ts';
import type { CalendarDeps } from '../services/calendar-deps.ts';
import { createSyncWorker } from './sync-worker.ts';

// The link is a secret: after syncs that fail in every way, no table and no log line holds
// any trace of its secret path or query.
const SECRET = 'Zq7Xk2Lp9Wm4Rt6Yv8Bn3Hc5';
const TOKEN = 'tok3nS3cr3tV4lu3';
const secretPath = (scenario: string) => `/owa/calendar/${SECRET}@contoso.test/${scenario}/reachcalendar.ics`;

describe('the calendar link stays secret', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let server: ExchangeServer;
  let fetcher: FeedFetcher;
  let calendar: CalendarDeps;
  let deps: Deps;
  const clock = { now: new Date('2027-03-10T08:00:00Z') };
  const appLogs: string[] = [];
  const syncLogs: CapturedLog[] = [];

  beforeAll(async () => {
    const ca = await createTestCa();
    server = await startExchangeServer({ tls: ca.leaf });
    fetcher = createFeedFetcher({
      maxBytes: 1024 * 1024,
      timeoutMs: 800,
      allowHosts: ['localhost'],
      caPem: ca.caPem,
      lookup: localhostOnlyLookup(),
    });
    // the one logger of the process (src/log.ts) writes both the request lines and the sync's
    const stream = new Writable({
      write(chunk, _encoding, done) {
        appLogs.push(String(chunk));
        done();
      },
    });
    const log = createLogger('trace', stream);
    const sync = capturingLog(syncLogs);
    const both = (level: 'info' | 'warn' | 'error') => (fields: Record<string, unknown>, message: string) => {
      sync[level](fields, message);
      log[level](fields, message);
    };
    calendar = {
      secretKey: randomBytes(32),
      fetcher,
      syncIntervalS: 900,
      horizon: { pastDays: 90, futureDays: 180 },
      log: { info: both('info'), warn: both('warn'), error: both('error') },
    };
    database = await createTestDatabase();
    deps = { db: database.db, now: () => clock.now, publicUrl: 'http://localhost:3000', signup: 'open' };
    app = await buildApp({ deps, logger: log, routeGroups: [calendarRouteGroup(calendar)] });
  });

  afterAll(async () => {
    await app?.close();
    await database?.close();
    await fetcher?.close();
    await server?.close();
  });

  async function call(method: 'GET' | 'POST' | 'PATCH', url: string, token: string | null, body?: unknown) {
    const response = await app.inject({
      method,
      url,
      headers: {
        host: 'localhost:3000',
        ...(token && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { payload: JSON.stringify(body) }),
    });
    return { status: response.statusCode, text: response.body, body: response.body ? JSON.parse(response.body) : null };
  }

  it('keeps the secret path out of every table, log line and answer after failing syncs', async () => {
    const signup = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      headers: { host: 'localhost:3000', 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'leak@example.test', password: 'correct horse battery', name: 'Leak', organizationName: 'Leak' }),
    });
    const cookie = ([] as string[])
      .concat(signup.headers['set-cookie'] as string[])
      .map((line) => line.split(';')[0])
      .join('; ');
    const csrf = /kairos_csrf=([^;]+)/.exec(cookie)![1]!;
    const sessionToken = /kairos_session=([^;]+)/.exec(cookie)![1]!;
    const tokenReply = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: {
        host: 'localhost:3000',
        cookie,
        'x-csrf-token': csrf,
        origin: 'http://localhost:3000',
        'content-type': 'application/json',
      },
      payload: JSON.stringify({ name: 'leak' }),
    });
    const token = JSON.parse(tokenReply.body).token as string;

    const scenarios = ['gone', 'busy', 'html', 'ssrf', 'loop', 'slow', 'cut', 'signin'];
    const answers: string[] = [];
    const ids: string[] = [];
    for (const scenario of scenarios) {
      server.route(secretPath(scenario), {
        body: exchangeFeed([{ uid: scenario, summary: 'Meeting', start: '20270311T100000', end: '20270311T110000' }]),
      });
      const created = await call('POST', '/api/v1/connections', token, { url: `${server.url(secretPath(scenario))}?token=${TOKEN}` });
      expect(created.status).toBe(201);
      answers.push(created.text);
      ids.push(created.body.id);
    }
    const feed = exchangeFeed([{ uid: 'x', summary: 'X', start: '20270311T100000', end: '20270311T110000' }]);
    server.route(secretPath('gone'), { status: 404 });
    server.route(secretPath('busy'), { status: 503, headers: { 'retry-after': '60' } });
    server.route(secretPath('html'), { body: '<html><body>Sign in</body></html>', contentType: 'text/html' });
    server.route(secretPath('ssrf'), { redirect: `https://127.0.0.2:${server.port}${secretPath('x')}?token=${TOKEN}` });
    server.route(secretPath('loop'), { redirect: `${secretPath('loop')}?token=${TOKEN}` });
    server.route(secretPath('slow'), { stall: feed.slice(0, 300) });
    server.route(secretPath('cut'), { body: feed.slice(0, 400) });
    server.route(secretPath('signin'), {
      redirect: `https://login.microsoftonline.com/common/oauth2/authorize?redirect=${encodeURIComponent(secretPath('signin'))}`,
    });
    for (const id of ids) {
      const synced = await call('POST', `/api/v1/connections/${id}/sync`, token);
      expect(synced.status).toBe(200);
      expect(synced.body.status).toBe('error');
      answers.push(synced.text);
    }
    // and once more through the scheduled worker
    clock.now = new Date(clock.now.getTime() + 48 * 3600_000);
    const worker = createSyncWorker(deps, calendar, { workerId: 'leak', pollMs: 60_000, concurrency: 1 });
    expect(await worker.runOnce()).toBe(ids.length);
    answers.push((await call('GET', '/api/v1/connections', token)).text);
    const problem = await call('POST', '/api/v1/connections', token, { url: `http://localhost/${SECRET}/calendar.ics` });
    expect(problem.status).toBe(422);

    const tables = await queryRows<{ table_name: string }>(
      database.db,
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(tables.map((table) => table.table_name)).toEqual(
      expect.arrayContaining(['calendar_connections', 'calendar_occurrences', 'calendar_sync_jobs', 'impulse_states']),
    );
    let dump = '';
    for (const { table_name: table } of tables) {
      const rows = await queryRows<Record<string, unknown>>(database.db, sql.raw(`SELECT * FROM "${table}"`));
      dump += `${table}: ${JSON.stringify(rows)}\n`;
    }
    expect(dump).toContain('localhost');
    expect(syncLogs.length).toBeGreaterThan(scenarios.length);
    expect(appLogs.length).toBeGreaterThan(0);
    const everything = [dump, JSON.stringify(syncLogs), appLogs.join(''), answers.join('\n')].join('\n');
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(encodeURIComponent(SECRET));
    // nor the credentials the requests carried
    const logText = appLogs.join('');
    expect(logText).not.toContain(token);
    expect(logText).not.toContain(sessionToken);
    expect(logText).not.toContain(csrf);
  });

  it('writes every line, request or sync, as one JSON object with time, level, request id and organisation', () => {
    const lines = appLogs
      .join('')
      .split('\n')
      .filter((line) => line !== '');
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.length).toBeGreaterThan(20);
    for (const entry of entries) {
      expect(entry.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).toContain(entry.level);
      expect(typeof entry.msg).toBe('string');
    }
    const requests = entries.filter((entry) => entry.msg === 'request completed');
    expect(requests.length).toBeGreaterThan(10);
    for (const entry of requests) {
      expect(entry.requestId).toEqual(expect.any(String));
      expect(entry.req ?? entry.res).toBeDefined();
    }
    // authenticated requests carry the organisation on their completion line
    const synced = requests.filter((entry) => (entry.res as { statusCode: number }).statusCode === 200 && entry.orgId !== undefined);
    expect(synced.length).toBeGreaterThanOrEqual(8);
    expect(new Set(synced.map((entry) => entry.orgId)).size).toBe(1);
    // the sync's own lines come through the same logger
    expect(entries.some((entry) => entry.msg === 'calendar refresh failed' && entry.code !== undefined)).toBe(true);
    // routes by pattern, never by path
    expect(entries.filter((entry) => entry.msg === 'incoming request').map((entry) => (entry.req as { route: string }).route)).toContain(
      '/api/v1/connections/:id/sync',
    );
  });
});
