import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { applySteps, planCellChange, type RowRecord, secondsWithin, spanSeconds, weekOf } from './timesheet-cells.ts';

const at = (value: string) => Temporal.Instant.from(value);
const rec = (id: string, start: string, end: string): RowRecord => ({ id, start: at(start), end: at(end) });
const prague = weekOf('2026-10-28', 1, 'Europe/Prague');
const day = prague.find((d) => d.date === '2026-10-27')!; // Tuesday 23:00Z to 23:00Z
const nine = at('2026-10-27T08:00:00Z');
const show = (steps: unknown) => JSON.parse(JSON.stringify(steps));

describe('weekOf', () => {
  it('starts on the week start and has the long DST Sunday', () => {
    const week = weekOf('2026-10-25', 1, 'Europe/Prague');
    expect(week.map((d) => d.date)).toEqual([
      '2026-10-19',
      '2026-10-20',
      '2026-10-21',
      '2026-10-22',
      '2026-10-23',
      '2026-10-24',
      '2026-10-25',
    ]);
    expect(spanSeconds(week[6]!)).toBe(25 * 3600);
    const sunday = weekOf('2026-03-11', 7, 'America/Los_Angeles');
    expect(sunday[0]!.date).toBe('2026-03-08');
    expect(spanSeconds(sunday[0]!)).toBe(23 * 3600);
  });
});

describe('planCellChange', () => {
  it('starts an empty cell at the day start', () => {
    const plan = planCellChange({ day, rowRecords: [], otherRecords: [], targetSeconds: 5400, emptyDayStart: nine });
    expect(show(plan)).toEqual({ ok: true, steps: [{ kind: 'insert', start: '2026-10-27T08:00:00Z', end: '2026-10-27T09:30:00Z' }] });
  });

  it("appends after the row's last record of the day, past other rows' records", () => {
    const plan = planCellChange({
      day,
      rowRecords: [rec('a', '2026-10-27T08:00:00Z', '2026-10-27T09:00:00Z')],
      otherRecords: [{ start: at('2026-10-27T09:00:00Z'), end: at('2026-10-27T10:00:00Z') }],
      targetSeconds: 7200,
      emptyDayStart: nine,
    });
    expect(show(plan)).toEqual({ ok: true, steps: [{ kind: 'insert', start: '2026-10-27T10:00:00Z', end: '2026-10-27T11:00:00Z' }] });
  });

  it('overlaps rather than leave the day when the day is full', () => {
    const plan = planCellChange({
      day,
      rowRecords: [rec('a', '2026-10-27T20:00:00Z', '2026-10-27T22:30:00Z')],
      otherRecords: [],
      targetSeconds: 9000 + 3600,
      emptyDayStart: nine,
    });
    expect(show(plan)).toEqual({ ok: true, steps: [{ kind: 'insert', start: '2026-10-27T22:00:00Z', end: '2026-10-27T23:00:00Z' }] });
  });

  it('shortens the latest record, then deletes used-up ones', () => {
    const rows = [rec('a', '2026-10-27T07:00:00Z', '2026-10-27T08:00:00Z'), rec('b', '2026-10-27T09:00:00Z', '2026-10-27T10:00:00Z')];
    const shorter = planCellChange({ day, rowRecords: rows, otherRecords: [], targetSeconds: 5400, emptyDayStart: nine });
    expect(show(shorter)).toEqual({
      ok: true,
      steps: [{ kind: 'update', id: 'b', start: '2026-10-27T09:00:00Z', end: '2026-10-27T09:30:00Z' }],
    });
    const muchShorter = planCellChange({ day, rowRecords: rows, otherRecords: [], targetSeconds: 1800, emptyDayStart: nine });
    expect(show(muchShorter)).toEqual({
      ok: true,
      steps: [
        { kind: 'delete', id: 'b' },
        { kind: 'update', id: 'a', start: '2026-10-27T07:00:00Z', end: '2026-10-27T07:30:00Z' },
      ],
    });
  });

  it('changes only the part inside the day of records crossing midnight', () => {
    const evening = rec('e', '2026-10-27T22:00:00Z', '2026-10-28T01:00:00Z'); // 1 h Tuesday, 2 h Wednesday
    const morning = rec('m', '2026-10-26T22:00:00Z', '2026-10-27T00:00:00Z'); // 1 h Monday, 1 h Tuesday
    const plan = planCellChange({ day, rowRecords: [evening, morning], otherRecords: [], targetSeconds: 0, emptyDayStart: nine });
    expect(plan.ok).toBe(true);
    const after = applySteps([evening, morning], plan.ok ? plan.steps : [], () => rec('x', '2026-10-27T08:00:00Z', '2026-10-27T08:00:00Z'));
    expect(after.map((r) => secondsWithin(r, day))).toEqual([0, 0]);
    expect(after.map((r) => spanSeconds(r))).toEqual([2 * 3600, 3600]);
  });

  it('refuses more than the day holds and a record covering the whole day', () => {
    expect(planCellChange({ day, rowRecords: [], otherRecords: [], targetSeconds: 24 * 3600 + 1, emptyDayStart: nine })).toEqual({
      ok: false,
      reason: 'longer_than_day',
    });
    const long = rec('l', '2026-10-26T20:00:00Z', '2026-10-28T02:00:00Z');
    expect(planCellChange({ day, rowRecords: [long], otherRecords: [], targetSeconds: 3600, emptyDayStart: nine })).toEqual({
      ok: false,
      reason: 'spans_whole_day',
    });
  });
});
