// Resident memory of an idle `kairos serve` (compiled, as `npm start` runs it): on the embedded
// database at its first start (empty data dir: initdb and every migration) and at a restart, and
// on PostgreSQL; beside a bare node process holding an HTTP server, measured in the same run.
// Idle = listening, answered one request, then sampled after the start-up work has settled.
// Run alone: node --import tsx bench/memory.ts [--quick]
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { round, writeResult } from './stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'kairos.js');
const SETTLE_MS = 3000;

function rssMb(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) / 1024;
  return { rssMb: round(field('VmRSS'), 1), peakMb: round(field('VmHWM'), 1) };
}

async function idleRss(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ rssMb: number; peakMb: number }> {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let seen = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const match = ready.exec(seen);
        if (match) resolve(match[1] as string);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${seen}`)));
    });
    await (await fetch(url)).arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    return rssMb(child.pid as number);
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
}

const SERVE_READY = /Kairos is running on (http:\/\/\S+) /;

export async function benchMemory(opts: { quick?: boolean; pgUrl: string }): Promise<Record<string, unknown>> {
  // compile first, so that no measured start pays for it
  spawnSync(process.execPath, [BIN, '--help'], { cwd: ROOT, stdio: 'ignore' });
  const floor = await idleRss(
    [
      '-e',
      "const s = require('node:http').createServer((q, r) => r.end('ok')).listen(0, '127.0.0.1', () => console.log('Kairos is running on http://127.0.0.1:' + s.address().port + ' '))",
    ],
    {},
    SERVE_READY,
  );
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-bench-memory-'));
  const pglite = { KAIROS_DATA_DIR: dataDir, DATABASE_URL: '', KAIROS_SECRET: '' };
  try {
    const first = await idleRss([BIN, 'serve'], pglite, SERVE_READY);
    const restart = await idleRss([BIN, 'serve'], pglite, SERVE_READY);
    // a database of its own, which the server migrates at its start
    const name = `kairos_bench_memory_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: opts.pgUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    let postgres: { rssMb: number; peakMb: number };
    try {
      const url = new URL(opts.pgUrl);
      url.pathname = `/${name}`;
      postgres = await idleRss(
        [BIN, 'serve'],
        { DATABASE_URL: url.toString(), KAIROS_SECRET: randomBytes(32).toString('base64') },
        SERVE_READY,
      );
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
    const result = {
      floorRssMb: floor.rssMb,
      pgliteFirstStart: first,
      pgliteRestart: restart,
      postgres,
      pgliteMet: first.rssMb < 300 && restart.rssMb < 300,
      postgresMet: postgres.rssMb < 150,
    };
    console.log(`idle server memory (resident MB; bare node HTTP server ${floor.rssMb} MB):`);
    console.log(`  PGlite first start  ${first.rssMb} (peak ${first.peakMb}); target < 300 ${first.rssMb < 300 ? 'met' : 'NOT MET'}`);
    console.log(`  PGlite restart      ${restart.rssMb} (peak ${restart.peakMb}); target < 300 ${restart.rssMb < 300 ? 'met' : 'NOT MET'}`);
    console.log(
      `  PostgreSQL          ${postgres.rssMb} (peak ${postgres.peakMb}); target < 150 ${result.postgresMet ? 'met' : 'NOT MET'}`,
    );
    return result;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const pgUrl = process.env.KAIROS_BENCH_PG_URL ?? process.env.KAIROS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const result = await benchMemory({ quick: process.argv.includes('--quick'), pgUrl });
  console.log(`wrote ${writeResult('memory', result)}`);
}
