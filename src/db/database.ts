import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { acquireDataDirLock } from './data-dir-lock.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DbKind = 'pglite' | 'postgres';

export type PoolStats = { total: number; idle: number; waiting: number; max: number };

export type Database = {
  db: Db;
  kind: DbKind;
  /** PostgreSQL only: this process's connection pool right now */
  poolStats?: () => PoolStats;
  migrate(): Promise<void>;
  close(): Promise<void>;
  // PGlite only: the data directory as a tarball (test templates, backups)
  dump?: () => Promise<Blob>;
};

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export type OpenOptions = { kind: 'postgres'; url: string; poolSize?: number } | { kind: 'pglite'; dataDir: string; loadDataDir?: Blob };

export async function openDatabase(options: OpenOptions): Promise<Database> {
  return options.kind === 'postgres' ? openPostgres(options.url, options.poolSize ?? 10) : openPglite(options.dataDir, options.loadDataDir);
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

// The password never reaches a message: only host, port and database name.
function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return 'the DATABASE_URL server';
  }
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client dropped by the server (restart, DROP DATABASE ... FORCE) emits 'error'; unheard,
  // it would crash the process. The pool replaces the client and the next query reports any outage.
  pool.on('error', () => {});
  // The same for a client whose socket the server ends after the pool let it go (pool.end()
  // resolves before every socket is closed).
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: poolSize }),
    migrate: async () => {
      // two processes starting together must not both run the migrations
      const client = await pool.connect().catch((error: Error) => {
        throw new DatabaseUnavailableError(`cannot connect to PostgreSQL at ${describeTarget(url)}: ${error.message}`, { cause: error });
      });
      try {
        await client.query('SELECT pg_advisory_lock(727274)');
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder });
      } finally {
        await client.query('SELECT pg_advisory_unlock(727274)').catch(() => undefined);
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

// PostgreSQL's own defaults size shared buffers for a server (128 MB); inside one process beside
// the operating system's file cache, 16 MB hold a small team's working set and keep an idle
// server's resident memory about 140 MB lower.
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

// initdb grows the WebAssembly memory to about 750 MB, which a process never gives back: a new data
// directory is therefore created in a short-lived child process, and the server opens it ready-made.
async function initDataDirInChild(dir: string): Promise<void> {
  const script = 'require(process.argv[1]).PGlite.create({ dataDir: process.argv[2] }).then((db) => db.close())';
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  try {
    await promisify(execFile)(process.execPath, ['-e', script, pglite, dir], { timeout: 600_000 });
  } catch (error) {
    throw new DatabaseUnavailableError(
      `cannot create the embedded database in ${dir}: ${(error as { stderr?: string }).stderr || (error as Error).message}`,
      { cause: error },
    );
  }
}

// dataDir ':memory:' keeps the database in memory (tests); anything else is a directory
// guarded by a lock file, because PGlite itself would let a second process corrupt it.
async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<Database> {
  let releaseLock = () => {};
  let dir: string | undefined;
  if (dataDir !== ':memory:') {
    const absolute = path.resolve(dataDir);
    mkdirSync(absolute, { recursive: true });
    releaseLock = acquireDataDirLock(absolute);
    dir = path.join(absolute, 'pglite');
  }
  try {
    if (dir && !loadDataDir && !existsSync(path.join(dir, 'PG_VERSION'))) await initDataDirInChild(dir);
    const client = await PGlite.create({ dataDir: dir, loadDataDir, startParams: PGLITE_START_PARAMS });
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    return {
      db,
      kind: 'pglite',
      migrate: async () => {
        await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder });
      },
      close: async () => {
        await client.close();
        releaseLock();
      },
      dump: () => client.dumpDataDir('none'),
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

// db.execute() answers { rows } on both drivers, but the shared type does not say so.
export async function queryRows<Row>(db: Db, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}

/** A statement with a fixed text and $n parameters, under a name that belongs to that text alone. */
export type Statement = { name: string; text: string };

type RowsClient = { query(text: string, values: unknown[]): Promise<{ rows: unknown[] }> };

// The sync's hot statements run past drizzle's builder: PostgreSQL parses and plans a named
// statement once per connection and then only binds it (pg keeps the name per connection);
// PGlite, in process, runs the text as it is. Inside db.transaction() the statement runs on the
// transaction's connection. Rows come back as the driver parses them (timestamptz as Date).
export async function queryStatement<Row>(db: Db, statement: Statement, values: unknown[]): Promise<Row[]> {
  const client = (db as unknown as { session: { client: pg.Pool | pg.PoolClient | RowsClient } }).session.client;
  if (client instanceof pg.Pool || client instanceof pg.Client) {
    const result = await (client as pg.Pool).query({ name: statement.name, text: statement.text, values });
    return result.rows as Row[];
  }
  const result = await (client as RowsClient).query(statement.text, values);
  return result.rows as Row[];
}

const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
  entries: Array<{ when: number; tag: string }>;
};
export const latestMigrationAt = Math.max(...journal.entries.map((entry) => entry.when));

/** The name (tag) of the migration this build ships with that `when`, null for one it does not know. */
export function migrationTag(when: number): string | null {
  return journal.entries.find((entry) => entry.when === when)?.tag ?? null;
}

// Ready = every migration this build ships is applied (drizzle records each one with its time).
export async function isMigrated(db: Db): Promise<boolean> {
  const [table] = await queryRows<{ ok: boolean }>(db, sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS ok`);
  if (table?.ok !== true) return false;
  const [row] = await queryRows<{ latest: string | number | null }>(
    db,
    sql`SELECT max(created_at) AS latest FROM drizzle.__drizzle_migrations`,
  );
  return Number(row?.latest ?? 0) >= latestMigrationAt;
}
