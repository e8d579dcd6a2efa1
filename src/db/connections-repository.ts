import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { calendarConnections, calendarSyncJobs } from './calendar-schema.ts';
import { type Db, queryRows } from './database.ts';

export type ConnectionRow = typeof calendarConnections.$inferSelect;
export type ConnectionInsert = typeof calendarConnections.$inferInsert;
export type SyncFields = Partial<
  Pick<
    ConnectionInsert,
    | 'status'
    | 'detailLevel'
    | 'eventCount'
    | 'lastSyncAt'
    | 'lastSuccessAt'
    | 'nextSyncAt'
    | 'lastError'
    | 'notices'
    | 'etag'
    | 'lastModified'
    | 'contentHash'
    | 'failureCount'
    | 'name'
  >
>;

// Every read and write is scoped to (org, user): a calendar is its owner's alone.
const owned = (orgId: string, userId: string, id: string) =>
  and(eq(calendarConnections.id, id), eq(calendarConnections.orgId, orgId), eq(calendarConnections.userId, userId));

/** null when the user already has a connection with this link hash (the unique index decides). */
export async function insertConnection(db: Db, row: ConnectionInsert): Promise<ConnectionRow | null> {
  const [created] = await db.insert(calendarConnections).values(row).onConflictDoNothing().returning();
  return created ?? null;
}

export async function findConnectionByLinkHash(db: Db, userId: string, linkHash: string): Promise<ConnectionRow | null> {
  const [row] = await db
    .select()
    .from(calendarConnections)
    .where(and(eq(calendarConnections.userId, userId), eq(calendarConnections.linkHash, linkHash)));
  return row ?? null;
}

/** Connections saved before links were hashed, oldest first (the backfill at start). */
export async function listConnectionsWithoutLinkHash(
  db: Db,
  limit: number,
): Promise<Pick<ConnectionRow, 'id' | 'userId' | 'urlCiphertext'>[]> {
  return db
    .select({ id: calendarConnections.id, userId: calendarConnections.userId, urlCiphertext: calendarConnections.urlCiphertext })
    .from(calendarConnections)
    .where(isNull(calendarConnections.linkHash))
    .orderBy(asc(calendarConnections.createdAt), asc(calendarConnections.id))
    .limit(limit);
}

// Sets a backfilled hash unless the user has that feed already (an older duplicate keeps it):
// true when set. The masked link is recomputed with it (older rows had a shorter mask).
export async function setLinkHash(db: Db, row: { id: string; userId: string }, linkHash: string, urlMasked: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    UPDATE calendar_connections SET link_hash = ${linkHash}, url_masked = ${urlMasked}
    WHERE id = ${row.id} AND link_hash IS NULL
      AND NOT EXISTS (SELECT 1 FROM calendar_connections WHERE user_id = ${row.userId} AND link_hash = ${linkHash})
    RETURNING id`,
  );
  return rows.length === 1;
}

export async function listConnections(db: Db, orgId: string, userId: string): Promise<ConnectionRow[]> {
  return db
    .select()
    .from(calendarConnections)
    .where(and(eq(calendarConnections.orgId, orgId), eq(calendarConnections.userId, userId)))
    .orderBy(asc(calendarConnections.createdAt), asc(calendarConnections.id));
}

export async function findConnection(db: Db, orgId: string, userId: string, id: string): Promise<ConnectionRow | null> {
  const [row] = await db
    .select()
    .from(calendarConnections)
    .where(owned(orgId, userId, id));
  return row ?? null;
}

/** For the sync worker, which acts for no user. */
// Optimistic concurrency: only when the stored version is the one the user read.
export async function updateConnection(
  db: Db,
  orgId: string,
  userId: string,
  id: string,
  version: number,
  changes: Partial<ConnectionInsert>,
): Promise<ConnectionRow | null> {
  const [row] = await db
    .update(calendarConnections)
    .set({ ...changes, version: sql`${calendarConnections.version} + 1` })
    .where(and(owned(orgId, userId, id), eq(calendarConnections.version, version)))
    .returning();
  return row ?? null;
}

export async function deleteConnection(db: Db, orgId: string, userId: string, id: string, version: number): Promise<boolean> {
  const deleted = await db
    .delete(calendarConnections)
    .where(and(owned(orgId, userId, id), eq(calendarConnections.version, version)))
    .returning({ id: calendarConnections.id });
  return deleted.length === 1;
}

// What a refresh learnt. It does not bump `version`: a background sync must not make the
// user's next edit a conflict (version guards what the user wrote, not the sync state).
export async function recordSync(db: Db, id: string, fields: SyncFields): Promise<ConnectionRow | null> {
  const [row] = await db.update(calendarConnections).set(fields).where(eq(calendarConnections.id, id)).returning();
  return row ?? null;
}

/** A refresh's outcome that touches only the connection row (unchanged feed, or a failure). */
export type SyncStamp = {
  id: string;
  success: boolean;
  status: ConnectionRow['status'];
  lastError: ConnectionRow['lastError'];
  at: Date;
  nextSyncAt: Date;
  failureCount: number;
  etag: string | null;
  lastModified: string | null;
};

// Many refreshes' stamps in one statement: a batch of unchanged feeds costs one write (and one
// commit) instead of one per connection. A failure keeps the last success time and validators.
export async function recordSyncStamps(db: Db, stamps: SyncStamp[]): Promise<void> {
  if (stamps.length === 0) return;
  const values = sql.join(
    stamps.map(
      (s) => sql`(${s.id}, ${s.success}::boolean, ${s.status}, ${s.lastError === null ? null : JSON.stringify(s.lastError)}::jsonb,
    ${s.at.toISOString()}::timestamptz, ${s.nextSyncAt.toISOString()}::timestamptz, ${s.failureCount}::int, ${s.etag}::text, ${s.lastModified}::text)`,
    ),
    sql`, `,
  );
  await db.execute(sql`
    UPDATE calendar_connections AS c SET
      status = v.status, last_error = v.last_error, last_sync_at = v.at, next_sync_at = v.next_sync_at, failure_count = v.failure_count,
      last_success_at = CASE WHEN v.success THEN v.at ELSE c.last_success_at END,
      etag = CASE WHEN v.success THEN v.etag ELSE c.etag END,
      last_modified = CASE WHEN v.success THEN v.last_modified ELSE c.last_modified END
    FROM (VALUES ${values}) AS v(id, success, status, last_error, at, next_sync_at, failure_count, etag, last_modified)
    WHERE c.id = v.id`);
}

export async function scheduleJob(db: Db, connectionId: string, dueAt: Date): Promise<void> {
  await db
    .insert(calendarSyncJobs)
    .values({ connectionId, dueAt })
    .onConflictDoUpdate({ target: calendarSyncJobs.connectionId, set: { dueAt } });
}

export async function deleteJob(db: Db, connectionId: string): Promise<void> {
  await db.delete(calendarSyncJobs).where(eq(calendarSyncJobs.connectionId, connectionId));
}

// Claims up to `limit` due, unleased jobs for this worker. SKIP LOCKED lets several workers
// claim concurrently without waiting on or double-taking each other's rows; the lease makes
// a claimed job invisible to others until it is finished or the worker is presumed dead.
export async function claimDueJobs(db: Db, workerId: string, now: Date, leaseMs: number, limit: number): Promise<string[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const rows = await queryRows<{ connection_id: string }>(
    db,
    sql`
    UPDATE calendar_sync_jobs AS j SET locked_by = ${workerId}, locked_until = ${leaseUntil.toISOString()}::timestamptz
    WHERE j.connection_id IN (
      SELECT connection_id FROM calendar_sync_jobs
      WHERE due_at <= ${now.toISOString()}::timestamptz
        AND (locked_until IS NULL OR locked_until <= ${now.toISOString()}::timestamptz)
      ORDER BY due_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING j.connection_id`,
  );
  return rows.map((row) => row.connection_id);
}

/** Extends this worker's lease on jobs it is still working on (the heartbeat); answers the ids still held. */
export async function renewLeases(db: Db, workerId: string, connectionIds: string[], now: Date, leaseMs: number): Promise<string[]> {
  if (connectionIds.length === 0) return [];
  const rows = await db
    .update(calendarSyncJobs)
    .set({ lockedUntil: new Date(now.getTime() + leaseMs) })
    .where(and(eq(calendarSyncJobs.lockedBy, workerId), inArray(calendarSyncJobs.connectionId, connectionIds)))
    .returning({ connectionId: calendarSyncJobs.connectionId });
  return rows.map((row) => row.connectionId);
}

/** Releases claimed jobs with their next due times (only those this worker still holds). */
export async function finishJobs(db: Db, workerId: string, jobs: { connectionId: string; dueAt: Date }[]): Promise<void> {
  if (jobs.length === 0) return;
  const values = sql.join(
    jobs.map((job) => sql`(${job.connectionId}, ${job.dueAt.toISOString()}::timestamptz)`),
    sql`, `,
  );
  await db.execute(sql`
    UPDATE calendar_sync_jobs AS j SET due_at = v.due_at, locked_by = NULL, locked_until = NULL
    FROM (VALUES ${values}) AS v(connection_id, due_at)
    WHERE j.connection_id = v.connection_id AND j.locked_by = ${workerId}`);
}

export async function deleteJobs(db: Db, connectionIds: string[]): Promise<void> {
  if (connectionIds.length === 0) return;
  await db.delete(calendarSyncJobs).where(inArray(calendarSyncJobs.connectionId, connectionIds));
}

export async function findConnectionsByIds(db: Db, ids: string[]): Promise<ConnectionRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(calendarConnections).where(inArray(calendarConnections.id, ids));
}

/** What a refresh needs of a connection's owner: the time zone feeds are expanded in, and whether any rule tracks automatically. */
export type SyncOwner = { timeZone: string; tracks: boolean };

export const syncOwnerKey = (orgId: string, userId: string) => `${orgId}\u0000${userId}`;

// The owners of a claimed batch in one statement, instead of a user and a rules read per connection.
// An owner not found (deleted since) is absent: the refresh reads UTC and tracks nothing, as before.
export async function findSyncOwners(db: Db, owners: { orgId: string; userId: string }[]): Promise<Map<string, SyncOwner>> {
  const found = new Map<string, SyncOwner>();
  if (owners.length === 0) return found;
  const rows = await queryRows<{ org_id: string; id: string; time_zone: string; tracks: boolean }>(
    db,
    sql`
    SELECT u.org_id, u.id, u.time_zone,
      EXISTS (SELECT 1 FROM tracking_rules r WHERE r.org_id = u.org_id AND r.user_id = u.id AND r.mode = 'track') AS tracks
    FROM users u
    WHERE u.id = ANY(${sql.param(owners.map((owner) => owner.userId))}::text[])`,
  );
  const wanted = new Set(owners.map((owner) => syncOwnerKey(owner.orgId, owner.userId)));
  for (const row of rows) {
    const key = syncOwnerKey(row.org_id, row.id);
    if (wanted.has(key)) found.set(key, { timeZone: row.time_zone, tracks: row.tracks });
  }
  return found;
}

export type SealedLink = Pick<ConnectionRow, 'id' | 'urlCiphertext' | 'linkHash' | 'status' | 'enabled'>;

/** Every connection's sealed link, a page at a time in id order (key checks and rotation). */
export async function listSealedLinks(db: Db, afterId: string | null, limit: number): Promise<SealedLink[]> {
  return db
    .select({
      id: calendarConnections.id,
      urlCiphertext: calendarConnections.urlCiphertext,
      linkHash: calendarConnections.linkHash,
      status: calendarConnections.status,
      enabled: calendarConnections.enabled,
    })
    .from(calendarConnections)
    .where(afterId === null ? undefined : sql`${calendarConnections.id} > ${afterId}`)
    .orderBy(asc(calendarConnections.id))
    .limit(limit);
}

/** Connections whose link cannot be read wait for their owner: this status and the same code as lastError. */
export async function markLinksUnreadable(db: Db, ids: string[], status: 'secret_changed' | 'link_missing'): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(calendarConnections)
    .set({ status, lastError: { code: status, params: {} } })
    .where(inArray(calendarConnections.id, ids));
}

/** Links that open again (the key was set back, or rotated): pending, and due now when switched on. */
export async function reviveLinks(db: Db, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  const revived = await db
    .update(calendarConnections)
    .set({ status: 'pending', lastError: null, failureCount: 0, nextSyncAt: now })
    .where(and(inArray(calendarConnections.id, ids), inArray(calendarConnections.status, ['secret_changed', 'link_missing'])))
    .returning({ id: calendarConnections.id, enabled: calendarConnections.enabled });
  for (const row of revived) if (row.enabled) await scheduleJob(db, row.id, now);
}

/** A link sealed again under a new key, with its hash under that key (null stays null for the backfill). */
export async function resealLink(db: Db, id: string, urlCiphertext: string, linkHash: string | null): Promise<void> {
  await db
    .update(calendarConnections)
    .set({ urlCiphertext, ...(linkHash !== null && { linkHash }) })
    .where(eq(calendarConnections.id, id));
}

export async function hasConnectionWithStatus(db: Db, status: ConnectionRow['status']): Promise<boolean> {
  const [row] = await db
    .select({ id: calendarConnections.id })
    .from(calendarConnections)
    .where(eq(calendarConnections.status, status))
    .limit(1);
  return row !== undefined;
}
