import { Temporal } from 'temporal-polyfill';

// A range bound is an instant, or a date meaning 00:00 of that day in the viewer's zone
// (CONVENTIONS.md "Ranges": from inclusive, to exclusive).
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function isDateOnly(bound: string): boolean {
  return DATE_ONLY.test(bound);
}

export function startOfLocalDay(date: string | Temporal.PlainDate, timeZone: string): Temporal.Instant {
  // startOfDay, not T00:00: a zone whose DST change happens at midnight has no 00:00 that day
  return Temporal.PlainDate.from(date).toZonedDateTime({ timeZone }).startOfDay().toInstant();
}

export function resolveRangeBound(bound: string, timeZone: string): Temporal.Instant {
  return isDateOnly(bound) ? startOfLocalDay(bound, timeZone) : Temporal.Instant.from(bound);
}

export type Span = { start: Temporal.Instant; end: Temporal.Instant };

export function overlaps(a: Span, b: Span): boolean {
  // back-to-back records (10:00–11:00, 11:00–12:00) share an edge, not time
  return Temporal.Instant.compare(a.start, b.end) < 0 && Temporal.Instant.compare(b.start, a.end) < 0;
}

export function toInstant(date: Date): Temporal.Instant {
  return Temporal.Instant.fromEpochMilliseconds(date.getTime());
}

export function toDate(instant: Temporal.Instant): Date {
  return new Date(instant.epochMilliseconds);
}

// The API shows instants at whole seconds with Z: 2026-03-16T09:00:00Z.
export function formatInstant(value: Date | Temporal.Instant): string {
  const epochMs = value instanceof Date ? value.getTime() : value.epochMilliseconds;
  // toISOString is many times faster than Temporal's formatter, and lists format thousands
  const iso = new Date(epochMs - (((epochMs % 1000) + 1000) % 1000)).toISOString();
  return `${iso.slice(0, 19)}Z`;
}

// Stored instants are whole seconds, so what is written reads back the same.
export function parseInstant(value: string): Temporal.Instant {
  return Temporal.Instant.from(value).round({ smallestUnit: 'second', roundingMode: 'floor' });
}
