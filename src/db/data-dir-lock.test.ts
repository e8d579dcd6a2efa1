// The PGlite data directory lock: held by a live Kairos process only, never by a pid that was
// reused by another process, nor by the lock file of a copied directory.
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, processStartTime } from './data-dir-lock.ts';

const dirs: string[] = [];
function dataDir(): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'kairos-lock-')));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// another live process: the one that started this test worker
const other = process.ppid;

describe.skipIf(!existsSync('/proc/self/stat'))('the data directory lock', () => {
  it('names its holder: pid, start time and directory', () => {
    const dir = dataDir();
    const release = acquireDataDirLock(dir);
    expect(JSON.parse(readFileSync(path.join(dir, 'kairos.lock'), 'utf8'))).toEqual({
      pid: process.pid,
      startTime: processStartTime(process.pid),
      dataDir: dir,
    });
    release();
    expect(existsSync(path.join(dir, 'kairos.lock'))).toBe(false);
  });

  it('refuses a directory its live holder still has', () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, 'kairos.lock'), JSON.stringify({ pid: other, startTime: processStartTime(other), dataDir: dir }));
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
  });

  it('takes over a lock whose pid now belongs to a later process (another start time)', () => {
    const dir = dataDir();
    const started = processStartTime(other)!;
    writeFileSync(path.join(dir, 'kairos.lock'), JSON.stringify({ pid: other, startTime: String(Number(started) + 1), dataDir: dir }));
    const release = acquireDataDirLock(dir);
    expect(JSON.parse(readFileSync(path.join(dir, 'kairos.lock'), 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('takes over the lock file of a copied directory', () => {
    const dir = dataDir();
    writeFileSync(
      path.join(dir, 'kairos.lock'),
      JSON.stringify({ pid: other, startTime: processStartTime(other), dataDir: '/srv/kairos/data' }),
    );
    acquireDataDirLock(dir)();
  });

  it('trusts an older bare-pid lock file only when that pid runs Kairos', () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, 'kairos.lock'), String(other));
    const runsKairos = /kairos/i.test(readFileSync(`/proc/${other}/cmdline`, 'utf8'));
    if (runsKairos) expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    else acquireDataDirLock(dir)();
  });
});
