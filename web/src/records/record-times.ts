// The record form's date and time fields as a person types them, and the instants they mean in the
// profile's zone. Pure: the zone and language are arguments (tested in test/web/record-times.test.ts).
import {
  addDays,
  formatDuration,
  instantFromWall,
  isoDate,
  parseDate,
  parseDuration,
  parseTimeOfDay,
  wallTime,
} from '../../../src/i18n/format.ts';
import type { UiLanguage } from '../../../src/i18n/ui.ts';

// What the date field shows: "16. 3. 2026" in Czech, "16/03/2026" in English (both parse back).
export function dateInputText(language: UiLanguage, date: string): string {
  const [y, m, d] = date.split('-');
  return language === 'cs' ? `${Number(d)}. ${Number(m)}. ${y}` : `${d}/${m}/${y}`;
}

export function timeText(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

export type TimeFields = { date: string; from: string; to: string; duration: string };

// The fields for a record from `start` to `end` (instants), read in `zone`.
export function fieldsFromSpan(language: UiLanguage, start: Date | string, end: Date | string, zone: string): TimeFields {
  const s = wallTime(start, zone);
  const e = wallTime(end, zone);
  const startDate = isoDate(s);
  const endDate = isoDate(e);
  const seconds = Math.round((new Date(end).getTime() - new Date(start).getTime()) / 1000);
  // an end at midnight of the next day reads "24:00", as people say it
  const toMinutes =
    endDate !== startDate && e.hour === 0 && e.minute === 0 && endDate === addDays(startDate, 1) ? 24 * 60 : e.hour * 60 + e.minute;
  return {
    date: dateInputText(language, startDate),
    from: timeText(s.hour * 60 + s.minute),
    to: timeText(toMinutes),
    duration: formatDuration(language, Math.max(0, seconds), 'hm'),
  };
}

export type FieldError = 'date' | 'from' | 'to' | 'duration' | 'order';

export type ParsedSpan =
  | { ok: true; start: string; end: string; date: string }
  | { ok: false; errors: Partial<Record<'date' | 'from' | 'to' | 'duration', FieldError>> };

function at(date: string, minutes: number, zone: string): Date {
  const day = minutes >= 24 * 60 ? addDays(date, 1) : date;
  const rest = minutes % (24 * 60);
  const [year, month, dayOfMonth] = day.split('-').map(Number) as [number, number, number];
  return instantFromWall({ year, month, day: dayOfMonth, hour: Math.floor(rest / 60), minute: rest % 60 }, zone);
}

// The instants the fields mean. "To" before "From" is an error (End must be after start); a record
// over midnight ends at "24:00" or is stretched on the calendar.
export function parseSpan(fields: TimeFields, zone: string): ParsedSpan {
  const date = parseDate(fields.date);
  const from = parseTimeOfDay(fields.from);
  const to = parseTimeOfDay(fields.to);
  const errors: Partial<Record<'date' | 'from' | 'to' | 'duration', FieldError>> = {};
  if (!date) errors.date = 'date';
  if (from === null || from >= 24 * 60) errors.from = 'from';
  if (to === null) errors.to = 'to';
  if (fields.duration.trim() !== '' && parseDuration(fields.duration) === null) errors.duration = 'duration';
  if (from !== null && to !== null && to <= from) errors.to = 'order';
  if (Object.keys(errors).length > 0 || !date || from === null || to === null) return { ok: false, errors };
  return { ok: true, start: at(date, from, zone).toISOString(), end: at(date, to, zone).toISOString(), date };
}

// Editing the duration moves "To" (UX.md B6); null when the duration is no duration or runs past
// the end of the day.
export function toAfterDuration(from: string, duration: string): string | null {
  const start = parseTimeOfDay(from);
  const seconds = parseDuration(duration);
  if (start === null || seconds === null || seconds <= 0) return null;
  const end = start + Math.round(seconds / 60);
  return end > 24 * 60 ? null : timeText(end);
}

// Editing "From" or "To" shows the new duration; null while either is unreadable.
export function durationBetween(language: UiLanguage, from: string, to: string): string | null {
  const start = parseTimeOfDay(from);
  const end = parseTimeOfDay(to);
  if (start === null || end === null || end <= start) return null;
  return formatDuration(language, (end - start) * 60, 'hm');
}

// Whether a record starting at `start` falls before the organisation's lock date (records starting
// before `lockedUntil` are locked); the date shown is the last locked day.
export function lockedDay(startDate: string, lockedUntil: string | null): string | null {
  if (!lockedUntil || startDate >= lockedUntil) return null;
  return addDays(lockedUntil, -1);
}
