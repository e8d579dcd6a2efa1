import { expandOccurrencesWithWarnings, parseFeed } from './read-feed.ts';
import type { ExpandOptions, Occurrence, ParsedFeed } from './types.ts';

// Test helpers: small feeds written inline, one VEVENT per string array.

export function icsBody(events: string[][], header: string[] = []): Uint8Array {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Kairos tests//EN', ...header];
  events.forEach((event, index) =>
    lines.push('BEGIN:VEVENT', ...(event.some((line) => line.startsWith('UID')) ? [] : [`UID:event-${index + 1}`]), ...event, 'END:VEVENT'),
  );
  lines.push('END:VCALENDAR');
  return new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
}

export function parsed(body: Uint8Array): ParsedFeed {
  const result = parseFeed(body);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.feed;
}

export function expand(events: string[][], from: string, to: string, options?: ExpandOptions & { header?: string[] }): Occurrence[] {
  return expandOccurrencesWithWarnings(parsed(icsBody(events, options?.header)), { from, to }, options).occurrences;
}

export function starts(occurrences: Occurrence[]): string[] {
  return occurrences.map((occurrence) => occurrence.start);
}
