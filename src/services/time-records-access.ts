import * as catalog from '../db/catalog-repository.ts';
import type { ProjectRow } from '../db/catalog-repository.ts';
import type { TimeRecordRow } from '../db/time-records-repository.ts';
import { type Actor, isOrgAdmin } from '../domain/actor.ts';
import { AppError } from '../errors.ts';
import type { Deps } from './deps.ts';

// Who sees which time records (issue 3, "Accounts, organisations, roles"):
// owners and admins all of the organisation; managers their own plus those of projects where
// they are a project manager; members only their own. Anything else answers 404, never 403,
// so ids do not reveal that a record exists.
export type RecordScope = { userId: string; projectIds: string[] } | null;

export async function recordScope(deps: Deps, actor: Actor): Promise<RecordScope> {
  if (isOrgAdmin(actor)) return null;
  const projectIds = actor.role === 'manager' ? await catalog.listManagedProjectIds(deps.db, actor.orgId, actor.userId) : [];
  return { userId: actor.userId, projectIds };
}

export function isInScope(scope: RecordScope, record: Pick<TimeRecordRow, 'userId' | 'projectId'>): boolean {
  return scope === null || record.userId === scope.userId || scope.projectIds.includes(record.projectId);
}

export function notFound(what: string): AppError {
  return new AppError('not_found', `${what} not found`);
}

// Projects: owners and admins see all, everyone else the ones they belong to.
export async function isProjectVisible(deps: Deps, actor: Actor, project: ProjectRow): Promise<boolean> {
  if (isOrgAdmin(actor)) return true;
  return (await catalog.findProjectRole(deps.db, project.id, actor.userId)) !== null;
}

export async function requireVisibleProject(deps: Deps, actor: Actor, projectId: string): Promise<ProjectRow> {
  const project = await catalog.findVisibleProject(deps.db, actor.orgId, projectId, isOrgAdmin(actor) ? null : actor.userId);
  if (!project) throw notFound('project');
  return project;
}

// Owners, admins, and managers who manage this very project.
export async function canManageProject(deps: Deps, actor: Actor, projectId: string): Promise<boolean> {
  if (isOrgAdmin(actor)) return true;
  if (actor.role !== 'manager') return false;
  return (await catalog.findProjectRole(deps.db, projectId, actor.userId)) === 'manager';
}
