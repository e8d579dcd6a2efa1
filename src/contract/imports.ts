import { z } from 'zod';
import { endpoint } from './endpoint.ts';

// Imports from Toggl Track and Clockify (issue 10): the detailed-report CSV as text.
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;

const Rejected = z.object({
  row: z.number().int().describe('Line of the file, the header being line 1'),
  reason: z.enum([
    'field_count_mismatch',
    'invalid_date',
    'end_before_start',
    'missing_project',
    'unknown_user',
    'period_locked',
    'too_long',
  ]),
  detail: z.string(),
});

export const ImportResult = z.object({
  vendor: z.enum(['toggl', 'clockify']),
  dryRun: z.boolean(),
  timeZone: z.string(),
  dialect: z.object({ encoding: z.string(), bom: z.boolean(), lineEnding: z.string(), dateFormat: z.string(), clock: z.string() }),
  rows: z.number().int(),
  accepted: z.number().int(),
  imported: z.number().int().describe('Records written (0 in a dry run)'),
  duplicates: z.number().int().describe('Accepted rows imported before (same source row): skipped'),
  totalSeconds: z.number().int(),
  rejected: z.array(Rejected),
  unknownUsers: z
    .array(z.string())
    .describe('E-mails of the file that are no member of the organisation: their rows are rejected, never invented'),
  created: z
    .object({ clients: z.array(z.string()), projects: z.array(z.string()), tasks: z.array(z.string()), tags: z.array(z.string()) })
    .describe('What the import creates (a dry run: would create), matched by name otherwise'),
  perUser: z.array(z.object({ email: z.string(), records: z.number().int(), seconds: z.number().int() })),
});

const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Prague');

export const createImport = endpoint({
  method: 'POST',
  path: '/api/v1/imports',
  tag: 'imports',
  auth: 'user',
  summary:
    'Import a Toggl Track or Clockify detailed-report CSV (owners, admins); dryRun: true reports what would happen and writes nothing',
  body: z.strictObject({
    file: z.string().min(1).describe('The CSV file as text'),
    vendor: z.enum(['toggl', 'clockify']).optional().describe('Default: recognised from the header'),
    timeZone: TimeZone.optional().describe("The zone of the file's wall-clock times; default: yours"),
    dateOrder: z.enum(['DMY', 'MDY']).optional().describe('Clockify dates when the file does not settle it'),
    dryRun: z.boolean().optional(),
  }),
  response: ImportResult,
});
