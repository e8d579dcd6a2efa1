// Impulses: suggestions to track, from the user's connected calendars (meetings) and their own
// recent time records. A user's calendar data is theirs alone: everything here is looked up by
// the signed-in user's id, so nobody else (owners and admins included) can see or act on it.
import { Temporal } from 'temporal-polyfill';
import type { Impulse } from '../contract/impulses.ts';
import type { TimeRecord } from '../contract/tracking.ts';
import { findUser } from '../db/accounts-repository.ts';
import * as series from '../db/impulse-series-repository.ts';
import * as states from '../db/impulses-repository.ts';
import { findUserOccurrence, listUserOccurrences, type UserOccurrence } from '../db/occurrences-repository.ts';
import { listRules } from '../db/rules-repository.ts';
import { findRecord as findRecordById, findRecordByImpulse } from '../db/time-records-repository.ts';
import type { Actor } from '../domain/actor.ts';
import { formatInstant, parseInstant, resolveRangeBound, startOfLocalDay } from '../domain/time-range.ts';
import { AppError } from '../errors.ts';
import { translate } from '../i18n/translate.ts';
import { recentImpulseId } from '../calendar/occurrence-key.ts';
import type { Deps } from './deps.ts';
import { presentMeeting, presentRecent, projectSuggester, type Suggestion } from './impulses-present.ts';
import { toRuleLike } from './rules-present.ts';
import { validationFailed } from './time-records-rules.ts';
import { createTimeRecord, getTimeRecord, updateTimeRecord } from './time-records.ts';
import { startTimer } from './timer.ts';

const DAY_MS = 86_400_000;
const RECENT_DAYS = 30;
const RECENT_LIMIT = 10;
const HISTORY_DAYS = 365;
const HISTORY_LIMIT = 2000;

type Window = { from: number; to: number };
type Found = { kind: 'meeting'; occurrence: UserOccurrence } | { kind: 'recent'; combination: states.RecentCombination };

async function profile(deps: Deps, actor: Actor) {
  const user = await findUser(deps.db, actor.orgId, actor.userId);
  if (!user) throw new AppError('not_found', 'user vanished');
  return user;
}

// Default: the profile's impulse window, in whole local days (today counts as a future day).
export function resolveWindow(
  now: Date,
  user: { timeZone: string; impulsePastDays: number; impulseFutureDays: number },
  query: { from?: string | undefined; to?: string | undefined },
): Window {
  const today = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(user.timeZone).toPlainDate();
  const from = query.from
    ? resolveRangeBound(query.from, user.timeZone)
    : startOfLocalDay(today.subtract({ days: user.impulsePastDays }), user.timeZone);
  const to = query.to
    ? resolveRangeBound(query.to, user.timeZone)
    : startOfLocalDay(today.add({ days: user.impulseFutureDays + 1 }), user.timeZone);
  if (Temporal.Instant.compare(from, to) >= 0) throw new AppError('invalid_range', 'from must be before to');
  return { from: from.epochMilliseconds, to: to.epochMilliseconds };
}

export function occurrenceSpan(occurrence: UserOccurrence, timeZone: string): Window {
  if (!occurrence.allDay) return { from: Date.parse(occurrence.start), to: Date.parse(occurrence.end) };
  // an all-day meeting covers whole days of the viewer's zone
  return {
    from: startOfLocalDay(occurrence.start, timeZone).epochMilliseconds,
    to: startOfLocalDay(occurrence.end, timeZone).epochMilliseconds,
  };
}

export function isInWindow(span: Window, window: Window): boolean {
  if (span.from >= window.to) return false;
  return span.to > window.from || (span.to === span.from && span.from >= window.from);
}

async function meetingContext(deps: Deps, actor: Actor, occurrences: UserOccurrence[]) {
  const since = new Date(deps.now().getTime() - HISTORY_DAYS * DAY_MS);
  const impulseIds = occurrences.map((occurrence) => occurrence.id);
  const [stateRows, records, history, seriesRows, ruleRows] = await Promise.all([
    states.listStates(deps.db, actor.userId, impulseIds),
    states.recordsByImpulse(deps.db, actor.userId, impulseIds),
    states.trackedHistory(deps.db, actor.orgId, actor.userId, since, HISTORY_LIMIT),
    series.listSeries(
      deps.db,
      actor.userId,
      occurrences.map((occurrence) => occurrence.uid),
    ),
    listRules(deps.db, actor),
  ]);
  return {
    language: actor.language,
    states: stateRows,
    records,
    series: seriesRows,
    suggest: projectSuggester(history, seriesRows, ruleRows.map(toRuleLike)),
  };
}

async function recentImpulses(deps: Deps, actor: Actor, limit: number): Promise<Impulse[]> {
  const since = new Date(deps.now().getTime() - RECENT_DAYS * DAY_MS);
  const combinations = await states.recentCombinations(deps.db, actor.orgId, actor.userId, since, limit);
  const ids = combinations.map((c) => recentImpulseId(c.project_id, c.task_id, c.description));
  const stateRows = await states.listStates(deps.db, actor.userId, ids);
  return combinations.map((combination, i) => presentRecent(ids[i]!, combination, stateRows.get(ids[i]!)));
}

export async function listImpulses(
  deps: Deps,
  actor: Actor,
  query: { from?: string | undefined; to?: string | undefined },
): Promise<Impulse[]> {
  const user = await profile(deps, actor);
  const window = resolveWindow(deps.now(), user, query);
  const rows = await listUserOccurrences(deps.db, actor.orgId, actor.userId, new Date(window.from), new Date(window.to));
  const inWindow = rows.filter((row) => isInWindow(occurrenceSpan(row, user.timeZone), window));
  const context = await meetingContext(deps, actor, inWindow);
  // a meeting that vanished from the feed is listed only when it was tracked (to show the change)
  const meetings = inWindow
    .filter((row) => row.removedAt === null || context.records.has(row.id))
    .map((row) => presentMeeting(row, context));
  return [...meetings, ...(await recentImpulses(deps, actor, RECENT_LIMIT))];
}

async function findImpulse(deps: Deps, actor: Actor, id: string): Promise<Found> {
  if (id.startsWith('m_')) {
    const occurrence = await findUserOccurrence(deps.db, actor.orgId, actor.userId, id);
    if (occurrence) return { kind: 'meeting', occurrence };
  } else if (id.startsWith('r_')) {
    const since = new Date(deps.now().getTime() - RECENT_DAYS * DAY_MS);
    const combination = (await states.recentCombinations(deps.db, actor.orgId, actor.userId, since, 500)).find(
      (c) => recentImpulseId(c.project_id, c.task_id, c.description) === id,
    );
    if (combination) return { kind: 'recent', combination };
  }
  throw new AppError('not_found', 'no such impulse of this user');
}

async function presentOne(deps: Deps, actor: Actor, found: Found, id: string): Promise<Impulse> {
  if (found.kind === 'recent') return presentRecent(id, found.combination, (await states.listStates(deps.db, actor.userId, [id])).get(id));
  return presentMeeting(found.occurrence, await meetingContext(deps, actor, [found.occurrence]));
}

function displaySummary(occurrence: UserOccurrence, actor: Actor): string {
  return occurrence.private ? translate(actor.language, 'label.private_appointment') : occurrence.summary;
}

export type TrackInput = {
  projectId?: string | undefined;
  taskId?: string | null | undefined;
  description?: string | undefined;
  start?: string | undefined;
  end?: string | undefined;
  billable?: boolean | undefined;
  tagIds?: string[] | undefined;
  rememberForSeries?: boolean | undefined;
};

export async function trackImpulse(deps: Deps, actor: Actor, id: string, body: TrackInput) {
  const found = await findImpulse(deps, actor, id);
  if (found.kind === 'recent') {
    const { combination } = found;
    if (!body.start || !body.end)
      throw validationFailed([{ path: body.start ? 'body.end' : 'body.start', message: 'required for a recent impulse' }]);
    return createTimeRecord(
      deps,
      actor,
      {
        start: body.start,
        end: body.end,
        projectId: body.projectId ?? combination.project_id,
        taskId: body.taskId !== undefined ? body.taskId : combination.task_id,
        description: body.description ?? combination.description,
        billable: body.billable,
        tagIds: body.tagIds,
      },
      { source: 'impulse' },
    );
  }
  const { occurrence } = found;
  const suggestion = body.projectId === undefined ? await suggestedProject(deps, actor, occurrence) : null;
  const input = {
    projectId: body.projectId ?? suggestion!.projectId,
    // a suggested project brings its task along; a chosen one only the task given with it
    taskId: body.taskId !== undefined ? body.taskId : (suggestion?.taskId ?? null),
    description: body.description ?? displaySummary(occurrence, actor),
    start: body.start ?? (occurrence.allDay ? undefined : occurrence.start),
    end: body.end ?? (occurrence.allDay ? undefined : occurrence.end),
    // a rule's suggestion brings its tags along too
    billable: body.billable,
    tagIds: body.tagIds ?? (suggestion?.tagIds.length ? suggestion.tagIds : undefined),
  };
  if (!input.start || !input.end)
    throw validationFailed([{ path: input.start ? 'body.end' : 'body.start', message: 'required for an all-day meeting' }]);
  const record = { ...input, start: input.start, end: input.end };
  const tracked = await trackMeeting(deps, actor, occurrence, record);
  if (body.rememberForSeries) {
    await series.rememberSeries(
      deps.db,
      { orgId: actor.orgId, userId: actor.userId },
      occurrence.uid,
      { projectId: tracked.projectId, taskId: tracked.taskId },
      deps.now(),
    );
  }
  return tracked;
}

async function trackMeeting(
  deps: Deps,
  actor: Actor,
  occurrence: UserOccurrence,
  record: {
    projectId: string;
    taskId: string | null;
    description: string;
    start: string;
    end: string;
    billable?: boolean | undefined;
    tagIds?: string[] | undefined;
  },
) {
  const owner = { orgId: actor.orgId, userId: actor.userId };
  // the same meeting in another of the user's calendars: tracked already
  const sibling = await states.findSiblingRecord(deps.db, actor.userId, occurrence);
  if (sibling) {
    if (isSameRecord(sibling, record)) return getTimeRecord(deps, actor, sibling.id);
    throw new AppError('already_tracked', 'meeting already tracked through another connection', {}, { timeRecordId: sibling.id });
  }
  try {
    // one record per meeting and user by the unique (user_id, impulse_id) index: parallel calls
    // wait on it, and all but one get already_tracked
    return await deps.db.transaction(async (tx) => {
      const created = await createTimeRecord({ ...deps, db: tx }, actor, record, { source: 'impulse', impulseId: occurrence.id });
      await states.putSnapshot(
        tx,
        owner,
        occurrence.id,
        { start: occurrence.start, end: occurrence.end, summary: occurrence.summary },
        deps.now(),
        true,
      );
      return created;
    });
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'already_tracked') throw error;
    const existing = await findRecordByImpulse(deps.db, actor.userId, occurrence.id);
    // the same request again answers the same record; different values are a conflict
    if (existing && isSameRecord(existing, record)) return getTimeRecord(deps, actor, existing.id);
    throw new AppError('already_tracked', 'impulse already tracked with other values', {}, { timeRecordId: existing?.id ?? null });
  }
}

function isSameRecord(
  existing: { projectId: string; taskId: string | null; description: string; startsAt: Date; endsAt: Date },
  wanted: { projectId: string; taskId: string | null; description: string; start: string; end: string },
): boolean {
  return (
    existing.projectId === wanted.projectId &&
    existing.taskId === wanted.taskId &&
    existing.description === wanted.description &&
    existing.startsAt.getTime() === parseInstant(wanted.start).epochMilliseconds &&
    existing.endsAt.getTime() === parseInstant(wanted.end).epochMilliseconds
  );
}

async function suggestedProject(deps: Deps, actor: Actor, occurrence: UserOccurrence, required = true): Promise<Suggestion | null> {
  const context = await meetingContext(deps, actor, [occurrence]);
  const suggestion = context.suggest(occurrence);
  if (suggestion === null && required)
    throw validationFailed([{ path: 'body.projectId', message: 'required: no earlier time record suggests a project for this meeting' }]);
  return suggestion;
}

export async function startImpulseTimer(
  deps: Deps,
  actor: Actor,
  id: string,
  body: { projectId?: string | undefined; taskId?: string | null | undefined; description?: string | undefined } = {},
) {
  const found = await findImpulse(deps, actor, id);
  if (found.kind === 'recent') {
    const { combination } = found;
    return startTimer(deps, actor, {
      projectId: body.projectId ?? combination.project_id,
      taskId: body.taskId !== undefined ? body.taskId : combination.task_id,
      description: body.description ?? combination.description,
    });
  }
  const { occurrence } = found;
  // without a project given or suggested the stopwatch runs without one: stopping asks for it
  const suggestion = body.projectId === undefined ? await suggestedProject(deps, actor, occurrence, false) : null;
  const started = await startTimer(deps, actor, {
    projectId: body.projectId ?? suggestion?.projectId,
    taskId: body.taskId !== undefined ? body.taskId : (suggestion?.taskId ?? null),
    description: body.description ?? displaySummary(occurrence, actor),
    impulseId: occurrence.id,
  });
  // the record comes when the timer stops; what the meeting looked like is remembered now
  await states.putSnapshot(
    deps.db,
    { orgId: actor.orgId, userId: actor.userId },
    occurrence.id,
    { start: occurrence.start, end: occurrence.end, summary: occurrence.summary },
    deps.now(),
    false,
  );
  return started;
}

// One impulse, or with `series` every occurrence of the meeting's series (by UID, in all of the
// user's calendars), also those a later sync brings.
export async function setImpulseDismissed(
  deps: Deps,
  actor: Actor,
  id: string,
  dismissed: boolean,
  options: { series?: boolean | undefined } = {},
): Promise<Impulse> {
  const found = await findImpulse(deps, actor, id);
  const owner = { orgId: actor.orgId, userId: actor.userId };
  // recent work has no series: it is dismissed on its own
  if (options.series && found.kind === 'meeting') {
    const { uid } = found.occurrence;
    await deps.db.transaction((tx) => series.setSeriesDismissed(tx, owner, uid, dismissed ? deps.now() : null));
  } else {
    await states.setDismissed(deps.db, owner, id, dismissed, deps.now());
  }
  return presentOne(deps, actor, found, id);
}

// "Update record": the record of a meeting moved (or renamed) in the feed since it was tracked
// takes the meeting's new time, and its new subject when the description is still the old one.
// The meeting's new state becomes the tracked one, so a repeat finds nothing to update (409);
// two at once meet the record's version check.
export async function updateImpulseRecord(deps: Deps, actor: Actor, id: string): Promise<{ record: TimeRecord; impulse: Impulse }> {
  const found = await findImpulse(deps, actor, id);
  if (found.kind === 'recent') throw new AppError('not_tracked', 'recent work is never tracked as such');
  const { occurrence } = found;
  const context = await meetingContext(deps, actor, [occurrence]);
  const recordId = context.records.get(occurrence.id);
  if (!recordId) throw new AppError('not_tracked', 'meeting not tracked');
  const snapshot = context.states.get(occurrence.id)?.trackedSnapshot ?? null;
  const current = await findRecordById(deps.db, actor.orgId, recordId);
  if (!snapshot || !current) throw new AppError('nothing_to_update', 'no snapshot of the tracked meeting');
  const moved = snapshot.start !== occurrence.start || snapshot.end !== occurrence.end;
  const renamed = snapshot.summary !== occurrence.summary && !occurrence.private && !occurrence.cancelled;
  if (occurrence.removedAt !== null || (!moved && !renamed))
    throw new AppError('nothing_to_update', 'meeting unchanged, cancelled or removed');
  const span = moved ? movedSpan(snapshot, occurrence, current, actor.timeZone) : null;
  const record = await deps.db.transaction(async (tx) => {
    const txDeps = { ...deps, db: tx };
    const updated = await updateTimeRecord(txDeps, actor, recordId, {
      version: current.version,
      ...(span && { start: formatInstant(span.start), end: formatInstant(span.end) }),
      ...(renamed && current.description === snapshot.summary && { description: occurrence.summary }),
    });
    await states.putSnapshot(
      tx,
      { orgId: actor.orgId, userId: actor.userId },
      occurrence.id,
      { start: occurrence.start, end: occurrence.end, summary: occurrence.summary },
      deps.now(),
      true,
    );
    return updated;
  });
  return { record, impulse: await presentOne(deps, actor, found, id) };
}

// A timed meeting's record takes its new start and end; an all-day one's record keeps its own
// times of day and moves by as many days as the meeting did.
function movedSpan(snapshot: states.Snapshot, occurrence: UserOccurrence, current: { startsAt: Date; endsAt: Date }, timeZone: string) {
  if (!occurrence.allDay) return { start: parseInstant(occurrence.start), end: parseInstant(occurrence.end) };
  const days = Temporal.PlainDate.from(snapshot.start.slice(0, 10)).until(Temporal.PlainDate.from(occurrence.start.slice(0, 10))).days;
  const shift = (at: Date) => Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(timeZone).add({ days }).toInstant();
  return { start: shift(current.startsAt), end: shift(current.endsAt) };
}
