// The calendar sync worker: claims due jobs (FOR UPDATE SKIP LOCKED, with a lease) and
// refreshes their connections. Runs in-process with `kairos serve` or alone with `kairos worker`;
// any number of workers share one PostgreSQL database without fetching a connection twice.
import {
  claimDueJobs, type ConnectionRow, deleteJobs, findConnectionsByIds, finishJobs, recordSyncStamps, type SyncStamp,
} from '../db/connections-repository.ts';
import type { Deps } from '../services/deps.ts';
import { type CalendarDeps, silentLog } from '../services/calendar-deps.ts';
import { refreshConnection } from '../services/refresh-connection.ts';

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

  async function refresh(connection: ConnectionRow, stamps: SyncStamp[]): Promise<Date> {
    try {
      return (await refreshConnection(deps, calendar, connection, { stamps })).nextSyncAt;
    } catch (error) {
      log.error({ connectionId: connection.id, err: error instanceof Error ? error.name : 'unknown' }, 'calendar refresh crashed');
      // try again after one interval rather than hammering a broken state
      return new Date(deps.now().getTime() + calendar.syncIntervalS * 1000);
    }
  }

  type Batch = { pending: number; stamps: SyncStamp[]; finished: { connectionId: string; dueAt: Date }[] };

  // A claimed batch's unchanged and failed refreshes and the release of its jobs: one commit.
  async function flush(batch: Batch): Promise<void> {
    await deps.db.transaction(async (tx) => {
      await recordSyncStamps(tx, batch.stamps);
      await finishJobs(tx, options.workerId, batch.finished);
    });
  }

  // `concurrency` lanes refresh connections from one queue; the next batch is claimed while the
  // last few of the current one are still being fetched, so no lane waits on a slow straggler.
  async function runOnce(): Promise<number> {
    let total = 0;
    let exhausted = false;
    let failure: unknown = null;
    let claiming: Promise<void> | null = null;
    const queue: { connection: ConnectionRow; batch: Batch }[] = [];
    const flushes: Promise<void>[] = [];

    async function claimMore(): Promise<void> {
      try {
        const ids = await claimDueJobs(deps.db, options.workerId, deps.now(), leaseMs, batchSize);
        total += ids.length;
        if (ids.length < batchSize || halting) exhausted = true;
        if (ids.length === 0) return;
        const rows = await findConnectionsByIds(deps.db, ids);
        const runnable = rows.filter((row) => row.enabled);
        const runnableIds = new Set(runnable.map((row) => row.id));
        // switched off (or deleted) after the job was claimed: never fetch it
        await deleteJobs(deps.db, ids.filter((id) => !runnableIds.has(id)));
        const batch: Batch = { pending: runnable.length, stamps: [], finished: [] };
        for (const connection of runnable) queue.push({ connection, batch });
      } catch (error) {
        failure ??= error;
        exhausted = true;
      }
    }
    const claim = () => (claiming ??= claimMore().finally(() => { claiming = null; }));

    async function lane(): Promise<void> {
      for (;;) {
        const item = queue.shift();
        if (item === undefined) {
          if (exhausted && claiming === null) return;
          await claim();
          continue;
        }
        if (queue.length < concurrency && !exhausted) void claim();
        const dueAt = await refresh(item.connection, item.batch.stamps);
        item.batch.finished.push({ connectionId: item.connection.id, dueAt });
        item.batch.pending -= 1;
        if (item.batch.pending === 0) flushes.push(flush(item.batch));
      }
    }

    await Promise.all(Array.from({ length: concurrency }, lane));
    await Promise.all(flushes);
    if (failure !== null) throw failure;
    return total;
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
