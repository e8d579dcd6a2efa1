// Backup and restore of a whole installation as NDJSON (`kairos backup`, `kairos restore`):
//
//   {"format":"kairos-backup","version":1,"kairosVersion":…,"schema":{"migration":…,"when":…},"createdAt":…,"includesSecrets":…}
//   {"@table":"organizations","columns":["id","name",…]}
//   {"id":"…","name":"…",…}                                     one line per row, the row's columns by name
//   …                                                             every table, parents first (BACKUP_TABLES)
//   {"@end":{"rows":{"organizations":1,…},"sha256":"…"}}         row counts and the SHA-256 of every byte before
//
// Both ways stream: the backup reads each table through a cursor a page at a time, the restore
// inserts a batch at a time, so no table sits in memory. The restore runs in one transaction and
// checks the end line last: a truncated, damaged or refused file leaves the database as it was.
import { createHash } from 'node:crypto';
import {
  anyRows,
  appliedMigrationAt,
  BACKUP_TABLES,
  type BackupTable,
  type ColumnOverrides,
  emptyTables,
  inSnapshot,
  insertJsonRows,
  lockTables,
  markRestoredLinksMissing,
  streamTableRows,
  tableColumns,
} from '../db/backup-repository.ts';
import { type Db, latestMigrationAt, migrationTag } from '../db/database.ts';
import { AppError } from '../errors.ts';

export const BACKUP_FORMAT = 'kairos-backup';
export const BACKUP_VERSION = 1;

export type BackupHeader = {
  format: typeof BACKUP_FORMAT;
  version: number;
  kairosVersion: string;
  schema: { migration: string; when: number };
  createdAt: string;
  includesSecrets: boolean;
};

/** Where the backup goes; `write` may return a promise to hold the writer back (backpressure). */
export type BackupSink = { write(text: string): void | Promise<void> };

export type BackupSummary = { header: BackupHeader; rows: Partial<Record<BackupTable, number>>; bytes: number };
export type RestoreSummary = { header: BackupHeader; rows: Partial<Record<BackupTable, number>>; linksMissing: number; replaced: boolean };

// Without --include-secrets: tables of nothing but credentials are left out (sessions, personal
// tokens, open invite links, and idempotency keys, whose stored answers may hold a new token or
// invite link); password hashes are left empty (kairos user reset-password gives a new one), and
// calendar links empty (the connection says link_missing until its owner pastes the link again).
const SECRET_TABLES: ReadonlySet<BackupTable> = new Set(['sessions', 'api_tokens', 'invites', 'idempotency_keys']);
const SECRET_COLUMNS: Partial<Record<BackupTable, ColumnOverrides>> = {
  users: { password_hash: null },
  calendar_connections: { url_ciphertext: '', link_hash: null },
};
// installation state, not data: a database that holds only these counts as empty
const STATE_TABLES: ReadonlySet<BackupTable> = new Set(['settings', 'rate_limit_windows']);

const PAGE_ROWS = 1000;
const BATCH_ROWS = 5000;
const BATCH_BYTES = 4 << 20;

function schemaName(when: number): string {
  return migrationTag(when) ?? String(when);
}

/** Writes the backup of every table to `sink`, read in one snapshot. */
export async function writeBackup(
  db: Db,
  sink: BackupSink,
  options: { includeSecrets: boolean; kairosVersion: string; now: Date },
): Promise<BackupSummary> {
  const applied = await appliedMigrationAt(db);
  if (applied === null) throw new AppError('backup_no_schema', 'the database holds no Kairos schema');
  const migration = migrationTag(applied);
  if (migration === null || applied > latestMigrationAt)
    throw new AppError('database_too_new', 'the database was migrated by a newer Kairos', { current: schemaName(latestMigrationAt) });
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    kairosVersion: options.kairosVersion,
    schema: { migration, when: applied },
    createdAt: options.now.toISOString(),
    includesSecrets: options.includeSecrets,
  };
  const hash = createHash('sha256');
  let bytes = 0;
  const emit = async (text: string) => {
    hash.update(text);
    bytes += Buffer.byteLength(text);
    await sink.write(text);
  };
  const rows: Partial<Record<BackupTable, number>> = {};
  await inSnapshot(db, async (tx) => {
    await emit(`${JSON.stringify(header)}\n`);
    for (const table of BACKUP_TABLES) {
      if (!options.includeSecrets && SECRET_TABLES.has(table)) continue;
      await emit(`${JSON.stringify({ '@table': table, columns: await tableColumns(tx, table) })}\n`);
      let count = 0;
      await streamTableRows(tx, table, options.includeSecrets ? {} : (SECRET_COLUMNS[table] ?? {}), PAGE_ROWS, async (lines) => {
        count += lines.length;
        await emit(`${lines.join('\n')}\n`);
      });
      rows[table] = count;
    }
  });
  const end = `${JSON.stringify({ '@end': { rows, sha256: hash.digest('hex') } })}\n`;
  await sink.write(end);
  return { header, rows, bytes: bytes + Buffer.byteLength(end) };
}

/** PostgreSQL's own words (the driver's error under drizzle's, which would repeat the query and its rows). */
function refusedBecause(error: unknown): string {
  let cause = error;
  while (cause instanceof Error && !('code' in cause) && cause.cause instanceof Error) cause = cause.cause;
  const { message, detail } = cause as { message?: string; detail?: string };
  return [message, detail].filter(Boolean).join('. ') || 'unknown error';
}

const damaged = (line: number, kind: string, params: Record<string, string | number> = {}) =>
  new AppError('backup_damaged', `line ${line}: ${kind}`, { line, kind, ...params });

const truncated = (lines: number) => new AppError('backup_truncated', 'the backup has no end line', { lines });

/** The line's JSON; a line that is none is damage, or the cut end of a truncated file when nothing follows it. */
async function parseLine(text: string, line: number, rest: AsyncIterator<string>): Promise<unknown> {
  try {
    return JSON.parse(text);
  } catch {
    if ((await rest.next()).done) throw truncated(line - 1);
    throw damaged(line, 'not_json');
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readHeader(text: string | undefined): BackupHeader {
  let header: unknown;
  try {
    header = text === undefined ? null : JSON.parse(text);
  } catch {
    header = null;
  }
  if (
    !isObject(header) ||
    header.format !== BACKUP_FORMAT ||
    typeof header.version !== 'number' ||
    !isObject(header.schema) ||
    typeof header.schema.when !== 'number' ||
    typeof header.schema.migration !== 'string' ||
    typeof header.includesSecrets !== 'boolean'
  ) {
    throw new AppError('backup_unrecognized', 'not a Kairos backup');
  }
  return header as BackupHeader;
}

/**
 * Restores a backup given as its lines (without the line breaks). Refuses a file that is no Kairos
 * backup or one from a newer schema before the transaction; in it, with every table locked, a
 * database holding data unless `replace`; then empties every table and inserts the file's rows,
 * which a truncated or damaged file (found at its end at the latest) or a refused row undoes.
 */
export async function restoreBackup(db: Db, lines: AsyncIterable<string>, options: { replace: boolean }): Promise<RestoreSummary> {
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  const header = readHeader(first.done ? undefined : first.value);
  const applied = (await appliedMigrationAt(db)) ?? 0;
  if (header.version > BACKUP_VERSION || header.schema.when > applied) {
    throw new AppError('backup_too_new', 'the backup comes from a newer Kairos', {
      version: String(header.kairosVersion),
      schema: header.schema.migration,
      current: schemaName(applied),
    });
  }
  const hash = createHash('sha256');
  hash.update(`${first.value as string}\n`);
  const rows: Partial<Record<BackupTable, number>> = {};
  let lineNumber = 1;
  let holdsData = false;
  const linksMissing = await db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    // nobody writes between the look and the wipe
    await lockTables(tx, BACKUP_TABLES);
    holdsData = await anyRows(
      tx,
      BACKUP_TABLES.filter((table) => !STATE_TABLES.has(table)),
    );
    if (holdsData && !options.replace) throw new AppError('restore_not_empty', 'the database holds data');
    await emptyTables(tx, BACKUP_TABLES);
    let table: BackupTable | null = null;
    let columns: string[] = [];
    let batch: string[] = [];
    let batchBytes = 0;
    let batchLine = 0;
    let batchLast = 0;
    let end: Record<string, unknown> | null = null;
    let endLine = 0;
    const flush = async () => {
      if (batch.length === 0 || table === null) return;
      try {
        await insertJsonRows(tx, table, columns, batch);
      } catch (error) {
        throw new AppError(
          'restore_failed',
          `the database refused a row of ${table}`,
          { from: batchLine, to: batchLast, detail: refusedBecause(error) },
          undefined,
          { cause: error },
        );
      }
      batch = [];
      batchBytes = 0;
    };
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      lineNumber += 1;
      const text = next.value;
      if (end !== null) {
        // a last empty line is a trailing line break, not content
        if (text === '') continue;
        throw damaged(lineNumber, 'after_end');
      }
      if (text.startsWith('{"@')) {
        const control = await parseLine(text, lineNumber, iterator);
        if (!isObject(control)) throw damaged(lineNumber, 'not_object');
        await flush();
        if (isObject(control['@end'])) {
          end = control['@end'];
          endLine = lineNumber;
          continue;
        }
        const name = control['@table'];
        if (typeof name !== 'string' || !Array.isArray(control.columns)) throw damaged(lineNumber, 'not_object');
        if (!(BACKUP_TABLES as readonly string[]).includes(name)) throw damaged(lineNumber, 'unknown_table', { table: name });
        if (rows[name as BackupTable] !== undefined) throw damaged(lineNumber, 'table_repeated', { table: name });
        table = name as BackupTable;
        const known = new Set(await tableColumns(tx, table));
        const unknown = control.columns.find((column) => typeof column !== 'string' || !known.has(column));
        if (unknown !== undefined) throw damaged(lineNumber, 'unknown_column', { table, column: String(unknown) });
        columns = control.columns as string[];
        rows[table] = 0;
      } else {
        if (!isObject(await parseLine(text, lineNumber, iterator))) throw damaged(lineNumber, 'not_object');
        if (table === null) throw damaged(lineNumber, 'row_outside_table');
        if (batch.length === 0) batchLine = lineNumber;
        batchLast = lineNumber;
        batch.push(text);
        batchBytes += text.length;
        rows[table] = (rows[table] ?? 0) + 1;
        if (batch.length >= BATCH_ROWS || batchBytes >= BATCH_BYTES) await flush();
      }
      hash.update(text);
      hash.update('\n');
    }
    if (end === null) throw truncated(lineNumber);
    const counted = isObject(end.rows) ? end.rows : {};
    for (const name of new Set([...Object.keys(counted), ...Object.keys(rows)])) {
      const expected = counted[name];
      const actual = rows[name as BackupTable] ?? 0;
      if (expected !== actual) throw damaged(endLine, 'count', { table: name, expected: String(expected ?? 0), actual });
    }
    if (end.sha256 !== hash.digest('hex')) throw damaged(endLine, 'checksum');
    return markRestoredLinksMissing(tx);
  });
  return { header, rows, linksMissing, replaced: holdsData };
}
