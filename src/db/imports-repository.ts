import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { clients, projectMembers, projects, tags, tasks, timeRecords } from './schema.ts';

// The writes of an import, in bulk: the catalogue it needs and its records, a few statements per
// thousand rows instead of a round trip per row.
const CHUNK = 1000;

export async function existingImportKeys(db: Db, orgId: string, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = await db
      .select({ key: timeRecords.importKey })
      .from(timeRecords)
      .where(and(eq(timeRecords.orgId, orgId), inArray(timeRecords.importKey, keys.slice(i, i + CHUNK))));
    for (const row of rows) if (row.key) found.add(row.key);
  }
  return found;
}

export async function insertClients(db: Db, rows: Array<typeof clients.$inferInsert>): Promise<void> {
  if (rows.length > 0) await db.insert(clients).values(rows);
}

export async function insertProjects(db: Db, rows: Array<typeof projects.$inferInsert>): Promise<void> {
  if (rows.length > 0) await db.insert(projects).values(rows);
}

export async function insertTasks(db: Db, rows: Array<typeof tasks.$inferInsert>): Promise<void> {
  if (rows.length > 0) await db.insert(tasks).values(rows);
}

export async function insertTags(db: Db, rows: Array<typeof tags.$inferInsert>): Promise<void> {
  if (rows.length > 0) await db.insert(tags).values(rows).onConflictDoNothing();
}

export async function addProjectMembers(db: Db, rows: Array<typeof projectMembers.$inferInsert>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insert(projectMembers)
      .values(rows.slice(i, i + CHUNK))
      .onConflictDoNothing();
  }
}

// Returns how many were inserted: a row whose import key is there already is skipped.
export async function insertImportedRecords(db: Db, rows: Array<typeof timeRecords.$inferInsert>): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const created = await db
      .insert(timeRecords)
      .values(rows.slice(i, i + CHUNK))
      .onConflictDoNothing({ target: [timeRecords.orgId, timeRecords.importKey], where: sql`${timeRecords.importKey} IS NOT NULL` })
      .returning({ id: timeRecords.id });
    inserted += created.length;
  }
  return inserted;
}
