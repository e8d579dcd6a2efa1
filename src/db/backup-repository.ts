// The SQL of `kairos backup` and `kairos restore` (src/services/backup.ts): every table of an
// installation read row by row through a cursor as PostgreSQL's own JSON of the row, and written
// back in batches through json_populate_recordset, the same on PGlite and PostgreSQL.
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from './database.ts';

/**
 * The tables of an organisation backup, parents first: every table whose rows belong to one
 * organisation. Left out: idempotency keys (a day's retry answers, which may hold a token),
 * rate-limit windows and settings (the installation's).
 */
export const ORG_BACKUP_TABLES = [
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
] as const;
export type OrgBackupTable = (typeof ORG_BACKUP_TABLES)[number];

/** The installation's own tables: one organisation's backup leaves them out. */
const INSTALLATION_TABLES = ['idempotency_keys', 'rate_limit_windows', 'settings'] as const;

/**
 * Every table of the schema, parents before the tables that reference them (the order of a backup
 * and of a restore). test/cli/backup.db.test.ts fails when a table is added to the schema without
 * being listed here (in one of the two lists), or listed before a table it references.
 */
export const BACKUP_TABLES = [...ORG_BACKUP_TABLES, ...INSTALLATION_TABLES] as const;
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
  where?: SQL,
): Promise<void> {
  const names = Object.keys(overrides);
  const row =
    names.length === 0
      ? sql`row_to_json(t)::text`
      : sql`(to_jsonb(t) || jsonb_build_object(${sql.join(
          names.map((name) => sql`${name}::text, ${overrides[name] ?? null}::text`),
          sql`, `,
        )}))::text`;
  await tx.execute(
    sql`DECLARE kairos_backup NO SCROLL CURSOR FOR SELECT ${row} AS line FROM ${ident(table)} t${where ? sql` WHERE ${where}` : sql``}`,
  );
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
export async function markRestoredLinksMissing(tx: Db, orgId?: string): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`UPDATE calendar_connections
    SET status = 'link_missing', last_error = '{"code":"link_missing","params":{}}'::jsonb, link_hash = NULL
    WHERE url_ciphertext = ''${orgId === undefined ? sql`` : sql` AND org_id = ${orgId}`} RETURNING id`,
  );
  return rows.length;
}

// ---- one organisation (kairos backup --org, GET /api/v1/organization/backup) ----

/** The rows of `table` (aliased t) that belong to the organisation. */
export function organizationRows(table: OrgBackupTable, orgId: string): SQL {
  if (table === 'organizations') return sql`t.id = ${orgId}`;
  if (table === 'calendar_sync_jobs') return sql`t.connection_id IN (SELECT c.id FROM calendar_connections c WHERE c.org_id = ${orgId})`;
  return sql`t.org_id = ${orgId}`;
}

/** The organisations whose id is `key`, else whose name is `key` (case-insensitive). */
export async function findOrganizations(db: Db, key: string): Promise<Array<{ id: string; name: string }>> {
  const byId = await queryRows<{ id: string; name: string }>(db, sql`SELECT id, name FROM organizations WHERE id = ${key}`);
  if (byId.length > 0) return byId;
  return queryRows(db, sql`SELECT id, name FROM organizations WHERE lower(name) = lower(${key}) ORDER BY created_at, id`);
}

/**
 * The organisation's row locked until the transaction ends, null when there is none. Every insert
 * that references the organisation (users, clients, projects, rules, connections) waits for it.
 */
export async function lockOrganization(tx: Db, orgId: string): Promise<{ name: string } | null> {
  const [row] = await queryRows<{ name: string }>(tx, sql`SELECT name FROM organizations WHERE id = ${orgId} FOR UPDATE`);
  return row ?? null;
}

/**
 * Deletes the organisation's rows of the tables, children first. Its row, its users and their
 * sign-ins (sessions, tokens) stay: the restore keeps the users it matches and deletes the others.
 */
export async function deleteOrganizationRows(tx: Db, orgId: string): Promise<void> {
  const kept: ReadonlySet<OrgBackupTable> = new Set(['organizations', 'users', 'sessions', 'api_tokens']);
  for (const table of [...ORG_BACKUP_TABLES].reverse()) {
    if (kept.has(table)) continue;
    await tx.execute(sql`DELETE FROM ${ident(table)} t WHERE ${organizationRows(table, orgId)}`);
  }
}

/** The users of any organisation with one of the e-mails (compared case-insensitively). */
export async function usersByEmail(tx: Db, emails: string[]): Promise<Array<{ id: string; orgId: string; email: string }>> {
  if (emails.length === 0) return [];
  return queryRows(
    tx,
    sql`SELECT id, org_id AS "orgId", lower(email) AS email FROM users
    WHERE lower(email) IN (SELECT lower(e) FROM json_array_elements_text(${JSON.stringify(emails)}::json) AS e)`,
  );
}

/** Deletes the organisation's users but those kept (their sessions, tokens and own settings go with them). */
export async function deleteUsersExcept(tx: Db, orgId: string, keep: string[]): Promise<void> {
  await tx.execute(
    sql`DELETE FROM users WHERE org_id = ${orgId} AND id NOT IN (SELECT json_array_elements_text(${JSON.stringify(keep)}::json))`,
  );
}

/** Gives an existing user the membership (organisation and role) of the backup; the rest of the account stays theirs. */
export async function setMembership(tx: Db, userId: string, orgId: string, role: string): Promise<void> {
  await tx.execute(sql`UPDATE users SET org_id = ${orgId}, role = ${role}, version = version + 1 WHERE id = ${userId}`);
}

/** Inserts the organisation's row, or overwrites every column of the existing one (a restore with --replace). */
export async function upsertJsonRows(tx: Db, table: BackupTable, columns: string[], jsonRows: string[]): Promise<void> {
  const list = sql.join(columns.map(ident), sql`, `);
  const updates = columns.filter((column) => column !== 'id').map((column) => sql`${ident(column)} = EXCLUDED.${ident(column)}`);
  await tx.execute(sql`INSERT INTO ${ident(table)} (${list})
    SELECT ${list} FROM json_populate_recordset(NULL::${ident(table)}, ${`[${jsonRows.join(',')}]`}::json)
    ON CONFLICT (id) DO ${updates.length === 0 ? sql`NOTHING` : sql`UPDATE SET ${sql.join(updates, sql`, `)}`}`);
}

// Every reference from an organisation's row to a row that must be of the same organisation.
const ORG_REFERENCES: Array<[OrgBackupTable, string, OrgBackupTable]> = [
  ['sessions', 'user_id', 'users'],
  ['api_tokens', 'user_id', 'users'],
  ['projects', 'client_id', 'clients'],
  ['project_members', 'project_id', 'projects'],
  ['project_members', 'user_id', 'users'],
  ['tasks', 'project_id', 'projects'],
  ['time_records', 'user_id', 'users'],
  ['time_records', 'project_id', 'projects'],
  ['time_records', 'task_id', 'tasks'],
  ['tracking_rules', 'user_id', 'users'],
  ['tracking_rules', 'project_id', 'projects'],
  ['tracking_rules', 'task_id', 'tasks'],
  ['timers', 'user_id', 'users'],
  ['timers', 'project_id', 'projects'],
  ['timers', 'task_id', 'tasks'],
  ['calendar_connections', 'user_id', 'users'],
  ['calendar_occurrences', 'connection_id', 'calendar_connections'],
  ['impulse_states', 'user_id', 'users'],
  ['impulse_series', 'user_id', 'users'],
  ['impulse_series', 'project_id', 'projects'],
  ['impulse_series', 'task_id', 'tasks'],
];

/**
 * The first reference of the organisation's rows to a row of another organisation (a restored file
 * must not tie its records to someone else's projects or people), null when there is none.
 */
export async function foreignReference(tx: Db, orgId: string): Promise<{ table: string; column: string } | null> {
  const checks = ORG_REFERENCES.map(
    ([table, column, parent]) =>
      sql`(SELECT ${table}::text AS "table", ${column}::text AS "column" WHERE EXISTS (SELECT 1 FROM ${ident(table)} c
        JOIN ${ident(parent)} p ON p.id = c.${ident(column)} WHERE c.org_id = ${orgId} AND p.org_id <> ${orgId}))`,
  );
  checks.push(
    sql`(SELECT 'time_records' AS "table", 'tag_ids' AS "column" WHERE EXISTS (SELECT 1 FROM time_records c
      CROSS JOIN LATERAL unnest(c.tag_ids) AS g(id) JOIN tags p ON p.id = g.id WHERE c.org_id = ${orgId} AND p.org_id <> ${orgId}))`,
  );
  const [row] = await queryRows<{ table: string; column: string }>(tx, sql`${sql.join(checks, sql` UNION ALL `)} LIMIT 1`);
  return row ?? null;
}

/**
 * Whether the organisation holds nothing but the one user (a sign-up's own organisation, before it
 * got any data): no other user and no row of any other organisation table. Locks its row.
 */
export async function isOnlyUsersOrganization(tx: Db, orgId: string, userId: string): Promise<boolean> {
  if ((await lockOrganization(tx, orgId)) === null) return false;
  const data = ORG_BACKUP_TABLES.filter((table) => !['organizations', 'users', 'sessions', 'api_tokens'].includes(table));
  const [row] = await queryRows<{ found: boolean }>(
    tx,
    sql`SELECT EXISTS (SELECT 1 FROM users WHERE org_id = ${orgId} AND id <> ${userId}) OR ${sql.join(
      data.map((table) => sql`EXISTS (SELECT 1 FROM ${ident(table)} t WHERE ${organizationRows(table as OrgBackupTable, orgId)})`),
      sql` OR `,
    )} AS found`,
  );
  return row?.found === false;
}

/** The user's sign-ins and retry keys follow them into the organisation they moved to. */
export async function moveSignIns(tx: Db, userId: string, orgId: string): Promise<void> {
  await tx.execute(sql`UPDATE sessions SET org_id = ${orgId} WHERE user_id = ${userId}`);
  await tx.execute(sql`UPDATE api_tokens SET org_id = ${orgId} WHERE user_id = ${userId}`);
  await tx.execute(sql`DELETE FROM idempotency_keys WHERE user_id = ${userId}`);
}

/** The organisation's owners but `ownerId` become admins: it has one owner. */
export async function demoteOtherOwners(tx: Db, orgId: string, ownerId: string): Promise<void> {
  await tx.execute(
    sql`UPDATE users SET role = 'admin', version = version + 1 WHERE org_id = ${orgId} AND role = 'owner' AND id <> ${ownerId}`,
  );
}

/** Deletes an organisation that holds no rows any more. */
export async function deleteEmptyOrganization(tx: Db, orgId: string): Promise<void> {
  await tx.execute(sql`DELETE FROM organizations WHERE id = ${orgId}`);
}
