// A calendar sync worker process on its own: `node --import tsx src/sync/worker-main.ts
// [--worker-id w1] [--poll-ms 1000] [--batch-size 50]`, configured by the environment like
// `kairos serve` (DATABASE_URL, KAIROS_SECRET, KAIROS_CALENDAR_*). It never migrates: run
// `kairos migrate` or `kairos serve` first. Stops cleanly on SIGINT/SIGTERM.
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { createDeps, loadSecretKey, openConfiguredDatabase } from '../runtime.ts';
import { createCalendarDeps, jsonLineLog } from './calendar-runtime.ts';
import { createSyncWorker } from './sync-worker.ts';

const { values } = parseArgs({
  options: { 'worker-id': { type: 'string' }, 'poll-ms': { type: 'string' }, 'batch-size': { type: 'string' } },
  strict: true,
});

const config = loadConfig();
const log = jsonLineLog(config.LOG_LEVEL);
const database = await openConfiguredDatabase(config, { migrate: false });
const deps = createDeps(config, database);
const calendar = createCalendarDeps(config, loadSecretKey(config), log);
const workerId = values['worker-id'] ?? `${hostname()}:${process.pid}`;
const worker = createSyncWorker(deps, calendar, {
  workerId,
  pollMs: Number(values['poll-ms'] ?? 1000),
  ...(values['batch-size'] && { batchSize: Number(values['batch-size']) }),
});
worker.start();
log.info({ workerId }, 'calendar sync worker started');

await new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
});
await worker.stop();
await calendar.fetcher.close();
await database.close();
log.info({ workerId }, 'calendar sync worker stopped');
