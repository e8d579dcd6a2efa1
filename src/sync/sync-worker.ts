// The calendar sync worker: claims due jobs (FOR UPDATE SKIP LOCKED, with a short lease it
// renews while working: a heartbeat) and
// refreshes their connections. Runs in-process with `kairos serve` or alone with `kairos worker`;
// any number of workers share one PostgreSQL database without fetching a connection twice.
import {
  claimDueJobs,
  type ConnectionRow,
  deleteJobs,
  findConnectionsByIds,
  findSyncOwners,
  finishJobs,
  recordSyncStamps,
  renewLeases,
  type SyncOwner,
  syncOwnerKey,
  type SyncStamp,
} from '../db/connections-repository.ts';
import { SYNC_HEARTBEAT_MS, SYNC_LEASE_MS } from '../domain/sync-schedule.ts';
import type { Deps } from '../services/deps.ts';
import { type CalendarDeps, silentLog } from '../services/calendar-deps.ts';
import { refreshConnection } from '../services/refresh-connection.ts';

export type SyncWorker = {
  start(): void;
  stop(): Promise<void>;
  runOnce(): Promise<number>;
  /** the heartbeat: extends the lease of every job this worker is still working on */
  renewLeases(): Promise<void>;
};

export type SyncWorkerOptions = {
  workerId: string;
  pollMs: number;
  /** jobs claimed per round */
  batchSize?: number;
  /** refreshes running at once */
  concurrency?: number;
  /** how long a claim is exclusive without a renewal (a dead worker's jobs wait this long) */
  leaseMs?: number;
  /** how often the leases of jobs being worked on are renewed; well under leaseMs */
  heartbeatMs?: number;
};

export function createSyncWorker(deps: Deps, calendar: CalendarDeps, options: SyncWorkerOptions): SyncWorker {
  const log = calendar.log ?? silentLog;
  const batchSize = options.batchSize ?? 50;
  const concurrency = options.concurrency ?? 8;
  const leaseMs = options.leaseMs ?? SYNC_LEASE_MS;
  const heartbeatMs = options.heartbeatMs ?? Math.min(SYNC_HEARTBEAT_MS, leaseMs / 3);
  // claimed and not yet released: what the heartbeat renews
  const held = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;
  let halting = false;

  async function refresh(connection: ConnectionRow, stamps: SyncStamp[], owner: SyncOwner): Promise<Date> {
    try {
      return (await refreshConnection(deps, calendar, connection, { stamps, owner })).nextSyncAt;
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
    for (const job of batch.finished) held.delete(job.connectionId);
  }

  async function renew(): Promise<void> {
    if (held.size === 0) return;
    const ids = [...held];
    const still = new Set(await renewLeases(deps.db, options.workerId, ids, deps.now(), leaseMs));
    // a job whose lease was lost (this worker was presumed dead) is another worker's now
    for (const id of ids) if (!still.has(id)) held.delete(id);
  }

  // `concurrency` lanes refresh connections from one queue; the next batch is claimed while the
  // last few of the current one are still being fetched, so no lane waits on a slow straggler.
  async function runOnce(): Promise<number> {
    let total = 0;
    let exhausted = false;
    let failure: unknown = null;
    let claiming: Promise<void> | null = null;
    const queue: { connection: ConnectionRow; batch: Batch; owner: SyncOwner }[] = [];
    const flushes: Promise<void>[] = [];
    const claimed: string[] = [];

    async function claimMore(): Promise<void> {
      try {
        const ids = await claimDueJobs(deps.db, options.workerId, deps.now(), leaseMs, batchSize);
        for (const id of ids) {
          held.add(id);
          claimed.push(id);
        }
        total += ids.length;
        if (ids.length < batchSize || halting) exhausted = true;
        if (ids.length === 0) return;
        const rows = await findConnectionsByIds(deps.db, ids);
        const runnable = rows.filter((row) => row.enabled);
        const runnableIds = new Set(runnable.map((row) => row.id));
        // switched off (or deleted) after the job was claimed: never fetch it
        const gone = ids.filter((id) => !runnableIds.has(id));
        await deleteJobs(deps.db, gone);
        for (const id of gone) held.delete(id);
        const owners = await findSyncOwners(deps.db, runnable);
        const batch: Batch = { pending: runnable.length, stamps: [], finished: [] };
        for (const connection of runnable) {
          const owner = owners.get(syncOwnerKey(connection.orgId, connection.userId)) ?? { timeZone: 'UTC', tracks: false };
          queue.push({ connection, batch, owner });
        }
      } catch (error) {
        failure ??= error;
        exhausted = true;
      }
    }
    const claim = () =>
      (claiming ??= claimMore().finally(() => {
        claiming = null;
      }));

    async function lane(): Promise<void> {
      for (;;) {
        const item = queue.shift();
        if (item === undefined) {
          if (exhausted && claiming === null) return;
          await claim();
          continue;
        }
        if (queue.length < concurrency && !exhausted) void claim();
        const dueAt = await refresh(item.connection, item.batch.stamps, item.owner);
        item.batch.finished.push({ connectionId: item.connection.id, dueAt });
        item.batch.pending -= 1;
        if (item.batch.pending === 0) flushes.push(flush(item.batch));
      }
    }

    const heartbeat = setInterval(() => {
      renew().catch((error: unknown) => log.warn({ err: error instanceof Error ? error.message : 'unknown' }, 'sync lease renewal failed'));
    }, heartbeatMs);
    heartbeat.unref();
    try {
      await Promise.all(Array.from({ length: concurrency }, lane));
      await Promise.all(flushes);
    } finally {
      clearInterval(heartbeat);
      // a job left unfinished by a failed round is not renewed any more: its lease runs out
      for (const id of claimed) held.delete(id);
    }
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
    renewLeases: renew,
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
