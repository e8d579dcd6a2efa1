import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { withDatabase } from './global-setup.ts';

export const testEngine: 'pglite' | 'pg' = process.env.KAIROS_TEST_DB === 'pg' ? 'pg' : 'pglite';

export type TestDatabase = Database & { url: string | null };

// A fresh, migrated database for one test file: a copy of the run's template.
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testEngine === 'pg') {
    const url = process.env.KAIROS_TEST_PG_URL as string;
    const name = `kairos_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
    } finally {
      await admin.end();
    }
    const dbUrl = withDatabase(url, name);
    const database = await openDatabase({ kind: 'postgres', url: dbUrl, poolSize: 12 });
    return {
      ...database,
      url: dbUrl,
      close: async () => {
        await database.close();
        const dropper = new pg.Client({ connectionString: url });
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await dropper.end();
      },
    };
  }
  const tar = readFileSync(inject('pgliteTemplate'));
  const database = await openDatabase({ kind: 'pglite', dataDir: ':memory:', loadDataDir: new Blob([tar]) });
  return { ...database, url: null };
}
