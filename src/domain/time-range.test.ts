import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { formatInstant, overlaps, parseInstant, resolveRangeBound } from './time-range.ts';

const span = (start: string, end: string) => ({ start: Temporal.Instant.from(start), end: Temporal.Instant.from(end) });

describe('range bounds', () => {
  it.each([
    { name: 'a date is 00:00 in Prague (winter)', bound: '2026-03-16', zone: 'Europe/Prague', expected: '2026-03-15T23:00:00Z' },
    { name: 'a date is 00:00 in Prague (summer)', bound: '2026-07-01', zone: 'Europe/Prague', expected: '2026-06-30T22:00:00Z' },
    {
      name: 'a date is 00:00 in Los Angeles on the DST day',
      bound: '2026-03-08',
      zone: 'America/Los_Angeles',
      expected: '2026-03-08T08:00:00Z',
    },
    { name: 'an instant stays itself in any zone', bound: '2026-03-16T09:00:00Z', zone: 'Europe/Prague', expected: '2026-03-16T09:00:00Z' },
    {
      name: 'a zone without 00:00 on its DST day starts at 01:00',
      bound: '2026-09-06',
      zone: 'America/Santiago',
      expected: '2026-09-06T04:00:00Z',
    },
  ])('$name', ({ bound, zone, expected }) => {
    expect(formatInstant(resolveRangeBound(bound, zone))).toBe(expected);
  });
});

describe('instants', () => {
  it('formats without milliseconds and drops fractions when parsing', () => {
    expect(formatInstant(new Date('2026-03-16T09:00:00.999Z'))).toBe('2026-03-16T09:00:00Z');
    expect(parseInstant('2026-03-16T09:00:00.750Z').toString()).toBe('2026-03-16T09:00:00Z');
  });
});

describe('overlaps', () => {
  it('treats back-to-back records as not overlapping', () => {
    expect(overlaps(span('2026-03-16T10:00:00Z', '2026-03-16T11:00:00Z'), span('2026-03-16T11:00:00Z', '2026-03-16T12:00:00Z'))).toBe(
      false,
    );
  });
  it('sees shared time in either order, and containment', () => {
    const long = span('2026-03-16T09:00:00Z', '2026-03-16T12:00:00Z');
    const inner = span('2026-03-16T10:00:00Z', '2026-03-16T10:30:00Z');
    expect(overlaps(long, inner)).toBe(true);
    expect(overlaps(inner, long)).toBe(true);
  });
});
