import { and, eq, lt } from 'drizzle-orm';
import type { Db } from './database.ts';
import { idempotencyKeys } from './schema.ts';

export type StoredAnswer = { requestHash: string; status: number | null; response: unknown };

// Claims a key inside the caller's transaction. A concurrent claim of the same key waits on the
// primary key until the first transaction ends, then finds its stored answer: one effect per key.
export async function claimIdempotencyKey(
  db: Db,
  row: { userId: string; key: string; orgId: string; requestHash: string; createdAt: Date },
): Promise<StoredAnswer | null> {
  const inserted = await db.insert(idempotencyKeys).values(row).onConflictDoNothing().returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) return null;
  const [existing] = await db
    .select({ requestHash: idempotencyKeys.requestHash, status: idempotencyKeys.status, response: idempotencyKeys.response })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, row.userId), eq(idempotencyKeys.key, row.key)));
  return existing ?? null;
}

/** The answer stored under a key, read without claiming it (a replay needs no transaction). */
export async function findIdempotentAnswer(db: Db, userId: string, key: string): Promise<StoredAnswer | null> {
  const [existing] = await db
    .select({ requestHash: idempotencyKeys.requestHash, status: idempotencyKeys.status, response: idempotencyKeys.response })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  return existing ?? null;
}

export async function storeIdempotentAnswer(db: Db, userId: string, key: string, status: number, response: unknown): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ status, response })
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
}

export async function deleteIdempotencyKeysBefore(db: Db, before: Date): Promise<number> {
  const rows = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, before)).returning({ key: idempotencyKeys.key });
  return rows.length;
}
