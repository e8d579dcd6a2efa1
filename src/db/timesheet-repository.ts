import { and, asc, eq, gt, lt } from 'drizzle-orm';
import type { Db } from './database.ts';
import { timeRecords, users } from './schema.ts';
import type { TimeRecordRow } from './time-records-repository.ts';

const MAX_RECORD_MS = 7 * 24 * 3600_000;

// Timesheet writes of one person run one after another: two cell changes read the same records
// and would otherwise both append.
export async function lockUserTimesheet(db: Db, userId: string): Promise<void> {
  await db.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
}

// The person's own records sharing time with [from, to), in start order.
export async function listOwnRecords(db: Db, orgId: string, userId: string, from: Date, to: Date): Promise<TimeRecordRow[]> {
  return db
    .select()
    .from(timeRecords)
    .where(
      and(
        eq(timeRecords.orgId, orgId),
        eq(timeRecords.userId, userId),
        lt(timeRecords.startsAt, to),
        gt(timeRecords.endsAt, from),
        gt(timeRecords.startsAt, new Date(from.getTime() - MAX_RECORD_MS)),
      ),
    )
    .orderBy(asc(timeRecords.startsAt), asc(timeRecords.id));
}
