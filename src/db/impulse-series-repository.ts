import { and, eq, inArray, sql } from 'drizzle-orm';
import { calendarOccurrences, impulseSeries, impulseStates } from './calendar-schema.ts';
import type { Db } from './database.ts';

// A user's choices for a whole meeting series, by UID (calendar-schema.ts impulseSeries).
export type SeriesRow = typeof impulseSeries.$inferSelect;
type Owner = { orgId: string; userId: string };

export async function listSeries(db: Db, userId: string, uids: string[]): Promise<Map<string, SeriesRow>> {
  const unique = [...new Set(uids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select()
    .from(impulseSeries)
    .where(and(eq(impulseSeries.userId, userId), inArray(impulseSeries.uid, unique)));
  return new Map(rows.map((row) => [row.uid, row]));
}

export async function rememberSeries(
  db: Db,
  owner: Owner,
  uid: string,
  choice: { projectId: string; taskId: string | null },
  at: Date,
): Promise<void> {
  await db
    .insert(impulseSeries)
    .values({ ...owner, uid, ...choice, rememberedAt: at })
    .onConflictDoUpdate({ target: [impulseSeries.userId, impulseSeries.uid], set: { ...choice, rememberedAt: at } });
}

// The ids of the user's occurrences of a series, in every connection of theirs.
function seriesImpulseIds(userId: string, uid: string) {
  return sql`(SELECT ${calendarOccurrences.id} FROM ${calendarOccurrences} WHERE ${calendarOccurrences.userId} = ${userId} AND ${calendarOccurrences.uid} = ${uid})`;
}

// Dismissing a series hides every occurrence, also those brought back one by one before;
// restoring it brings every occurrence back, also those dismissed one by one.
export async function setSeriesDismissed(tx: Db, owner: Owner, uid: string, dismissedAt: Date | null): Promise<void> {
  await tx
    .insert(impulseSeries)
    .values({ ...owner, uid, dismissedAt })
    .onConflictDoUpdate({ target: [impulseSeries.userId, impulseSeries.uid], set: { dismissedAt } });
  await tx
    .update(impulseStates)
    .set(dismissedAt ? { restoredAt: null } : { dismissedAt: null, restoredAt: null })
    .where(and(eq(impulseStates.userId, owner.userId), sql`${impulseStates.impulseId} IN ${seriesImpulseIds(owner.userId, uid)}`));
}
