import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { findOrganizationOwners } from '../db/cli-repository.ts';
import { AppError } from '../errors.ts';
import type { MessageKey } from '../i18n/en.ts';
import { translate } from '../i18n/translate.ts';
import { toActor } from '../services/accounts.ts';
import { importFile, type ImportResult } from '../services/imports.ts';
import type { Io } from './main.ts';
import { withDeps } from './user-commands.ts';

export const IMPORT_HELP = `Usage: kairos import <toggl|clockify> --file <csv> --zone <iana> [--dry-run] [--date-order DMY|MDY] [--org <id or name>] [--json]

Imports the detailed-report CSV of Toggl Track (Reports > Detailed > Export > CSV) or Clockify
(Reports > Time > Detailed > Export > CSV). Clients, projects, tasks and tags are matched by name
and created when missing; people by e-mail (unknown ones are listed, never created); times are
wall-clock times in --zone. Rows inside the locked period are rejected. Importing the same file
again creates no duplicate. --dry-run shows what would happen and writes nothing.
`;

function formatSummary(result: ImportResult): string {
  const lines = [
    `${result.dryRun ? 'Dry run of a' : 'Imported a'} ${result.vendor === 'toggl' ? 'Toggl Track' : 'Clockify'} file (${result.dialect.encoding}${result.dialect.bom ? ' with BOM' : ''}, ${result.dialect.dateFormat}, ${result.dialect.clock}) in ${result.timeZone}`,
    `${result.rows} rows: ${result.accepted} accepted, ${result.rejected.length} rejected; ${result.dryRun ? `${result.accepted - result.duplicates} would be written` : `${result.imported} written`}, ${result.duplicates} already imported`,
  ];
  for (const [kind, names] of Object.entries(result.created)) {
    if (names.length > 0) lines.push(`${result.dryRun ? 'would create' : 'created'} ${kind}: ${names.join(', ')}`);
  }
  if (result.unknownUsers.length > 0) lines.push(`not members of the organisation (rows rejected): ${result.unknownUsers.join(', ')}`);
  for (const row of result.rejected) lines.push(`  line ${row.row}: ${row.reason} (${row.detail})`);
  return `${lines.join('\n')}\n`;
}

export async function runImport(args: string[], io: Io): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        file: { type: 'string' },
        zone: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'date-order': { type: 'string' },
        org: { type: 'string' },
        json: { type: 'boolean' },
      },
    }));
  } catch (error) {
    io.stderr(`kairos import: ${(error as Error).message}\n\n${IMPORT_HELP}`);
    return 2;
  }
  if (values.help) {
    io.stdout(IMPORT_HELP);
    return 0;
  }
  const vendor = positionals[0];
  const order = values['date-order'];
  const problems = [
    vendor !== 'toggl' && vendor !== 'clockify' ? 'say toggl or clockify' : null,
    typeof values.file !== 'string' ? 'missing --file' : null,
    typeof values.zone !== 'string' ? "missing --zone (the zone of the file's times, e.g. Europe/Prague)" : null,
    order !== undefined && order !== 'DMY' && order !== 'MDY' ? '--date-order is DMY or MDY' : null,
  ].filter(Boolean);
  if (typeof values.zone === 'string') {
    try {
      new Intl.DateTimeFormat('en', { timeZone: values.zone });
    } catch {
      problems.push(`--zone ${values.zone} is no IANA time zone such as Europe/Prague`);
    }
  }
  if (problems.length > 0) {
    io.stderr(`kairos import: ${problems.join('; ')}\n\n${IMPORT_HELP}`);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(values.file as string);
  } catch (error) {
    io.stderr(`kairos import: cannot read ${values.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return 2;
  }
  return withDeps(async (deps) => {
    const owners = await findOrganizationOwners(deps.db, values.org as string | undefined);
    const orgIds = new Set(owners.map((row) => row.orgId));
    if (orgIds.size !== 1) {
      io.stderr(
        orgIds.size === 0
          ? `kairos import: no organisation${values.org ? ` "${values.org}"` : ''} found\n`
          : `kairos import: several organisations match; pass --org with one of: ${owners.map((row) => `${row.orgId} (${row.orgName})`).join(', ')}\n`,
      );
      return 2;
    }
    try {
      const result = await importFile(deps, toActor(owners[0]!.owner, 'session'), {
        bytes,
        zone: values.zone as string,
        vendor: vendor as 'toggl' | 'clockify',
        dateOrder: order as 'DMY' | 'MDY' | undefined,
        dryRun: values['dry-run'] === true,
      });
      io.stdout(values.json ? `${JSON.stringify(result)}\n` : formatSummary(result));
      return 0;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const message = translate('en', `error.${error.code}.message` as MessageKey, error.params);
      const hint = translate('en', `error.${error.code}.hint` as MessageKey, error.params);
      io.stderr(
        values.json ? `${JSON.stringify({ error: { code: error.code, message, hint } })}\n` : `kairos import: ${message}\n${hint}\n`,
      );
      return 2;
    }
  });
}
