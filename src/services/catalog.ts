import type { z } from 'zod';
import type { Client, Tag } from '../contract/tracking.ts';
import * as repo from '../db/catalog-repository.ts';
import type { Actor } from '../domain/actor.ts';
import { AppError } from '../errors.ts';
import { versionConflict } from './accounts.ts';
import { definedOnly } from './defined-only.ts';
import type { Deps } from './deps.ts';
import { requireAdmin } from './organization.ts';
import { newId } from './secrets.ts';
import { notFound } from './time-records-access.ts';

// Clients and tags: the whole organisation reads them, owners and admins change them.

const toClient = (row: repo.ClientRow): z.infer<typeof Client> => ({
  id: row.id,
  name: row.name,
  archived: row.archived,
  version: row.version,
});
const toTag = (row: repo.TagRow): z.infer<typeof Tag> => ({ id: row.id, name: row.name, archived: row.archived, version: row.version });

export async function listClients(deps: Deps, actor: Actor) {
  return (await repo.listClients(deps.db, actor.orgId)).map(toClient);
}

export async function getClient(deps: Deps, actor: Actor, id: string) {
  const row = await repo.findClient(deps.db, actor.orgId, id);
  if (!row) throw notFound('client');
  return toClient(row);
}

export async function createClient(deps: Deps, actor: Actor, input: { name: string; archived?: boolean | undefined }) {
  requireAdmin(actor);
  return toClient(
    await repo.insertClient(deps.db, { id: newId(), orgId: actor.orgId, name: input.name, archived: input.archived ?? false }),
  );
}

export async function updateClient(
  deps: Deps,
  actor: Actor,
  id: string,
  changes: { version: number; name?: string | undefined; archived?: boolean | undefined },
) {
  requireAdmin(actor);
  const current = await repo.findClient(deps.db, actor.orgId, id);
  if (!current) throw notFound('client');
  const { version, ...rest } = changes;
  const updated = await repo.updateClient(deps.db, actor.orgId, id, version, definedOnly(rest));
  if (!updated) throw versionConflict(version, current.version);
  return toClient(updated);
}

export async function deleteClient(deps: Deps, actor: Actor, id: string, version: number) {
  requireAdmin(actor);
  const current = await repo.findClient(deps.db, actor.orgId, id);
  if (!current) throw notFound('client');
  if (current.version !== version) throw versionConflict(version, current.version);
  if (await repo.isClientUsed(deps.db, id)) throw new AppError('in_use', 'client has projects');
  if (!(await repo.deleteClient(deps.db, actor.orgId, id, version))) throw versionConflict(version, current.version + 1);
}

export async function listTags(deps: Deps, actor: Actor) {
  return (await repo.listTags(deps.db, actor.orgId)).map(toTag);
}

export async function getTag(deps: Deps, actor: Actor, id: string) {
  const row = await repo.findTag(deps.db, actor.orgId, id);
  if (!row) throw notFound('tag');
  return toTag(row);
}

export async function createTag(deps: Deps, actor: Actor, input: { name: string; archived?: boolean | undefined }) {
  requireAdmin(actor);
  const created = await repo.insertTag(deps.db, { id: newId(), orgId: actor.orgId, name: input.name, archived: input.archived ?? false });
  if (!created) throw new AppError('name_taken', 'tag name taken', { name: input.name });
  return toTag(created);
}

export async function updateTag(
  deps: Deps,
  actor: Actor,
  id: string,
  changes: { version: number; name?: string | undefined; archived?: boolean | undefined },
) {
  requireAdmin(actor);
  const current = await repo.findTag(deps.db, actor.orgId, id);
  if (!current) throw notFound('tag');
  if (current.version !== changes.version) throw versionConflict(changes.version, current.version);
  if (changes.name !== undefined) {
    const namesake = await repo.findTagByName(deps.db, actor.orgId, changes.name);
    if (namesake && namesake.id !== id) throw new AppError('name_taken', 'tag name taken', { name: changes.name });
  }
  const updated = await repo.updateTag(
    deps.db,
    actor.orgId,
    id,
    changes.version,
    definedOnly({ name: changes.name, archived: changes.archived }),
  );
  if (!updated) throw versionConflict(changes.version, current.version + 1);
  return toTag(updated);
}

export async function deleteTag(deps: Deps, actor: Actor, id: string, version: number) {
  requireAdmin(actor);
  const current = await repo.findTag(deps.db, actor.orgId, id);
  if (!current) throw notFound('tag');
  if (current.version !== version) throw versionConflict(version, current.version);
  if (await repo.isTagUsed(deps.db, actor.orgId, id)) throw new AppError('in_use', 'tag used by time records');
  if (!(await repo.deleteTag(deps.db, actor.orgId, id, version))) throw versionConflict(version, current.version + 1);
}
