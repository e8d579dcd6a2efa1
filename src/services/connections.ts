// Use cases of a user's connected calendars. A connection is its owner's alone: every lookup
// is by (org, user, id), so anyone else (owners and admins included) gets not_found.
import { checkLink, detectProvider, maskUrl } from '../calendar/check-link.ts';
import { feedCalendarName } from '../calendar/fetch-classify.ts';
import { feedErrorParams, type FetchOutcome } from '../calendar/fetch-feed.ts';
import { linkHash } from '../calendar/link-hash.ts';
import { createSecretBox } from '../calendar/secret-box.ts';
import type { Connection } from '../contract/connections.ts';
import * as repo from '../db/connections-repository.ts';
import type { Actor } from '../domain/actor.ts';
import { AppError } from '../errors.ts';
import { translate } from '../i18n/translate.ts';
import type { CalendarDeps } from './calendar-deps.ts';
import { refreshConnection } from './refresh-connection.ts';
import { readFetchedFeed } from './read-fetched-feed.ts';
import { versionConflict } from './accounts.ts';
import { presentConnection, renderNotice, renderProblem } from './connections-present.ts';
import type { Deps } from './deps.ts';
import { newId } from './secrets.ts';

const DAY_MS = 86_400_000;

export async function listConnections(deps: Deps, actor: Actor): Promise<Connection[]> {
  const rows = await repo.listConnections(deps.db, actor.orgId, actor.userId);
  return rows.map((row) => presentConnection(row, actor.language));
}

async function findOwn(deps: Deps, actor: Actor, id: string): Promise<repo.ConnectionRow> {
  const row = await repo.findConnection(deps.db, actor.orgId, actor.userId, id);
  if (!row) throw new AppError('not_found', 'no such connection of this user');
  return row;
}

export async function getConnection(deps: Deps, actor: Actor, id: string): Promise<Connection> {
  return presentConnection(await findOwn(deps, actor, id), actor.language);
}

export type PreparedLink = { url: string; notices: { code: string }[]; outcome: FetchOutcome };

// The link check of a save, plus one fetch: a link answering with something that is no
// calendar at all is refused (422 not_ics); any other feed problem is saved as lastError.
// The route runs it before any transaction opens (no network I/O inside one).
// A feed the user has connected already is refused before anything is fetched.
export async function checkAndFetch(
  deps: Deps,
  calendar: CalendarDeps,
  actor: Actor,
  input: string,
  exceptId?: string,
): Promise<PreparedLink> {
  const check = checkLink(input);
  if (!check.ok) throw new AppError(check.code, `link check failed: ${check.code}`, check.params);
  await assertNotConnected(deps, calendar, actor, check.url, exceptId);
  const outcome = await calendar.fetcher.fetch(check.url);
  if (outcome.kind === 'error' && outcome.code === 'not_ics')
    throw new AppError('not_ics', 'the link answers with something other than iCalendar');
  return { url: check.url, notices: check.notices, outcome };
}

export async function createConnection(
  deps: Deps,
  calendar: CalendarDeps,
  actor: Actor,
  input: { url: string; name?: string | undefined; enabled?: boolean | undefined; provider?: 'exchange' | 'ics' | undefined },
  prepared?: PreparedLink,
): Promise<Connection> {
  const { url, notices, outcome } = prepared ?? (await checkAndFetch(deps, calendar, actor, input.url));
  const enabled = input.enabled ?? true;
  const hash = linkHash(calendar.secretKey, url);
  // checked again here: the check before the fetch held no lock, the unique index does
  await assertNotConnected(deps, calendar, actor, url);
  const row = await repo.insertConnection(deps.db, {
    id: newId(),
    orgId: actor.orgId,
    userId: actor.userId,
    provider: input.provider ?? detectProvider(url),
    name: input.name ?? (outcome.kind === 'ok' ? feedCalendarName(outcome.body) : null) ?? new URL(url).hostname,
    nameIsCustom: input.name !== undefined,
    enabled,
    urlCiphertext: createSecretBox(calendar.secretKey).seal(url),
    urlMasked: maskUrl(url),
    linkHash: hash,
    notices,
  });
  if (!row) throw await connectionExists(deps, actor, hash);
  if (!enabled) return presentConnection(row, actor.language);
  const result = await refreshConnection(deps, calendar, row, { prefetched: outcome });
  await repo.scheduleJob(deps.db, row.id, result.nextSyncAt);
  return presentConnection(result.connection, actor.language);
}

export async function updateConnection(
  deps: Deps,
  calendar: CalendarDeps,
  actor: Actor,
  id: string,
  input: { version: number; name?: string | undefined; enabled?: boolean | undefined; url?: string | undefined },
): Promise<Connection> {
  const current = await findOwn(deps, actor, id);
  const relinked = input.url === undefined ? null : await checkAndFetch(deps, calendar, actor, input.url, id);
  const changes: Partial<repo.ConnectionInsert> = {
    ...(input.name !== undefined && { name: input.name, nameIsCustom: true }),
    ...(input.enabled !== undefined && { enabled: input.enabled }),
    ...(relinked && {
      urlCiphertext: createSecretBox(calendar.secretKey).seal(relinked.url),
      urlMasked: maskUrl(relinked.url),
      linkHash: linkHash(calendar.secretKey, relinked.url),
      provider: detectProvider(relinked.url),
      notices: relinked.notices,
      status: 'pending' as const,
      lastError: null,
      etag: null,
      lastModified: null,
      contentHash: null,
      failureCount: 0,
    }),
  };
  let updated: repo.ConnectionRow | null;
  try {
    updated = await repo.updateConnection(deps.db, actor.orgId, actor.userId, id, input.version, changes);
  } catch (error) {
    // another save of the same feed won the race for the unique (user, link hash)
    if (changes.linkHash && isUniqueViolation(error)) throw await connectionExists(deps, actor, changes.linkHash);
    throw error;
  }
  if (!updated) throw versionConflict(input.version, current.version);
  if (!updated.enabled) {
    // switched off: never fetched again until switched on
    await repo.deleteJob(deps.db, id);
    return presentConnection(updated, actor.language);
  }
  if (relinked) {
    const result = await refreshConnection(deps, calendar, updated, { prefetched: relinked.outcome });
    await repo.scheduleJob(deps.db, id, result.nextSyncAt);
    return presentConnection(result.connection, actor.language);
  }
  if (!current.enabled) {
    // switched on again: due now, the next worker round refreshes it
    const now = deps.now();
    await repo.scheduleJob(deps.db, id, now);
    const row = await repo.recordSync(deps.db, id, { nextSyncAt: now });
    return presentConnection(row ?? updated, actor.language);
  }
  return presentConnection(updated, actor.language);
}

async function assertNotConnected(deps: Deps, calendar: CalendarDeps, actor: Actor, url: string, exceptId?: string): Promise<void> {
  const existing = await repo.findConnectionByLinkHash(deps.db, actor.userId, linkHash(calendar.secretKey, url));
  if (existing && existing.id !== exceptId) throw existsError(existing);
}

async function connectionExists(deps: Deps, actor: Actor, hash: string): Promise<AppError> {
  const existing = await repo.findConnectionByLinkHash(deps.db, actor.userId, hash);
  return existsError(existing ?? { id: null, name: '' });
}

function existsError(existing: { id: string | null; name: string }): AppError {
  return new AppError('connection_exists', 'this feed is connected already', { name: existing.name }, { connectionId: existing.id });
}

function isUniqueViolation(error: unknown): boolean {
  for (
    let cause = error, depth = 0;
    typeof cause === 'object' && cause !== null && depth < 5;
    cause = (cause as { cause?: unknown }).cause, depth += 1
  ) {
    if ((cause as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/**
 * Connections saved before links were hashed get their hash (and the current masked form) at
 * start. A link that no longer decrypts (another KAIROS_SECRET) or a second connection to a
 * feed the user has already is left as it is. Answers how many rows got a hash.
 */
export async function backfillConnectionLinks(db: Deps['db'], secretKey: Uint8Array): Promise<number> {
  const box = createSecretBox(secretKey);
  let done = 0;
  const rows = await repo.listConnectionsWithoutLinkHash(db, 10_000);
  for (const row of rows) {
    let url: string;
    try {
      url = box.open(row.urlCiphertext);
    } catch {
      continue;
    }
    if (await repo.setLinkHash(db, row, linkHash(secretKey, url), maskUrl(url))) done += 1;
  }
  return done;
}

export async function deleteConnection(deps: Deps, actor: Actor, id: string, version: number): Promise<void> {
  const current = await findOwn(deps, actor, id);
  // occurrences and the job go with it (ON DELETE CASCADE); time records stay
  if (!(await repo.deleteConnection(deps.db, actor.orgId, actor.userId, id, version))) throw versionConflict(version, current.version);
}

/** "Sync now": fetches whatever the backoff. A switched-off connection is never fetched. */
export async function syncConnection(deps: Deps, calendar: CalendarDeps, actor: Actor, id: string): Promise<Connection> {
  const current = await findOwn(deps, actor, id);
  if (!current.enabled) return presentConnection(current, actor.language);
  const result = await refreshConnection(deps, calendar, current);
  await repo.scheduleJob(deps.db, id, result.nextSyncAt);
  return presentConnection(result.connection, actor.language);
}

export async function checkConnectionLink(
  deps: Deps,
  calendar: CalendarDeps,
  actor: Actor,
  input: { url: string; fetch?: boolean | undefined },
) {
  const check = checkLink(input.url);
  if (!check.ok) {
    return {
      ok: false,
      url: null,
      provider: null,
      urlMasked: null,
      notices: [],
      fetch: null,
      problem: renderProblem(actor.language, 'error', { code: check.code, params: check.params }),
    };
  }
  const base = {
    url: check.url,
    provider: detectProvider(check.url),
    urlMasked: maskUrl(check.url),
    notices: check.notices.map((notice) => renderNotice(actor.language, notice)),
  };
  if (!input.fetch) {
    // what the fetch would refuse (a private address, a name that does not resolve) is no ok link
    const refused = await calendar.fetcher.checkAddress(check.url);
    if (refused)
      return {
        ok: false,
        ...base,
        problem: renderProblem(actor.language, 'feed', { code: refused.code, params: {} }, { neverWorked: true }),
        fetch: null,
      };
    return { ok: true, ...base, problem: null, fetch: null };
  }
  const tried = await testFetch(deps, calendar, actor, check.url);
  return {
    ok: tried.ok,
    ...base,
    problem: tried.error?.code === 'not_ics' ? renderProblem(actor.language, 'error', { code: 'not_ics', params: {} }) : null,
    fetch: tried,
  };
}

async function testFetch(deps: Deps, calendar: CalendarDeps, actor: Actor, url: string) {
  const failure = (code: string, params: Record<string, string | number> = {}) => ({
    ok: false,
    name: null,
    detailLevel: null,
    occurrenceCount: null,
    eventCount: null,
    error: renderProblem(actor.language, 'feed', { code, params }, { neverWorked: true }),
    preview: [],
  });
  const outcome = await calendar.fetcher.fetch(url);
  if (outcome.kind === 'error') return failure(outcome.code, feedErrorParams(outcome));
  if (outcome.kind === 'not_modified') return failure('http_error', { status: 304 });
  const now = deps.now();
  const window = {
    from: new Date(now.getTime() - calendar.horizon.pastDays * DAY_MS).toISOString(),
    to: new Date(now.getTime() + calendar.horizon.futureDays * DAY_MS).toISOString(),
  };
  // parse and expansion run in the feed reader's worker thread, under a time limit
  const read = await readFetchedFeed({
    body: outcome.body,
    window,
    viewerTimeZone: actor.timeZone,
    withOccurrences: false,
    previewAt: now.toISOString(),
  });
  if (!read.ok) return failure(read.error.code, read.error.params);
  const { occurrenceCount } = read;
  const { detailLevel, name } = read.calendar;
  return {
    ok: true,
    name,
    detailLevel,
    occurrenceCount,
    eventCount: occurrenceCount,
    preview: read.preview.map((occurrence) => ({
      start: occurrence.start,
      end: occurrence.end,
      allDay: occurrence.allDay,
      summary: occurrence.private ? translate(actor.language, 'label.private_appointment') : occurrence.summary,
    })),
    error: detailLevel === 'availability' ? renderProblem(actor.language, 'feed', { code: 'availability_only', params: {} }) : null,
  };
}
