// Beyond one machine: two `kairos serve` processes and three `kairos worker` processes on one
// PostgreSQL database, behind a round-robin load balancer on loopback. Whichever node answers,
// sessions, the timer, idempotency keys and rate limits behave as on one node, and each due feed
// is fetched exactly once per cycle by the five sync workers (two in the serve processes).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
import { type Cluster, startCluster } from '../support/cluster.ts';
import { exchangeFeed } from '../support/exchange-feed.ts';
import { type ExchangeServer, startExchangeServer } from '../support/exchange-server.ts';
import { createTestCa } from '../support/test-ca.ts';
import { createTestDatabase, type TestDatabase, testEngine } from '../support/test-db.ts';

const FEEDS = 30;
const FEED = exchangeFeed([
  { uid: 'w', summary: 'Weekly', start: '20270308T090000', end: '20270308T100000', rrule: 'FREQ=WEEKLY;COUNT=4' },
]);

type Answer = { status: number; node: number; body: any; headers: Headers };

// PGlite is one process's embedded database: several processes cannot share it, so there is
// nothing to test across nodes there.
const onlyOnPostgres = testEngine !== 'pg';
describe.skipIf(onlyOnPostgres)(
  `two serve nodes and three workers on one PostgreSQL database${onlyOnPostgres ? ' (skipped: PGlite cannot be shared by several processes)' : ''}`,
  () => {
    let database: TestDatabase;
    let cluster: Cluster;
    let feeds: ExchangeServer;
    let dir: string;
    let cookie = '';
    let csrf = '';

    async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
      const response = await fetch(`${cluster.url}${url}`, {
        method,
        headers: {
          ...(cookie && { cookie }),
          ...(cookie && method !== 'GET' && { 'x-csrf-token': csrf, origin: cluster.url }),
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return {
        status: response.status,
        node: Number(response.headers.get('x-test-node')),
        body: text ? JSON.parse(text) : null,
        headers: response.headers,
      };
    }

    async function until(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
      // five processes on two loaded cores: a budget of minutes; the checks are on counts, not time
      const deadline = Date.now() + 180_000;
      while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${cluster.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    beforeAll(async () => {
      const ca = await createTestCa();
      feeds = await startExchangeServer({ tls: ca.leaf });
      dir = mkdtempSync(path.join(tmpdir(), 'kairos-cluster-'));
      writeFileSync(path.join(dir, 'ca.pem'), ca.caPem);
      database = await createTestDatabase();
      cluster = await startCluster({
        databaseUrl: database.url!,
        serves: 2,
        workers: 3,
        env: {
          KAIROS_CALENDAR_CA_FILE: path.join(dir, 'ca.pem'),
          KAIROS_CALENDAR_ALLOW_HOSTS: 'localhost',
          KAIROS_FEED_TIMEOUT_MS: '10000',
          KAIROS_SYNC_INTERVAL_S: '3600',
          KAIROS_DATA_DIR: path.join(dir, 'data'),
        },
      });
    }, 300_000);

    afterAll(async () => {
      await cluster?.close();
      await feeds?.close();
      await database?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }, 120_000);

    it('keeps a session signed in on one node valid on the other', async () => {
      const signup = await call('POST', '/api/v1/auth/signup', {
        email: 'cluster@example.test',
        password: 'correct horse battery',
        name: 'Cluster',
        organizationName: 'Cluster',
      });
      expect(signup.status).toBe(201);
      cookie = signup.headers
        .getSetCookie()
        .map((line) => line.split(';')[0])
        .join('; ');
      csrf = /kairos_csrf=([^;]+)/.exec(cookie)![1]!;
      const answers = [await call('GET', '/api/v1/me'), await call('GET', '/api/v1/me'), await call('GET', '/api/v1/me')];
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
      expect(new Set(answers.map((answer) => answer.node))).toEqual(new Set([0, 1]));
      expect(new Set(answers.map((answer) => answer.body.email))).toEqual(new Set(['cluster@example.test']));
      // a cookie-authenticated write passes the CSRF check on either node
      const project = await call('POST', '/api/v1/projects', { name: 'Cluster work' });
      expect(project.status).toBe(201);
    }, 120_000);

    // reads of time records may begin with the actor a node remembers for the token (src/api/auth.ts):
    // the revocation must still hold on the next request, on the node that did not revoke it too
    it('refuses a token revoked through one node on the next read on either node', async () => {
      const created = await call('POST', '/api/v1/tokens', { name: 'Cluster script' });
      expect(created.status).toBe(201);
      const bearer = { authorization: `Bearer ${created.body.token}` };
      const reads: Answer[] = [];
      for (let i = 0; i < 4; i += 1) reads.push(await call('GET', '/api/v1/time-records', undefined, bearer));
      expect(reads.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
      expect(new Set(reads.map((answer) => answer.node))).toEqual(new Set([0, 1]));
      expect((await call('DELETE', `/api/v1/tokens/${created.body.id}`)).status).toBe(200);
      const after = [
        await call('GET', '/api/v1/time-records', undefined, bearer),
        await call('GET', '/api/v1/time-records', undefined, bearer),
      ];
      expect(after.map((answer) => [answer.status, answer.body.error.code])).toEqual([
        [401, 'invalid_token'],
        [401, 'invalid_token'],
      ]);
      expect(new Set(after.map((answer) => answer.node))).toEqual(new Set([0, 1]));
    }, 120_000);

    it('shows the timer started on one node running on the other, and stops it once', async () => {
      const projects = await call('GET', '/api/v1/projects');
      const projectId = projects.body.items[0].id as string;
      // started five minutes ago: the stopped record has a length whatever the machine's speed
      const startedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 300_000).toISOString().replace('.000Z', 'Z');
      const started = await call('POST', '/api/v1/timer/start', { projectId, description: 'Across nodes', startedAt });
      expect(started.status, JSON.stringify(started.body)).toBe(200);
      const seen = await call('GET', '/api/v1/timer');
      expect(seen.node).not.toBe(started.node);
      expect(seen.body.running).toMatchObject({ projectId, description: 'Across nodes', startedAt: started.body.running.startedAt });
      const stopped = await call('POST', '/api/v1/timer/stop', {}, { 'idempotency-key': 'stop-once' });
      const stoppedAgain = await call('POST', '/api/v1/timer/stop', {}, { 'idempotency-key': 'stop-once' });
      expect(stoppedAgain.node).not.toBe(stopped.node);
      expect(stopped.status, JSON.stringify(stopped.body)).toBe(200);
      expect(stoppedAgain.body).toEqual(stopped.body);
      expect((await call('GET', '/api/v1/timer')).body.running).toBeNull();
    }, 120_000);

    it('answers a repeated Idempotency-Key on the other node with the first answer, storing one record', async () => {
      const projectId = (await call('GET', '/api/v1/projects')).body.items[0].id as string;
      const key = `create-${randomBytes(4).toString('hex')}`;
      const body = { projectId, start: '2027-03-09T09:00:00Z', end: '2027-03-09T10:00:00Z', description: 'Once only' };
      const first = await call('POST', '/api/v1/time-records', body, { 'idempotency-key': key });
      const second = await call('POST', '/api/v1/time-records', body, { 'idempotency-key': key });
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.node).not.toBe(first.node);
      expect(second.body.id).toBe(first.body.id);
      const rows = await queryRows<{ n: number }>(
        database.db,
        sql`SELECT count(*)::int AS n FROM time_records WHERE description = 'Once only'`,
      );
      expect(rows[0]!.n).toBe(1);
    }, 120_000);

    it('counts failed sign-ins on both nodes against one limit', async () => {
      const statuses: number[] = [];
      const nodes: number[] = [];
      for (let i = 0; i < 11; i += 1) {
        const answer = await fetch(`${cluster.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'cluster@example.test', password: 'wrong password' }),
        });
        statuses.push(answer.status);
        nodes.push(Number(answer.headers.get('x-test-node')));
      }
      // ten tries a minute per address and e-mail, wherever they land
      expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
      expect(statuses[10]).toBe(429);
      expect(new Set(nodes)).toEqual(new Set([0, 1]));
    }, 120_000);

    it('fetches each due feed exactly once per cycle across the five sync workers', async () => {
      const paths = Array.from(
        { length: FEEDS },
        (_, i) => `/owa/calendar/c${i}@contoso.test/${randomBytes(8).toString('hex')}/calendar.ics`,
      );
      for (const [i, at] of paths.entries()) {
        feeds.route(at, { body: FEED, etag: `"c${i}"` });
        const created = await call('POST', '/api/v1/connections', { url: feeds.url(at) });
        expect(created.status).toBe(201);
      }
      // saving a connection fetched it once; the next regular refresh is an hour away
      const hits = () => paths.map((at) => feeds.hits(at));
      expect(hits()).toEqual(Array(FEEDS).fill(1));

      for (const cycle of [2, 3]) {
        await database.db.execute(sql`UPDATE calendar_sync_jobs SET due_at = now()`);
        await until(() => hits().every((count) => count >= cycle), `cycle ${cycle} to reach every feed`);
        // and every job is scheduled again, an interval away: nothing left due to fetch twice
        await until(
          async () =>
            (
              await queryRows<{ n: number }>(
                database.db,
                sql`SELECT count(*)::int AS n FROM calendar_sync_jobs WHERE due_at <= now() OR locked_until > now()`,
              )
            )[0]!.n === 0,
          `cycle ${cycle} to finish`,
        );
        expect(hits()).toEqual(Array(FEEDS).fill(cycle));
      }
      // the scheduled cycles were conditional requests, answered 304
      const conditional = feeds.requests.filter(
        (request) => paths.includes(request.path) && request.headers['if-none-match'] !== undefined,
      );
      expect(conditional).toHaveLength(2 * FEEDS);
      // the work was shared: more than one process fetched
      const refreshedBy = cluster.processes
        .filter((p) => p.role === 'worker')
        .map((p) =>
          p
            .output()
            .split('\n')
            .filter((line) => line.includes('"sync round"'))
            .reduce((sum, line) => sum + (JSON.parse(line).refreshed as number), 0),
        );
      expect(refreshedBy.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2 * FEEDS);
    }, 400_000);
  },
);
