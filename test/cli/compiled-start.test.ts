import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIsCurrent } from '../../scripts/build.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/kairos.js');
const fixture = path.join(root, 'test/fixtures/ics/limited-prague-cz-2027.ics');

// Registered before bin/kairos.js runs: resolving any TypeScript file, tsx or the TypeScript
// compiler fails the process, so a command that succeeds under it ran on compiled JavaScript alone.
const NO_TYPESCRIPT = `data:text/javascript,${encodeURIComponent(`
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(`
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (/\\.[cm]?tsx?$/.test(resolved.url) || /node_modules\\/(tsx|typescript)\\//.test(resolved.url)) throw new Error('loaded at run time: ' + resolved.url);
  return resolved;
}`)}));
`)}`;

const SPAWN_BUDGET_MS = 120_000;
const dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-compiled-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function kairos(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', NO_TYPESCRIPT, bin, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', KAIROS_DATA_DIR: dataDir, DATABASE_URL: '', KAIROS_SECRET: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the compiled command line', () => {
  it('is current after the test set-up, and goes stale when a source is newer than the build', () => {
    expect(buildIsCurrent()).toBe(true);
    const source = path.join(root, 'src/errors.ts');
    const saved = statSync(source);
    const later = new Date(Date.now() + 60_000);
    try {
      utimesSync(source, later, later);
      expect(buildIsCurrent()).toBe(false);
    } finally {
      utimesSync(source, saved.atime, saved.mtime);
    }
    expect(buildIsCurrent()).toBe(true);
  });

  it(
    'runs --help, the server modules, a migration and ics inspect without tsx or TypeScript',
    async () => {
      const help = await kairos(['--help']);
      expect(help.stderr).toBe('');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Usage: kairos <command>');
      // serve --help loads the whole server (Fastify, routes, database, sync) before it answers
      const serveHelp = await kairos(['serve', '--help']);
      expect(serveHelp.stderr).toBe('');
      expect(serveHelp.stdout).toContain('Usage: kairos serve');
      const migrate = await kairos(['migrate']);
      expect(migrate.stderr).toBe('');
      expect(migrate.code).toBe(0);
      const inspect = await kairos(['ics', 'inspect', fixture, '--from', '2027-03-01', '--to', '2027-04-12', '--json']);
      expect(inspect.stderr).toBe('');
      expect(inspect.code).toBe(0);
      expect((JSON.parse(inspect.stdout) as { occurrences: unknown[] }).occurrences).toHaveLength(9);
    },
    SPAWN_BUDGET_MS * 4,
  );

  it(
    'fails under the same guard when something loads TypeScript (the guard itself works)',
    async () => {
      const result = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', NO_TYPESCRIPT, '--import', 'tsx', '-e', '0']);
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stderr }));
      });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('loaded at run time');
    },
    SPAWN_BUDGET_MS,
  );
});
