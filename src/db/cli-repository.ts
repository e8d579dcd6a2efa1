import { and, eq, or } from 'drizzle-orm';
import type { Db } from './database.ts';
import { organizations, users } from './schema.ts';

// The organisations a CLI operator may mean by --org (an id or a name), with their owners.
export async function findOrganizationOwners(db: Db, idOrName: string | undefined) {
  const query = db
    .select({ orgId: organizations.id, orgName: organizations.name, owner: users })
    .from(organizations)
    .innerJoin(users, and(eq(users.orgId, organizations.id), eq(users.role, 'owner')));
  return idOrName === undefined ? query : query.where(or(eq(organizations.id, idOrName), eq(organizations.name, idOrName)));
}
