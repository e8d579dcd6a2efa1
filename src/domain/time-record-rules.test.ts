import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { isLocked, spanIssues } from './time-record-rules.ts';

const at = (value: string) => Temporal.Instant.from(value);

describe('spanIssues', () => {
  it.each([
    { name: 'end before start', start: '2026-03-16T10:00:00Z', end: '2026-03-16T09:00:00Z', message: 'must be after start' },
    { name: 'zero length', start: '2026-03-16T10:00:00Z', end: '2026-03-16T10:00:00Z', message: 'must be after start' },
    {
      name: 'longer than a week',
      start: '2026-03-01T00:00:00Z',
      end: '2026-03-08T00:00:01Z',
      message: 'a time record may last at most 7 days',
    },
  ])('refuses $name', ({ start, end, message }) => {
    expect(spanIssues({ start: at(start), end: at(end) })).toEqual([{ path: 'body.end', message }]);
  });
  it('accepts exactly seven days', () => {
    expect(spanIssues({ start: at('2026-03-01T00:00:00Z'), end: at('2026-03-08T00:00:00Z') })).toEqual([]);
  });
});

describe('isLocked', () => {
  it("locks what starts before 00:00 of the lock date in the writer's zone", () => {
    // 00:00 on 2026-03-16 in Prague is 2026-03-15T23:00Z
    expect(isLocked(at('2026-03-15T22:59:59Z'), '2026-03-16', 'Europe/Prague')).toBe(true);
    expect(isLocked(at('2026-03-15T23:00:00Z'), '2026-03-16', 'Europe/Prague')).toBe(false);
    expect(isLocked(at('2026-03-15T23:30:00Z'), '2026-03-16', 'UTC')).toBe(true);
  });
  it('locks nothing without a lock date', () => {
    expect(isLocked(at('1990-01-01T00:00:00Z'), null, 'UTC')).toBe(false);
  });
});
