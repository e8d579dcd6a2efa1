import { describe, expect, it } from 'vitest';
import { dropTimes, meetingTooFarAhead, parseDragValue } from '../../web/src/dashboard/drop-rules.ts';
import {
  firstDayOf,
  fromGrid,
  gridDate,
  isLockedStart,
  lastLockedDay,
  periodTitle,
  secondsPerDay,
  toGrid,
  typedInstant,
} from '../../web/src/dashboard/grid-time.ts';

const prague = 'Europe/Prague';
const settings = { zone: prague, defaultRecordMinutes: 60, dayStartTime: '09:00' };

describe('grid time (the calendar runs in UTC fed with profile-zone wall times)', () => {
  it('shows 9:00 Prague as 9:00 on both sides of the March DST change', () => {
    expect(toGrid('2026-03-27T08:00:00Z', prague).toISOString()).toBe('2026-03-27T09:00:00.000Z');
    expect(toGrid('2026-03-30T07:00:00Z', prague).toISOString()).toBe('2026-03-30T09:00:00.000Z');
  });

  it('converts a grid moment back to the instant in the profile zone, also across the October change', () => {
    expect(fromGrid(new Date('2026-03-30T09:00:00Z'), prague)).toBe('2026-03-30T07:00:00.000Z');
    expect(fromGrid(new Date('2026-10-26T09:00:00Z'), prague)).toBe('2026-10-26T08:00:00.000Z');
    expect(fromGrid(new Date('2026-03-16T09:15:00Z'), 'America/New_York')).toBe('2026-03-16T13:15:00.000Z');
  });

  it('round-trips every quarter hour of a DST week except the skipped hour', () => {
    for (let ms = Date.parse('2026-03-28T00:00:00Z'); ms < Date.parse('2026-03-30T00:00:00Z'); ms += 15 * 60_000) {
      const instant = new Date(ms).toISOString();
      expect(fromGrid(toGrid(instant, prague), prague)).toBe(instant);
    }
  });

  it('maps the ISO week start to FullCalendar firstDay', () => {
    expect([1, 2, 6, 7].map(firstDayOf)).toEqual([1, 2, 6, 0]);
  });
});

describe('typed stopwatch times', () => {
  const now = new Date('2026-12-02T07:30:00Z'); // 8:30 in Prague

  it('reads 9, 9:05, 905 and 9.05 as today in the profile zone, or yesterday when that is still ahead', () => {
    expect(typedInstant('8', '2026-12-02', prague, now)).toBe('2026-12-02T07:00:00.000Z');
    for (const text of ['9:05', '905', '9.05']) expect(typedInstant(text, '2026-12-02', prague, now)).toBe('2026-12-01T08:05:00.000Z');
    expect(typedInstant('noon', '2026-12-02', prague, now)).toBeNull();
  });
});

describe('period titles', () => {
  const cases = [
    { name: 'a week in one month', view: 'week', from: '2026-03-16', to: '2026-03-23', en: 'March 16 – 22, 2026', cs: '16.–22. 3. 2026' },
    {
      name: 'a week across months',
      view: 'week',
      from: '2026-03-30',
      to: '2026-04-06',
      en: 'March 30 – April 5, 2026',
      cs: '30. 3. – 5. 4. 2026',
    },
    {
      name: 'a week across years',
      view: 'week',
      from: '2025-12-29',
      to: '2026-01-05',
      en: 'December 29, 2025 – January 4, 2026',
      cs: '29. 12. 2025 – 4. 1. 2026',
    },
    { name: 'a day', view: 'day', from: '2026-03-16', to: '2026-03-17', en: 'Monday, March 16, 2026', cs: 'pondělí 16. 3. 2026' },
    { name: 'a month', view: 'month', from: '2026-03-01', to: '2026-04-01', en: 'March 2026', cs: 'březen 2026' },
  ] as const;
  for (const item of cases) {
    it(item.name, () => {
      expect(periodTitle('en', item.view, item.from, item.to)).toBe(item.en);
      expect(periodTitle('cs', item.view, item.from, item.to)).toBe(item.cs);
    });
  }
});

describe('day totals and locks', () => {
  it('splits a record that runs past midnight between the two days of the profile zone', () => {
    const totals = secondsPerDay(
      [
        { start: '2026-03-16T21:30:00Z', end: '2026-03-16T23:30:00Z' }, // 22:30–0:30 Prague
        { start: '2026-03-16T08:00:00Z', end: '2026-03-16T09:00:00Z' },
      ],
      prague,
    );
    expect(Object.fromEntries(totals)).toEqual({ '2026-03-16': 3600 + 5400, '2026-03-17': 1800 });
  });

  it('locks records starting before 00:00 of lockedUntil in the zone and names the last locked day', () => {
    expect(isLockedStart('2026-03-31T21:59:00Z', '2026-04-01', prague)).toBe(true);
    expect(isLockedStart('2026-03-31T22:00:00Z', '2026-04-01', prague)).toBe(false);
    expect(isLockedStart('2026-03-01T00:00:00Z', null, prague)).toBe(false);
    expect(lastLockedDay('2026-04-01')).toBe('2026-03-31');
  });
});

describe('drop rules (UX.md B5)', () => {
  // a 10:00–10:45 Prague meeting on Tuesday 17 March 2026
  const meeting = { kind: 'meeting', start: '2026-03-17T09:00:00Z', end: '2026-03-17T09:45:00Z', allDay: false } as const;

  it("starts a meeting at the slot with the meeting's length", () => {
    expect(dropTimes(meeting, { grid: new Date('2026-03-18T14:15:00Z'), allDay: false }, settings)).toEqual({
      start: '2026-03-18T13:15:00.000Z',
      end: '2026-03-18T14:00:00.000Z',
    });
  });

  it("keeps the meeting's own time of day on the all-day row or a Month cell, also after a DST change", () => {
    expect(dropTimes(meeting, { grid: new Date('2026-03-17T00:00:00Z'), allDay: true }, settings)).toEqual({
      start: '2026-03-17T09:00:00.000Z',
      end: '2026-03-17T09:45:00.000Z',
    });
    expect(dropTimes(meeting, { grid: new Date('2026-03-31T00:00:00Z'), allDay: true }, settings)).toEqual({
      start: '2026-03-31T08:00:00.000Z',
      end: '2026-03-31T08:45:00.000Z',
    });
  });

  it('gives recent work and projects the default length, at the day start on whole days', () => {
    expect(
      dropTimes({ kind: 'recent' }, { grid: new Date('2026-03-18T14:00:00Z'), allDay: false }, { ...settings, defaultRecordMinutes: 30 }),
    ).toEqual({ start: '2026-03-18T13:00:00.000Z', end: '2026-03-18T13:30:00.000Z' });
    expect(
      dropTimes(
        { kind: 'project', projectId: 'p' },
        { grid: new Date('2026-03-18T00:00:00Z'), allDay: true },
        { ...settings, dayStartTime: '08:30' },
      ),
    ).toEqual({ start: '2026-03-18T07:30:00.000Z', end: '2026-03-18T08:30:00.000Z' });
  });

  it('gives an all-day meeting dropped on a slot the default length', () => {
    const allDay = { kind: 'meeting', start: '2026-03-17', end: '2026-03-18', allDay: true } as const;
    expect(dropTimes(allDay, { grid: new Date('2026-03-17T11:00:00Z'), allDay: false }, settings)).toEqual({
      start: '2026-03-17T10:00:00.000Z',
      end: '2026-03-17T11:00:00.000Z',
    });
    expect(gridDate(new Date('2026-03-17T23:59:00Z'))).toBe('2026-03-17');
  });

  it('refuses to start the stopwatch from a meeting more than an hour ahead', () => {
    const now = new Date('2026-03-17T08:00:00Z');
    expect(meetingTooFarAhead('2026-03-17T09:00:00Z', now)).toBe(false);
    expect(meetingTooFarAhead('2026-03-17T09:01:00Z', now)).toBe(true);
    expect(meetingTooFarAhead(null, now)).toBe(false);
  });

  it('reads the drag attribute of impulses, projects and tasks', () => {
    expect(parseDragValue('imp_1')).toEqual({ kind: 'impulse', id: 'imp_1' });
    expect(parseDragValue('project:p1')).toEqual({ kind: 'project', id: 'p1' });
    expect(parseDragValue('task:t1')).toEqual({ kind: 'task', id: 't1' });
  });
});
