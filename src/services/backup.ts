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
// One organisation's backup (version 2, scope "organization") is organization-backup.ts; restore
// reads both.
import {
  anyRows,
  BACKUP_TABLES,
  type BackupTable,
  type ColumnOverrides,
  emptyTables,
  insertJsonRows,
  lockTables,
  markRestoredLinksMissing,
} from '../db/backup-repository.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import {
  type BackupHeader,
  type BackupSink,
  type BackupSummary,
  currentHeader,
  INSTALLATION_VERSION,
  openBackup,
  readTables,
  type TableCounts,
  writeTables,
} from './backup-format.ts';
import { type OrganizationRestoreSummary, restoreOrganization } from './organization-backup.ts';

export type InstallationRestoreSummary = {
  scope: 'installation';
  header: BackupHeader;
  rows: TableCounts;
  linksMissing: number;
  replaced: boolean;
};
export type RestoreSummary = InstallationRestoreSummary | OrganizationRestoreSummary;

// Without --include-secrets: tables of nothing but credentials are left out (sessions, personal
// tokens, open invite links, and idempotency keys, whose stored answers may hold a new token or
// invite link); password hashes are left empty (kairos user reset-password gives a new one), and
// calendar links empty (the connection says link_missing until its owner pastes the link again).
export const SECRET_TABLES: ReadonlySet<BackupTable> = new Set(['sessions', 'api_tokens', 'invites', 'idempotency_keys']);
export const SECRET_COLUMNS: Partial<Record<BackupTable, ColumnOverrides>> = {
  users: { password_hash: null },
  calendar_connections: { url_ciphertext: '', link_hash: null },
};
// installation state, not data: a database that holds only these counts as empty
const STATE_TABLES: ReadonlySet<BackupTable> = new Set(['settings', 'rate_limit_windows']);

/** Writes the backup of every table to `sink`, read in one snapshot. */
export async function writeBackup(
  db: Db,
  sink: BackupSink,
  options: { includeSecrets: boolean; kairosVersion: string; now: Date },
): Promise<BackupSummary> {
  const header = await currentHeader(db, options, { version: INSTALLATION_VERSION });
  const plan = BACKUP_TABLES.filter((table) => options.includeSecrets || !SECRET_TABLES.has(table)).map((table) => ({
    table,
    overrides: options.includeSecrets ? {} : (SECRET_COLUMNS[table] ?? {}),
  }));
  return writeTables(db, sink, header, plan);
}

/**
 * Restores a backup given as its lines (without the line breaks): an installation backup, or one
 * organisation's (organization-backup.ts). Refuses a file that is no Kairos backup or one from a
 * newer schema before the transaction; in it, with every table locked, a database holding data
 * unless `replace`; then empties every table and inserts the file's rows, which a truncated or
 * damaged file (found at its end at the latest) or a refused row undoes.
 */
export async function restoreBackup(db: Db, lines: AsyncIterable<string>, options: { replace: boolean }): Promise<RestoreSummary> {
  const opened = await openBackup(db, lines);
  if (opened.header.scope === 'organization') return restoreOrganization(db, opened, options);
  let holdsData = false;
  const { rows, linksMissing } = await db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    // nobody writes between the look and the wipe
    await lockTables(tx, BACKUP_TABLES);
    holdsData = await anyRows(
      tx,
      BACKUP_TABLES.filter((table) => !STATE_TABLES.has(table)),
    );
    if (holdsData && !options.replace) throw new AppError('restore_not_empty', 'the database holds data');
    await emptyTables(tx, BACKUP_TABLES);
    const read = await readTables(tx, opened, {
      tables: BACKUP_TABLES,
      row: (_table, _row, text) => text,
      insert: (table, columns, batch) => insertJsonRows(tx, table, columns, batch),
    });
    return { rows: read.rows, linksMissing: await markRestoredLinksMissing(tx) };
  });
  return { scope: 'installation', header: opened.header, rows, linksMissing, replaced: holdsData };
}
