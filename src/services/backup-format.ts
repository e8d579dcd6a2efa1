// What every Kairos backup file shares (src/services/backup.ts for an installation,
// organization-backup.ts for one organisation): the header, the table lines with their rows, the
// end line with the counts and the SHA-256 of every byte before it, and the reading of all that,
// which refuses a truncated or damaged file before the restore's transaction is committed.
import { createHash, type Hash } from 'node:crypto';
import {
  appliedMigrationAt,
  type BackupTable,
  type ColumnOverrides,
  inSnapshot,
  streamTableRows,
  tableColumns,
} from '../db/backup-repository.ts';
import { type Db, latestMigrationAt, migrationTag } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { SQL } from 'drizzle-orm';

export const BACKUP_FORMAT = 'kairos-backup';
// The newest version this Kairos reads. An installation backup is written as version 1 (unchanged
// since); an organisation backup as version 2, so that a Kairos that knows only version 1 refuses
// it instead of restoring one organisation as if it were a whole installation.
export const BACKUP_VERSION = 2;
export const INSTALLATION_VERSION = 1;
export const ORGANIZATION_VERSION = 2;

export type BackupHeader = {
  format: typeof BACKUP_FORMAT;
  version: number;
  kairosVersion: string;
  schema: { migration: string; when: number };
  createdAt: string;
  includesSecrets: boolean;
  /** version 2: an organisation backup names the organisation (an installation backup has no scope) */
  scope?: 'organization';
  organization?: { id: string; name: string };
};

/** Where the backup goes; `write` may return a promise to hold the writer back (backpressure). */
export type BackupSink = { write(text: string): void | Promise<void> };

export type TableCounts = Partial<Record<BackupTable, number>>;
export type BackupSummary = { header: BackupHeader; rows: TableCounts; bytes: number };

const PAGE_ROWS = 1000;
const BATCH_ROWS = 5000;
const BATCH_BYTES = 4 << 20;

function schemaName(when: number): string {
  return migrationTag(when) ?? String(when);
}

/** The header of a backup of this database as it is now (refuses one without or of a newer schema). */
export async function currentHeader(
  db: Db,
  options: { includeSecrets: boolean; kairosVersion: string; now: Date },
  scope: Pick<BackupHeader, 'version' | 'scope' | 'organization'>,
): Promise<BackupHeader> {
  const applied = await appliedMigrationAt(db);
  if (applied === null) throw new AppError('backup_no_schema', 'the database holds no Kairos schema');
  const migration = migrationTag(applied);
  if (migration === null || applied > latestMigrationAt)
    throw new AppError('database_too_new', 'the database was migrated by a newer Kairos', { current: schemaName(latestMigrationAt) });
  return {
    format: BACKUP_FORMAT,
    version: scope.version,
    kairosVersion: options.kairosVersion,
    schema: { migration, when: applied },
    createdAt: options.now.toISOString(),
    includesSecrets: options.includeSecrets,
    ...(scope.scope && { scope: scope.scope }),
    ...(scope.organization && { organization: scope.organization }),
  };
}

export type TablePlan = { table: BackupTable; overrides: ColumnOverrides; where?: SQL };

/** Writes the header, each table of `plan` read in one snapshot, and the end line to `sink`. */
export async function writeTables(db: Db, sink: BackupSink, header: BackupHeader, plan: TablePlan[]): Promise<BackupSummary> {
  const hash = createHash('sha256');
  let bytes = 0;
  const emit = async (text: string) => {
    hash.update(text);
    bytes += Buffer.byteLength(text);
    await sink.write(text);
  };
  const rows: TableCounts = {};
  await inSnapshot(db, async (tx) => {
    await emit(`${JSON.stringify(header)}\n`);
    for (const { table, overrides, where } of plan) {
      await emit(`${JSON.stringify({ '@table': table, columns: await tableColumns(tx, table) })}\n`);
      let count = 0;
      await streamTableRows(
        tx,
        table,
        overrides,
        PAGE_ROWS,
        async (lines) => {
          count += lines.length;
          await emit(`${lines.join('\n')}\n`);
        },
        where,
      );
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

export const damaged = (line: number, kind: string, params: Record<string, string | number> = {}) =>
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

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseHeader(text: string | undefined): BackupHeader {
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
    typeof header.includesSecrets !== 'boolean' ||
    (header.scope !== undefined &&
      (header.scope !== 'organization' || !isObject(header.organization) || typeof header.organization.id !== 'string'))
  ) {
    throw new AppError('backup_unrecognized', 'not a Kairos backup');
  }
  return header as BackupHeader;
}

/** A backup being read: its header, and the lines after it (without their line breaks). */
export type OpenedBackup = { header: BackupHeader; firstLine: string; rest: AsyncIterator<string> };

/**
 * Reads the header line and refuses, before anything is written, a file that is no Kairos backup or
 * one from a newer Kairos or schema than this database's.
 */
export async function openBackup(db: Db, lines: AsyncIterable<string>): Promise<OpenedBackup> {
  const rest = lines[Symbol.asyncIterator]();
  const first = await rest.next();
  const header = parseHeader(first.done ? undefined : first.value);
  const applied = (await appliedMigrationAt(db)) ?? 0;
  if (header.version > BACKUP_VERSION || header.schema.when > applied) {
    throw new AppError('backup_too_new', 'the backup comes from a newer Kairos', {
      version: String(header.kairosVersion),
      schema: header.schema.migration,
      current: schemaName(applied),
    });
  }
  return { header, firstLine: first.value as string, rest };
}

/** What a restore does with the rows it reads. */
export type RowTarget = {
  /** the tables a file may hold */
  tables: readonly BackupTable[];
  /** a row as the file holds it (parsed): the text to insert (the same, or rewritten), or null to leave it out */
  row(table: BackupTable, row: Record<string, unknown>, text: string, line: number): string | null;
  /** inserts rows of the table; a table listed in `whole` gets all its rows at once */
  insert(table: BackupTable, columns: string[], batch: string[]): Promise<void>;
  whole?: ReadonlySet<BackupTable>;
};

/**
 * Reads the table lines and rows after the header inside the restore's transaction, hands the rows
 * in batches to `target`, and checks the end line: its counts and checksum. A truncated or damaged
 * file (found at its end at the latest) or a refused row throws, which undoes the transaction.
 * Answers the rows per table and the line of each table line.
 */
export async function readTables(
  tx: Db,
  opened: OpenedBackup,
  target: RowTarget,
): Promise<{ rows: TableCounts; tableLines: Partial<Record<BackupTable, number>> }> {
  const { rest: iterator } = opened;
  const hash: Hash = createHash('sha256');
  hash.update(`${opened.firstLine}\n`);
  const rows: TableCounts = {};
  const tableLines: Partial<Record<BackupTable, number>> = {};
  let lineNumber = 1;
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
      await target.insert(table, columns, batch);
    } catch (error) {
      if (error instanceof AppError) throw error;
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
      if (!(target.tables as readonly string[]).includes(name)) throw damaged(lineNumber, 'unknown_table', { table: name });
      if (rows[name as BackupTable] !== undefined) throw damaged(lineNumber, 'table_repeated', { table: name });
      table = name as BackupTable;
      const known = new Set(await tableColumns(tx, table));
      const unknown = control.columns.find((column) => typeof column !== 'string' || !known.has(column));
      if (unknown !== undefined) throw damaged(lineNumber, 'unknown_column', { table, column: String(unknown) });
      columns = control.columns as string[];
      rows[table] = 0;
      tableLines[table] = lineNumber;
    } else {
      const row = await parseLine(text, lineNumber, iterator);
      if (!isObject(row)) throw damaged(lineNumber, 'not_object');
      if (table === null) throw damaged(lineNumber, 'row_outside_table');
      rows[table] = (rows[table] ?? 0) + 1;
      const kept = target.row(table, row, text, lineNumber);
      if (kept !== null) {
        if (batch.length === 0) batchLine = lineNumber;
        batchLast = lineNumber;
        batch.push(kept);
        batchBytes += kept.length;
        if (!target.whole?.has(table) && (batch.length >= BATCH_ROWS || batchBytes >= BATCH_BYTES)) await flush();
      }
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
  return { rows, tableLines };
}
