import { parseTimeValue, type RawTime } from './ical-values.ts';

export type Frequency = 'SECONDLY' | 'MINUTELY' | 'HOURLY' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
export type WeekdayRule = { n: number; weekday: number };

/** RFC 5545 3.3.10 RECUR. Weekdays are 0 = MO ... 6 = SU. */
export type RecurrenceRule = {
  freq: Frequency;
  interval: number;
  count: number | null;
  until: RawTime | null;
  byMonth: number[] | null;
  byWeekNo: number[] | null;
  byYearDay: number[] | null;
  byMonthDay: number[] | null;
  byDay: WeekdayRule[] | null;
  byHour: number[] | null;
  byMinute: number[] | null;
  bySecond: number[] | null;
  bySetPos: number[] | null;
  wkst: number;
};

const FREQUENCIES = new Set<string>(['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']);
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

function intList(text: string, min: number, max: number, allowNegative: boolean): number[] | string {
  const values: number[] = [];
  for (const part of text.split(',')) {
    if (!/^[+-]?\d{1,3}$/.test(part)) return `bad number "${part}"`;
    const value = Number(part);
    const size = Math.abs(value);
    if ((value < 0 && !allowNegative) || size < min || size > max) return `number out of range "${part}"`;
    values.push(value);
  }
  return values;
}

function weekdayList(text: string): WeekdayRule[] | string {
  const values: WeekdayRule[] = [];
  for (const part of text.split(',')) {
    const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(part.toUpperCase());
    if (!match) return `bad weekday "${part}"`;
    const n = match[1] ? Number(match[1]) : 0;
    if (Math.abs(n) > 53) return `weekday position out of range "${part}"`;
    values.push({ n, weekday: WEEKDAYS.indexOf(match[2] as (typeof WEEKDAYS)[number]) });
  }
  return values;
}

/** Parses an RRULE value; a string result is the reason it was rejected. */
export function parseRecurrenceRule(text: string): RecurrenceRule | string {
  const rule: RecurrenceRule = {
    freq: 'DAILY',
    interval: 1,
    count: null,
    until: null,
    byMonth: null,
    byWeekNo: null,
    byYearDay: null,
    byMonthDay: null,
    byDay: null,
    byHour: null,
    byMinute: null,
    bySecond: null,
    bySetPos: null,
    wkst: 0,
  };
  let freq: string | null = null;
  for (const part of text.trim().split(';')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) return `rule part without "=": "${part}"`;
    const key = part.slice(0, eq).toUpperCase();
    const value = part.slice(eq + 1);
    let parsed: number[] | null = [];
    switch (key) {
      case 'FREQ':
        freq = value.toUpperCase();
        break;
      case 'INTERVAL':
      case 'COUNT': {
        if (!/^\d{1,9}$/.test(value) || Number(value) < 1) return `bad ${key} "${value}"`;
        if (key === 'INTERVAL') rule.interval = Number(value);
        else rule.count = Number(value);
        break;
      }
      case 'UNTIL': {
        const until = parseTimeValue(value, null);
        if (!until) return `bad UNTIL "${value}"`;
        rule.until = until;
        break;
      }
      case 'WKST': {
        const index = WEEKDAYS.indexOf(value.toUpperCase() as (typeof WEEKDAYS)[number]);
        if (index < 0) return `bad WKST "${value}"`;
        rule.wkst = index;
        break;
      }
      case 'BYMONTH':
        parsed = rule.byMonth = asList(intList(value, 1, 12, false));
        break;
      case 'BYWEEKNO':
        parsed = rule.byWeekNo = asList(intList(value, 1, 53, true));
        break;
      case 'BYYEARDAY':
        parsed = rule.byYearDay = asList(intList(value, 1, 366, true));
        break;
      case 'BYMONTHDAY':
        parsed = rule.byMonthDay = asList(intList(value, 1, 31, true));
        break;
      case 'BYHOUR':
        parsed = rule.byHour = asList(intList(value, 0, 23, false));
        break;
      case 'BYMINUTE':
        parsed = rule.byMinute = asList(intList(value, 0, 59, false));
        break;
      case 'BYSECOND':
        parsed = rule.bySecond = asList(intList(value, 0, 60, false));
        break;
      case 'BYSETPOS':
        parsed = rule.bySetPos = asList(intList(value, 1, 366, true));
        break;
      case 'BYDAY': {
        const days = weekdayList(value);
        if (typeof days === 'string') return days;
        rule.byDay = days;
        break;
      }
      default:
        break; // RFC 5545 3.3.10 allows x-name parts; they do not change the set
    }
    if (parsed === null) return `bad ${key} "${value}"`;
  }
  if (freq === null || !FREQUENCIES.has(freq)) return `missing or unknown FREQ in "${text}"`;
  rule.freq = freq as Frequency;
  if (rule.bySecond) rule.bySecond = rule.bySecond.map((second) => Math.min(second, 59));
  return rule;
}

function asList(value: number[] | string): number[] | null {
  return typeof value === 'string' ? null : [...new Set(value)].sort((a, b) => a - b);
}
