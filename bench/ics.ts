// ICS engine benchmark: Kairos vs node-ical 0.27.2 (its expandRecurringEvent helper) and
// ical.js 2.2.1 (ICAL.Event + iterator) on a generated Exchange-style feed. Each library runs
// in its own process so that peak memory is its own. Run alone: node --import tsx bench/ics.ts
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expandOccurrences, parseFeed } from '../src/calendar/read-feed.ts';
import { BENCH_WINDOW, generateExchangeFeed } from './generate-exchange-feed.ts';
import { icalJsOccurrences, nodeIcalOccurrences, occurrenceLines, type PeerOccurrence } from './ics-peers.ts';
import type { WorkerReport } from './ics-worker.ts';

const LIBRARIES = ['kairos', 'node-ical', 'ical.js'] as const;
type Library = (typeof LIBRARIES)[number];
const PEERS: Record<Exclude<Library, 'kairos'>, (text: string, window: typeof BENCH_WINDOW) => PeerOccurrence[]> = {
  'node-ical': nodeIcalOccurrences,
  'ical.js': icalJsOccurrences,
};
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORKER = fileURLToPath(new URL('./ics-worker.ts', import.meta.url));

type LibraryResult = {
  sameSet: boolean | null;
  differences: string[];
  coldMs: number;
  warmMs: number;
  warmMedianMs: number;
  peakRssMb: number;
};
type FeedResult = {
  events: number;
  bytes: number;
  occurrences: number;
  baselineRssMb: number;
  libraries: Partial<Record<Library, LibraryResult>>;
};

function worker(lib: string, file: string, runs: number): WorkerReport {
  const result = spawnSync(process.execPath, ['--import', 'tsx', WORKER, lib, file, BENCH_WINDOW.from, BENCH_WINDOW.to, String(runs)], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC' },
    maxBuffer: 1 << 24,
  });
  if (result.status !== 0) throw new Error(`${lib} worker failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() as string) as WorkerReport;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function kairosLines(bytes: Uint8Array): string[] {
  const result = parseFeed(bytes);
  if (!result.ok) throw new Error(result.error.message);
  return occurrenceLines(expandOccurrences(result.feed, BENCH_WINDOW));
}

function compare(ours: string[], theirs: string[]): string[] {
  const mine = new Set(ours),
    peer = new Set(theirs);
  return [
    ...ours.filter((line) => !peer.has(line)).map((line) => `only kairos: ${line}`),
    ...theirs.filter((line) => !mine.has(line)).map((line) => `only peer:   ${line}`),
  ];
}

function measureFeed(events: number, withPeers: boolean, runs: number, dir: string): FeedResult {
  const bytes = generateExchangeFeed({ events });
  const file = join(dir, `exchange-${events}.ics`);
  writeFileSync(file, bytes);
  const ours = kairosLines(bytes);
  const feed: FeedResult = {
    events,
    bytes: bytes.length,
    occurrences: ours.length,
    baselineRssMb: worker('baseline', file, 1).maxRssMb,
    libraries: {},
  };
  for (const lib of LIBRARIES) {
    if (lib !== 'kairos' && !withPeers) continue;
    // the occurrence sets are compared before anything is timed
    const differences = lib === 'kairos' ? [] : compare(ours, occurrenceLines(PEERS[lib](new TextDecoder().decode(bytes), BENCH_WINDOW)));
    const memory = worker(lib, file, 1);
    const timing = worker(lib, file, runs);
    feed.libraries[lib] = {
      sameSet: lib === 'kairos' ? null : differences.length === 0,
      differences: differences.slice(0, 20),
      coldMs: Math.min(memory.timesMs[0] as number, timing.timesMs[0] as number),
      // the fastest warm run: other work on a shared machine only ever adds time
      warmMs: Math.min(...timing.timesMs.slice(1)),
      warmMedianMs: median(timing.timesMs.slice(1)),
      peakRssMb: memory.maxRssMb,
    };
  }
  return feed;
}

function fixed(value: number, digits = 0): string {
  return value.toFixed(digits);
}

function printFeed(feed: FeedResult): string[] {
  const kairos = feed.libraries.kairos as LibraryResult;
  const lines = [
    `ICS parse + expand ${BENCH_WINDOW.from.slice(0, 10)}..${BENCH_WINDOW.to.slice(0, 10)} (EU and US DST end): ${feed.events.toLocaleString('en')} VEVENTs, ${(feed.bytes / 1e6).toFixed(1)} MB, ${feed.occurrences} occurrences; process baseline ${fixed(feed.baselineRssMb)} MB`,
    '  cold = first run in a fresh process; warm = fastest later run (median beside it); x = peer / kairos',
    `  ${'library'.padEnd(10)} ${'same set'.padEnd(9)} ${'cold ms'.padStart(8)} ${'warm ms'.padStart(8)} ${'median'.padStart(8)} ${'peak MB'.padStart(8)} ${'cold x'.padStart(7)} ${'warm x'.padStart(7)} ${'memory x'.padStart(9)}`,
  ];
  for (const [lib, result] of Object.entries(feed.libraries)) {
    const same = result.sameSet === null ? '-' : result.sameSet ? 'yes' : `NO (${result.differences.length})`;
    lines.push(
      `  ${lib.padEnd(10)} ${same.padEnd(9)} ${fixed(result.coldMs).padStart(8)} ${fixed(result.warmMs).padStart(8)} ${fixed(result.warmMedianMs).padStart(8)} ${fixed(result.peakRssMb).padStart(8)} ${fixed(result.coldMs / kairos.coldMs, 2).padStart(7)} ${fixed(result.warmMs / kairos.warmMs, 2).padStart(7)} ${fixed(result.peakRssMb / kairos.peakRssMb, 2).padStart(9)}`,
    );
    for (const difference of result.differences) lines.push(`      ${difference}`);
  }
  return lines;
}

function targets(feed: FeedResult): Record<string, unknown> {
  const kairos = feed.libraries.kairos as LibraryResult;
  const peers = Object.entries(feed.libraries).filter(([lib, result]) => lib !== 'kairos' && result.sameSet);
  if (peers.length === 0) return { comparable: false };
  const fastestCold = Math.min(...peers.map(([, result]) => result.coldMs));
  const fastestWarm = Math.min(...peers.map(([, result]) => result.warmMs));
  const leastMemory = Math.min(...peers.map(([, result]) => result.peakRssMb));
  return {
    comparable: true,
    speedupColdVsFastestPeer: fastestCold / kairos.coldMs,
    speedupWarmVsFastestPeer: fastestWarm / kairos.warmMs,
    peakMemoryVsLeanestPeer: kairos.peakRssMb / leastMemory,
    met: fastestCold / kairos.coldMs >= 2 && fastestWarm / kairos.warmMs >= 2 && kairos.peakRssMb <= leastMemory,
  };
}

function gitCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--', 'src/calendar', 'bench'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${commit}+dirty` : commit;
  } catch {
    return 'unknown';
  }
}

function propertyRuns(runs: number): { runs: number; passed: boolean; seconds: number } {
  // the damaged-feed property of the test suite, with many more runs than `npm test` affords
  const started = performance.now();
  const result = spawnSync('npx', ['vitest', 'run', 'src/calendar/read-feed.property.test.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC', KAIROS_PROPERTY_RUNS: String(runs) },
    maxBuffer: 1 << 24,
  });
  return { runs, passed: result.status === 0, seconds: (performance.now() - started) / 1000 };
}

async function measureIcs(opts: { quick?: boolean }) {
  const dir = mkdtempSync(join(tmpdir(), 'kairos-bench-ics-'));
  try {
    const small = measureFeed(5000, true, opts.quick ? 3 : 7, dir);
    // peers need tens of seconds on 50,000 events: only in the full run
    const large = measureFeed(50_000, !opts.quick, opts.quick ? 2 : 3, dir);
    const property = propertyRuns(opts.quick ? 5000 : 50_000);
    const table = [
      ...printFeed(small),
      '',
      ...printFeed(large),
      '',
      `property test on damaged fixtures: ${property.runs} runs ${property.passed ? 'passed' : 'FAILED'} in ${property.seconds.toFixed(1)} s`,
    ];
    const result = {
      name: 'ics',
      commit: gitCommit(),
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      quick: opts.quick ?? false,
      window: BENCH_WINDOW,
      targets: targets(small),
      sameSets: [small, large].every((feed) => Object.values(feed.libraries).every((library) => library.sameSet !== false)),
      property,
      growth: {
        eventsFactor: 10,
        kairosColdFactor: (large.libraries.kairos as LibraryResult).coldMs / (small.libraries.kairos as LibraryResult).coldMs,
        kairosWarmFactor: (large.libraries.kairos as LibraryResult).warmMs / (small.libraries.kairos as LibraryResult).warmMs,
      },
      feeds: [small, large],
      table,
    };
    console.log(table.join('\n'));
    console.log(`target (>= 2x faster than the fastest identical peer, no more peak memory): ${JSON.stringify(result.targets)}`);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchIcs(opts: { quick?: boolean }): Promise<Record<string, unknown>> {
  return measureIcs(opts);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await measureIcs({ quick: process.argv.includes('--quick') });
  const out = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'ics.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${join(out, 'ics.json')}`);
  // differing occurrence sets or a failing property make the run fail, not just print
  if (!result.sameSets || !result.property.passed) process.exitCode = 1;
}
