import { and, desc, eq, gt, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { apiTokens, invites, organizations, sessions, users } from './schema.ts';

export type UserRow = typeof users.$inferSelect;
export type OrganizationRow = typeof organizations.$inferSelect;
export type InviteRow = typeof invites.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;

export async function insertOrganization(db: Db, row: typeof organizations.$inferInsert): Promise<OrganizationRow> {
  const [created] = await db.insert(organizations).values(row).returning();
  return created!;
}

// Returns null when the e-mail is taken (unique index on lower(email)).
export async function insertUser(db: Db, row: typeof users.$inferInsert): Promise<UserRow | null> {
  const [created] = await db.insert(users).values(row).onConflictDoNothing().returning();
  return created ?? null;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
  return row ?? null;
}

export async function findUser(db: Db, orgId: string, userId: string): Promise<UserRow | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.orgId, orgId)));
  return row ?? null;
}

export async function listUsers(db: Db, orgId: string): Promise<UserRow[]> {
  return db.select().from(users).where(eq(users.orgId, orgId)).orderBy(users.name, users.id);
}

// Optimistic concurrency: updates only when the stored version is the one the caller read.
export async function updateUser(
  db: Db,
  orgId: string,
  userId: string,
  version: number,
  changes: Partial<typeof users.$inferInsert>,
): Promise<UserRow | null> {
  const [row] = await db
    .update(users)
    .set({ ...changes, version: sql`${users.version} + 1` })
    .where(and(eq(users.id, userId), eq(users.orgId, orgId), eq(users.version, version)))
    .returning();
  return row ?? null;
}

export async function setPassword(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash, version: sql`${users.version} + 1` })
    .where(eq(users.id, userId));
}

// Ends a user's sessions, and revokes their API tokens when asked, except the credential given
// (hashes as stored): the session or token that made a password change keeps working.
export async function endCredentials(
  db: Db,
  userId: string,
  now: Date,
  options: { tokens: boolean; keepSessionHash?: string | undefined; keepTokenHash?: string | undefined },
): Promise<{ sessions: number; tokens: number }> {
  const endedSessions = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), options.keepSessionHash ? ne(sessions.tokenHash, options.keepSessionHash) : undefined))
    .returning({ tokenHash: sessions.tokenHash });
  if (!options.tokens) return { sessions: endedSessions.length, tokens: 0 };
  const revokedTokens = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(
      and(
        eq(apiTokens.userId, userId),
        isNull(apiTokens.revokedAt),
        options.keepTokenHash ? ne(apiTokens.tokenHash, options.keepTokenHash) : undefined,
      ),
    )
    .returning({ id: apiTokens.id });
  return { sessions: endedSessions.length, tokens: revokedTokens.length };
}

export async function findOrganization(db: Db, orgId: string): Promise<OrganizationRow | null> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  return row ?? null;
}

export async function updateOrganization(
  db: Db,
  orgId: string,
  version: number,
  changes: Partial<typeof organizations.$inferInsert>,
): Promise<OrganizationRow | null> {
  const [row] = await db
    .update(organizations)
    .set({ ...changes, version: sql`${organizations.version} + 1` })
    .where(and(eq(organizations.id, orgId), eq(organizations.version, version)))
    .returning();
  return row ?? null;
}

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

export async function findSessionUser(db: Db, tokenHash: string, now: Date) {
  const [row] = await db
    .select({ session: sessions, user: users, lockedUntil: organizations.lockedUntil })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), eq(users.active, true)));
  return row ?? null;
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const rows = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ tokenHash: sessions.tokenHash });
  return rows.length;
}

// Unused invites that expired before `before`; accepted ones stay as the record of who joined how.
export async function deleteExpiredInvites(db: Db, before: Date): Promise<number> {
  const rows = await db
    .delete(invites)
    .where(and(isNull(invites.acceptedAt), lt(invites.expiresAt, before)))
    .returning({ id: invites.id });
  return rows.length;
}

export async function insertApiToken(db: Db, row: typeof apiTokens.$inferInsert): Promise<ApiTokenRow> {
  const [created] = await db.insert(apiTokens).values(row).returning();
  return created!;
}

export async function findTokenUser(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ token: apiTokens, user: users, lockedUntil: organizations.lockedUntil })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), eq(users.active, true)));
  return row ?? null;
}

// lastUsedAt is recorded at minute precision: one write per token and minute, not per request.
export async function touchApiToken(db: Db, tokenId: string, now: Date): Promise<void> {
  const minuteAgo = new Date(now.getTime() - 60_000);
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.id, tokenId), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, minuteAgo))));
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiTokenRow[]> {
  return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
}

export async function revokeApiToken(db: Db, userId: string, tokenId: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

export async function insertInvite(db: Db, row: typeof invites.$inferInsert): Promise<InviteRow> {
  const [created] = await db.insert(invites).values(row).returning();
  return created!;
}

export async function listOpenInvites(db: Db, orgId: string, now: Date): Promise<InviteRow[]> {
  return db
    .select()
    .from(invites)
    .where(and(eq(invites.orgId, orgId), isNull(invites.acceptedAt), gt(invites.expiresAt, now)))
    .orderBy(desc(invites.createdAt));
}

export async function deleteInvite(db: Db, orgId: string, inviteId: string): Promise<boolean> {
  const rows = await db
    .delete(invites)
    .where(and(eq(invites.id, inviteId), eq(invites.orgId, orgId)))
    .returning({ id: invites.id });
  return rows.length > 0;
}

// Marks the invite used in the same statement that checks it, so a link works exactly once.
export async function claimInvite(db: Db, tokenHash: string, now: Date): Promise<InviteRow | null> {
  const [row] = await db
    .update(invites)
    .set({ acceptedAt: now })
    .where(and(eq(invites.tokenHash, tokenHash), isNull(invites.acceptedAt), gt(invites.expiresAt, now)))
    .returning();
  return row ?? null;
}
