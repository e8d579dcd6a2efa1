import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-db.ts';
import { isMigrated, openDatabase, queryRows } from './database.ts';

describe('a test database', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it('starts migrated and empty', async () => {
    expect(await isMigrated(database.db)).toBe(true);
    const [row] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM time_records`);
    expect(row?.n).toBe(0);
  });
});

describe('readiness', () => {
  it('counts a database as migrated only when every migration of this build is applied', async () => {
    const fresh = await openDatabase({ kind: 'pglite', dataDir: ':memory:' });
    try {
      expect(await isMigrated(fresh.db)).toBe(false);
      await fresh.migrate();
      expect(await isMigrated(fresh.db)).toBe(true);
      await fresh.db.execute(
        sql`DELETE FROM drizzle.__drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM drizzle.__drizzle_migrations)`,
      );
      expect(await isMigrated(fresh.db)).toBe(false);
    } finally {
      await fresh.close();
    }
  });
});
