// The calendar sync worker: claims due jobs (FOR UPDATE SKIP LOCKED, with a lease) and
// refreshes their connections. Runs in-process with `kairos serve` or alone with `kairos worker`;
// any number of workers share one PostgreSQL database without fetching a connection twice.
import { deleteJob, claimDueJobs, findConnectionsByIds, finishJob } from '../db/connections-repository.ts';
import type { Deps } from '../services/deps.ts';
import { type CalendarDeps, silentLog } from './calendar-deps.ts';
import { refreshConnection } from './refresh-connection.ts';

export type SyncWorker = { start(): void; stop(): Promise<void>; runOnce(): Promise<number> };

export type SyncWorkerOptions = {
  workerId: string;
  pollMs: number;
  /** jobs claimed per round */
  batchSize?: number;
  /** refreshes running at once */
  concurrency?: number;
  /** how long a claim is exclusive; longer than any one refresh can take */
  leaseMs?: number;
};

export function createSyncWorker(deps: Deps, calendar: CalendarDeps, options: SyncWorkerOptions): SyncWorker {
  const log = calendar.log ?? silentLog;
  const batchSize = options.batchSize ?? 50;
  const concurrency = options.concurrency ?? 8;
  const leaseMs = options.leaseMs ?? 10 * 60_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;
  let halting = false;

  async function runJob(connectionId: string): Promise<void> {
    const [connection] = await findConnectionsByIds(deps.db, [connectionId]);
    if (!connection || !connection.enabled) {
      // switched off (or deleted) after the job was claimed: never fetch it
      await deleteJob(deps.db, connectionId);
      return;
    }
    try {
      const result = await refreshConnection(deps, calendar, connection);
      await finishJob(deps.db, connectionId, options.workerId, result.nextSyncAt);
    } catch (error) {
      log.error({ connectionId, err: error instanceof Error ? error.name : 'unknown' }, 'calendar refresh crashed');
      // try again after one interval rather than hammering a broken state
      await finishJob(deps.db, connectionId, options.workerId, new Date(deps.now().getTime() + calendar.syncIntervalS * 1000));
    }
  }

  async function runOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const ids = await claimDueJobs(deps.db, options.workerId, deps.now(), leaseMs, batchSize);
      if (ids.length === 0) return total;
      total += ids.length;
      let next = 0;
      const lanes = Array.from({ length: Math.min(concurrency, ids.length) }, async () => {
        while (next < ids.length) {
          const id = ids[next++]!;
          await runJob(id);
        }
      });
      await Promise.all(lanes);
      if (ids.length < batchSize || halting) return total;
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      running = runOnce()
        .then((refreshed) => {
          if (refreshed > 0) log.info({ workerId: options.workerId, refreshed }, 'sync round');
        })
        .catch((error: unknown) => log.error({ err: error instanceof Error ? error.message : 'unknown' }, 'sync round failed'))
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, options.pollMs);
  }

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      halting = false;
      schedule();
    },
    async stop() {
      stopped = true;
      halting = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
