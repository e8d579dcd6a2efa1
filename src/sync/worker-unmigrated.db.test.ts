// `kairos worker` never migrates: against a database without this build's migrations it stops
// at once with one message and exit code 1, instead of logging a failure at every poll.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/main.ts';
import { loadConfig } from '../config.ts';
import { runCalendarWorker } from './calendar-runtime.ts';
import { withDatabase } from '../../test/support/global-setup.ts';
import { testEngine } from '../../test/support/test-db.ts';

let dir: string;
let env: Record<string, string>;
let dropDatabase = async () => {};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kairos-unmigrated-'));
  env = { KAIROS_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'info' };
  if (testEngine === 'pg') {
    const admin = process.env.KAIROS_TEST_PG_URL as string;
    const name = `kairos_u_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    env = { ...env, DATABASE_URL: withDatabase(admin, name), KAIROS_SECRET: randomBytes(32).toString('base64') };
    dropDatabase = async () => {
      const dropper = new pg.Client({ connectionString: admin });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    };
  }
});
afterAll(async () => {
  await dropDatabase();
  rmSync(dir, { recursive: true, force: true });
});

/** runs the CLI in this process with `env` as its environment */
async function kairos(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  if (!env.DATABASE_URL) delete process.env.DATABASE_URL;
  const out: string[] = [];
  const err: string[] = [];
  const write = process.stdout.write;
  // the worker logs JSON lines to stdout: capture them too
  process.stdout.write = ((chunk: string | Uint8Array) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  try {
    const code = await runCli(args, { stdout: (text) => out.push(text), stderr: (text) => err.push(text) });
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = write;
    process.env = saved;
  }
}

describe('kairos worker and migrations', () => {
  it('stops with one message and exit code 1 when the database is not migrated', async () => {
    const { code, stdout, stderr } = await kairos(['worker', '--poll-ms', '50']);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining('run "kairos migrate"')]);
    expect(stdout).not.toContain('sync round failed');
    expect(stdout).not.toContain('worker started');
    // opening a fresh embedded database (initdb) takes half a minute on a loaded machine
  }, 120_000);

  it('starts once the database is migrated', async () => {
    expect((await kairos(['migrate'])).code).toBe(0);
    const logged: string[] = [];
    const stop = new AbortController();
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      // stopped like by an operator once it runs
      if (String(chunk).includes('calendar sync worker started')) stop.abort();
      return true;
    }) as typeof process.stdout.write;
    try {
      await runCalendarWorker(loadConfig({ ...env }), { pollMs: 50, signal: stop.signal });
    } finally {
      process.stdout.write = write;
    }
    expect(logged.join('')).toContain('calendar sync worker stopped');
    expect(logged.join('')).not.toContain('failed');
  }, 120_000);
});
