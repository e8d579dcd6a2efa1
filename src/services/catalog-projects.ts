import type { z } from 'zod';
import type { Project, ProjectMember, Task } from '../contract/tracking.ts';
import { findUser } from '../db/accounts-repository.ts';
import * as repo from '../db/catalog-repository.ts';
import { type Actor, isOrgAdmin } from '../domain/actor.ts';
import { AppError } from '../errors.ts';
import { versionConflict } from './accounts.ts';
import { definedOnly } from './defined-only.ts';
import type { Deps } from './deps.ts';
import { requireAdmin } from './organization.ts';
import { newId } from './secrets.ts';
import { canManageProject, isProjectVisible, notFound, requireVisibleProject } from './time-records-access.ts';

// Projects, their members and tasks. Owners and admins manage projects and members; a project's
// managers manage its tasks; everyone sees the projects they belong to.

const toCents = (rate: number | null | undefined) => (rate === undefined ? undefined : rate === null ? null : Math.round(rate * 100));
const fromCents = (cents: number | null) => (cents === null ? null : cents / 100);

const toProject = (row: repo.ProjectRow): z.infer<typeof Project> => ({
  id: row.id,
  clientId: row.clientId,
  name: row.name,
  color: row.color,
  billable: row.billable,
  hourlyRate: fromCents(row.hourlyRateCents),
  archived: row.archived,
  version: row.version,
});
const toMember = (row: repo.ProjectMemberRow): z.infer<typeof ProjectMember> => ({
  userId: row.userId,
  name: row.name,
  email: row.email,
  role: row.role,
  hourlyRate: fromCents(row.hourlyRateCents),
});
const toTask = (row: repo.TaskRow): z.infer<typeof Task> => ({
  id: row.id,
  projectId: row.projectId,
  name: row.name,
  archived: row.archived,
  version: row.version,
});

export type ProjectInput = {
  name?: string | undefined;
  clientId?: string | null | undefined;
  color?: string | undefined;
  billable?: boolean | undefined;
  hourlyRate?: number | null | undefined;
  archived?: boolean | undefined;
};

async function requireClient(deps: Deps, actor: Actor, clientId: string | null | undefined) {
  if (clientId && !(await repo.findClient(deps.db, actor.orgId, clientId))) throw notFound('client');
}

export async function listProjects(deps: Deps, actor: Actor) {
  return (await repo.listProjects(deps.db, actor.orgId, isOrgAdmin(actor) ? undefined : actor.userId)).map(toProject);
}

export async function getProject(deps: Deps, actor: Actor, id: string) {
  const project = await requireVisibleProject(deps, actor, id);
  if (!(await canManageProject(deps, actor, id))) return toProject(project);
  return { ...toProject(project), members: (await repo.listProjectMembers(deps.db, actor.orgId, id)).map(toMember) };
}

export async function createProject(deps: Deps, actor: Actor, input: ProjectInput & { name: string }) {
  requireAdmin(actor);
  await requireClient(deps, actor, input.clientId);
  const row = await repo.insertProject(deps.db, {
    id: newId(),
    orgId: actor.orgId,
    name: input.name,
    clientId: input.clientId ?? null,
    ...definedOnly({ color: input.color, billable: input.billable, archived: input.archived }),
    hourlyRateCents: toCents(input.hourlyRate) ?? null,
  });
  return toProject(row);
}

export async function updateProject(deps: Deps, actor: Actor, id: string, changes: ProjectInput & { version: number }) {
  requireAdmin(actor);
  const current = await repo.findProject(deps.db, actor.orgId, id);
  if (!current) throw notFound('project');
  await requireClient(deps, actor, changes.clientId);
  const updated = await repo.updateProject(
    deps.db,
    actor.orgId,
    id,
    changes.version,
    definedOnly({
      name: changes.name,
      clientId: changes.clientId,
      color: changes.color,
      billable: changes.billable,
      hourlyRateCents: toCents(changes.hourlyRate),
      archived: changes.archived,
    }),
  );
  if (!updated) throw versionConflict(changes.version, current.version);
  return toProject(updated);
}

export async function deleteProject(deps: Deps, actor: Actor, id: string, version: number) {
  requireAdmin(actor);
  const current = await repo.findProject(deps.db, actor.orgId, id);
  if (!current) throw notFound('project');
  if (current.version !== version) throw versionConflict(version, current.version);
  if (await repo.isProjectUsed(deps.db, id)) throw new AppError('in_use', 'project has time records');
  if (!(await repo.deleteProject(deps.db, actor.orgId, id, version))) throw versionConflict(version, current.version + 1);
}

export async function listProjectMembers(deps: Deps, actor: Actor, projectId: string) {
  await requireVisibleProject(deps, actor, projectId);
  if (!(await canManageProject(deps, actor, projectId))) throw new AppError('forbidden', 'only admins and project managers see members');
  return (await repo.listProjectMembers(deps.db, actor.orgId, projectId)).map(toMember);
}

export async function putProjectMember(
  deps: Deps,
  actor: Actor,
  projectId: string,
  userId: string,
  input: { role: 'manager' | 'member'; hourlyRate?: number | null | undefined },
) {
  requireAdmin(actor);
  if (!(await repo.findProject(deps.db, actor.orgId, projectId))) throw notFound('project');
  if (!(await findUser(deps.db, actor.orgId, userId))) throw notFound('user');
  await repo.upsertProjectMember(deps.db, {
    projectId,
    userId,
    orgId: actor.orgId,
    role: input.role,
    hourlyRateCents: toCents(input.hourlyRate) ?? null,
  });
  const member = (await repo.listProjectMembers(deps.db, actor.orgId, projectId)).find((row) => row.userId === userId);
  return toMember(member!);
}

export async function deleteProjectMember(deps: Deps, actor: Actor, projectId: string, userId: string) {
  requireAdmin(actor);
  if (!(await repo.deleteProjectMember(deps.db, actor.orgId, projectId, userId))) throw notFound('project member');
}

export async function listTasks(deps: Deps, actor: Actor, filter: { projectId?: string | undefined }) {
  if (filter.projectId) {
    await requireVisibleProject(deps, actor, filter.projectId);
    return (await repo.listTasks(deps.db, actor.orgId, [filter.projectId])).map(toTask);
  }
  const projectIds = isOrgAdmin(actor)
    ? undefined
    : (await repo.listProjects(deps.db, actor.orgId, actor.userId)).map((project) => project.id);
  return (await repo.listTasks(deps.db, actor.orgId, projectIds)).map(toTask);
}

async function requireVisibleTask(deps: Deps, actor: Actor, id: string) {
  const task = await repo.findTask(deps.db, actor.orgId, id);
  const project = task && (await repo.findProject(deps.db, actor.orgId, task.projectId));
  if (!task || !project || !(await isProjectVisible(deps, actor, project))) throw notFound('task');
  return task;
}

async function requireTaskManager(deps: Deps, actor: Actor, projectId: string) {
  if (!(await canManageProject(deps, actor, projectId))) throw new AppError('forbidden', 'only admins and project managers manage tasks');
}

export async function getTask(deps: Deps, actor: Actor, id: string) {
  return toTask(await requireVisibleTask(deps, actor, id));
}

export async function createTask(deps: Deps, actor: Actor, input: { projectId: string; name: string; archived?: boolean | undefined }) {
  await requireVisibleProject(deps, actor, input.projectId);
  await requireTaskManager(deps, actor, input.projectId);
  return toTask(
    await repo.insertTask(deps.db, {
      id: newId(),
      orgId: actor.orgId,
      projectId: input.projectId,
      name: input.name,
      archived: input.archived ?? false,
    }),
  );
}

export async function updateTask(
  deps: Deps,
  actor: Actor,
  id: string,
  changes: { version: number; name?: string | undefined; archived?: boolean | undefined },
) {
  const current = await requireVisibleTask(deps, actor, id);
  await requireTaskManager(deps, actor, current.projectId);
  const updated = await repo.updateTask(
    deps.db,
    actor.orgId,
    id,
    changes.version,
    definedOnly({ name: changes.name, archived: changes.archived }),
  );
  if (!updated) throw versionConflict(changes.version, current.version);
  return toTask(updated);
}

export async function deleteTask(deps: Deps, actor: Actor, id: string, version: number) {
  const current = await requireVisibleTask(deps, actor, id);
  await requireTaskManager(deps, actor, current.projectId);
  if (current.version !== version) throw versionConflict(version, current.version);
  if (await repo.isTaskUsed(deps.db, id)) throw new AppError('in_use', 'task has time records');
  if (!(await repo.deleteTask(deps.db, actor.orgId, id, version))) throw versionConflict(version, current.version + 1);
}
