import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../calendar/secret-box.ts';
import { insertConnection, scheduleJob } from '../db/connections-repository.ts';
import { queryRows } from '../db/database.ts';
import { type ExchangeServer, startExchangeServer } from '../../test/support/exchange-server.ts';
import { exchangeFeed } from '../../test/support/exchange-feed.ts';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { createTestCa } from '../../test/support/test-ca.ts';
import { testEngine } from '../../test/support/test-db.ts';

// Three `kairos worker` processes share one PostgreSQL database and
// a local HTTPS server that counts requests: each due connection is fetched exactly once per cycle.
const CONNECTIONS = 50;
const KAIROS = fileURLToPath(new URL('../../bin/kairos.js', import.meta.url));
const FEED = exchangeFeed([
  { uid: 'w', summary: 'Weekly', start: '20270308T090000', end: '20270308T100000', rrule: 'FREQ=WEEKLY;COUNT=4' },
]);

describe.skipIf(testEngine !== 'pg')('several sync worker processes on PostgreSQL', () => {
  let t: TestApp;
  let server: ExchangeServer;
  let dir: string;
  const workers: { child: ChildProcess; output: string[] }[] = [];
  const paths = Array.from(
    { length: CONNECTIONS },
    (_, i) => `/owa/calendar/w${i}@contoso.test/${randomBytes(8).toString('hex')}/calendar.ics`,
  );

  beforeAll(async () => {
    const ca = await createTestCa();
    server = await startExchangeServer({ tls: ca.leaf });
    dir = mkdtempSync(path.join(tmpdir(), 'kairos-workers-'));
    writeFileSync(path.join(dir, 'ca.pem'), ca.caPem);
    t = await createTestApp();
    const owner = await t.signup('workers@example.test');
    const secret = randomBytes(32);
    const box = createSecretBox(secret);
    const now = new Date();
    for (const [i, at] of paths.entries()) {
      server.route(at, { body: FEED, etag: `"w${i}"` });
      const row = await insertConnection(t.deps.db, {
        id: `conn-${i}`,
        orgId: owner.orgId,
        userId: owner.userId,
        provider: 'exchange',
        name: `Calendar ${i}`,
        urlCiphertext: box.seal(server.url(at)),
        urlMasked: 'localhost/…/calendar.ics',
      });
      await scheduleJob(t.deps.db, row!.id, now);
    }
    const env = {
      ...process.env,
      DATABASE_URL: t.database.url!,
      KAIROS_SECRET: secret.toString('base64'),
      KAIROS_CALENDAR_CA_FILE: path.join(dir, 'ca.pem'),
      KAIROS_CALENDAR_ALLOW_HOSTS: 'localhost',
      KAIROS_FEED_TIMEOUT_MS: '5000',
      LOG_LEVEL: 'info',
    };
    for (let i = 0; i < 3; i += 1) {
      const child = spawn(process.execPath, [KAIROS, 'worker', '--worker-id', `w${i}`, '--poll-ms', '50', '--batch-size', '5'], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const output: string[] = [];
      child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      workers.push({ child, output });
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(
      workers.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    await t?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out; worker output:\n${workers.map((w) => w.output.join('')).join('\n---\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const hits = () => paths.map((at) => server.hits(at));
  const refreshedBy = () =>
    workers.map(({ output }) =>
      output
        .join('')
        .split('\n')
        .filter((line) => line.includes('"sync round"'))
        .reduce((sum, line) => sum + (JSON.parse(line).refreshed as number), 0),
    );

  // A cycle is over when every feed was fetched, the workers have said so ("sync round" lines) and
  // no job is leased or due any more: nothing is in flight that could still fetch a feed twice.
  async function untilSettled(cycle: number): Promise<void> {
    await until(() => hits().every((count) => count >= cycle) && refreshedBy().reduce((a, b) => a + b, 0) >= cycle * CONNECTIONS, 120_000);
    let open = -1;
    const deadline = Date.now() + 120_000;
    while (open !== 0) {
      if (Date.now() > deadline) throw new Error(`${open} jobs still leased or due`);
      const [row] = await queryRows<{ n: number }>(
        t.deps.db,
        sql`SELECT count(*)::int AS n FROM calendar_sync_jobs WHERE locked_by IS NOT NULL OR due_at <= now()`,
      );
      open = Number(row?.n);
      // polled, not slept on: the next look comes at once when the count is 0
      if (open !== 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('fetches every due connection exactly once per cycle', async () => {
    // three processes on two loaded cores: budgets of minutes, the checks are on counts, not time
    await untilSettled(1);
    expect(hits()).toEqual(Array(CONNECTIONS).fill(1));
    expect(refreshedBy().reduce((a, b) => a + b, 0)).toBe(CONNECTIONS);

    await t.deps.db.execute(sql`UPDATE calendar_sync_jobs SET due_at = now()`);
    await untilSettled(2);
    expect(hits()).toEqual(Array(CONNECTIONS).fill(2));
    // the second cycle was conditional: the unchanged feeds answered 304
    const conditional = server.requests.filter((request) => request.headers['if-none-match'] !== undefined);
    expect(conditional).toHaveLength(CONNECTIONS);
    expect(refreshedBy().reduce((a, b) => a + b, 0)).toBe(2 * CONNECTIONS);
  }, 300_000);
});
