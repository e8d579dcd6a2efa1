import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The README's curl walkthrough, run as written against `kairos serve` (only the port differs),
// so the documented first session keeps working.
function walkthrough(): string {
  const readme = readFileSync(path.resolve('README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## A first session with curl'));
  const match = /```sh\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error('README has no curl walkthrough');
  return match[1];
}

describe('the README curl walkthrough', () => {
  let server: ChildProcess;
  let dir: string;
  let port = 0;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kairos-readme-'));
    server = spawn(process.execPath, [path.resolve('bin/kairos.js'), 'serve'], {
      env: { ...process.env, KAIROS_DATA_DIR: path.join(dir, 'data'), PORT: '0', LOG_LEVEL: 'silent', DATABASE_URL: '', KAIROS_SECRET: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    port = await new Promise<number>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`server did not start: ${seen}`)), 90_000);
      server.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const found = /running on http:\/\/[^:]+:(\d+)/.exec(seen);
        if (found) {
          clearTimeout(timer);
          resolve(Number(found[1]));
        }
      });
    });
  }, 120_000);
  afterAll(async () => {
    server?.kill('SIGTERM');
    await new Promise((resolve) => server?.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs up, creates a client, project and task, runs the stopwatch and lists the record', () => {
    const script = walkthrough().replaceAll('localhost:3000', `localhost:${port}`);
    const result = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { cwd: dir, encoding: 'utf8', timeout: 90_000 });
    expect(result.status, result.stderr).toBe(0);
    // the answers are printed back to back; the list of records comes last
    const page = JSON.parse(result.stdout.slice(result.stdout.lastIndexOf('{"items"')));
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ description: 'Difference engine', source: 'timer', durationSeconds: expect.any(Number) });
    expect(page.items[0].durationSeconds).toBeGreaterThanOrEqual(1);
    // a bash with a dozen curl processes: a budget that holds on a loaded machine
  }, 120_000);
});
