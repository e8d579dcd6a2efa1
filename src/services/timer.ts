import { Temporal } from 'temporal-polyfill';
import type { z } from 'zod';
import type { RunningTimer, TimeRecord } from '../contract/tracking.ts';
import * as repo from '../db/time-records-repository.ts';
import type { TimerRow } from '../db/time-records-repository.ts';
import type { Actor } from '../domain/actor.ts';
import { MAX_RECORD_SECONDS } from '../domain/time-record-rules.ts';
import { formatInstant, parseInstant, toDate, toInstant } from '../domain/time-range.ts';
import { AppError } from '../errors.ts';
import type { Deps } from './deps.ts';
import { requireVisibleProject } from './time-records-access.ts';
import { assertNotLocked, assertProjectOpen, assertValidSpan, resolveTagIds, resolveTask, validationFailed } from './time-records-rules.ts';
import { insertTimeRecord } from './time-records.ts';

// The timer ("stopwatch" in the UI): at most one per user, a row in the database, so it
// survives restarts. Stopping it saves a time record with source 'timer'.

export type TimerInput = {
  projectId?: string | undefined;
  taskId?: string | null | undefined;
  description?: string | undefined;
  billable?: boolean | undefined;
  tagIds?: string[] | undefined;
  startedAt?: string | undefined;
  impulseId?: string | null | undefined; // set by the impulses feature when a meeting starts the timer
};

type Running = z.infer<typeof RunningTimer>;

const nowInstant = (deps: Deps) => toInstant(deps.now()).round({ smallestUnit: 'second', roundingMode: 'floor' });

function toRunning(row: TimerRow, now: Temporal.Instant): Running {
  return {
    projectId: row.projectId,
    taskId: row.taskId,
    description: row.description,
    billable: row.billable,
    tagIds: row.tagIds,
    startedAt: formatInstant(row.startedAt),
    impulseId: row.impulseId,
    elapsedSeconds: Math.max(0, Math.floor((now.epochMilliseconds - row.startedAt.getTime()) / 1000)),
  };
}

export async function getTimer(deps: Deps, actor: Actor): Promise<{ running: Running | null }> {
  const row = await repo.findTimer(deps.db, actor.userId);
  return { running: row ? toRunning(row, nowInstant(deps)) : null };
}

// Starting while a timer runs stops and saves the running one in the same transaction; one that
// ran for less than a second is dropped rather than saved as an empty record.
export async function startTimer(deps: Deps, actor: Actor, input: TimerInput): Promise<{ running: Running; stopped: TimeRecord | null }> {
  const now = nowInstant(deps);
  const startedAt = input.startedAt ? parseInstant(input.startedAt) : now;
  if (Temporal.Instant.compare(startedAt, now) > 0)
    throw validationFailed([{ path: 'body.startedAt', message: 'must not be in the future' }]);
  if (now.since(startedAt).total('seconds') > MAX_RECORD_SECONDS)
    throw validationFailed([{ path: 'body.startedAt', message: 'must be within the last 7 days' }]);
  const { project, task } = await resolveProjectAndTask(deps, actor, input.projectId, input.taskId);
  const tagIds = await resolveTagIds(deps, actor, input.tagIds);
  await assertNotLocked(deps, actor, [startedAt]);
  return deps.db.transaction(async (tx) => {
    const txDeps = { ...deps, db: tx };
    const previous = await repo.findTimerForUpdate(tx, actor.userId);
    const stopped =
      previous && Temporal.Instant.compare(toInstant(previous.startedAt), now) < 0
        ? await saveTimer(txDeps, actor, previous, now, 'timer.startedAt')
        : null;
    const row = await repo.putTimer(tx, {
      userId: actor.userId,
      orgId: actor.orgId,
      projectId: project?.id ?? null,
      taskId: task?.id ?? null,
      description: input.description ?? '',
      billable: input.billable ?? project?.billable ?? true,
      tagIds,
      impulseId: input.impulseId ?? null,
      startedAt: toDate(startedAt),
    });
    return { running: toRunning(row, now), stopped };
  });
}

// A project (visible, not archived) and a task of it; a task needs its project.
async function resolveProjectAndTask(deps: Deps, actor: Actor, projectId: string | null | undefined, taskId: string | null | undefined) {
  if (!projectId) {
    if (taskId) throw validationFailed([{ path: 'body.taskId', message: 'needs a project: choose the project first' }]);
    return { project: null, task: null };
  }
  const project = await requireVisibleProject(deps, actor, projectId);
  assertProjectOpen(project);
  return { project, task: await resolveTask(deps, actor, taskId, project) };
}

// Choosing a project: its task is the given one (or none, the old task belongs to the old
// project); billable follows the project's default when the timer had no project before.
async function chooseProject(
  deps: Deps,
  actor: Actor,
  timer: TimerRow,
  change: { projectId?: string | null | undefined; taskId?: string | null | undefined; billable?: boolean | undefined },
) {
  const projectId = change.projectId === undefined ? timer.projectId : change.projectId;
  const projectChanges = projectId !== timer.projectId;
  const taskId = change.taskId !== undefined ? change.taskId : projectChanges ? null : timer.taskId;
  if (!projectChanges && taskId === timer.taskId) return { projectId, taskId, billable: change.billable ?? timer.billable };
  const { project, task } = await resolveProjectAndTask(deps, actor, projectId, taskId);
  const billable = change.billable ?? (timer.projectId === null && project ? project.billable : timer.billable);
  return { projectId: project?.id ?? null, taskId: task?.id ?? null, billable };
}

export type TimerChanges = {
  projectId?: string | null | undefined;
  taskId?: string | null | undefined;
  description?: string | undefined;
  billable?: boolean | undefined;
  tagIds?: string[] | undefined;
  startedAt?: string | undefined;
};

// Edits the running timer in place (no version: there is one timer and it is yours); a new
// start must not lie in the future, beyond 7 days or in a locked period.
export async function updateTimer(deps: Deps, actor: Actor, changes: TimerChanges): Promise<{ running: Running }> {
  const now = nowInstant(deps);
  const startedAt = changes.startedAt === undefined ? undefined : parseInstant(changes.startedAt);
  if (startedAt) {
    if (Temporal.Instant.compare(startedAt, now) > 0)
      throw validationFailed([{ path: 'body.startedAt', message: 'must not be in the future' }]);
    if (now.since(startedAt).total('seconds') > MAX_RECORD_SECONDS)
      throw validationFailed([{ path: 'body.startedAt', message: 'must be within the last 7 days' }]);
    await assertNotLocked(deps, actor, [startedAt]);
  }
  const tagIds = changes.tagIds === undefined ? undefined : await resolveTagIds(deps, actor, changes.tagIds);
  return deps.db.transaction(async (tx) => {
    const timer = await repo.findTimerForUpdate(tx, actor.userId);
    if (!timer) throw new AppError('timer_not_running', 'no timer');
    const chosen = await chooseProject({ ...deps, db: tx }, actor, timer, changes);
    const row = await repo.updateTimer(tx, actor.userId, {
      ...chosen,
      ...(changes.description !== undefined && { description: changes.description }),
      ...(tagIds !== undefined && { tagIds }),
      ...(startedAt && { startedAt: toDate(startedAt) }),
    });
    return { running: toRunning(row, now) };
  });
}

export async function discardTimer(deps: Deps, actor: Actor): Promise<void> {
  if (!(await repo.deleteTimer(deps.db, actor.userId))) throw new AppError('timer_not_running', 'no timer');
}

export type StopOptions = { end?: string | undefined; projectId?: string | undefined; taskId?: string | null | undefined };

// Stops the timer at `end` (default now) and saves it; nothing changes when that is refused.
export async function stopTimer(deps: Deps, actor: Actor, options: StopOptions = {}): Promise<TimeRecord> {
  const now = nowInstant(deps);
  const end = options.end ? parseInstant(options.end) : now;
  if (Temporal.Instant.compare(end, now) > 0) throw validationFailed([{ path: 'body.end', message: 'must not be in the future' }]);
  return deps.db.transaction(async (tx) => {
    const txDeps = { ...deps, db: tx };
    const timer = await repo.findTimerForUpdate(tx, actor.userId);
    if (!timer) throw new AppError('timer_not_running', 'no timer');
    if (Temporal.Instant.compare(end, toInstant(timer.startedAt)) <= 0) {
      if (options.end) throw validationFailed([{ path: 'body.end', message: 'must be after the timer started' }]);
      throw new AppError('timer_too_short', 'timer ran under a second');
    }
    const chosen =
      options.projectId === undefined && options.taskId === undefined ? {} : await chooseProject(txDeps, actor, timer, options);
    return saveTimer(txDeps, actor, { ...timer, ...chosen }, end);
  });
}

// `issuePath` names what to fix when the span is refused (a timer older than 7 days): the
// stop's end, or the running timer that a new start would save.
async function saveTimer(deps: Deps, actor: Actor, timer: TimerRow, end: Temporal.Instant, issuePath = 'body.end'): Promise<TimeRecord> {
  const start = toInstant(timer.startedAt);
  assertValidSpan({ start, end }, issuePath);
  await assertNotLocked(deps, actor, [start]);
  const { projectId } = timer;
  if (projectId === null) throw new AppError('project_required', 'timer has no project');
  // a meeting tracked meanwhile keeps its record; the timed work is saved without the link
  const impulseId = timer.impulseId && !(await repo.findRecordByImpulse(deps.db, actor.userId, timer.impulseId)) ? timer.impulseId : null;
  const record = await insertTimeRecord(
    deps,
    actor,
    {
      userId: actor.userId,
      projectId,
      taskId: timer.taskId,
      description: timer.description,
      billable: timer.billable,
      tagIds: timer.tagIds,
      start,
      end,
    },
    { source: 'timer', impulseId },
  );
  await repo.deleteTimer(deps.db, actor.userId);
  return record;
}
