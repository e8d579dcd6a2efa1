// The calendar sync worker: claims due jobs (FOR UPDATE SKIP LOCKED, with a lease) and
// refreshes their connections. Runs in-process with `kairos serve` or alone with `kairos worker`;
// any number of workers share one PostgreSQL database without fetching a connection twice.
import { claimDueJobs, type ConnectionRow, deleteJobs, findConnectionsByIds, finishJobs } from '../db/connections-repository.ts';
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

  async function refresh(connection: ConnectionRow): Promise<Date> {
    try {
      return (await refreshConnection(deps, calendar, connection)).nextSyncAt;
    } catch (error) {
      log.error({ connectionId: connection.id, err: error instanceof Error ? error.name : 'unknown' }, 'calendar refresh crashed');
      // try again after one interval rather than hammering a broken state
      return new Date(deps.now().getTime() + calendar.syncIntervalS * 1000);
    }
  }

  // One batch: load the claimed connections at once, refresh them `concurrency` at a time,
  // then release all their jobs in one statement.
  async function runBatch(ids: string[]): Promise<void> {
    const rows = await findConnectionsByIds(deps.db, ids);
    const runnable = rows.filter((row) => row.enabled);
    const runnableIds = new Set(runnable.map((row) => row.id));
    // switched off (or deleted) after the job was claimed: never fetch it
    await deleteJobs(deps.db, ids.filter((id) => !runnableIds.has(id)));
    const finished: { connectionId: string; dueAt: Date }[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(concurrency, runnable.length) }, async () => {
      while (next < runnable.length) {
        const connection = runnable[next++]!;
        finished.push({ connectionId: connection.id, dueAt: await refresh(connection) });
      }
    }));
    await finishJobs(deps.db, options.workerId, finished);
  }

  async function runOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const ids = await claimDueJobs(deps.db, options.workerId, deps.now(), leaseMs, batchSize);
      if (ids.length === 0) return total;
      total += ids.length;
      await runBatch(ids);
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
