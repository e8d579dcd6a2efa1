import { closeSync, openSync, readFileSync, realpathSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

/** Who holds the lock: enough to tell the holder from a later process that got the same pid. */
export type LockHolder = { pid: number; startTime: string | null; dataDir: string };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When the process started, in clock ticks since boot (field 22 of /proc/<pid>/stat): a pid is
 * reused, a pid with its start time is not. Null where there is no /proc (not Linux).
 */
export function processStartTime(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // the command name (field 2) is in parentheses and may hold spaces or parentheses itself
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null;
}

function readHolder(lockPath: string): LockHolder | null {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.dataDir !== 'string') return null;
    return { pid: parsed.pid, startTime: typeof parsed.startTime === 'string' ? parsed.startTime : null, dataDir: parsed.dataDir };
  } catch {
    // an older lock file held the bare pid; without a start time a live pid cannot be trusted
    // unless it is a Kairos process at all
    const pid = Number.parseInt(text, 10);
    return Number.isInteger(pid) && isKairosCommand(pid) ? { pid, startTime: null, dataDir: '' } : null;
  }
}

function isKairosCommand(pid: number): boolean {
  try {
    return /kairos/i.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return isAlive(pid);
  }
}

// A lock is held when its process is alive and is the very process that wrote it (same start
// time), for this data directory (a copied directory carries its lock file along).
function isHeld(holder: LockHolder, dataDir: string): boolean {
  if (holder.pid === process.pid || !isAlive(holder.pid)) return false;
  if (holder.dataDir !== '' && holder.dataDir !== dataDir) return false;
  if (holder.startTime === null) return holder.dataDir === '' || processStartTime(holder.pid) === null;
  const now = processStartTime(holder.pid);
  return now === null || now === holder.startTime;
}

// PGlite has no lock of its own: a second process opening the same directory corrupts it.
// The lock file names its holder (pid, start time, directory); a lock whose holder is gone, or
// whose pid now belongs to another process, is stale and taken over.
export function acquireDataDirLock(dataDir: string): () => void {
  const directory = realpathSync(dataDir);
  const lockPath = path.join(directory, 'kairos.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lockPath, 'wx');
      const holder: LockHolder = { pid: process.pid, startTime: processStartTime(process.pid), dataDir: directory };
      writeSync(fd, JSON.stringify(holder));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        rmSync(lockPath, { force: true });
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(lockPath);
      if (holder && isHeld(holder, directory)) {
        throw new DataDirLockedError(
          `the data directory ${dataDir} is in use by another Kairos process (pid ${holder.pid}): stop the server first, or set DATABASE_URL to use PostgreSQL`,
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirLockedError(`could not lock the data directory ${dataDir}`);
}
