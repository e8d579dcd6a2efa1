// A calendar sync worker process on its own: `node --import tsx src/sync/worker-main.ts
// [--worker-id w1] [--poll-ms 1000] [--batch-size 50]`, configured by the environment like
// `kairos serve` (DATABASE_URL, KAIROS_SECRET, KAIROS_CALENDAR_*). Stops on SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { runCalendarWorker } from './calendar-runtime.ts';

const { values } = parseArgs({
  options: { 'worker-id': { type: 'string' }, 'poll-ms': { type: 'string' }, 'batch-size': { type: 'string' } },
  strict: true,
});

await runCalendarWorker(loadConfig(), {
  ...(values['worker-id'] && { workerId: values['worker-id'] }),
  ...(values['poll-ms'] && { pollMs: Number(values['poll-ms']) }),
  ...(values['batch-size'] && { batchSize: Number(values['batch-size']) }),
});
