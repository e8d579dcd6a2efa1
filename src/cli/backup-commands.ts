import { open, rename, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { MessageKey } from '../i18n/en.ts';
import { errorParams, isMessageKey, type Language, languageFromLocale, translate } from '../i18n/translate.ts';
import { kairosVersion, loadSecretKey, openConfiguredDatabase, secretKeySource } from '../runtime.ts';
import { type RestoreSummary, restoreBackup, writeBackup } from '../services/backup.ts';
import type { BackupSink, BackupSummary } from '../services/backup-format.ts';
import { findOrganization, writeOrganizationBackup } from '../services/organization-backup.ts';
import { inspectSecretKey } from '../services/secret-key.ts';
import type { Io } from './main.ts';

export const BACKUP_HELP = `Usage: kairos backup --file <file|-> [--include-secrets]   (--out is the same as --file)
       kairos backup --org <organisation id or name> --out <file|-> [--include-secrets]

Writes every table of this installation (all organisations) to <file> as NDJSON: a header line
(format, version, schema), one line per row, and an end line with the row counts and a checksum,
so that a truncated or damaged copy is refused by restore. "-" writes to standard output.
PostgreSQL: one consistent snapshot, while Kairos keeps running. PGlite: stop the server first.

With --org it writes one organisation: the organisation, its members (their profiles), clients,
projects with their members and rates, tasks, tags, time records, rules, timers, the members'
calendar connections with their meetings and impulse states (what the reports need). The header
says "scope":"organization" (format version 2); kairos restore reads both kinds.

Without --include-secrets the backup leaves out calendar links, password hashes, sessions,
personal API tokens and open invitations: after a restore people get new passwords (kairos user
reset-password) and paste their calendar links again. With --include-secrets it holds them (the
links encrypted with KAIROS_SECRET): keep the file as safe as the database, and keep
KAIROS_SECRET with it, since the links open only with that key.
`;

export const RESTORE_HELP = `Usage: kairos restore --file <file|-> [--replace]   (--in is the same as --file)

Restores a backup written by kairos backup into this installation's database, in one
transaction: a file that is no Kairos backup, truncated or damaged, or from a newer Kairos is
refused and the database stays as it was. The database must be empty (a new PGlite data directory
or PostgreSQL database; migrations are applied first) unless --replace is given, which deletes all
of its data first. "-" reads standard input. PGlite: stop the server first.

An organisation backup (kairos backup --org) creates that organisation next to the others. Its
members are matched by e-mail with the users here: an existing user keeps their password and gets
the membership; the others are created, without a password unless the backup holds secrets (they
get one with kairos user reset-password --email E). If the organisation exists already, restore
refuses unless --replace is given, which replaces that organisation's data only.
`;

type Refusal = { code: string; message: string; hint: string };

// The restore's refusals read in the locale's language (LC_ALL, LC_MESSAGES, LANG: cs or en).
function refusal(error: AppError, language: Language): Refusal {
  const params = errorParams(language, error.code, error.params);
  const text = (part: 'message' | 'hint') => {
    const key = `error.${error.code}.${part}`;
    return isMessageKey(key) ? translate(language, key as MessageKey, params) : '';
  };
  return { code: error.code, message: text('message') || error.message, hint: text('hint') };
}

function printRefusal(io: Io, command: string, error: AppError): number {
  const { message, hint } = refusal(error, languageFromLocale(process.env));
  io.stderr(`kairos ${command}: ${message}\n${hint ? `${hint}\n` : ''}`);
  return 2;
}

function parse(command: 'backup' | 'restore', args: string[], io: Io) {
  const help = command === 'backup' ? BACKUP_HELP : RESTORE_HELP;
  const flagName = command === 'backup' ? 'include-secrets' : 'replace';
  // --out (backup) and --in (restore) are other names for --file
  const alias = command === 'backup' ? 'out' : 'in';
  try {
    const { values } = parseArgs({
      args,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        file: { type: 'string' },
        [alias]: { type: 'string' },
        [flagName]: { type: 'boolean' },
        ...(command === 'backup' && { org: { type: 'string' as const } }),
      },
    }) as { values: { help?: boolean; file?: string; org?: string } & Record<string, string | boolean | undefined> };
    if (values.help) {
      io.stdout(help);
      return { exit: 0 };
    }
    const named = [values.file, values[alias]].filter((value) => value !== undefined);
    if (named.length > 1) {
      io.stderr(`kairos ${command}: give the file once, as --file or --${alias}\n\n${help}`);
      return { exit: 2 };
    }
    const file = named[0];
    if (typeof file !== 'string' || file === '') {
      io.stderr(
        `kairos ${command}: missing --file (a file name, or - for standard ${command === 'backup' ? 'output' : 'input'})\n\n${help}`,
      );
      return { exit: 2 };
    }
    if (values.org === '') {
      io.stderr(`kairos ${command}: --org needs the id or the name of an organisation\n\n${help}`);
      return { exit: 2 };
    }
    return { file, flag: values[flagName] === true, org: values.org };
  } catch (error) {
    io.stderr(`kairos ${command}: ${(error as Error).message}\n\n${help}`);
    return { exit: 2 };
  }
}

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
const total = (rows: Partial<Record<string, number>>) => Object.values(rows).reduce<number>((sum, n) => sum + (n ?? 0), 0);

// A file is written under a temporary name, flushed to disk and renamed at the end: a failed
// backup never leaves a file that looks complete, nor replaces the previous good one.
async function backupToFile(file: string, write: (sink: BackupSink) => Promise<BackupSummary>): Promise<BackupSummary> {
  const temporary = `${file}.${process.pid}.partial`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    const summary = await write({ write: async (text) => void (await handle.write(text)) });
    await handle.sync();
    await handle.close();
    await rename(temporary, file);
    return summary;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

export async function runBackup(args: string[], io: Io): Promise<number> {
  const parsed = parse('backup', args, io);
  if ('exit' in parsed) return parsed.exit as number;
  const { file, flag: includeSecrets, org } = parsed;
  const config = loadConfig();
  // a backup reads: it leaves the schema as it is (the header names the migration it is at)
  const database = await openConfiguredDatabase(config, { migrate: false });
  try {
    let summary: BackupSummary;
    try {
      const options = { includeSecrets, kairosVersion: kairosVersion(), now: new Date() };
      const organization = org === undefined ? null : await findOrganization(database.db, org);
      const write = (sink: BackupSink) =>
        organization === null
          ? writeBackup(database.db, sink, options)
          : writeOrganizationBackup(database.db, sink, { ...options, organization });
      summary = file === '-' ? await write({ write: (text) => io.stdout(text) }) : await backupToFile(file, write);
    } catch (error) {
      if (error instanceof AppError) return printRefusal(io, 'backup', error);
      if ((error as NodeJS.ErrnoException).code && (error as NodeJS.ErrnoException).syscall) {
        io.stderr(`kairos backup: cannot write ${file}: ${(error as Error).message}\n`);
        return 2;
      }
      throw error;
    }
    // with --file - the backup is standard output: the report goes to standard error
    const report = file === '-' ? io.stderr : io.stdout;
    const tables = Object.keys(summary.rows).length;
    const of = summary.header.organization
      ? ` of the organisation "${summary.header.organization.name}" (${summary.header.organization.id})`
      : '';
    report(
      `Backed up ${total(summary.rows)} rows of ${tables} tables${of} (${megabytes(summary.bytes)}, schema ${summary.header.schema.migration})${file === '-' ? '' : ` to ${file}`}.\n`,
    );
    report(
      includeSecrets
        ? 'It holds the calendar links, password hashes and tokens: keep it as safe as the database, and keep KAIROS_SECRET with it.\n'
        : 'Calendar links, passwords, sessions, API tokens and open invitations are left out (--include-secrets keeps them).\n',
    );
    return 0;
  } finally {
    await database.close();
  }
}

// with secrets: the calendar links open only with the KAIROS_SECRET of the installation the backup comes from
async function warnUnreadableLinks(io: Io, db: Db): Promise<void> {
  const config = loadConfig();
  const state = await inspectSecretKey(db, loadSecretKey(config), { repair: false, now: new Date() });
  if (state.unreadable > 0) {
    io.stderr(
      `kairos restore: ${secretKeySource(config)} does not open ${state.unreadable} of ${state.links - state.missing} restored calendar links: start Kairos with the KAIROS_SECRET of the installation the backup comes from.\n`,
    );
  }
}

function reportOrganizationRestore(io: Io, summary: Extract<RestoreSummary, { scope: 'organization' }>): void {
  const { header, rows, organization, members, linksMissing } = summary;
  io.stdout(
    `Restored the organisation "${organization.name}" (${organization.id}): ${total(rows)} rows of ${Object.keys(rows).length} tables from the backup of ${header.createdAt} (Kairos ${header.kairosVersion}, schema ${header.schema.migration})` +
      `${summary.replaced ? ', replacing its data that was here' : ''}.\n`,
  );
  if (members.matched.length > 0)
    io.stdout(`Existing users who keep their password and got the membership: ${members.matched.join(', ')}.\n`);
  if (members.created.length > 0) io.stdout(`Users created: ${members.created.join(', ')}.\n`);
  if (members.withoutPassword.length > 0)
    io.stdout(
      `Without a password (the backup holds no secrets): ${members.withoutPassword.join(', ')}; each gets one with kairos user reset-password --email E.\n`,
    );
  if (linksMissing > 0) io.stdout(`${linksMissing} calendar connections wait for their owner to paste the link again.\n`);
}

export async function runRestore(args: string[], io: Io): Promise<number> {
  const parsed = parse('restore', args, io);
  if ('exit' in parsed) return parsed.exit as number;
  const { file, flag: replace } = parsed;
  let input: NodeJS.ReadableStream;
  if (file === '-') input = io.stdin ?? process.stdin;
  else {
    // a missing or unreadable file is told before the database is opened
    try {
      input = (await open(file, 'r')).createReadStream();
    } catch (error) {
      io.stderr(`kairos restore: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      return 2;
    }
  }
  const closeInput = () => {
    if (file !== '-') (input as NodeJS.ReadableStream & { destroy(): void }).destroy();
  };
  let database;
  try {
    database = await openConfiguredDatabase(loadConfig());
  } catch (error) {
    closeInput();
    throw error;
  }
  // read from here on: lines the stream gave before restoreBackup iterates them would be lost
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    let summary: RestoreSummary;
    try {
      summary = await restoreBackup(database.db, lines, { replace });
    } catch (error) {
      if (error instanceof AppError) return printRefusal(io, 'restore', error);
      throw error;
    }
    if (summary.scope === 'organization') {
      reportOrganizationRestore(io, summary);
      if (summary.header.includesSecrets) await warnUnreadableLinks(io, database.db);
      return 0;
    }
    const { header, rows, linksMissing } = summary;
    io.stdout(
      `Restored ${total(rows)} rows of ${Object.keys(rows).length} tables from the backup of ${header.createdAt} (Kairos ${header.kairosVersion}, schema ${header.schema.migration})` +
        `${summary.replaced ? ', replacing the data that was here' : ''}.\n`,
    );
    if (!header.includesSecrets) {
      io.stdout(
        `The backup holds no secrets: people set a new password (kairos user reset-password --email E) and create new API tokens${linksMissing > 0 ? `, and ${linksMissing} calendar connections wait for their owner to paste the link again` : ''}.\n`,
      );
    } else {
      await warnUnreadableLinks(io, database.db);
    }
    return 0;
  } finally {
    lines.close();
    closeInput();
    await database.close();
  }
}
