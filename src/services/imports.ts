import { createHash } from 'node:crypto';
import { findOrganization, listUsers } from '../db/accounts-repository.ts';
import { listClients, listProjects, listTags, listTasks } from '../db/catalog-repository.ts';
import * as repo from '../db/imports-repository.ts';
import type { Actor } from '../domain/actor.ts';
import { toInstant } from '../domain/time-range.ts';
import { isLocked } from '../domain/time-record-rules.ts';
import { AppError } from '../errors.ts';
import type { Deps } from './deps.ts';
import { type ImportEntry, ImportFormatError, parseImportFile, type Rejected, type Vendor } from './import-parse.ts';
import { requireAdmin } from './organization.ts';
import { newId } from './secrets.ts';

// Imports from Toggl Track and Clockify (issue 10): the catalogue is matched by name (case does not
// matter) and what is missing is created; people are matched by e-mail and never invented; the
// lock date holds; a key from each source row makes a re-import, or an overlapping file, create
// no duplicate. A dry run reports all of it and writes nothing.
export type ImportOptions = {
  bytes: Uint8Array;
  zone: string;
  vendor?: Vendor | undefined;
  dateOrder?: 'DMY' | 'MDY' | undefined;
  dryRun: boolean;
};

export type ImportResult = {
  vendor: Vendor;
  dryRun: boolean;
  timeZone: string;
  dialect: { encoding: string; bom: boolean; lineEnding: string; dateFormat: string; clock: string };
  rows: number;
  accepted: number;
  imported: number;
  duplicates: number;
  totalSeconds: number;
  rejected: Rejected[];
  unknownUsers: string[];
  created: { clients: string[]; projects: string[]; tasks: string[]; tags: string[] };
  perUser: Array<{ email: string; records: number; seconds: number }>;
};

const fold = (name: string) => name.trim().toLocaleLowerCase('en');

// Identical rows of one file (two entries of the same person at the same time) stay two records:
// the occurrence counter tells them apart, and a re-import finds the same keys.
export function importKeys(vendor: Vendor, entries: ImportEntry[]): string[] {
  const seen = new Map<string, number>();
  return entries.map((entry) => {
    const base = [
      vendor,
      entry.email,
      entry.start.toISOString(),
      entry.end.toISOString(),
      entry.client ?? '',
      entry.project,
      entry.task ?? '',
      entry.description,
    ].join('\u001f');
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return createHash('sha256').update(`${base}\u001f${count}`).digest('base64url');
  });
}

export async function importFile(deps: Deps, actor: Actor, options: ImportOptions): Promise<ImportResult> {
  requireAdmin(actor);
  let parsed;
  try {
    parsed = parseImportFile(options.bytes, { zone: options.zone, vendor: options.vendor, dateOrder: options.dateOrder });
  } catch (error) {
    if (error instanceof ImportFormatError) throw new AppError(error.code, error.message, { ...error.detail });
    throw error;
  }
  const orgId = actor.orgId;
  const [users, organization, clientRows, projectRows, taskRows, tagRows] = await Promise.all([
    listUsers(deps.db, orgId),
    findOrganization(deps.db, orgId),
    listClients(deps.db, orgId),
    listProjects(deps.db, orgId),
    listTasks(deps.db, orgId),
    listTags(deps.db, orgId),
  ]);
  const userByEmail = new Map(users.map((user) => [user.email.toLowerCase(), user.id]));
  const rejected = [...parsed.rejected];
  const unknownUsers = new Set<string>();
  const lockedUntil = organization?.lockedUntil ?? null;
  const accepted: ImportEntry[] = [];
  for (const entry of parsed.entries) {
    if (!userByEmail.has(entry.email)) {
      unknownUsers.add(entry.email);
      rejected.push({ row: entry.row, reason: 'unknown_user', detail: `${entry.email} is not a member of this organisation` });
    } else if (isLocked(toInstant(entry.start), lockedUntil, actor.timeZone)) {
      rejected.push({ row: entry.row, reason: 'period_locked', detail: `starts before the lock date ${lockedUntil}` });
    } else accepted.push(entry);
  }
  rejected.sort((a, b) => a.row - b.row);

  // the catalogue, resolved once for the whole file
  const created = { clients: [] as string[], projects: [] as string[], tasks: [] as string[], tags: [] as string[] };
  const clientIds = new Map(clientRows.map((row) => [fold(row.name), row.id]));
  const projectIds = new Map(projectRows.map((row) => [`${row.clientId ?? ''}\u001f${fold(row.name)}`, row.id]));
  const projectBillable = new Map(projectRows.map((row) => [row.id, row.billable]));
  const taskIds = new Map(taskRows.map((row) => [`${row.projectId}\u001f${fold(row.name)}`, row.id]));
  const tagIds = new Map(tagRows.map((row) => [fold(row.name), row.id]));
  const inserts = {
    clients: [] as Array<{ id: string; orgId: string; name: string }>,
    projects: [] as Array<{ id: string; orgId: string; clientId: string | null; name: string }>,
    tasks: [] as Array<{ id: string; orgId: string; projectId: string; name: string }>,
    tags: [] as Array<{ id: string; orgId: string; name: string }>,
  };
  const resolved = accepted.map((entry) => {
    let clientId: string | null = null;
    if (entry.client) {
      clientId = clientIds.get(fold(entry.client)) ?? null;
      if (!clientId) {
        clientId = newId();
        clientIds.set(fold(entry.client), clientId);
        inserts.clients.push({ id: clientId, orgId, name: entry.client.trim() });
        created.clients.push(entry.client.trim());
      }
    }
    const projectKey = `${clientId ?? ''}\u001f${fold(entry.project)}`;
    let projectId = projectIds.get(projectKey);
    if (!projectId) {
      projectId = newId();
      projectIds.set(projectKey, projectId);
      projectBillable.set(projectId, true);
      inserts.projects.push({ id: projectId, orgId, clientId, name: entry.project.trim() });
      created.projects.push(entry.client ? `${entry.client.trim()} › ${entry.project.trim()}` : entry.project.trim());
    }
    let taskId: string | null = null;
    if (entry.task) {
      const taskKey = `${projectId}\u001f${fold(entry.task)}`;
      taskId = taskIds.get(taskKey) ?? null;
      if (!taskId) {
        taskId = newId();
        taskIds.set(taskKey, taskId);
        inserts.tasks.push({ id: taskId, orgId, projectId, name: entry.task.trim() });
        created.tasks.push(`${entry.project.trim()} › ${entry.task.trim()}`);
      }
    }
    const entryTags = entry.tags.map((name) => {
      let id = tagIds.get(fold(name));
      if (!id) {
        id = newId();
        tagIds.set(fold(name), id);
        inserts.tags.push({ id, orgId, name });
        created.tags.push(name);
      }
      return id;
    });
    return { entry, userId: userByEmail.get(entry.email)!, projectId, taskId, tagIds: entryTags };
  });

  const keys = importKeys(parsed.vendor, accepted);
  const existing = await repo.existingImportKeys(deps.db, orgId, keys);
  const fresh = resolved.map((item, index) => ({ ...item, key: keys[index]! })).filter((item) => !existing.has(item.key));
  let imported = 0;
  if (!options.dryRun) {
    const now = deps.now();
    imported = await deps.db.transaction(async (tx) => {
      await repo.insertClients(tx, inserts.clients);
      await repo.insertProjects(tx, inserts.projects);
      await repo.insertTasks(tx, inserts.tasks);
      await repo.insertTags(tx, inserts.tags);
      const members = new Map<string, { projectId: string; userId: string; orgId: string }>();
      for (const item of fresh)
        members.set(`${item.projectId}\u001f${item.userId}`, { projectId: item.projectId, userId: item.userId, orgId });
      await repo.addProjectMembers(tx, [...members.values()]);
      return repo.insertImportedRecords(
        tx,
        fresh.map((item) => ({
          id: newId(),
          orgId,
          userId: item.userId,
          projectId: item.projectId,
          taskId: item.taskId,
          description: item.entry.description,
          startsAt: item.entry.start,
          endsAt: item.entry.end,
          billable: item.entry.billable && projectBillable.get(item.projectId) !== false,
          tagIds: item.tagIds,
          source: 'import' as const,
          importKey: item.key,
          createdAt: now,
          updatedAt: now,
        })),
      );
    });
  }
  const perUser = new Map<string, { records: number; seconds: number }>();
  for (const entry of accepted) {
    const figures = perUser.get(entry.email) ?? { records: 0, seconds: 0 };
    figures.records += 1;
    figures.seconds += (entry.end.getTime() - entry.start.getTime()) / 1000;
    perUser.set(entry.email, figures);
  }
  return {
    vendor: parsed.vendor,
    dryRun: options.dryRun,
    timeZone: options.zone,
    dialect: parsed.dialect,
    rows: parsed.rows,
    accepted: accepted.length,
    imported,
    duplicates: accepted.length - fresh.length,
    totalSeconds: accepted.reduce((sum, entry) => sum + (entry.end.getTime() - entry.start.getTime()) / 1000, 0),
    rejected,
    unknownUsers: [...unknownUsers].sort(),
    created,
    perUser: [...perUser.entries()].map(([email, figures]) => ({ email, ...figures })).sort((a, b) => a.email.localeCompare(b.email)),
  };
}
