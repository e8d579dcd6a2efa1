import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { clients, projectMembers, projects, tags, tasks, timers, timeRecords, users } from './schema.ts';

export type ClientRow = typeof clients.$inferSelect;
export type ProjectRow = typeof projects.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;
export type TagRow = typeof tags.$inferSelect;
export type ProjectMemberRow = typeof projectMembers.$inferSelect & { name: string; email: string };

// Every query is scoped by org_id: another organisation's id finds nothing.

export async function listClients(db: Db, orgId: string): Promise<ClientRow[]> {
  return db.select().from(clients).where(eq(clients.orgId, orgId)).orderBy(asc(clients.name), asc(clients.id));
}

export async function findClient(db: Db, orgId: string, id: string): Promise<ClientRow | null> {
  const [row] = await db
    .select()
    .from(clients)
    .where(and(eq(clients.orgId, orgId), eq(clients.id, id)));
  return row ?? null;
}

export async function insertClient(db: Db, row: typeof clients.$inferInsert): Promise<ClientRow> {
  const [created] = await db.insert(clients).values(row).returning();
  return created!;
}

// Optimistic concurrency: only the version the caller read is updated.
export async function updateClient(
  db: Db,
  orgId: string,
  id: string,
  version: number,
  changes: Partial<typeof clients.$inferInsert>,
): Promise<ClientRow | null> {
  const [row] = await db
    .update(clients)
    .set({ ...changes, version: sql`${clients.version} + 1` })
    .where(and(eq(clients.orgId, orgId), eq(clients.id, id), eq(clients.version, version)))
    .returning();
  return row ?? null;
}

export async function deleteClient(db: Db, orgId: string, id: string, version: number): Promise<boolean> {
  const rows = await db
    .delete(clients)
    .where(and(eq(clients.orgId, orgId), eq(clients.id, id), eq(clients.version, version)))
    .returning({ id: clients.id });
  return rows.length > 0;
}

export async function isClientUsed(db: Db, clientId: string): Promise<boolean> {
  const [row] = await db.select({ id: projects.id }).from(projects).where(eq(projects.clientId, clientId)).limit(1);
  return row !== undefined;
}

export async function listProjects(db: Db, orgId: string, onlyMemberId?: string): Promise<ProjectRow[]> {
  if (onlyMemberId === undefined) {
    return db.select().from(projects).where(eq(projects.orgId, orgId)).orderBy(asc(projects.name), asc(projects.id));
  }
  const rows = await db
    .select({ project: projects })
    .from(projects)
    .innerJoin(projectMembers, and(eq(projectMembers.projectId, projects.id), eq(projectMembers.userId, onlyMemberId)))
    .where(eq(projects.orgId, orgId))
    .orderBy(asc(projects.name), asc(projects.id));
  return rows.map((row) => row.project);
}

export async function findProject(db: Db, orgId: string, id: string): Promise<ProjectRow | null> {
  const [row] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.orgId, orgId), eq(projects.id, id)));
  return row ?? null;
}

// The project if `userId` may see it (null: anyone may, an owner or admin), in one round trip: its
// row joined to the user's membership.
export async function findVisibleProject(db: Db, orgId: string, id: string, userId: string | null): Promise<ProjectRow | null> {
  if (userId === null) return findProject(db, orgId, id);
  const [row] = await db
    .select({ project: projects })
    .from(projects)
    .innerJoin(projectMembers, and(eq(projectMembers.projectId, projects.id), eq(projectMembers.userId, userId)))
    .where(and(eq(projects.orgId, orgId), eq(projects.id, id)));
  return row?.project ?? null;
}

export async function insertProject(db: Db, row: typeof projects.$inferInsert): Promise<ProjectRow> {
  const [created] = await db.insert(projects).values(row).returning();
  return created!;
}

export async function updateProject(
  db: Db,
  orgId: string,
  id: string,
  version: number,
  changes: Partial<typeof projects.$inferInsert>,
): Promise<ProjectRow | null> {
  const [row] = await db
    .update(projects)
    .set({ ...changes, version: sql`${projects.version} + 1` })
    .where(and(eq(projects.orgId, orgId), eq(projects.id, id), eq(projects.version, version)))
    .returning();
  return row ?? null;
}

export async function deleteProject(db: Db, orgId: string, id: string, version: number): Promise<boolean> {
  const rows = await db
    .delete(projects)
    .where(and(eq(projects.orgId, orgId), eq(projects.id, id), eq(projects.version, version)))
    .returning({ id: projects.id });
  return rows.length > 0;
}

export async function isProjectUsed(db: Db, projectId: string): Promise<boolean> {
  const [record] = await db.select({ id: timeRecords.id }).from(timeRecords).where(eq(timeRecords.projectId, projectId)).limit(1);
  if (record) return true;
  const [timer] = await db.select({ id: timers.userId }).from(timers).where(eq(timers.projectId, projectId)).limit(1);
  return timer !== undefined;
}

export async function listProjectMembers(db: Db, orgId: string, projectId: string): Promise<ProjectMemberRow[]> {
  const rows = await db
    .select({ member: projectMembers, name: users.name, email: users.email })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(and(eq(projectMembers.orgId, orgId), eq(projectMembers.projectId, projectId)))
    .orderBy(asc(users.name), asc(users.id));
  return rows.map((row) => ({ ...row.member, name: row.name, email: row.email }));
}

export async function findProjectRole(db: Db, projectId: string, userId: string): Promise<'manager' | 'member' | null> {
  const [row] = await db
    .select({ role: projectMembers.role })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
  return row?.role ?? null;
}

// The projects in which the user has the project role 'manager'.
export async function listManagedProjectIds(db: Db, orgId: string, userId: string): Promise<string[]> {
  const rows = await db
    .select({ projectId: projectMembers.projectId })
    .from(projectMembers)
    .where(and(eq(projectMembers.orgId, orgId), eq(projectMembers.userId, userId), eq(projectMembers.role, 'manager')));
  return rows.map((row) => row.projectId);
}

export async function upsertProjectMember(db: Db, row: typeof projectMembers.$inferInsert): Promise<void> {
  await db
    .insert(projectMembers)
    .values(row)
    .onConflictDoUpdate({
      target: [projectMembers.projectId, projectMembers.userId],
      set: { role: row.role, hourlyRateCents: row.hourlyRateCents ?? null },
    });
}

export async function deleteProjectMember(db: Db, orgId: string, projectId: string, userId: string): Promise<boolean> {
  const rows = await db
    .delete(projectMembers)
    .where(and(eq(projectMembers.orgId, orgId), eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)))
    .returning({ userId: projectMembers.userId });
  return rows.length > 0;
}

export async function listTasks(db: Db, orgId: string, projectIds?: string[]): Promise<TaskRow[]> {
  if (projectIds?.length === 0) return [];
  return db
    .select()
    .from(tasks)
    .where(and(eq(tasks.orgId, orgId), projectIds ? inArray(tasks.projectId, projectIds) : undefined))
    .orderBy(asc(tasks.name), asc(tasks.id));
}

export async function findTask(db: Db, orgId: string, id: string): Promise<TaskRow | null> {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.orgId, orgId), eq(tasks.id, id)));
  return row ?? null;
}

export async function insertTask(db: Db, row: typeof tasks.$inferInsert): Promise<TaskRow> {
  const [created] = await db.insert(tasks).values(row).returning();
  return created!;
}

export async function updateTask(
  db: Db,
  orgId: string,
  id: string,
  version: number,
  changes: Partial<typeof tasks.$inferInsert>,
): Promise<TaskRow | null> {
  const [row] = await db
    .update(tasks)
    .set({ ...changes, version: sql`${tasks.version} + 1` })
    .where(and(eq(tasks.orgId, orgId), eq(tasks.id, id), eq(tasks.version, version)))
    .returning();
  return row ?? null;
}

export async function deleteTask(db: Db, orgId: string, id: string, version: number): Promise<boolean> {
  const rows = await db
    .delete(tasks)
    .where(and(eq(tasks.orgId, orgId), eq(tasks.id, id), eq(tasks.version, version)))
    .returning({ id: tasks.id });
  return rows.length > 0;
}

export async function isTaskUsed(db: Db, taskId: string): Promise<boolean> {
  const [record] = await db.select({ id: timeRecords.id }).from(timeRecords).where(eq(timeRecords.taskId, taskId)).limit(1);
  if (record) return true;
  const [timer] = await db.select({ id: timers.userId }).from(timers).where(eq(timers.taskId, taskId)).limit(1);
  return timer !== undefined;
}

export async function listTags(db: Db, orgId: string): Promise<TagRow[]> {
  return db.select().from(tags).where(eq(tags.orgId, orgId)).orderBy(asc(tags.name), asc(tags.id));
}

export async function findTag(db: Db, orgId: string, id: string): Promise<TagRow | null> {
  const [row] = await db
    .select()
    .from(tags)
    .where(and(eq(tags.orgId, orgId), eq(tags.id, id)));
  return row ?? null;
}

export async function countTags(db: Db, orgId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(tags)
    .where(and(eq(tags.orgId, orgId), inArray(tags.id, ids)));
  return Number(row?.count ?? 0);
}

// Returns null when the name is taken (unique per organisation, in any letter case).
export async function insertTag(db: Db, row: typeof tags.$inferInsert): Promise<TagRow | null> {
  const [created] = await db.insert(tags).values(row).onConflictDoNothing().returning();
  return created ?? null;
}

export async function findTagByName(db: Db, orgId: string, name: string): Promise<TagRow | null> {
  const [row] = await db
    .select()
    .from(tags)
    .where(and(eq(tags.orgId, orgId), sql`lower(${tags.name}) = lower(${name})`));
  return row ?? null;
}

export async function updateTag(
  db: Db,
  orgId: string,
  id: string,
  version: number,
  changes: Partial<typeof tags.$inferInsert>,
): Promise<TagRow | null> {
  const [row] = await db
    .update(tags)
    .set({ ...changes, version: sql`${tags.version} + 1` })
    .where(and(eq(tags.orgId, orgId), eq(tags.id, id), eq(tags.version, version)))
    .returning();
  return row ?? null;
}

export async function deleteTag(db: Db, orgId: string, id: string, version: number): Promise<boolean> {
  const rows = await db
    .delete(tags)
    .where(and(eq(tags.orgId, orgId), eq(tags.id, id), eq(tags.version, version)))
    .returning({ id: tags.id });
  return rows.length > 0;
}

export async function isTagUsed(db: Db, orgId: string, tagId: string): Promise<boolean> {
  const [record] = await db
    .select({ id: timeRecords.id })
    .from(timeRecords)
    .where(and(eq(timeRecords.orgId, orgId), sql`${tagId} = ANY(${timeRecords.tagIds})`))
    .limit(1);
  if (record) return true;
  const [timer] = await db
    .select({ id: timers.userId })
    .from(timers)
    .where(and(eq(timers.orgId, orgId), sql`${tagId} = ANY(${timers.tagIds})`))
    .limit(1);
  return timer !== undefined;
}
