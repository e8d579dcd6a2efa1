// Start-up of the compiled command line against a bare `node -e 0` measured in the same run:
// `kairos --help` and `kairos ics inspect` on the 5,000-event feed (whose floor is node's start
// plus the engine's own cold parse + expand in a process of its own). Runs are interleaved and
// the fastest of each counts (other work on a shared machine only ever adds time).
// Run alone: node --import tsx bench/startup.ts [--quick]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_WINDOW, generateExchangeFeed } from './generate-exchange-feed.ts';
import type { WorkerReport } from './ics-worker.ts';
import { round, writeResult } from './stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'kairos.js');
const ICS_WORKER = path.join(ROOT, 'bench', 'ics-worker.ts');

function timed(args: string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TZ: 'UTC' } });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

function engineColdMs(file: string): number {
  const result = spawnSync(process.execPath, ['--import', 'tsx', ICS_WORKER, 'kairos', file, BENCH_WINDOW.from, BENCH_WINDOW.to, '1'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`ics worker failed: ${result.stderr}`);
  const report = JSON.parse(result.stdout.trim().split('\n').pop() as string) as WorkerReport;
  return report.timesMs[0] as number;
}

export async function benchStartup(opts: { quick?: boolean }): Promise<Record<string, unknown>> {
  // a build before timing, so that no run pays for compiling
  timed([BIN, '--help']);
  const dir = mkdtempSync(path.join(tmpdir(), 'kairos-bench-startup-'));
  try {
    const feed = path.join(dir, 'exchange-5000.ics');
    writeFileSync(feed, generateExchangeFeed({ events: 5000 }));
    const runs = opts.quick ? 5 : 11;
    const samples = { node: [] as number[], help: [] as number[], inspect: [] as number[], engine: [] as number[] };
    for (let run = 0; run < runs; run += 1) {
      samples.node.push(timed(['-e', '0']));
      samples.help.push(timed([BIN, '--help']));
      samples.inspect.push(timed([BIN, 'ics', 'inspect', feed, '--from', BENCH_WINDOW.from, '--to', BENCH_WINDOW.to, '--json']));
      samples.engine.push(engineColdMs(feed));
    }
    const best = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, Math.min(...values)])) as Record<
      keyof typeof samples,
      number
    >;
    const helpRatio = best.help / best.node;
    const inspectFloor = best.node + best.engine;
    const inspectRatio = best.inspect / inspectFloor;
    const result = {
      runs,
      nodeMs: round(best.node, 1),
      helpMs: round(best.help, 1),
      helpRatio: round(helpRatio, 2),
      helpMet: helpRatio <= 3,
      engineColdMs: round(best.engine, 1),
      inspectMs: round(best.inspect, 1),
      inspectFloorMs: round(inspectFloor, 1),
      inspectRatio: round(inspectRatio, 2),
      inspectMet: inspectRatio <= 1.3,
    };
    console.log(`start-up (fastest of ${runs}, interleaved): node -e 0 ${result.nodeMs} ms`);
    console.log(
      `  kairos --help            ${result.helpMs} ms = ${result.helpRatio}x node (target <= 3x) ${result.helpMet ? 'met' : 'NOT MET'}`,
    );
    console.log(
      `  kairos ics inspect 5,000 ${result.inspectMs} ms = ${result.inspectRatio}x (node ${result.nodeMs} + engine cold ${result.engineColdMs} ms; target <= 1.3x) ${result.inspectMet ? 'met' : 'NOT MET'}`,
    );
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await benchStartup({ quick: process.argv.includes('--quick') });
  console.log(`wrote ${writeResult('startup', result)}`);
}
