import { SECONDS_PER_DAY, daysFromCivil, daysInMonth } from './civil-time.ts';

/** A DATE or DATE-TIME value before any time-zone arithmetic (RFC 5545 3.3.4, 3.3.5). */
export type RawTime =
  | { kind: 'date'; days: number }
  | { kind: 'utc'; seconds: number }
  | { kind: 'wall'; wallSeconds: number; tzid: string | null };

const VALUE_PATTERN = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/;

export function parseTimeValue(text: string, tzid: string | null): RawTime | null {
  const match = VALUE_PATTERN.exec(text.trim());
  if (!match) return null;
  const year = Number(match[1]),
    month = Number(match[2]),
    day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  const days = daysFromCivil(year, month, day);
  if (match[4] === undefined) return { kind: 'date', days };
  const hour = Number(match[4]),
    minute = Number(match[5]);
  // RFC 5545 allows second 60 (leap second); it is treated as the last second of the minute
  const second = Math.min(Number(match[6]), 59);
  if (hour > 23 || minute > 59) return null;
  const wallSeconds = days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
  if (match[7] === 'Z') return { kind: 'utc', seconds: wallSeconds };
  return { kind: 'wall', wallSeconds, tzid };
}

/** Comma-separated EXDATE lists. */
export function parseTimeList(text: string, tzid: string | null): { values: RawTime[]; invalid: number } {
  const { values, invalid } = parsePeriodList(text, tzid);
  return { values: values.map((value) => value.start), invalid };
}

/** An RDATE value: a DATE, a DATE-TIME, or a PERIOD (RFC 5545 3.3.9) with its end or duration. */
export type RawPeriod = { start: RawTime; end: RawTime | null; duration: Duration | null };

/** Comma-separated RDATE lists; a PERIOD "start/end" or "start/duration" keeps its end. */
export function parsePeriodList(text: string, tzid: string | null): { values: RawPeriod[]; invalid: number } {
  const values: RawPeriod[] = [];
  let invalid = 0;
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const [startText = '', endText] = part.split('/');
    const start = parseTimeValue(startText, tzid);
    if (!start) {
      invalid++;
      continue;
    }
    const isDuration = endText !== undefined && /^\s*[+-]?P/.test(endText);
    const end = endText === undefined || isDuration ? null : parseTimeValue(endText, tzid);
    const duration = isDuration ? parseDuration(endText) : null;
    // an unreadable end keeps the start, with the series' own length
    if (endText !== undefined && end === null && duration === null) invalid++;
    values.push({ start, end, duration });
  }
  return { values, invalid };
}

export type Duration = { days: number; seconds: number };

const DURATION_PATTERN = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** RFC 5545 3.3.6: weeks and days are nominal (they follow DST), hours to seconds exact. */
export function parseDuration(text: string): Duration | null {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match || text.trim() === 'P' || text.trim().endsWith('T')) return null;
  const sign = match[1] === '-' ? -1 : 1;
  const days = Number(match[2] ?? 0) * 7 + Number(match[3] ?? 0);
  const seconds = Number(match[4] ?? 0) * 3600 + Number(match[5] ?? 0) * 60 + Number(match[6] ?? 0);
  if (!Number.isFinite(days) || !Number.isFinite(seconds)) return null;
  return { days: sign * days, seconds: sign * seconds };
}

/** RFC 5545 3.3.14 UTC-OFFSET, "+0100" or "-053000", in seconds. */
export function parseUtcOffset(text: string): number | null {
  const match = /^([+-])(\d{2})(\d{2})(\d{2})?$/.exec(text.trim());
  if (!match) return null;
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0);
  if (seconds >= SECONDS_PER_DAY) return null;
  return match[1] === '-' ? -seconds : seconds;
}

/** RFC 5545 3.3.11 TEXT unescaping. */
export function unescapeText(text: string): string {
  if (text.indexOf('\\') < 0) return text;
  return text.replace(/\\([\\;,nN])/g, (_, char: string) => (char === 'n' || char === 'N' ? '\n' : char));
}
