// `kairos serve` for the browser tests: the real CLI in a child process on a free loopback port,
// a throwaway database (a PGlite data dir, or a fresh PostgreSQL database when KAIROS_TEST_DB=pg),
// and a local HTTPS Exchange imitation trusted through the run's test CA. One per test file.
//
//   const kairos = await startKairos();
//   kairos.feed.route('/owa/calendar/a/b/calendar.ics', { body: exchangeFeed([...]) });
//   kairos.feedUrl('/owa/calendar/a/b/calendar.ics')  // https://localhost:<port>/owa/...
//   kairos.url                                        // http://127.0.0.1:<port>
//   await kairos.close();
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ensureWebBuild } from '../../src/cli/web-build.ts';
import { type ExchangeServer, startExchangeServer } from './exchange-server.ts';
import { withDatabase } from './global-setup.ts';
import { createTestCa } from './test-ca.ts';

export type KairosServer = {
  /** http://127.0.0.1:<port> */
  url: string;
  feed: ExchangeServer;
  feedUrl(path: string): string;
  /** what the server printed so far (stdout and stderr), for failure messages */
  output(): string;
  close(): Promise<void>;
};

const root = fileURLToPath(new URL('../..', import.meta.url));
const LOCK = path.join(root, '.test-tmp', 'web-build.lock');

// The web app is built once per run: the first test file to get here builds web/dist (when it is
// missing or stale) while holding a lock file; the others wait for the lock and then find the
// build current. Vitest runs files in two worker processes, so two builds must never overlap.
export async function ensureWebBuildOnce(): Promise<void> {
  mkdirSync(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + 5 * 60_000;
  let wait = 100;
  for (;;) {
    try {
      const fd = openSync(LOCK, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (lockHolderIsGone()) {
        rmSync(LOCK, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`the web build lock ${LOCK} is still held after 5 minutes`);
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, 2000);
    }
  }
  try {
    await ensureWebBuild(() => {});
  } finally {
    unlinkSync(LOCK);
  }
}

function lockHolderIsGone(): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(LOCK, 'utf8'));
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

type Database = { env: Record<string, string>; drop(): Promise<void> };

async function throwawayDatabase(dir: string): Promise<Database> {
  if (process.env.KAIROS_TEST_DB !== 'pg') {
    return { env: { KAIROS_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '', KAIROS_SECRET: '' }, drop: async () => {} };
  }
  const url = process.env.KAIROS_TEST_PG_URL;
  if (!url) throw new Error('KAIROS_TEST_DB=pg needs KAIROS_TEST_PG_URL');
  const name = `kairos_e2e_${randomBytes(6).toString('hex')}`;
  // the run's migrated template (test/support/global-setup.ts); imported here only, so that the
  // bench can start a server without vitest
  const { inject } = await import('vitest');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
  } finally {
    await admin.end();
  }
  return {
    env: {
      DATABASE_URL: withDatabase(url, name),
      KAIROS_SECRET: randomBytes(32).toString('base64'),
      KAIROS_DATA_DIR: path.join(dir, 'data'),
    },
    drop: async () => {
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

export async function startKairos(options: { env?: Record<string, string> } = {}): Promise<KairosServer> {
  await ensureWebBuildOnce();
  const dir = mkdtempSync(path.join(tmpdir(), 'kairos-e2e-'));
  const ca = await createTestCa();
  const caFile = path.join(dir, 'test-ca.pem');
  writeFileSync(caFile, ca.caPem);
  const feed = await startExchangeServer({ tls: ca.leaf });
  const database = await throwawayDatabase(dir);
  let out = '';
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'bin/kairos.js'), 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      ...database.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      KAIROS_PUBLIC_URL: '',
      KAIROS_CALENDAR_CA_FILE: caFile,
      KAIROS_CALENDAR_ALLOW_HOSTS: 'localhost,127.0.0.1',
      KAIROS_FEED_TIMEOUT_MS: '10000',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr!.on('data', (chunk: Buffer) => void (out += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /running on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (found?.[1]) resolve(found[1]);
    });
    void exited.then((code) => reject(new Error(`kairos serve exited (${code}) before listening:\n${out}`)));
  });
  await waitUntilReady(url, () => out);
  let closed = false;
  return {
    url,
    feed,
    // 127.0.0.1, not localhost: a link needs a dotted host to look like a calendar link to the screens
    feedUrl: (feedPath) => feed.url(feedPath, '127.0.0.1'),
    output: () => out,
    async close() {
      if (closed) return;
      closed = true;
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await feed.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// /readyz answers 200 once every migration is applied; poll it with backoff (the listen line may
// come a moment before), within a generous budget for a busy machine.
async function waitUntilReady(url: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let wait = 50;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(wait * 2, 1000);
  }
  throw new Error(`kairos serve at ${url} was not ready within 60 s (${last}):\n${output()}`);
}
