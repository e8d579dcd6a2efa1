import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKairos as kairos } from '../support/cli.ts';

const bin = path.resolve('bin/kairos.js');

// Process spawns cost seconds each on a loaded machine: commands run in this process through
// runCli (with the given environment), except where a separate process is the point (the bin
// itself, a running server). Those keep budgets that hold under load.
const SPAWN_TEST_TIMEOUT_MS = 120_000;

function spawned(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 90_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in: ${seen}`)), 90_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] ?? match[0]);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${seen}`)));
  });
}

describe('the kairos command line', () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-cli-'));
    env = { KAIROS_DATA_DIR: dataDir, DATABASE_URL: '', KAIROS_SECRET: '' };
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(
    'explains every command with --help and exits 0',
    async () => {
      // the one spawn of the bin itself: it starts and dispatches
      const help = spawned(['--help'], env);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Usage: kairos <command>');
      for (const args of [
        ['serve', '--help'],
        ['worker', '--help'],
        ['migrate', '--help'],
        ['user', 'create', '--help'],
        ['user', 'invite', '--help'],
        ['user', 'reset-password', '--help'],
        ['ics', 'inspect', '--help'],
      ]) {
        const result = await kairos(args, env);
        expect(result.code, args.join(' ')).toBe(0);
        expect(result.stdout + result.stderr, args.join(' ')).toMatch(/Usage: kairos/);
      }
    },
    SPAWN_TEST_TIMEOUT_MS,
  );

  it('rejects an unknown command and a missing option with exit code 2 and the usage', async () => {
    const unknown = await kairos(['frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const missing = await kairos(['user', 'create', '--email', 'x@example.test'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing --org');
  });

  it('stops start-up on a bad setting, naming the variable', async () => {
    const result = await kairos(['serve'], { ...env, PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PORT');
    const noSecret = await kairos(['migrate'], { ...env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(noSecret.stderr).toContain('KAIROS_SECRET');
  });

  it('says which PostgreSQL it cannot reach, without the password, instead of crashing', async () => {
    const result = await kairos(['migrate'], {
      ...env,
      DATABASE_URL: 'postgres://kairos:s3cret-pw@127.0.0.1:1/kairos',
      KAIROS_SECRET: Buffer.alloc(32, 7).toString('base64'),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot connect to PostgreSQL at 127.0.0.1:1/kairos');
    expect(result.stderr).not.toContain('s3cret-pw');
    expect(result.stderr).not.toContain('    at ');
  });

  it(
    'creates a user, invites a member and resets a password on the embedded database',
    async () => {
      const created = await kairos(['user', 'create', '--email', 'owner@example.test', '--org', 'Acme'], env);
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout).toMatch(/Password: \S{10,}/);
      const invited = await kairos(['user', 'invite', '--email', 'new@example.test', '--role', 'member'], env);
      expect(invited.code, invited.stderr).toBe(0);
      expect(invited.stdout).toMatch(/\/invite#[\w-]{20,}/);
      const reset = await kairos(['user', 'reset-password', '--email', 'owner@example.test'], env);
      expect(reset.code, reset.stderr).toBe(0);
      expect(reset.stdout).toMatch(/New password for owner@example.test: \S{10,}/);
      const unknown = await kairos(['user', 'reset-password', '--email', 'ghost@example.test'], env);
      expect(unknown.code).toBe(1);
      // four openings of the embedded database: seconds each on a loaded machine
    },
    SPAWN_TEST_TIMEOUT_MS,
  );

  it(
    'serves the API and tells a second process to stop the server first instead of opening its data dir',
    async () => {
      const server = spawn(process.execPath, [bin, 'serve'], {
        env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const url = await waitForLine(server, /running on (http:\/\/\S+) /);
        const ready = await fetch(`${url}/readyz`);
        expect(await ready.json()).toEqual({ ok: true });
        const login = await fetch(`${url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'owner@example.test', password: 'wrong password' }),
        });
        expect(login.status).toBe(401);
        // this test process is the second one
        const blocked = await kairos(['migrate'], env);
        expect(blocked.code).toBe(1);
        expect(blocked.stderr).toContain('stop the server first');
      } finally {
        server.kill('SIGTERM');
        await new Promise((resolve) => server.once('exit', resolve));
      }
      const after = await kairos(['migrate'], env);
      expect(after.code, after.stderr).toBe(0);
    },
    SPAWN_TEST_TIMEOUT_MS,
  );
});
