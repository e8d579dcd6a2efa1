import type { Occurrence } from './types.ts';

// A date (all-day) as its 00:00 UTC: close enough to order a handful of meetings around now.
const epochMs = (value: string) => Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);

/**
 * The few occurrences a link check shows before saving: the next ones from `now` (one under
 * way counts), nearest first; when fewer than `count` lie ahead, the most recent past ones
 * after them, latest first.
 */
export function previewOccurrences(occurrences: Occurrence[], now: Date, count = 3): Occurrence[] {
  const at = now.getTime();
  const upcoming = occurrences.filter((occurrence) => epochMs(occurrence.end) > at).sort((a, b) => epochMs(a.start) - epochMs(b.start));
  const past = occurrences.filter((occurrence) => epochMs(occurrence.end) <= at).sort((a, b) => epochMs(b.start) - epochMs(a.start));
  return [...upcoming, ...past].slice(0, count);
}
