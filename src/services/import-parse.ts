import { parse } from 'csv-parse/sync';
import { Temporal } from 'temporal-polyfill';

// Reading the detailed-report CSV of Toggl Track and Clockify (issue 10 "Imports"): columns are
// found by name, the dialect (BOM, UTF-16, date order, 12/24-hour clock) is read off the file
// itself, and every row either becomes an entry or is rejected with its line number and reason.
// Pure: no database, no clock.

export type Vendor = 'toggl' | 'clockify';
export type RejectReason =
  | 'field_count_mismatch'
  | 'invalid_date'
  | 'end_before_start'
  | 'missing_project'
  | 'unknown_user'
  | 'period_locked'
  | 'too_long';
export type Rejected = { row: number; reason: RejectReason; detail: string };

export type ImportEntry = {
  row: number;
  user: string;
  email: string;
  client: string | null;
  project: string;
  task: string | null;
  description: string;
  billable: boolean;
  tags: string[];
  localStart: string;
  localEnd: string;
  start: Date;
  end: Date;
};

export type ParsedFile = {
  vendor: Vendor;
  dialect: {
    bom: boolean;
    encoding: 'utf-8' | 'utf-16le';
    lineEnding: 'LF' | 'CRLF';
    delimiter: ',';
    dateFormat: string;
    clock: '24h' | '12h';
  };
  entries: ImportEntry[];
  rejected: Rejected[];
  rows: number;
};

export class ImportFormatError extends Error {
  constructor(
    readonly code: 'unrecognized_format' | 'ambiguous_date_order',
    message: string,
    readonly detail: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function decodeFile(bytes: Uint8Array): { text: string; bom: boolean; encoding: 'utf-8' | 'utf-16le' } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), bom: true, encoding: 'utf-16le' };
  // UTF-16 without a BOM: every other byte of ASCII text is NUL
  if (bytes.length > 3 && bytes[1] === 0 && bytes[3] === 0)
    return { text: new TextDecoder('utf-16le').decode(bytes), bom: false, encoding: 'utf-16le' };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return { text: new TextDecoder('utf-8').decode(bom ? bytes.subarray(3) : bytes), bom, encoding: 'utf-8' };
}

type Columns = {
  user?: number;
  email: number;
  client?: number;
  project: number;
  task?: number;
  description?: number;
  billable?: number;
  tags?: number;
  startDate: number;
  startTime: number;
  endDate: number;
  endTime: number;
};

const ALIASES: Record<keyof Columns, string[]> = {
  user: ['user'],
  email: ['email', 'e-mail'],
  client: ['client'],
  project: ['project'],
  task: ['task', 'activity'],
  description: ['description'],
  billable: ['billable'],
  tags: ['tags'],
  startDate: ['start date'],
  startTime: ['start time'],
  endDate: ['end date'],
  endTime: ['end time'],
};

function mapColumns(header: string[]): { columns: Columns; vendor: Vendor } {
  const names = header.map((name) => name.trim().toLowerCase());
  const find = (key: keyof Columns) => {
    const index = names.findIndex((name) => ALIASES[key].includes(name));
    return index === -1 ? undefined : index;
  };
  const columns = Object.fromEntries((Object.keys(ALIASES) as Array<keyof Columns>).map((key) => [key, find(key)])) as Partial<Columns>;
  const required: Array<keyof Columns> = ['email', 'project', 'startDate', 'startTime', 'endDate', 'endTime'];
  const missing = required.filter((key) => columns[key] === undefined);
  const clockify = names.includes('duration (h)') || names.includes('duration (decimal)');
  const toggl = names.includes('duration');
  if (missing.length > 0 || (!clockify && !toggl)) {
    throw new ImportFormatError('unrecognized_format', 'not a Toggl Track or Clockify detailed-report CSV', {
      missing: missing.map((key) => ALIASES[key][0]!).join(', ') || 'Duration',
    });
  }
  return { columns: columns as Columns, vendor: clockify ? 'clockify' : 'toggl' };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SLASH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm]))?$/;

type DateOrder = 'DMY' | 'MDY';

// Clockify writes dates in the exporter's order: the file's own dates settle it (a first part
// over 12 is a day, a second part over 12 is a day; AM/PM suggests the US order). Never per row.
function detectDateOrder(cells: string[], times: string[], given: DateOrder | undefined): DateOrder {
  if (given) return given;
  let dayFirst = false;
  let monthFirst = false;
  for (const cell of cells) {
    const match = SLASH_DATE.exec(cell.trim());
    if (!match) continue;
    if (Number(match[1]) > 12) dayFirst = true;
    if (Number(match[2]) > 12) monthFirst = true;
  }
  if (dayFirst !== monthFirst) return dayFirst ? 'DMY' : 'MDY';
  if (dayFirst && monthFirst) {
    // both kinds appear: the majority settles the file, the rest are invalid rows
    const counts = cells.reduce(
      (acc, cell) => {
        const match = SLASH_DATE.exec(cell.trim());
        if (match && Number(match[1]) > 12) acc.d++;
        if (match && Number(match[2]) > 12) acc.m++;
        return acc;
      },
      { d: 0, m: 0 },
    );
    return counts.d >= counts.m ? 'DMY' : 'MDY';
  }
  if (times.some((time) => /[AaPp][Mm]\s*$/.test(time))) return 'MDY';
  if (cells.every((cell) => !SLASH_DATE.test(cell.trim()))) return 'DMY';
  throw new ImportFormatError('ambiguous_date_order', 'the dates could be day/month or month/day');
}

function parseDate(cell: string, vendor: Vendor, order: DateOrder): Temporal.PlainDate | null {
  const value = cell.trim();
  let year: number;
  let month: number;
  let day: number;
  const iso = ISO_DATE.exec(value);
  const slash = SLASH_DATE.exec(value);
  if (vendor === 'toggl') {
    if (!iso) return null;
    [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (slash) {
    const [a, b] = [Number(slash[1]), Number(slash[2])];
    [day, month] = order === 'DMY' ? [a, b] : [b, a];
    year = Number(slash[3]);
  } else if (iso) {
    [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else return null;
  try {
    return Temporal.PlainDate.from({ year, month, day }, { overflow: 'reject' });
  } catch {
    return null;
  }
}

function parseTime(cell: string): Temporal.PlainTime | null {
  const match = TIME.exec(cell.trim());
  if (!match) return null;
  let hour = Number(match[1]);
  const minute = Number(match[2]);
  const second = Number(match[3] ?? 0);
  const meridiem = match[4]?.toUpperCase();
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === 'PM' ? 12 : 0);
  }
  try {
    return Temporal.PlainTime.from({ hour, minute, second }, { overflow: 'reject' });
  } catch {
    return null;
  }
}

// A wall-clock time in the import zone. A time skipped by a DST change does not exist there.
function toInstant(local: Temporal.PlainDateTime, zone: string): Date | null {
  try {
    return new Date(local.toZonedDateTime(zone, { disambiguation: 'reject' }).epochMilliseconds);
  } catch {
    // repeated hour: take the earlier instant, as the rest of Kairos does
    try {
      const earlier = local.toZonedDateTime(zone, { disambiguation: 'earlier' });
      return earlier.toPlainDateTime().equals(local) ? new Date(earlier.epochMilliseconds) : null;
    } catch {
      return null;
    }
  }
}

const MAX_RECORD_SECONDS = 7 * 24 * 3600;

export function parseImportFile(
  bytes: Uint8Array,
  options: { zone: string; vendor?: Vendor | undefined; dateOrder?: DateOrder | undefined },
): ParsedFile {
  const decoded = decodeFile(bytes);
  const lineEnding = decoded.text.includes('\r\n') ? 'CRLF' : 'LF';
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(decoded.text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true, bom: true }) as never;
  } catch (error) {
    throw new ImportFormatError('unrecognized_format', `not a CSV file: ${(error as Error).message}`);
  }
  if (records.length === 0) throw new ImportFormatError('unrecognized_format', 'the file is empty');
  const header = records[0]!.record;
  const { columns, vendor: detected } = mapColumns(header);
  if (options.vendor && options.vendor !== detected) {
    throw new ImportFormatError(
      'unrecognized_format',
      `this is a ${detected === 'toggl' ? 'Toggl Track' : 'Clockify'} file, not ${options.vendor === 'toggl' ? 'Toggl Track' : 'Clockify'}`,
    );
  }
  const vendor = detected;
  const body = records.slice(1);
  const dateCells = body.flatMap(({ record }) => [record[columns.startDate] ?? '', record[columns.endDate] ?? '']);
  const timeCells = body.flatMap(({ record }) => [record[columns.startTime] ?? '', record[columns.endTime] ?? '']);
  const order = vendor === 'clockify' ? detectDateOrder(dateCells, timeCells, options.dateOrder) : 'DMY';
  const clock = timeCells.some((time) => /[AaPp][Mm]\s*$/.test(time)) ? '12h' : '24h';
  const entries: ImportEntry[] = [];
  const rejected: Rejected[] = [];
  for (const { record, info } of body) {
    const row = info.lines;
    const cell = (index: number | undefined) => (index === undefined ? '' : (record[index] ?? '').trim());
    if (record.length !== header.length) {
      rejected.push({ row, reason: 'field_count_mismatch', detail: `${record.length} fields, header has ${header.length}` });
      continue;
    }
    const startDate = parseDate(cell(columns.startDate), vendor, order);
    const endDate = parseDate(cell(columns.endDate), vendor, order);
    const startTime = parseTime(cell(columns.startTime));
    const endTime = parseTime(cell(columns.endTime));
    const format = vendor === 'toggl' ? 'YYYY-MM-DD' : order === 'DMY' ? 'DD/MM/YYYY' : 'MM/DD/YYYY';
    if (!startDate || !endDate || !startTime || !endTime) {
      rejected.push({
        row,
        reason: 'invalid_date',
        detail: `${cell(columns.startDate)} ${cell(columns.startTime)} / ${cell(columns.endDate)} ${cell(columns.endTime)} is not a valid ${format} date-time`,
      });
      continue;
    }
    const localStart = startDate.toPlainDateTime(startTime);
    const localEnd = endDate.toPlainDateTime(endTime);
    if (Temporal.PlainDateTime.compare(localEnd, localStart) <= 0) {
      rejected.push({ row, reason: 'end_before_start', detail: `end ${localEnd.toString()} is before start ${localStart.toString()}` });
      continue;
    }
    const project = cell(columns.project);
    if (project === '') {
      rejected.push({ row, reason: 'missing_project', detail: 'Project is empty' });
      continue;
    }
    const start = toInstant(localStart, options.zone);
    const end = toInstant(localEnd, options.zone);
    if (!start || !end) {
      rejected.push({
        row,
        reason: 'invalid_date',
        detail: `${localStart.toString()} / ${localEnd.toString()} does not exist in ${options.zone} (a DST change skips it)`,
      });
      continue;
    }
    if ((end.getTime() - start.getTime()) / 1000 > MAX_RECORD_SECONDS) {
      rejected.push({ row, reason: 'too_long', detail: 'a time record lasts at most 7 days' });
      continue;
    }
    const tags = cell(columns.tags)
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean);
    entries.push({
      row,
      user: cell(columns.user),
      email: cell(columns.email).toLowerCase(),
      client: cell(columns.client) || null,
      project,
      task: cell(columns.task) || null,
      description: columns.description === undefined ? '' : (record[columns.description] ?? ''),
      billable: /^(yes|ano|true|1)$/i.test(cell(columns.billable)),
      tags: [...new Set(tags)],
      localStart: localStart.toString({ smallestUnit: 'second' }),
      localEnd: localEnd.toString({ smallestUnit: 'second' }),
      start,
      end,
    });
  }
  return {
    vendor,
    dialect: {
      bom: decoded.bom,
      encoding: decoded.encoding,
      lineEnding,
      delimiter: ',',
      dateFormat: vendor === 'toggl' ? 'YYYY-MM-DD' : order === 'DMY' ? 'DD/MM/YYYY' : 'MM/DD/YYYY',
      clock,
    },
    entries,
    rejected,
    rows: body.length,
  };
}
