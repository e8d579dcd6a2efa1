// The SQL of `kairos backup` and `kairos restore` (src/services/backup.ts): every table of an
// installation read row by row through a cursor as PostgreSQL's own JSON of the row, and written
// back in batches through json_populate_recordset, the same on PGlite and PostgreSQL.
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from './database.ts';

/**
 * Every table of the schema, parents before the tables that reference them (the order of a backup
 * and of a restore). test/cli/backup.db.test.ts fails when a table is added to the schema without
 * being listed here, or listed before a table it references.
 */
export const BACKUP_TABLES = [
  'organizations',
  'users',
  'sessions',
  'api_tokens',
  'invites',
  'clients',
  'projects',
  'project_members',
  'tasks',
  'tags',
  'time_records',
  'tracking_rules',
  'timers',
  'calendar_connections',
  'calendar_sync_jobs',
  'calendar_occurrences',
  'impulse_states',
  'impulse_series',
  'idempotency_keys',
  'rate_limit_windows',
  'settings',
] as const;
export type BackupTable = (typeof BACKUP_TABLES)[number];

const ident = (name: string) => sql.raw(`"${name.replaceAll('"', '""')}"`);

/** The table's columns as they are in this database, in their order (generated columns are not written). */
export async function tableColumns(db: Db, table: BackupTable): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`SELECT attname AS name FROM pg_attribute
    WHERE attrelid = to_regclass(${table}) AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
  );
  return rows.map((row) => row.name);
}

/** The tables of the current schema and the tables each references (for the coverage test). */
export async function schemaTables(db: Db): Promise<Array<{ table: string; references: string[]; ownsSequence: boolean }>> {
  return queryRows(
    db,
    sql`SELECT c.relname AS "table",
      COALESCE((SELECT array_agg(DISTINCT r.relname::text) FROM pg_constraint k JOIN pg_class r ON r.oid = k.confrelid
        WHERE k.conrelid = c.oid AND k.contype = 'f' AND k.confrelid <> c.oid), '{}') AS "references",
      EXISTS (SELECT 1 FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
        WHERE d.refobjid = c.oid AND d.deptype IN ('a', 'i')) AS "ownsSequence"
    FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace ORDER BY c.relname`,
  );
}

/** The `when` of the newest migration applied to this database (drizzle's created_at), null when none is. */
export async function appliedMigrationAt(db: Db): Promise<number | null> {
  const [table] = await queryRows<{ ok: boolean }>(db, sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS ok`);
  if (table?.ok !== true) return null;
  const [row] = await queryRows<{ latest: string | number | null }>(
    db,
    sql`SELECT max(created_at) AS latest FROM drizzle.__drizzle_migrations`,
  );
  return row?.latest === null || row?.latest === undefined ? null : Number(row.latest);
}

/** Runs `read` in one read-only snapshot: every table is read as of the same moment while others write. */
export function inSnapshot<T>(db: Db, read: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(
    async (tx) => {
      // timestamps in the rows' JSON are written in UTC, whatever the server's zone
      await tx.execute(sql`SET LOCAL TimeZone = 'UTC'`);
      return read(tx as unknown as Db);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** Columns a backup writes with another text value (or null) than the stored one: a secret left out. */
export type ColumnOverrides = Record<string, string | null>;

/**
 * Reads the table through a cursor, `pageSize` rows at a time, each row as its JSON text (the row's
 * columns by name; `overrides` replace some values), and hands each page to `visit` before the next
 * is fetched: the table never sits in memory. Must run inside a transaction (inSnapshot).
 */
export async function streamTableRows(
  tx: Db,
  table: BackupTable,
  overrides: ColumnOverrides,
  pageSize: number,
  visit: (lines: string[]) => Promise<void>,
): Promise<void> {
  const names = Object.keys(overrides);
  const row =
    names.length === 0
      ? sql`row_to_json(t)::text`
      : sql`(to_jsonb(t) || jsonb_build_object(${sql.join(
          names.map((name) => sql`${name}::text, ${overrides[name] ?? null}::text`),
          sql`, `,
        )}))::text`;
  await tx.execute(sql`DECLARE kairos_backup NO SCROLL CURSOR FOR SELECT ${row} AS line FROM ${ident(table)} t`);
  for (;;) {
    const rows = await queryRows<{ line: string }>(tx, sql.raw(`FETCH FORWARD ${Math.trunc(pageSize)} FROM kairos_backup`));
    if (rows.length > 0) await visit(rows.map((r) => r.line));
    if (rows.length < pageSize) break;
  }
  await tx.execute(sql`CLOSE kairos_backup`);
}

/** Whether any of the tables holds a row. */
export async function anyRows(db: Db, tables: readonly BackupTable[]): Promise<boolean> {
  const [row] = await queryRows<{ found: boolean }>(
    db,
    sql`SELECT ${sql.join(
      tables.map((table) => sql`EXISTS (SELECT 1 FROM ${ident(table)})`),
      sql` OR `,
    )} AS found`,
  );
  return row?.found === true;
}

/** Holds the tables against every other reader and writer until the transaction ends (the restore's). */
export async function lockTables(tx: Db, tables: readonly BackupTable[]): Promise<void> {
  await tx.execute(sql`LOCK TABLE ${sql.join(tables.map(ident), sql`, `)} IN ACCESS EXCLUSIVE MODE`);
}

/** Empties every listed table in one statement (inside the restore's transaction, so a failure undoes it). */
export async function emptyTables(tx: Db, tables: readonly BackupTable[]): Promise<void> {
  await tx.execute(sql`TRUNCATE ${sql.join(tables.map(ident), sql`, `)}`);
}

/**
 * Inserts rows given as JSON objects (column name: value, as streamTableRows wrote them) into the
 * named columns; the table's other columns get their defaults.
 */
export async function insertJsonRows(tx: Db, table: BackupTable, columns: string[], jsonRows: string[]): Promise<void> {
  const list = sql.join(columns.map(ident), sql`, `);
  await tx.execute(sql`INSERT INTO ${ident(table)} (${list})
    SELECT ${list} FROM json_populate_recordset(NULL::${ident(table)}, ${`[${jsonRows.join(',')}]`}::json)`);
}

/** Connections restored without their link wait for their owner to paste it again (status link_missing). */
export async function markRestoredLinksMissing(tx: Db): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`UPDATE calendar_connections
    SET status = 'link_missing', last_error = '{"code":"link_missing","params":{}}'::jsonb, link_hash = NULL
    WHERE url_ciphertext = '' RETURNING id`,
  );
  return rows.length;
}
