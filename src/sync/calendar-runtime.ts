// Builds the calendar features' dependencies from the configuration (main.ts, `kairos worker`).
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { createFeedFetcher } from '../calendar/fetch-feed.ts';
import type { Config } from '../config.ts';
import { createLogger } from '../log.ts';
import { DatabaseUnavailableError, isMigrated } from '../db/database.ts';
import { createDeps, loadSecretKey, openConfiguredDatabase, secretKeySource, untilStopped } from '../runtime.ts';
import { checkKeyAtStart } from '../services/secret-key.ts';
import { type CalendarDeps, DEFAULT_HORIZON, type SyncLog } from '../services/calendar-deps.ts';
import { createSyncWorker } from './sync-worker.ts';

export function createCalendarDeps(config: Config, secretKey: Uint8Array, log?: SyncLog): CalendarDeps {
  const fetcher = createFeedFetcher({
    maxBytes: config.KAIROS_FEED_MAX_BYTES,
    timeoutMs: config.KAIROS_FEED_TIMEOUT_MS,
    allowHosts: config.KAIROS_CALENDAR_ALLOW_HOSTS,
    ...(config.KAIROS_CALENDAR_CA_FILE && { caPem: readFileSync(config.KAIROS_CALENDAR_CA_FILE, 'utf8') }),
  });
  return {
    secretKey,
    fetcher,
    syncIntervalS: config.KAIROS_SYNC_INTERVAL_S,
    horizon: { ...DEFAULT_HORIZON },
    ...(log && { log }),
  };
}

export type WorkerProcessOptions = {
  workerId?: string;
  pollMs?: number;
  batchSize?: number;
  signal?: AbortSignal;
  /** the one line said when KAIROS_SECRET does not open stored links */
  onKeyWarning?: (line: string) => void;
};

// `kairos worker`: the sync worker alone until SIGINT/SIGTERM (or `signal`). It never migrates:
// `kairos migrate` or `kairos serve` does that.
export async function runCalendarWorker(config: Config, options: WorkerProcessOptions = {}): Promise<void> {
  const log = createLogger(config.LOG_LEVEL);
  // listening for the stop signals before anything else: see untilStopped
  const stopped = untilStopped(options.signal);
  const database = await openConfiguredDatabase(config, { migrate: false });
  // polling a database without this build's tables would fail at every round, forever
  if (!(await isMigrated(database.db).catch(() => false))) {
    await database.close();
    throw new DatabaseUnavailableError(
      `the database ${config.DATABASE_URL ? 'at DATABASE_URL' : `in ${config.KAIROS_DATA_DIR}`} lacks migrations this build needs: run "kairos migrate" (or start "kairos serve" once), then start the worker again`,
    );
  }
  const secretKey = loadSecretKey(config);
  const keyWarning = await checkKeyAtStart(database.db, secretKey, secretKeySource(config));
  if (keyWarning) (options.onKeyWarning ?? ((line: string) => log.warn({}, line)))(keyWarning);
  const calendar = createCalendarDeps(config, secretKey, log);
  const workerId = options.workerId ?? `${hostname()}:${process.pid}`;
  const worker = createSyncWorker(createDeps(config, database), calendar, {
    workerId,
    pollMs: options.pollMs ?? 1000,
    ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
  });
  worker.start();
  log.info({ workerId }, 'calendar sync worker started');
  await stopped;
  await worker.stop();
  await calendar.fetcher.close();
  await database.close();
  log.info({ workerId }, 'calendar sync worker stopped');
}
