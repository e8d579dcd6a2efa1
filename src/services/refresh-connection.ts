// Refreshes one connection: fetch (conditionally), parse, expand over the horizon, reconcile
// the stored occurrences and record the outcome. A failing, broken or cut-off feed changes
// only the connection's status: what was synced before stays as it was.
import { feedErrorParams, type FetchOutcome } from '../calendar/fetch-feed.ts';
import { createSecretBox } from '../calendar/secret-box.ts';
import type { StoredError } from '../db/calendar-schema.ts';
import { findUser } from '../db/accounts-repository.ts';
import { type ConnectionRow, recordSync, recordSyncStamps, type SyncOwner, type SyncStamp } from '../db/connections-repository.ts';
import { fitsOneStatement, listStoredOccurrences, markRemoved, upsertOccurrences, writeImport } from '../db/occurrences-repository.ts';
import type { Deps } from './deps.ts';
import { type CalendarDeps, DEFAULT_MAX_BACKOFF_S, silentLog } from './calendar-deps.ts';
import { reconcile, toOccurrenceFields } from '../calendar/reconcile.ts';
import { readFetchedFeed } from './read-fetched-feed.ts';
import { autoTrackConnection } from './rules-auto-track.ts';
import { nextRegularSync, nextRetry } from '../domain/sync-schedule.ts';

const DAY_MS = 86_400_000;

export type RefreshResult = {
  connection: ConnectionRow;
  outcome: 'imported' | 'unchanged' | 'failed';
  /** when the scheduler should run it again */
  nextSyncAt: Date;
};

export type RefreshOptions = {
  prefetched?: FetchOutcome | undefined;
  /** the worker collects stamps of unchanged and failed refreshes and writes them per batch */
  stamps?: SyncStamp[] | undefined;
  /** the owner's time zone and whether a rule tracks, read by the worker for its whole batch (else read here) */
  owner?: SyncOwner | undefined;
};

export async function refreshConnection(
  deps: Deps,
  calendar: CalendarDeps,
  connection: ConnectionRow,
  options: RefreshOptions = {},
): Promise<RefreshResult> {
  const result = await refresh(deps, calendar, connection, options);
  calendar.metrics?.observeRefresh(result.outcome, result.outcome === 'failed' ? (result.connection.lastError?.code ?? null) : null);
  return result;
}

async function refresh(deps: Deps, calendar: CalendarDeps, connection: ConnectionRow, options: RefreshOptions): Promise<RefreshResult> {
  const { prefetched, stamps, owner } = options;
  const log = calendar.log ?? silentLog;
  const failed = (error: StoredError, retryAfterMs: number | null, detail: string) =>
    recordFailure(deps, calendar, connection, { at: deps.now(), error, retryAfterMs, detail }, stamps);
  const url = prefetched ? null : openLink(calendar, connection);
  // a link this key cannot open (KAIROS_SECRET changed, or a backup restored without links) is
  // the owner's to paste again: no fetch, no 500, asked again only after the longest backoff
  if (!prefetched && url === null) return linkUnreadable(deps, calendar, connection, stamps);
  const fetched =
    prefetched ?? (await calendar.fetcher.fetch(url as string, { etag: connection.etag, lastModified: connection.lastModified }));
  const now = deps.now();

  if (fetched.kind === 'error') {
    return failed({ code: fetched.code, params: feedErrorParams(fetched) }, fetched.retryAfterMs, fetched.detail);
  }
  // 304, or the same bytes again: no parsing, no writes beyond the sync times
  if (fetched.kind === 'not_modified' || fetched.contentHash === connection.contentHash) {
    const stamp: SyncStamp = {
      id: connection.id,
      success: true,
      ...healthy(connection.detailLevel),
      at: now,
      nextSyncAt: nextRegularSync(now, calendar.syncIntervalS),
      failureCount: 0,
      etag: fetched.etag,
      lastModified: fetched.lastModified,
    };
    const result = {
      connection: await stamped(deps, connection, stamp, stamps),
      outcome: 'unchanged' as const,
      nextSyncAt: stamp.nextSyncAt,
    };
    // meetings end while the feed stays the same: the rules look again after every good refresh
    await trackByRules(deps, calendar, connection, owner);
    return result;
  }

  const window = {
    from: new Date(now.getTime() - calendar.horizon.pastDays * DAY_MS),
    to: new Date(now.getTime() + calendar.horizon.futureDays * DAY_MS),
  };
  const timeZone = owner ? owner.timeZone : ((await findUser(deps.db, connection.orgId, connection.userId))?.timeZone ?? 'UTC');
  const since = new Date(window.from.getTime() - DAY_MS);
  // the worker's refresh reads what is stored while the feed is parsed (one round trip less to wait for)
  const storedBefore = stamps ? listStoredOccurrences(deps.db, connection.id, since) : null;
  // a parse that fails leaves the read unused; its rejection must not go unhandled meanwhile
  storedBefore?.catch(() => undefined);
  // parse and expansion run in the feed reader's worker thread, under a time limit
  const feed = await readFetchedFeed({
    body: fetched.body,
    window: { from: window.from.toISOString(), to: window.to.toISOString() },
    viewerTimeZone: timeZone,
    withOccurrences: true,
  });
  if (!feed.ok) return failed(feed.error, null, feed.detail);
  const occurrences = feed.occurrences.map((occurrence) => toOccurrenceFields(connection.id, occurrence));
  const eventCount = new Set(occurrences.map((occurrence) => occurrence.id)).size;

  const detailLevel = feed.calendar.detailLevel;
  const name = !connection.nameIsCustom && feed.calendar.name ? feed.calendar.name.slice(0, 200) : undefined;
  const nextSyncAt = nextRegularSync(now, calendar.syncIntervalS);
  const owned = { connectionId: connection.id, orgId: connection.orgId, userId: connection.userId };
  const logChanges = (changes: ReturnType<typeof reconcile>) =>
    log.info(
      {
        connectionId: connection.id,
        added: changes.upserts.length,
        removed: changes.removals.length,
        unchanged: changes.unchanged,
        warnings: feed.warningCount,
      },
      'calendar imported',
    );

  if (storedBefore) {
    // the worker does not use the row it gets back: a change that fits one batch is one
    // statement (occurrences and the connection's sync record together), read before it
    const changes = reconcile(await storedBefore, occurrences, window);
    if (fitsOneStatement(changes.upserts.length, changes.removals.length)) {
      const sync = {
        ...healthy(detailLevel),
        detailLevel,
        eventCount,
        name,
        at: now,
        nextSyncAt,
        etag: fetched.etag,
        lastModified: fetched.lastModified,
        contentHash: fetched.contentHash,
      };
      await writeImport(deps.db, owned, changes, now, sync);
      logChanges(changes);
      await trackByRules(deps, calendar, connection, owner);
      const row: ConnectionRow = {
        ...connection,
        status: sync.status,
        lastError: sync.lastError,
        detailLevel,
        eventCount,
        ...(name !== undefined && { name }),
        lastSyncAt: now,
        lastSuccessAt: now,
        nextSyncAt,
        failureCount: 0,
        etag: fetched.etag,
        lastModified: fetched.lastModified,
        contentHash: fetched.contentHash,
      };
      return { connection: row, outcome: 'imported', nextSyncAt };
    }
  }

  const row = await deps.db.transaction(async (tx) => {
    const changes = reconcile(await listStoredOccurrences(tx, connection.id, since), occurrences, window);
    if (changes.upserts.length > 0) await upsertOccurrences(tx, owned, changes.upserts, now);
    if (changes.removals.length > 0) await markRemoved(tx, connection.id, changes.removals, now);
    logChanges(changes);
    return recordSync(tx, connection.id, {
      ...healthy(detailLevel),
      detailLevel,
      eventCount,
      ...(name !== undefined && { name }),
      lastSyncAt: now,
      lastSuccessAt: now,
      nextSyncAt,
      failureCount: 0,
      etag: fetched.etag,
      lastModified: fetched.lastModified,
      contentHash: fetched.contentHash,
    });
  });
  await trackByRules(deps, calendar, connection, owner);
  return { connection: row ?? connection, outcome: 'imported', nextSyncAt: row?.nextSyncAt ?? now };
}

// A failure of the automatic tracking never fails the refresh: the next one tries again.
async function trackByRules(deps: Deps, calendar: CalendarDeps, connection: ConnectionRow, owner: SyncOwner | undefined): Promise<void> {
  // no rule of the owner's tracks automatically: nothing to look at
  if (owner && !owner.tracks) return;
  try {
    const made = await autoTrackConnection(deps, connection);
    if (made > 0) (calendar.log ?? silentLog).info({ connectionId: connection.id, records: made }, 'meetings tracked by rules');
  } catch (error) {
    (calendar.log ?? silentLog).error(
      { connectionId: connection.id, err: error instanceof Error ? error.message : 'unknown' },
      'tracking by rules failed',
    );
  }
}

async function recordFailure(
  deps: Deps,
  calendar: CalendarDeps,
  connection: ConnectionRow,
  failure: { at: Date; error: StoredError; retryAfterMs: number | null; detail: string },
  stamps: SyncStamp[] | undefined,
): Promise<RefreshResult> {
  const failureCount = connection.failureCount + 1;
  const nextSyncAt = nextRetry(
    failure.at,
    failureCount,
    calendar.syncIntervalS,
    calendar.maxBackoffS ?? DEFAULT_MAX_BACKOFF_S,
    failure.retryAfterMs,
  );
  // `detail` comes from the fetcher or parser and never contains the link
  (calendar.log ?? silentLog).warn(
    { connectionId: connection.id, code: failure.error.code, detail: failure.detail, failureCount },
    'calendar refresh failed',
  );
  const stamp: SyncStamp = {
    id: connection.id,
    success: false,
    status: 'error',
    lastError: failure.error,
    at: failure.at,
    nextSyncAt,
    failureCount,
    etag: connection.etag,
    lastModified: connection.lastModified,
  };
  return { connection: await stamped(deps, connection, stamp, stamps), outcome: 'failed', nextSyncAt };
}

/** Writes the stamp now, or hands it to the caller's batch; answers the row as it will be. */
async function stamped(deps: Deps, connection: ConnectionRow, stamp: SyncStamp, batch: SyncStamp[] | undefined): Promise<ConnectionRow> {
  if (batch) batch.push(stamp);
  else await recordSyncStamps(deps.db, [stamp]);
  return {
    ...connection,
    status: stamp.status,
    lastError: stamp.lastError,
    lastSyncAt: stamp.at,
    nextSyncAt: stamp.nextSyncAt,
    failureCount: stamp.failureCount,
    ...(stamp.success && { lastSuccessAt: stamp.at, etag: stamp.etag, lastModified: stamp.lastModified }),
  };
}

/** The connection's link, or null when this key cannot open it (or no link was restored). */
function openLink(calendar: CalendarDeps, connection: Pick<ConnectionRow, 'urlCiphertext'>): string | null {
  if (connection.urlCiphertext === '') return null;
  try {
    return createSecretBox(calendar.secretKey).open(connection.urlCiphertext);
  } catch {
    return null;
  }
}

async function linkUnreadable(
  deps: Deps,
  calendar: CalendarDeps,
  connection: ConnectionRow,
  stamps: SyncStamp[] | undefined,
): Promise<RefreshResult> {
  const at = deps.now();
  const status = unreadableStatus(connection);
  const nextSyncAt = new Date(at.getTime() + (calendar.maxBackoffS ?? DEFAULT_MAX_BACKOFF_S) * 1000);
  (calendar.log ?? silentLog).warn(
    { connectionId: connection.id, code: status },
    'calendar link cannot be read: its owner is asked to paste it again',
  );
  const stamp: SyncStamp = {
    id: connection.id,
    success: false,
    status,
    lastError: { code: status, params: {} },
    at,
    nextSyncAt,
    failureCount: connection.failureCount,
    etag: connection.etag,
    lastModified: connection.lastModified,
  };
  return { connection: await stamped(deps, connection, stamp, stamps), outcome: 'failed', nextSyncAt };
}

/** link_missing for a connection restored without its link, secret_changed for one sealed with another key. */
function unreadableStatus(connection: Pick<ConnectionRow, 'urlCiphertext'>): 'secret_changed' | 'link_missing' {
  return connection.urlCiphertext === '' ? 'link_missing' : 'secret_changed';
}

// "Availability only" publishing imports fine but hides every subject: the connection works,
// so it is `warning` (not `error`), with the fix in lastError where the UI shows problems.
function healthy(detailLevel: ConnectionRow['detailLevel']): Pick<SyncStamp, 'status' | 'lastError'> {
  if (detailLevel === 'availability') return { status: 'warning', lastError: { code: 'availability_only', params: {} } };
  return { status: 'ok', lastError: null };
}
