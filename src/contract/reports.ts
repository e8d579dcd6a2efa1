import { z } from 'zod';
import { Cursor, Id, Instant, RangeBound } from './common.ts';
import { endpoint } from './endpoint.ts';

// Reports (issue 10): the summary grouped by one or two dimensions, and the records behind it.
export const ReportDimension = z.enum(['client', 'project', 'task', 'user', 'tag', 'day', 'week', 'month']);
const ROUNDING = [0, 1, 5, 6, 10, 15, 30] as const;
const RoundingMinutes = z.coerce
  .number()
  .int()
  .refine(
    (value): value is (typeof ROUNDING)[number] => (ROUNDING as readonly number[]).includes(value),
    'must be 0, 1, 5, 6, 10, 15 or 30',
  );

// "a,b" or repeated ?key=a&key=b
const IdList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : [value])
      .flatMap((item) => item.split(','))
      .map((item) => item.trim())
      .filter(Boolean),
  )
  .pipe(z.array(Id).max(200))
  .describe('Ids, comma-separated or repeated');

const Filters = {
  from: RangeBound,
  to: RangeBound,
  users: IdList.optional(),
  clients: IdList.optional(),
  projects: IdList.optional(),
  tasks: IdList.optional(),
  tags: IdList.optional(),
  billable: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .describe('Only billable (true) or non-billable (false) records'),
  rounding: RoundingMinutes.optional().describe('Round up to 1, 5, 6, 10, 15 or 30 minutes; 0 or absent: exact'),
  roundingScope: z
    .enum(['record', 'total'])
    .optional()
    .describe('record (default): each record is rounded before summing; total: each row of the report is'),
};

const Figures = z.object({
  seconds: z.number().int(),
  billableSeconds: z.number().int(),
  amount: z.number().int().describe("Billable amount in minor units of the organisation's currency (cents)"),
  records: z.number().int().describe('Time records counted (a record cut over several days counts in each)'),
});

export type ReportGroup = z.infer<typeof Figures> & { key: string | null; label: string; groups?: ReportGroup[] };
const ReportGroup: z.ZodType<ReportGroup> = z.lazy(() =>
  Figures.extend({
    key: z
      .string()
      .nullable()
      .describe('The id of the client, project, task, user or tag (null: no client / task / tag), or the first day of the period'),
    label: z.string().describe('Its name, or the date for periods'),
    groups: z.array(ReportGroup).optional(),
  }),
);

export const SummaryReport = z.object({
  from: Instant,
  to: Instant,
  timeZone: z.string(),
  weekStart: z.number().int(),
  currency: z.string(),
  groupBy: z.array(ReportDimension),
  rounding: z.object({ minutes: z.number().int(), scope: z.enum(['record', 'total']) }),
  tagsCountEachRecordOnce: z
    .boolean()
    .describe('false when grouped by tag: a record with two tags counts in both rows, so rows can add up to more than the total'),
  groups: z.array(ReportGroup),
  total: Figures,
});

export const summaryReport = endpoint({
  method: 'GET',
  path: '/api/v1/reports/summary',
  tag: 'reports',
  auth: 'user',
  summary:
    'Tracked time and billable amounts grouped by one or two of client, project, task, user, tag, day, week, month (members: their own; managers: also their projects; owners and admins: everyone)',
  query: z.strictObject({
    ...Filters,
    groupBy: z
      .string()
      .default('project')
      .transform((value) =>
        value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(ReportDimension)
          .min(1)
          .max(2)
          .refine((items) => new Set(items).size === items.length, 'must not repeat a dimension'),
      )
      .describe('One or two dimensions, comma-separated, e.g. project,day'),
  }),
  response: SummaryReport,
});

export const DetailedRecord = z.object({
  id: Id,
  userId: Id,
  userName: z.string(),
  clientId: Id.nullable(),
  clientName: z.string().nullable(),
  projectId: Id,
  projectName: z.string(),
  taskId: Id.nullable(),
  taskName: z.string().nullable(),
  description: z.string(),
  start: Instant,
  end: Instant,
  billable: z.boolean(),
  tagIds: z.array(Id),
  tagNames: z.array(z.string()),
  seconds: z.number().int().describe("Within the report's range"),
  roundedSeconds: z.number().int(),
  hourlyRate: z.number().int().nullable().describe('Minor units per hour'),
  amount: z.number().int().describe('Minor units'),
});

export const detailedReport = endpoint({
  method: 'GET',
  path: '/api/v1/reports/detailed',
  tag: 'reports',
  auth: 'user',
  summary: 'The time records behind the summary report, with the same filters, in start order',
  query: z.strictObject({ ...Filters, limit: z.coerce.number().int().min(1).max(500).default(100), cursor: Cursor.optional() }),
  response: z.object({ items: z.array(DetailedRecord), nextCursor: z.string().nullable(), currency: z.string() }),
});

const ExportFormat = z
  .enum(['csv', 'xlsx'])
  .default('xlsx')
  .describe('xlsx (numbers and durations as numbers) or csv (UTF-8; for Czech users ";", a BOM and decimal commas)');
const ExportFile = z.string().describe('The report as a file download');
const EXPORT_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] as const;

export const exportSummaryReport = endpoint({
  method: 'GET',
  path: '/api/v1/reports/summary/export',
  tag: 'reports',
  auth: 'user',
  file: { types: EXPORT_TYPES },
  summary: 'The summary report as an XLSX or CSV file, with the numbers of the JSON answer',
  query: summaryReport.query.extend({ format: ExportFormat }),
  response: ExportFile,
});

export const exportDetailedReport = endpoint({
  method: 'GET',
  path: '/api/v1/reports/detailed/export',
  tag: 'reports',
  auth: 'user',
  file: { types: EXPORT_TYPES },
  summary: 'Every record of the detailed report as an XLSX or CSV file',
  query: z.strictObject({ ...Filters, format: ExportFormat }),
  response: ExportFile,
});

const ClassFigures = z.object({ meetings: z.number().int(), seconds: z.number().int().describe('Length of these meetings') });
const CoverageFigures = z.object({
  meetingSeconds: z.number().int().describe('What the calendars say: the length of every meeting counted'),
  trackedSeconds: z.number().int().describe('What was tracked: the part of those meetings that time records cover'),
  tracked: ClassFigures,
  trackedDifferently: ClassFigures,
  untracked: ClassFigures,
});

export const calendarVsTracked = endpoint({
  method: 'GET',
  path: '/api/v1/reports/calendar-vs-tracked',
  tag: 'reports',
  auth: 'user',
  summary:
    'Meetings of the connected calendars (busy or tentative, not cancelled, free or dismissed) against the time tracked: tracked (a linked record at its time, or records covering 80 %), tracked differently, untracked; per user and, for tracked ones, per project',
  query: z.strictObject({ from: RangeBound, to: RangeBound, users: IdList.optional() }),
  response: z.object({
    from: Instant,
    to: Instant,
    total: CoverageFigures,
    users: z.array(CoverageFigures.extend({ userId: Id, name: z.string() })),
    projects: z
      .array(z.object({ projectId: Id, name: z.string(), meetings: z.number().int(), seconds: z.number().int() }))
      .describe('Tracked and tracked-differently meetings by the project of their record'),
    meetings: z.array(
      z.object({
        impulseId: Id,
        userId: Id,
        start: Instant,
        end: Instant,
        summary: z.string().describe('"Private appointment" for private meetings, except for their owner'),
        private: z.boolean(),
        class: z.enum(['tracked', 'trackedDifferently', 'untracked']),
        timeRecordId: Id.nullable(),
        coveredSeconds: z.number().int(),
        projectId: Id.nullable(),
        own: z.boolean().describe("The caller's own meeting: they may track it (POST /impulses/:impulseId/track)"),
      }),
    ),
  }),
});
