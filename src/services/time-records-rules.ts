import type { Temporal } from 'temporal-polyfill';
import { findOrganization } from '../db/accounts-repository.ts';
import * as catalog from '../db/catalog-repository.ts';
import type { ProjectRow, TaskRow } from '../db/catalog-repository.ts';
import type { Actor } from '../domain/actor.ts';
import { type FieldIssue, isLocked, spanIssues } from '../domain/time-record-rules.ts';
import type { Span } from '../domain/time-range.ts';
import { AppError } from '../errors.ts';
import type { Deps } from './deps.ts';
import { isProjectVisible, notFound } from './time-records-access.ts';

// Checks every write of a time record goes through: span, lock date, project, task, tags.

export function validationFailed(issues: FieldIssue[]): AppError {
  return new AppError('validation_failed', issues.map((issue) => `${issue.path} ${issue.message}`).join('; '), {}, issues);
}

export function assertValidSpan(span: Span, endPath = 'body.end'): void {
  const issues = spanIssues(span, endPath);
  if (issues.length > 0) throw validationFailed(issues);
}

// The organisation's lock date holds on every path (API, timer, impulses, import): a write that
// would create, change or delete a record starting before it is refused, and nothing changes.
export async function assertNotLocked(deps: Deps, actor: Actor, starts: Temporal.Instant[]): Promise<void> {
  // the API authenticates with the lock date in hand; other callers (CLI, sync) read it here
  const lockedUntil =
    actor.lockedUntil !== undefined ? actor.lockedUntil : ((await findOrganization(deps.db, actor.orgId))?.lockedUntil ?? null);
  if (lockedUntil && starts.some((start) => isLocked(start, lockedUntil, actor.timeZone))) {
    throw new AppError('period_locked', 'time record in locked period', { lockedUntil });
  }
}

export function assertProjectOpen(project: ProjectRow): void {
  if (project.archived) throw new AppError('project_archived', 'project archived', { name: project.name });
}

// A task must exist in the organisation (else 404) and belong to the record's project.
export async function resolveTask(
  deps: Deps,
  actor: Actor,
  taskId: string | null | undefined,
  project: ProjectRow,
  path = 'body.taskId',
): Promise<TaskRow | null> {
  if (!taskId) return null;
  const task = await catalog.findTask(deps.db, actor.orgId, taskId);
  if (!task) throw notFound('task');
  if (task.projectId !== project.id) {
    // a task of a project the caller cannot see must look like no task at all
    const taskProject = await catalog.findProject(deps.db, actor.orgId, task.projectId);
    if (!taskProject || !(await isProjectVisible(deps, actor, taskProject))) throw notFound('task');
    throw validationFailed([{ path, message: 'belongs to another project' }]);
  }
  if (task.archived) throw new AppError('task_archived', 'task archived', { name: task.name });
  return task;
}

export async function resolveTagIds(deps: Deps, actor: Actor, tagIds: string[] | undefined): Promise<string[]> {
  const unique = [...new Set(tagIds ?? [])];
  if ((await catalog.countTags(deps.db, actor.orgId, unique)) !== unique.length) throw notFound('tag');
  return unique;
}
