// Commands run in this process through runCli with the given environment (no spawn: seconds each
// on a loaded machine), against a database the command opens itself: a PostgreSQL test database
// (KAIROS_TEST_DB=pg) or a PGlite data directory of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/main.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { createTestDatabase, testEngine } from './test-db.ts';

export type CliResult = { code: number; stdout: string; stderr: string };

export async function runKairos(
  args: string[],
  env: Record<string, string>,
  options: { stdin?: NodeJS.ReadableStream } = {},
): Promise<CliResult> {
  const saved = process.env;
  process.env = { ...saved, LOG_LEVEL: 'silent', ...env };
  let stdout = '';
  let stderr = '';
  try {
    const code = await runCli(args, {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      ...(options.stdin && { stdin: options.stdin }),
    });
    return { code, stdout, stderr };
  } finally {
    process.env = saved;
  }
}

export type CliDatabase = {
  engine: 'pglite' | 'pg';
  /** what a command needs to open this database (KAIROS_SECRET comes on top) */
  env: Record<string, string>;
  /** a migrated connection of the test's own; a PGlite one must be closed before a command runs */
  open(): Promise<Database>;
  close(): Promise<void>;
};

export async function createCliDatabase(engine: 'pglite' | 'pg' = testEngine): Promise<CliDatabase> {
  if (engine === 'pg') {
    const database = await createTestDatabase();
    return {
      engine,
      env: { DATABASE_URL: database.url as string, KAIROS_DATA_DIR: '' },
      open: async () => openDatabase({ kind: 'postgres', url: database.url as string, poolSize: 2 }),
      close: () => database.close(),
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'kairos-cli-db-'));
  const open = async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir: dir });
    await database.migrate();
    return database;
  };
  await (await open()).close();
  return {
    engine,
    env: { KAIROS_DATA_DIR: dir, DATABASE_URL: '' },
    open,
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs `body` with a connection of the test's own, closed afterwards (PGlite: before any command). */
export async function withDb<T>(target: CliDatabase, body: (database: Database) => Promise<T>): Promise<T> {
  const database = await target.open();
  try {
    return await body(database);
  } finally {
    await database.close();
  }
}
