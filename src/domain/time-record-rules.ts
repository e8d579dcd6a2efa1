import { Temporal } from 'temporal-polyfill';
import { type Span, startOfLocalDay } from './time-range.ts';

export const MAX_RECORD_SECONDS = 7 * 24 * 3600;

export type FieldIssue = { path: string; message: string };

// Start before end, at most a week: longer is almost always a forgotten timer.
export function spanIssues(span: Span, endPath = 'body.end'): FieldIssue[] {
  const seconds = durationSeconds(span);
  if (seconds <= 0) return [{ path: endPath, message: 'must be after start' }];
  if (seconds > MAX_RECORD_SECONDS) return [{ path: endPath, message: 'a time record may last at most 7 days' }];
  return [];
}

export function durationSeconds(span: Span): number {
  return Math.floor((span.end.epochMilliseconds - span.start.epochMilliseconds) / 1000);
}

// The organisation's lock date is a calendar date; its day starts at 00:00 in the zone of
// whoever is writing, so a Prague user's Sunday-evening record locks with their Sunday.
export function isLocked(start: Temporal.Instant, lockedUntil: string | null, timeZone: string): boolean {
  if (!lockedUntil) return false;
  return Temporal.Instant.compare(start, startOfLocalDay(lockedUntil, timeZone)) < 0;
}
