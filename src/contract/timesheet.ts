import { z } from 'zod';
import { DateString, Id } from './common.ts';
import { endpoint } from './endpoint.ts';

// The weekly timesheet (issue 11, UX.md B10): one request for the week, one per cell change.
// A row is project + task + billable; its cells are the seconds of the caller's records inside
// each local day (cut at midnight in the profile's zone, as GET /time-records/totals cuts them).

const MAX_CELL_SECONDS = 25 * 3600; // the long DST day

export const TimesheetDay = z.object({
  date: DateString,
  seconds: z.number().int().describe('Total of the day over all rows'),
  lengthSeconds: z.number().int().describe('86400, or 82800 / 90000 on DST changes'),
  locked: z.boolean().describe("Before the organisation's lock date: cells of this day cannot change"),
});

export const TimesheetRow = z.object({
  key: z.string().describe('projectId:taskId:billable, stable for the row'),
  projectId: Id,
  taskId: Id.nullable(),
  billable: z.boolean(),
  clientId: Id.nullable(),
  clientName: z.string().nullable(),
  projectName: z.string(),
  projectColor: z.string(),
  taskName: z.string().nullable(),
  archived: z.boolean().describe('The project or task is archived: its cells can shrink but not grow'),
  cells: z.array(z.number().int()).length(7).describe('Seconds per day, in the order of `days`'),
  totalSeconds: z.number().int(),
});
export type TimesheetRow = z.infer<typeof TimesheetRow>;

export const Timesheet = z.object({
  from: DateString.describe("First day of the week (the profile's week start)"),
  to: DateString.describe('Day after the last day'),
  timeZone: z.string(),
  weekStart: z.number().int(),
  lockedUntil: DateString.nullable(),
  days: z.array(TimesheetDay).length(7),
  rows: z.array(TimesheetRow).describe('Ordered by client, project, task; billable before non-billable'),
  totalSeconds: z.number().int(),
});
export type Timesheet = z.infer<typeof Timesheet>;

const RowKey = {
  projectId: Id,
  taskId: Id.nullable().optional().describe('Absent or null: the project without a task'),
};

export const getTimesheet = endpoint({
  method: 'GET',
  path: '/api/v1/timesheet',
  tag: 'timesheet',
  auth: 'user',
  summary: 'Your week as a grid: rows of project, task and billable with seconds per local day, day and row totals, locked days',
  query: z.strictObject({ week: DateString.optional().describe('Any day of the week; default today in your time zone') }),
  response: Timesheet,
});

export const putTimesheetCell = endpoint({
  method: 'PUT',
  path: '/api/v1/timesheet/cells',
  tag: 'timesheet',
  auth: 'user',
  summary:
    "Set one cell to a total: more appends a record after the row's last one that day, less shortens (or removes) the row's latest records that day; one transaction; answers the week",
  body: z.strictObject({
    date: DateString,
    ...RowKey,
    billable: z.boolean().optional().describe("Default: the project's"),
    seconds: z.number().int().min(0).max(MAX_CELL_SECONDS).describe('The new total of the cell'),
  }),
  response: Timesheet,
});

export const deleteTimesheetRow = endpoint({
  method: 'DELETE',
  path: '/api/v1/timesheet/rows',
  tag: 'timesheet',
  auth: 'user',
  summary:
    'Remove a row from a week: its records inside the week are deleted (the parts of records crossing into the next or previous week stay); answers the week',
  query: z.strictObject({
    week: DateString,
    ...RowKey,
    billable: z.enum(['true', 'false']).transform((value) => value === 'true'),
  }),
  response: Timesheet,
});

export const copyPreviousWeek = endpoint({
  method: 'POST',
  path: '/api/v1/timesheet/copy-previous-week',
  tag: 'timesheet',
  auth: 'user',
  summary:
    "The week with the previous week's rows added (empty); withHours also fills this week's empty cells with last week's hours, leaving locked days as they are",
  body: z.strictObject({ week: DateString, withHours: z.boolean().default(false) }),
  response: Timesheet,
});
