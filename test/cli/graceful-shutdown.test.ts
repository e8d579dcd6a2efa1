import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// Process-spawning tests get a budget that holds on a loaded 2-core machine: the first start
// may build the web app and create the embedded database.
const BUDGET_MS = 240_000;

function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) {
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
        resolve(match[1] ?? match[0]);
      }
    };
    const onExit = (code: number | null) => reject(new Error(`exited ${code} before ${pattern}: ${seen}`));
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

// 'close' comes once npm has exited and every process holding its stdout pipe, the server
// included, has closed it: the server is gone, not only npm.
function closed(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

// A server of its own on the embedded database in `dataDir`, on a free loopback port.
function serverEnv(dataDir: string): NodeJS.ProcessEnv {
  return { ...process.env, KAIROS_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: '', KAIROS_SECRET: '', LOG_LEVEL: 'warn' };
}

describe('npm start', () => {
  let child: ChildProcess | undefined;
  let dataDir: string | undefined;
  let serverPid: number | undefined;
  afterEach(async () => {
    // a failed run leaves nothing behind: neither npm nor the server it started
    if (serverPid !== undefined && isRunning(serverPid)) process.kill(serverPid, 'SIGKILL');
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
    serverPid = undefined;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const launchers = [
    { name: 'the npm process of npm start', signal: 'SIGTERM', command: 'npm', args: ['start'], group: false },
    { name: 'the process group of npm start (Ctrl-C)', signal: 'SIGINT', command: 'npm', args: ['start'], group: true },
  ] as const;

  it.each(launchers)(
    'shuts down on $signal sent to $name: exits, closes the port, releases the data dir',
    async ({ signal, command, args, group }) => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-shutdown-'));
      child = spawn(command, args, {
        cwd: path.resolve('.'),
        env: serverEnv(dataDir),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: group,
      });
      let errors = '';
      child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      const url = await waitForOutput(child, /running on (http:\/\/127\.0\.0\.1:\d+) /);
      const port = Number(new URL(url).port);
      expect(await isListening(port)).toBe(true);
      const lockFile = path.join(dataDir, 'kairos.lock');
      // the lock file names its holder: {"pid":…} (or a bare pid)
      const holder = readFileSync(lockFile, 'utf8');
      serverPid = Number(holder.trim().startsWith('{') ? (JSON.parse(holder) as { pid: number }).pid : holder);
      expect(Number.isInteger(serverPid)).toBe(true);
      expect(serverPid).not.toBe(child.pid);

      const done = closed(child);
      if (group) process.kill(-child.pid!, signal);
      else child.kill(signal);
      const { code, signal: npmSignal } = await done;
      // npm re-raises the signal it forwarded (and a shell dies of it); the server itself exits 0
      expect(code === 0 || npmSignal === signal, `${command} ended with ${code ?? npmSignal}`).toBe(true);
      expect(isRunning(serverPid)).toBe(false);
      expect(await isListening(port)).toBe(false);
      expect(existsSync(path.join(dataDir, 'kairos.lock')), errors).toBe(false);
    },
    BUDGET_MS,
  );

  it(
    'stops cleanly on SIGTERM that comes while the server is still starting (the lock is already taken)',
    async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-shutdown-'));
      child = spawn(process.execPath, ['bin/kairos.js', 'serve'], {
        cwd: path.resolve('.'),
        env: serverEnv(dataDir),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const lockFile = path.join(dataDir, 'kairos.lock');
      // the lock is taken when the embedded database opens, well before the server listens
      await new Promise<void>((resolve, reject) => {
        const poll = setInterval(() => {
          if (existsSync(lockFile)) {
            clearInterval(poll);
            resolve();
          } else if (child?.exitCode !== null) {
            clearInterval(poll);
            reject(new Error(`exited before taking the lock: ${output}`));
          }
        }, 5);
      });
      const done = closed(child);
      child.kill('SIGTERM');
      const { code, signal } = await done;
      expect({ code, signal }, output).toEqual({ code: 0, signal: null });
      expect(existsSync(lockFile), output).toBe(false);
    },
    BUDGET_MS,
  );
});
