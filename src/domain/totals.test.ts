import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { totalsByPeriod } from './totals.ts';

const span = (start: string, end: string) => ({ start: Temporal.Instant.from(start), end: Temporal.Instant.from(end) });

describe('totalsByPeriod', () => {
  it('splits a Prague record 22:00–02:00 on the October DST night at local midnight (2 h + 3 h)', () => {
    // 22:00 CEST = 20:00Z; 02:00 after the change is CET = 01:00Z: four wall hours, five real ones
    const items = totalsByPeriod({
      records: [span('2026-10-24T20:00:00Z', '2026-10-25T01:00:00Z')],
      range: span('2026-10-23T22:00:00Z', '2026-10-25T23:00:00Z'),
      timeZone: 'Europe/Prague',
      groupBy: 'day',
      weekStart: 1,
    });
    expect(items).toEqual([
      { date: '2026-10-24', end: '2026-10-25', seconds: 2 * 3600 },
      { date: '2026-10-25', end: '2026-10-26', seconds: 3 * 3600 },
    ]);
  });

  it('splits a Los Angeles record across the March DST night (22:00 PST to 03:00 PDT is 4 h)', () => {
    const items = totalsByPeriod({
      records: [span('2026-03-08T06:00:00Z', '2026-03-08T10:00:00Z')],
      range: span('2026-03-07T08:00:00Z', '2026-03-09T07:00:00Z'),
      timeZone: 'America/Los_Angeles',
      groupBy: 'day',
      weekStart: 1,
    });
    expect(items.map((item) => [item.date, item.seconds])).toEqual([
      ['2026-03-07', 7200],
      ['2026-03-08', 7200],
    ]);
  });

  it('puts the Saturday and Sunday halves into one Monday week but two Sunday weeks', () => {
    const records = [span('2026-10-24T20:00:00Z', '2026-10-25T01:00:00Z')];
    const range = span('2026-10-17T22:00:00Z', '2026-11-01T23:00:00Z');
    const monday = totalsByPeriod({ records, range, timeZone: 'Europe/Prague', groupBy: 'week', weekStart: 1 });
    expect(monday.filter((week) => week.seconds > 0)).toEqual([{ date: '2026-10-19', end: '2026-10-26', seconds: 5 * 3600 }]);
    const sunday = totalsByPeriod({ records, range, timeZone: 'Europe/Prague', groupBy: 'week', weekStart: 7 });
    expect(sunday.filter((week) => week.seconds > 0)).toEqual([
      { date: '2026-10-18', end: '2026-10-25', seconds: 2 * 3600 },
      { date: '2026-10-25', end: '2026-11-01', seconds: 3 * 3600 },
    ]);
  });

  it('counts only the part of a record inside the range, and lists empty days with zero', () => {
    const items = totalsByPeriod({
      records: [span('2026-03-15T22:00:00Z', '2026-03-16T02:00:00Z')],
      range: span('2026-03-16T00:00:00Z', '2026-03-18T00:00:00Z'),
      timeZone: 'UTC',
      groupBy: 'day',
      weekStart: 1,
    });
    expect(items).toEqual([
      { date: '2026-03-16', end: '2026-03-17', seconds: 7200 },
      { date: '2026-03-17', end: '2026-03-18', seconds: 0 },
    ]);
  });

  it('clips a week that starts before the range to the range', () => {
    const items = totalsByPeriod({
      records: [span('2026-03-16T09:00:00Z', '2026-03-16T10:00:00Z'), span('2026-03-18T09:00:00Z', '2026-03-18T10:00:00Z')],
      range: span('2026-03-17T00:00:00Z', '2026-03-23T00:00:00Z'),
      timeZone: 'UTC',
      groupBy: 'week',
      weekStart: 1,
    });
    expect(items).toEqual([{ date: '2026-03-16', end: '2026-03-23', seconds: 3600 }]);
  });
});
