// One library per process, so that peak memory (maxRSS) belongs to that library alone.
// Usage: node --import tsx bench/ics-worker.ts <kairos|node-ical|ical.js|baseline> <feed.ics> <from> <to> <runs>
import { readFileSync } from 'node:fs';

export type WorkerReport = { lib: string; timesMs: number[]; occurrences: number; maxRssMb: number };

const decoder = new TextDecoder();

type Runner = (bytes: Uint8Array, window: { from: string; to: string }) => number;

// only the measured library is loaded, so the others' code does not count towards its memory
async function loadRunner(lib: string): Promise<Runner> {
  switch (lib) {
    case 'kairos': {
      const { expandOccurrences, parseFeed } = await import('../src/calendar/read-feed.ts');
      return (bytes, window) => {
        const result = parseFeed(bytes);
        if (!result.ok) throw new Error(result.error.message);
        return expandOccurrences(result.feed, window).length;
      };
    }
    // the peers take text: decoding the body is part of their work, as it is of ours
    case 'node-ical': {
      const { nodeIcalOccurrences } = await import('./ics-peers.ts');
      return (bytes, window) => nodeIcalOccurrences(decoder.decode(bytes), window).length;
    }
    case 'ical.js': {
      const { icalJsOccurrences } = await import('./ics-peers.ts');
      return (bytes, window) => icalJsOccurrences(decoder.decode(bytes), window).length;
    }
    case 'baseline':
      return () => 0;
    default:
      throw new Error(`unknown library ${lib}`);
  }
}

async function main(): Promise<void> {
  const [lib = '', file = '', from = '', to = '', runs = '3'] = process.argv.slice(2);
  const runner = await loadRunner(lib);
  const bytes = new Uint8Array(readFileSync(file));
  const timesMs: number[] = [];
  let occurrences = 0;
  for (let run = 0; run < Number(runs); run++) {
    const started = performance.now();
    occurrences = runner(bytes, { from, to });
    timesMs.push(performance.now() - started);
  }
  const report: WorkerReport = { lib, timesMs, occurrences, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

await main();
