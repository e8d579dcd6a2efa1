// RRULE fuzz: generated feeds (every frequency, every rule part, extreme values; see
// src/calendar/random-rule-feed.ts), each parsed and expanded over the sync horizon. Reports the
// slowest feed (CPU and wall time) and the most work units any feed spent; a feed over the
// stated bound or any exception fails the run. Run alone: node --import tsx bench/rrule-fuzz.ts [--quick]
import { pathToFileURL } from 'node:url';
import { MAX_FEED_WORK, OCCURRENCE_WORK } from '../src/calendar/expand-occurrences.ts';
import { FUZZ_WINDOW, randomRuleFeed, seededRandom } from '../src/calendar/random-rule-feed.ts';
import { expandOccurrencesWithWarnings, parseFeed } from '../src/calendar/read-feed.ts';
import { percentile, round, writeResult } from './stats.ts';

/** The stated bound of one feed's parse and expansion (a fuzz feed is small: the bound is the expansion's). */
export const FEED_CPU_BOUND_MS = 1500;
const SEED = 20_261_202;

type Worst = { ms: number; rules: string[] };

export async function benchRruleFuzz(opts: { quick?: boolean }): Promise<Record<string, unknown>> {
  const cases = Number(process.env.FUZZ_CASES ?? (opts.quick ? 5000 : 100_000));
  const random = seededRandom(SEED);
  const cpuMs: number[] = [];
  let maxWallMs = 0,
    maxWork = 0,
    overBound = 0,
    overWork = 0,
    exceptions = 0,
    occurrences = 0,
    cut = 0;
  let slowest: Worst = { ms: 0, rules: [] };
  const failures: { rules: string[]; error: string }[] = [];
  const started = performance.now();
  for (let index = 0; index < cases; index++) {
    const { body, rules } = randomRuleFeed(random);
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    try {
      const parsed = parseFeed(body);
      if (parsed.ok) {
        const expansion = expandOccurrencesWithWarnings(parsed.feed, FUZZ_WINDOW, { viewerTimeZone: 'Europe/Prague' });
        occurrences += expansion.occurrences.length;
        maxWork = Math.max(maxWork, expansion.workUsed);
        // a series may overshoot by its last kept occurrence
        if (expansion.workUsed > MAX_FEED_WORK + OCCURRENCE_WORK) overWork++;
        if (expansion.warnings.some((warning) => warning.code === 'limit_reached')) cut++;
      }
    } catch (error) {
      exceptions++;
      if (failures.length < 5) failures.push({ rules, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
    const wallMs = performance.now() - wallBefore;
    const cpu = process.cpuUsage(cpuBefore);
    const ms = (cpu.user + cpu.system) / 1000;
    cpuMs.push(ms);
    maxWallMs = Math.max(maxWallMs, wallMs);
    if (ms > FEED_CPU_BOUND_MS) overBound++;
    if (ms > slowest.ms) slowest = { ms, rules };
  }
  const result = {
    cases,
    seed: SEED,
    window: FUZZ_WINDOW,
    boundCpuMs: FEED_CPU_BOUND_MS,
    maxFeedWork: MAX_FEED_WORK,
    maxCpuMs: round(slowest.ms),
    maxWallMs: round(maxWallMs),
    p50CpuMs: round(percentile(cpuMs, 50)),
    p99CpuMs: round(percentile(cpuMs, 99)),
    maxWorkUnits: maxWork,
    overBound,
    overWork,
    exceptions,
    feedsCut: cut,
    occurrences,
    totalS: round((performance.now() - started) / 1000, 1),
    slowestRules: slowest.rules,
    failures,
  };
  console.log(
    `rrule fuzz: ${cases} feeds (seed ${SEED}) in ${result.totalS} s; slowest ${result.maxCpuMs} ms CPU (${result.maxWallMs} ms wall max), ` +
      `p99 ${result.p99CpuMs} ms; most work ${maxWork} of ${MAX_FEED_WORK} units; ${overBound} over ${FEED_CPU_BOUND_MS} ms, ${overWork} over the work budget, ` +
      `${exceptions} exceptions; ${cut} feeds cut with a warning`,
  );
  if (exceptions > 0 || overBound > 0 || overWork > 0) {
    console.log(`rrule fuzz FAILED: ${JSON.stringify({ failures, slowestRules: slowest.rules }, null, 2)}`);
    process.exitCode = 1;
  }
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchRruleFuzz({ quick: process.argv.includes('--quick') });
  console.log(`wrote ${writeResult('rrule-fuzz', result)}`);
}
