import { Temporal } from 'temporal-polyfill';
import type { Span } from './time-range.ts';

// The week grid of the timesheet (UX.md B10): days are local days of the viewer's zone, 23 or
// 25 hours long on DST changes, and a cell is the time of one row's records inside its day,
// cut at local midnight exactly as GET /time-records/totals cuts it.

export type Day = Span & { date: string };

export function weekOf(anyDate: string, weekStart: number, timeZone: string): Day[] {
  const date = Temporal.PlainDate.from(anyDate);
  const first = date.subtract({ days: (date.dayOfWeek - weekStart + 7) % 7 });
  return Array.from({ length: 7 }, (_, index) => localDay(first.add({ days: index }), timeZone));
}

export function localDay(date: Temporal.PlainDate, timeZone: string): Day {
  return {
    date: date.toString(),
    start: date.toZonedDateTime({ timeZone }).startOfDay().toInstant(),
    end: date.add({ days: 1 }).toZonedDateTime({ timeZone }).startOfDay().toInstant(),
  };
}

export function spanSeconds(span: Span): number {
  return Math.round((span.end.epochMilliseconds - span.start.epochMilliseconds) / 1000);
}

// Seconds of `span` inside `day` (0 when they only touch).
export function secondsWithin(span: Span, day: Span): number {
  const ms =
    Math.min(span.end.epochMilliseconds, day.end.epochMilliseconds) - Math.max(span.start.epochMilliseconds, day.start.epochMilliseconds);
  return ms > 0 ? Math.round(ms / 1000) : 0;
}

export type RowRecord = Span & { id: string };

export type CellStep =
  | { kind: 'insert'; start: Temporal.Instant; end: Temporal.Instant }
  | { kind: 'update'; id: string; start: Temporal.Instant; end: Temporal.Instant }
  | { kind: 'delete'; id: string };

export type CellPlan = { ok: true; steps: CellStep[] } | { ok: false; reason: 'spans_whole_day' | 'longer_than_day' };

export type CellInput = {
  day: Day;
  // the row's records touching the day
  rowRecords: RowRecord[];
  // all of the person's other records near the day: an appended record avoids them where it can
  otherRecords: Span[];
  targetSeconds: number;
  // where the first record of an empty cell starts (the profile's day start)
  emptyDayStart: Temporal.Instant;
};

// A larger value appends one record after the row's last record of the day; a smaller one
// shortens the latest records of the row on that day (deleting those it uses up). Only the part
// inside the day changes: a record crossing midnight keeps its part in the neighbouring day.
export function planCellChange(input: CellInput): CellPlan {
  const { day, targetSeconds } = input;
  if (targetSeconds > spanSeconds(day)) return { ok: false, reason: 'longer_than_day' };
  const inDay = input.rowRecords.filter((record) => secondsWithin(record, day) > 0);
  const current = inDay.reduce((sum, record) => sum + secondsWithin(record, day), 0);
  if (targetSeconds > current) return { ok: true, steps: [append(input, inDay, targetSeconds - current)] };
  if (targetSeconds < current) return shorten(day, inDay, current - targetSeconds);
  return { ok: true, steps: [] };
}

function append(input: CellInput, inDay: RowRecord[], seconds: number): CellStep {
  const { day } = input;
  const lastEnd = inDay.reduce<Temporal.Instant | null>(
    (latest, record) => (latest && Temporal.Instant.compare(latest, record.end) >= 0 ? latest : record.end),
    null,
  );
  const candidate = clamp(lastEnd ?? input.emptyDayStart, day.start, day.end);
  const free = firstFreeStart(candidate, seconds, [...input.rowRecords, ...input.otherRecords], day.end);
  // no free slot left in the day: overlap is allowed (and reported), leaving the day is not
  const start = free ?? clamp(candidate, day.start, day.end.subtract({ seconds }));
  return { kind: 'insert', start, end: start.add({ seconds }) };
}

// The earliest start at or after `from` where `seconds` fit before `limit` without sharing time
// with any busy span; null when none does.
function firstFreeStart(from: Temporal.Instant, seconds: number, busy: Span[], limit: Temporal.Instant): Temporal.Instant | null {
  const sorted = [...busy].sort((a, b) => Temporal.Instant.compare(a.start, b.start));
  let start = from;
  for (const span of sorted) {
    const end = start.add({ seconds });
    if (Temporal.Instant.compare(span.start, end) >= 0) break;
    if (Temporal.Instant.compare(span.end, start) > 0) start = span.end;
  }
  return Temporal.Instant.compare(start.add({ seconds }), limit) <= 0 ? start : null;
}

function shorten(day: Day, inDay: RowRecord[], seconds: number): CellPlan {
  const latestFirst = [...inDay].sort((a, b) => Temporal.Instant.compare(b.start, a.start) || Temporal.Instant.compare(b.end, a.end));
  const steps: CellStep[] = [];
  let left = seconds;
  for (const record of latestFirst) {
    if (left === 0) break;
    const part = secondsWithin(record, day);
    const cut = Math.min(left, part);
    left -= cut;
    const startsBefore = Temporal.Instant.compare(record.start, day.start) < 0;
    const endsAfter = Temporal.Instant.compare(record.end, day.end) > 0;
    if (startsBefore && endsAfter) return { ok: false, reason: 'spans_whole_day' };
    if (endsAfter) steps.push({ kind: 'update', id: record.id, start: record.start.add({ seconds: cut }), end: record.end });
    else if (startsBefore) steps.push({ kind: 'update', id: record.id, start: record.start, end: record.end.subtract({ seconds: cut }) });
    else if (cut === part) steps.push({ kind: 'delete', id: record.id });
    else steps.push({ kind: 'update', id: record.id, start: record.start, end: record.end.subtract({ seconds: cut }) });
  }
  return { ok: true, steps };
}

function clamp(value: Temporal.Instant, min: Temporal.Instant, max: Temporal.Instant): Temporal.Instant {
  if (Temporal.Instant.compare(value, min) < 0) return min;
  if (Temporal.Instant.compare(value, max) > 0) return max;
  return value;
}

// Applies a plan to an in-memory list, so that several days of one row can be planned in turn.
export function applySteps<R extends RowRecord>(
  records: R[],
  steps: CellStep[],
  inserted: (step: Extract<CellStep, { kind: 'insert' }>) => R,
): R[] {
  let next = [...records];
  for (const step of steps) {
    if (step.kind === 'delete') next = next.filter((record) => record.id !== step.id);
    else if (step.kind === 'update')
      next = next.map((record) => (record.id === step.id ? { ...record, start: step.start, end: step.end } : record));
    else next.push(inserted(step));
  }
  return next;
}
