import { describe, expect, it } from 'vitest';
import {
  chartBars,
  chartPeriods,
  chartScaleHours,
  customRange,
  distinctColors,
  formatMoney,
  groupByOf,
  nextSort,
  NO_FILTERS,
  presetRange,
  reportQuery,
  sortRows,
} from '../../web/src/reports/report-view.ts';

describe('the Reports screen helpers', () => {
  it("cuts the presets in the reader's week start, across a year's end", () => {
    // Thursday 3 December 2026
    expect(presetRange('thisWeek', '2026-12-03', 1)).toEqual({ from: '2026-11-30', to: '2026-12-07' });
    expect(presetRange('thisWeek', '2026-12-03', 7)).toEqual({ from: '2026-11-29', to: '2026-12-06' });
    expect(presetRange('lastWeek', '2026-11-30', 1)).toEqual({ from: '2026-11-23', to: '2026-11-30' });
    expect(presetRange('thisMonth', '2026-12-03', 1)).toEqual({ from: '2026-12-01', to: '2027-01-01' });
    expect(presetRange('lastMonth', '2027-01-15', 1)).toEqual({ from: '2026-12-01', to: '2027-01-01' });
    expect(presetRange('lastMonth', '2026-03-31', 1)).toEqual({ from: '2026-02-01', to: '2026-03-01' });
  });

  it('takes typed custom dates with both days included, and names what is wrong', () => {
    expect(customRange('1. 3. 2026', '31. 3. 2026')).toEqual({ ok: true, range: { from: '2026-03-01', to: '2026-04-01' } });
    expect(customRange('2026-03-01', '1/3/2026')).toEqual({ ok: true, range: { from: '2026-03-01', to: '2026-03-02' } });
    expect(customRange('30. 2. 2026', '1. 3. 2026')).toEqual({ ok: false, field: 'from', problem: 'date' });
    expect(customRange('1. 3. 2026', 'tomorrow')).toEqual({ ok: false, field: 'to', problem: 'date' });
    expect(customRange('2. 3. 2026', '1. 3. 2026')).toEqual({ ok: false, field: 'to', problem: 'order' });
    expect(customRange('1. 1. 2025', '1. 3. 2026')).toEqual({ ok: false, field: 'to', problem: 'long' });
  });

  it('leaves empty filters out of the query and joins chosen ids', () => {
    const range = { from: '2026-03-01', to: '2026-04-01' };
    expect(reportQuery(range, NO_FILTERS)).toEqual(range);
    expect(reportQuery(range, { ...NO_FILTERS, projects: ['p1', 'p2'], billable: 'false' })).toEqual({
      ...range,
      projects: 'p1,p2',
      billable: 'false',
    });
    expect(groupByOf('project', '')).toBe('project');
    expect(groupByOf('tag', 'day')).toBe('tag,day');
    expect(groupByOf('day', 'day')).toBe('day');
  });

  it('writes money from minor units as each language does', () => {
    expect(formatMoney(1234550, 'CZK', 'cs')).toBe('12\u00a0345,50\u00a0Kč');
    expect(formatMoney(123450, 'EUR', 'en')).toBe('€1,234.50');
    expect(formatMoney(-5, 'CZK', 'cs')).toBe('-0,05\u00a0Kč');
  });

  it('sorts rows by name as the language sorts, periods in time, and "no client" last either way', () => {
    const row = (key: string | null, label: string, seconds: number) => ({
      key,
      label,
      seconds,
      billableSeconds: 0,
      amount: 0,
      records: 1,
    });
    const rows = [row('c', 'Cukrárna', 10), row(null, 'Bez klienta', 50), row('b', 'Čajovna', 30), row('a', 'Dílna', 20)];
    expect(sortRows(rows, { key: 'label', direction: 'ascending' }, 'cs').map((each) => each.label)).toEqual([
      'Cukrárna',
      'Čajovna',
      'Dílna',
      'Bez klienta',
    ]);
    expect(sortRows(rows, { key: 'seconds', direction: 'descending' }, 'cs').map((each) => each.key)).toEqual(['b', 'a', 'c', null]);
    expect(sortRows(rows, { key: 'seconds', direction: 'ascending' }, 'cs').map((each) => each.key)).toEqual(['c', 'a', 'b', null]);
    const periods = [row('2026-03-10', '10. 3.', 1), row('2026-03-09', '9. 3.', 1)];
    expect(sortRows(periods, { key: 'label', direction: 'ascending' }, 'cs', true).map((each) => each.key)).toEqual([
      '2026-03-09',
      '2026-03-10',
    ]);
    expect(nextSort({ key: 'seconds', direction: 'descending' }, 'seconds')).toEqual({ key: 'seconds', direction: 'ascending' });
    expect(nextSort({ key: 'seconds', direction: 'descending' }, 'label')).toEqual({ key: 'label', direction: 'ascending' });
    expect(nextSort({ key: 'label', direction: 'ascending' }, 'amount')).toEqual({ key: 'amount', direction: 'descending' });
  });

  it("gives the chart every day of the range, the empty ones too, split by project in the legend's order", () => {
    const { unit, periods } = chartPeriods({ from: '2026-03-16', to: '2026-03-19' }, 1);
    expect(unit).toBe('day');
    const bars = chartBars(
      periods,
      [
        {
          key: '2026-03-16',
          seconds: 5400,
          groups: [
            { key: 'b', seconds: 1800 },
            { key: 'a', seconds: 3600 },
          ],
        },
        { key: '2026-03-18', seconds: 600, groups: [{ key: 'b', seconds: 600 }] },
      ],
      ['a', 'b'],
    );
    expect(bars).toEqual([
      {
        period: '2026-03-16',
        seconds: 5400,
        parts: [
          { projectId: 'a', seconds: 3600 },
          { projectId: 'b', seconds: 1800 },
        ],
      },
      { period: '2026-03-17', seconds: 0, parts: [] },
      { period: '2026-03-18', seconds: 600, parts: [{ projectId: 'b', seconds: 600 }] },
    ]);
    expect(chartPeriods({ from: '2026-01-01', to: '2026-04-01' }, 1)).toMatchObject({
      unit: 'week',
      periods: expect.arrayContaining(['2025-12-29', '2026-03-30']),
    });
    expect(chartScaleHours(0)).toBe(1);
    expect(chartScaleHours(7.5 * 3600)).toBe(8);
    expect(chartScaleHours(31 * 3600)).toBe(40);
  });

  it('keeps project colours apart in a chart', () => {
    const colored = distinctColors([
      { id: 'a', color: '#1D4ED8' },
      { id: 'b', color: '#1d4ed8' },
      { id: 'c', color: '#be185d' },
    ]);
    expect(colored.map((each) => each.color)).toEqual(['#1d4ed8', '#0f766e', '#be185d']);
  });
});
