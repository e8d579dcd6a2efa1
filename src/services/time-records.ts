import { Temporal } from 'temporal-polyfill';
import type { TimeRecord } from '../contract/tracking.ts';
import { findUser } from '../db/accounts-repository.ts';
import * as catalog from '../db/catalog-repository.ts';
import * as repo from '../db/time-records-repository.ts';
import type { TimeRecordRow } from '../db/time-records-repository.ts';
import { type Actor, isOrgAdmin } from '../domain/actor.ts';
import { durationSeconds, isLocked } from '../domain/time-record-rules.ts';
import { formatInstant, parseInstant, resolveRangeBound, toDate, toInstant } from '../domain/time-range.ts';
import { AppError } from '../errors.ts';
import { versionConflict } from './accounts.ts';
import type { Deps } from './deps.ts';
import { newId } from './secrets.ts';
import { canManageProject, isInScope, notFound, type RecordScope, recordScope, requireVisibleProject } from './time-records-access.ts';
import { assertNotLocked, assertProjectOpen, assertValidSpan, resolveTagIds, resolveTask, validationFailed } from './time-records-rules.ts';

export type RecordSource = TimeRecord['source'];
export type RecordOrigin = { source: RecordSource; impulseId?: string | null | undefined };

export type TimeRecordInput = {
  start: string;
  end: string;
  projectId: string;
  taskId?: string | null | undefined;
  description?: string | undefined;
  billable?: boolean | undefined;
  tagIds?: string[] | undefined;
  userId?: string | undefined; // someone else's record: owners, admins, the project's managers
};

export function toTimeRecord(row: TimeRecordRow, overlaps: string[]): TimeRecord {
  return {
    id: row.id,
    userId: row.userId,
    start: formatInstant(row.startsAt),
    end: formatInstant(row.endsAt),
    durationSeconds: durationSeconds({ start: toInstant(row.startsAt), end: toInstant(row.endsAt) }),
    projectId: row.projectId,
    taskId: row.taskId,
    description: row.description,
    billable: row.billable,
    tagIds: row.tagIds,
    source: row.source,
    impulseId: row.impulseId,
    overlaps,
    version: row.version,
  };
}

// `overlaps` lists only records the actor may see: a manager must not learn the ids of a
// colleague's records on projects they do not manage.
export async function presentRecords(deps: Deps, actor: Actor, rows: TimeRecordRow[], knownScope?: RecordScope): Promise<TimeRecord[]> {
  const overlaps = await visibleOverlaps(deps, actor, rows, knownScope);
  return rows.map((row) => toTimeRecord(row, overlaps.get(row.id) ?? []));
}

async function visibleOverlaps(
  deps: Deps,
  actor: Actor,
  rows: Array<Pick<TimeRecordRow, 'id' | 'userId' | 'startsAt' | 'endsAt'>>,
  knownScope?: RecordScope,
) {
  const scope = knownScope !== undefined || rows.length === 0 ? (knownScope ?? null) : await recordScope(deps, actor);
  return repo.findOverlaps(deps.db, actor.orgId, rows, (record) => isInScope(scope, record));
}

async function requireRecordOwner(deps: Deps, actor: Actor, userId: string | undefined, projectId: string): Promise<string> {
  if (userId === undefined || userId === actor.userId) return actor.userId;
  if (!(await canManageProject(deps, actor, projectId))) throw new AppError('forbidden', 'may not record time for others');
  if (!(await findUser(deps.db, actor.orgId, userId))) throw notFound('user');
  return userId;
}

// The one way a time record is created: API (source 'manual'), timer stop ('timer') and
// meeting impulses ('impulse' + impulseId). A second record for the same impulse and user
// answers 409 already_tracked with the existing record's id.
export async function createTimeRecord(
  deps: Deps,
  actor: Actor,
  input: TimeRecordInput,
  origin: RecordOrigin = { source: 'manual' },
): Promise<TimeRecord> {
  const span = { start: parseInstant(input.start), end: parseInstant(input.end) };
  assertValidSpan(span);
  // The common record (yours, no task, no tags, in an open period as the authentication read it)
  // is one statement that checks the project itself; anything else reads the project first, and
  // so keeps the order in which its checks answer.
  const ownRecord = input.userId === undefined || input.userId === actor.userId;
  const plain = ownRecord && !input.taskId && (input.tagIds ?? []).length === 0;
  if (plain && actor.lockedUntil !== undefined && !isLocked(span.start, actor.lockedUntil, actor.timeZone)) {
    return insertIntoProject(deps, actor, input, span, origin);
  }
  const project = await requireVisibleProject(deps, actor, input.projectId);
  const userId = await requireRecordOwner(deps, actor, input.userId, project.id);
  assertProjectOpen(project);
  const task = await resolveTask(deps, actor, input.taskId, project);
  const tagIds = await resolveTagIds(deps, actor, input.tagIds);
  await assertNotLocked(deps, actor, [span.start]);
  return insertTimeRecord(
    deps,
    actor,
    {
      userId,
      projectId: project.id,
      taskId: task?.id ?? null,
      description: input.description ?? '',
      billable: input.billable ?? project.billable,
      tagIds,
      start: span.start,
      end: span.end,
    },
    origin,
  );
}

async function insertIntoProject(
  deps: Deps,
  actor: Actor,
  input: TimeRecordInput,
  span: { start: Temporal.Instant; end: Temporal.Instant },
  origin: RecordOrigin,
): Promise<TimeRecord> {
  const fields = recordFields(
    deps,
    actor,
    { userId: actor.userId, projectId: input.projectId, taskId: null, description: input.description ?? '', tagIds: [], ...span },
    origin,
  );
  const [row, overlaps] = await Promise.all([
    repo.insertRecordIntoProject(deps.db, { ...fields, billable: input.billable ?? null }, isOrgAdmin(actor) ? null : actor.userId),
    visibleOverlaps(deps, actor, [fields]),
  ]);
  if (row) return toTimeRecord(row, overlaps.get(row.id) ?? []);
  assertProjectOpen(await requireVisibleProject(deps, actor, input.projectId));
  throw await alreadyTracked(deps, actor.userId, fields.impulseId);
}

export type CheckedRecord = {
  userId: string;
  projectId: string;
  taskId: string | null;
  description: string;
  billable: boolean;
  tagIds: string[];
  start: Temporal.Instant;
  end: Temporal.Instant;
};

// Inserts a record whose references were already checked (lock included).
export async function insertTimeRecord(deps: Deps, actor: Actor, record: CheckedRecord, origin: RecordOrigin): Promise<TimeRecord> {
  const fields = { ...recordFields(deps, actor, record, origin), billable: record.billable };
  // the overlaps do not depend on the new row (it is excluded by id): ask for both at once
  const [row, overlaps] = await Promise.all([repo.insertRecord(deps.db, fields), visibleOverlaps(deps, actor, [fields])]);
  if (!row) throw await alreadyTracked(deps, record.userId, fields.impulseId);
  return toTimeRecord(row, overlaps.get(row.id) ?? []);
}

function recordFields(deps: Deps, actor: Actor, record: Omit<CheckedRecord, 'billable'>, origin: RecordOrigin) {
  return {
    id: newId(),
    orgId: actor.orgId,
    userId: record.userId,
    projectId: record.projectId,
    taskId: record.taskId,
    description: record.description,
    tagIds: record.tagIds,
    startsAt: toDate(record.start),
    endsAt: toDate(record.end),
    source: origin.source,
    impulseId: origin.impulseId ?? null,
    updatedAt: deps.now(),
  };
}

// An insert that wrote nothing for a checked record: the user's record of this impulse exists.
async function alreadyTracked(deps: Deps, userId: string, impulseId: string | null): Promise<AppError> {
  const existing = impulseId ? await repo.findRecordByImpulse(deps.db, userId, impulseId) : null;
  return new AppError('already_tracked', 'impulse already tracked', {}, { timeRecordId: existing?.id ?? null });
}

async function requireVisibleRecord(deps: Deps, actor: Actor, id: string): Promise<TimeRecordRow> {
  const row = await repo.findRecord(deps.db, actor.orgId, id);
  if (!row || !isInScope(await recordScope(deps, actor), row)) throw notFound('time record');
  return row;
}

export async function getTimeRecord(deps: Deps, actor: Actor, id: string): Promise<TimeRecord> {
  const [presented] = await presentRecords(deps, actor, [await requireVisibleRecord(deps, actor, id)]);
  return presented!;
}

export type TimeRecordChanges = {
  version: number;
  start?: string | undefined;
  end?: string | undefined;
  projectId?: string | undefined;
  taskId?: string | null | undefined;
  description?: string | undefined;
  billable?: boolean | undefined;
  tagIds?: string[] | undefined;
};

export async function updateTimeRecord(deps: Deps, actor: Actor, id: string, changes: TimeRecordChanges): Promise<TimeRecord> {
  const current = await requireVisibleRecord(deps, actor, id);
  const oldStart = toInstant(current.startsAt);
  const span = {
    start: changes.start ? parseInstant(changes.start) : oldStart,
    end: changes.end ? parseInstant(changes.end) : toInstant(current.endsAt),
  };
  assertValidSpan(span, changes.end ? 'body.end' : 'body.start');
  let projectId = current.projectId;
  let taskId = changes.taskId === undefined ? current.taskId : changes.taskId;
  if (changes.projectId !== undefined && changes.projectId !== current.projectId) {
    const project = await requireVisibleProject(deps, actor, changes.projectId);
    // whoever edits someone else's record must manage the project it moves to
    if (current.userId !== actor.userId && !(await canManageProject(deps, actor, project.id))) throw notFound('project');
    assertProjectOpen(project);
    projectId = project.id;
    if (changes.taskId === undefined) taskId = null; // the old task belongs to the old project
  }
  if (taskId !== current.taskId || projectId !== current.projectId) {
    const project = await catalog.findProject(deps.db, actor.orgId, projectId);
    if (!project) throw notFound('project');
    await resolveTask(deps, actor, taskId, project);
  }
  const tagIds = changes.tagIds === undefined ? undefined : await resolveTagIds(deps, actor, changes.tagIds);
  await assertNotLocked(deps, actor, [oldStart, span.start]);
  const updated = await repo.updateRecord(
    deps.db,
    actor.orgId,
    id,
    changes.version,
    {
      startsAt: toDate(span.start),
      endsAt: toDate(span.end),
      projectId,
      taskId,
      ...(changes.description !== undefined && { description: changes.description }),
      ...(changes.billable !== undefined && { billable: changes.billable }),
      ...(tagIds !== undefined && { tagIds }),
    },
    deps.now(),
  );
  if (!updated) throw versionConflict(changes.version, current.version);
  const [presented] = await presentRecords(deps, actor, [updated]);
  return presented!;
}

export async function deleteTimeRecord(deps: Deps, actor: Actor, id: string, version: number): Promise<void> {
  const current = await requireVisibleRecord(deps, actor, id);
  await assertNotLocked(deps, actor, [toInstant(current.startsAt)]);
  if (!(await repo.deleteRecord(deps.db, actor.orgId, id, version))) throw versionConflict(version, current.version);
}

// Whose records a list or totals may ask for: yourself always; anyone in the org for owners,
// admins and managers (managers then see only their projects' records); nobody else for members.
export async function resolveSubject(deps: Deps, actor: Actor, userId: string | undefined): Promise<string | undefined> {
  if (userId === undefined || userId === actor.userId) return userId;
  if (!isOrgAdmin(actor) && actor.role !== 'manager') throw notFound('user');
  if (!(await findUser(deps.db, actor.orgId, userId))) throw notFound('user');
  return userId;
}

export function resolveRange(actor: Actor, from: string | undefined, to: string | undefined) {
  const range = {
    from: from === undefined ? undefined : resolveRangeBound(from, actor.timeZone),
    to: to === undefined ? undefined : resolveRangeBound(to, actor.timeZone),
  };
  if (range.from && range.to && Temporal.Instant.compare(range.from, range.to) >= 0)
    throw new AppError('invalid_range', 'from not before to');
  return range;
}

export type ListQuery = {
  from?: string | undefined;
  to?: string | undefined;
  userId?: string | undefined;
  projectId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
};

export async function listTimeRecords(
  deps: Deps,
  actor: Actor,
  query: ListQuery,
): Promise<{ items: TimeRecord[]; nextCursor: string | null }> {
  const userId = await resolveSubject(deps, actor, query.userId);
  if (query.projectId) await requireVisibleProject(deps, actor, query.projectId);
  const range = resolveRange(actor, query.from, query.to);
  const scope = await recordScope(deps, actor);
  const { rows, overlaps } = await repo.listRecordsWithOverlaps(
    deps.db,
    {
      orgId: actor.orgId,
      userId,
      projectId: query.projectId,
      visibleTo: scope,
      from: range.from && toDate(range.from),
      to: range.to && toDate(range.to),
      after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
      limit: query.limit + 1,
    },
    (record) => isInScope(scope, record),
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > query.limit && last ? encodeCursor(last) : null;
  return { items: page.map((row) => toTimeRecord(row, overlaps.get(row.id) ?? [])), nextCursor };
}

// The cursor is the (start, id) of the page's last record: stable under inserts elsewhere.
export function encodeCursor(row: Pick<TimeRecordRow, 'startsAt' | 'id'>): string {
  return Buffer.from(JSON.stringify([row.startsAt.toISOString(), row.id])).toString('base64url');
}

export function decodeCursor(cursor: string): { start: Date; id: string } {
  try {
    const [start, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof start === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(start))) return { start: new Date(start), id };
  } catch {
    // falls through to the validation error
  }
  throw validationFailed([{ path: 'query.cursor', message: 'is not a cursor from a previous page' }]);
}
