import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
const STAMP = path.join(root, 'web', 'dist', '.kairos-build');
// What the bundle is made of: the app, the contract and texts it imports, and the locked packages.
const INPUTS = ['web', 'src/contract', 'src/i18n', 'package-lock.json'];

function listFiles(entry: string, out: string[]): void {
  const full = path.join(root, entry);
  if (!existsSync(full)) return;
  if (statSync(full).isFile()) {
    out.push(entry);
    return;
  }
  for (const name of readdirSync(full).sort()) {
    if (name === 'dist' || name === 'node_modules' || name.startsWith('.')) continue;
    listFiles(path.join(entry, name), out);
  }
}

export function webSourceHash(): string {
  const files: string[] = [];
  for (const input of INPUTS) listFiles(input, files);
  const hash = createHash('sha256');
  for (const file of files) {
    if (/\.test\.tsx?$/.test(file)) continue;
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(root, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

export function webBuildIsCurrent(): boolean {
  return existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === webSourceHash();
}

// `npm start` on a fresh clone (or after a pull) builds the web app first: a missing or stale
// bundle is rebuilt, a current one is served as it is. Takes a few seconds, once. Vite runs in a
// child process: its bundler's memory (hundreds of MB) leaves with it instead of staying in the server.
export async function ensureWebBuild(log: (text: string) => void): Promise<void> {
  if (webBuildIsCurrent()) return;
  const hash = webSourceHash();
  log('Building the web app (once after install or update)…\n');
  const vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  await promisify(execFile)(process.execPath, [vite, 'build', '--config', path.join(root, 'web', 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: root,
    timeout: 600_000,
    maxBuffer: 1 << 24,
  });
  writeFileSync(STAMP, `${hash}\n`);
}
