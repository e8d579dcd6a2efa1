// Pure helpers of the Reports screen (UX.md B11): the period presets in the reader's zone and week
// start, the query the filters make, money as the reader writes it, table order and the chart's bars.
import { addDays, isoWeekday, parseDate } from '../../../src/i18n/format.ts';
import { PROJECT_COLORS } from '../catalog/catalog-view.ts';

export type Preset = 'thisWeek' | 'lastWeek' | 'thisMonth' | 'lastMonth' | 'custom';
export const PRESETS: readonly Preset[] = ['thisWeek', 'lastWeek', 'thisMonth', 'lastMonth', 'custom'];

export type Dimension = 'client' | 'project' | 'task' | 'user' | 'tag' | 'day' | 'week' | 'month';
export const DIMENSIONS: readonly Dimension[] = ['client', 'project', 'task', 'user', 'tag', 'day', 'week', 'month'];

/** a half-open range of dates: from inclusive, to exclusive (CONVENTIONS ranges) */
export type DateRange = { from: string; to: string };

/** the first day of the week that holds `date`, for a week starting on ISO weekday `weekStart` */
export function weekStartOf(date: string, weekStart: number): string {
  return addDays(date, -((isoWeekday(date) - weekStart + 7) % 7));
}

function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

function nextMonth(first: string): string {
  const [year, month] = first.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

function previousMonth(first: string): string {
  const [year, month] = first.split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12-01` : `${year}-${String(month - 1).padStart(2, '0')}-01`;
}

/** the range of a preset around `today` (the reader's date); custom has none of its own */
export function presetRange(preset: Exclude<Preset, 'custom'>, today: string, weekStart: number): DateRange {
  switch (preset) {
    case 'thisWeek': {
      const from = weekStartOf(today, weekStart);
      return { from, to: addDays(from, 7) };
    }
    case 'lastWeek': {
      const from = addDays(weekStartOf(today, weekStart), -7);
      return { from, to: addDays(from, 7) };
    }
    case 'thisMonth': {
      const from = monthStart(today);
      return { from, to: nextMonth(from) };
    }
    case 'lastMonth': {
      const to = monthStart(today);
      return { from: previousMonth(to), to };
    }
  }
}

export const MAX_REPORT_DAYS = 400;

/**
 * Typed custom dates ("1. 3. 2026", "2026-03-01", "1/3/2026"), both days included as people read
 * them, as the API's half-open range; or which field is wrong.
 */
export function customRange(
  fromText: string,
  toText: string,
): { ok: true; range: DateRange } | { ok: false; field: 'from' | 'to'; problem: 'date' | 'order' | 'long' } {
  const from = parseDate(fromText);
  if (!from) return { ok: false, field: 'from', problem: 'date' };
  const last = parseDate(toText);
  if (!last) return { ok: false, field: 'to', problem: 'date' };
  if (last < from) return { ok: false, field: 'to', problem: 'order' };
  const to = addDays(last, 1);
  if (daysBetween(from, to) > MAX_REPORT_DAYS) return { ok: false, field: 'to', problem: 'long' };
  return { ok: true, range: { from, to } };
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** every date of a range, in order */
export function datesOf(range: DateRange): string[] {
  const dates: string[] = [];
  for (let day = range.from; day < range.to; day = addDays(day, 1)) dates.push(day);
  return dates;
}

export type Filters = {
  users: string[];
  clients: string[];
  projects: string[];
  tasks: string[];
  tags: string[];
  billable: 'all' | 'true' | 'false';
};

export const NO_FILTERS: Filters = { users: [], clients: [], projects: [], tasks: [], tags: [], billable: 'all' };

/** the query of the report endpoints for a range and filters (empty lists and "all" are left out) */
export type ReportQuery = {
  from: string;
  to: string;
  users?: string;
  clients?: string;
  projects?: string;
  tasks?: string;
  tags?: string;
  billable?: 'true' | 'false';
};

export function reportQuery(range: DateRange, filters: Filters): ReportQuery {
  const query: ReportQuery = { from: range.from, to: range.to };
  for (const key of ['users', 'clients', 'projects', 'tasks', 'tags'] as const) {
    if (filters[key].length > 0) query[key] = filters[key].join(',');
  }
  if (filters.billable !== 'all') query.billable = filters.billable;
  return query;
}

/** the group-by pickers: one dimension, or two different ones */
export function groupByOf(first: Dimension, second: Dimension | ''): string {
  return second && second !== first ? `${first},${second}` : first;
}

/** the dimensions a role may group by: a member sees only themself, so "user" says nothing */
export function dimensionsFor(role: string): Dimension[] {
  return role === 'member' ? DIMENSIONS.filter((dimension) => dimension !== 'user') : [...DIMENSIONS];
}

/** an amount in minor units (cents, haléře) with the currency: "12 345,50 Kč", "€1,234.50" */
export function formatMoney(minor: number, currency: string, lang: 'en' | 'cs'): string {
  const locale = lang === 'cs' ? 'cs-CZ' : 'en-GB';
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
      minor / 100,
    );
  } catch {
    return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(minor / 100)} ${currency}`;
  }
}

export type SortKey = 'label' | 'seconds' | 'billableSeconds' | 'amount' | 'records';
export type Sort = { key: SortKey; direction: 'ascending' | 'descending' };

type Row = { label: string; seconds: number; billableSeconds: number; amount: number; records: number; key: string | null };

/**
 * Rows in the asked order. Names sort as the language sorts; periods (their keys are dates) in time;
 * "no client / task / tag" (key null) always last, whichever way, so it never hides among names.
 */
export function sortRows<T extends Row>(rows: readonly T[], sort: Sort, lang: 'en' | 'cs', byTime = false): T[] {
  const collator = new Intl.Collator(lang === 'cs' ? 'cs-CZ' : 'en-GB', { sensitivity: 'base', numeric: true });
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if ((a.key === null) !== (b.key === null)) return a.key === null ? 1 : -1;
    if (sort.key === 'label') {
      return sign * (byTime ? (a.key ?? '').localeCompare(b.key ?? '') : collator.compare(a.label, b.label));
    }
    return sign * (a[sort.key] - b[sort.key]) || collator.compare(a.label, b.label);
  });
}

/** a header click: the same column flips, another starts with names A-Z and numbers largest first */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: key === 'label' ? 'ascending' : 'descending' };
}

export type ChartBar = { period: string; seconds: number; parts: Array<{ projectId: string | null; seconds: number }> };

type PeriodGroup = { key: string | null; seconds: number; groups?: Array<{ key: string | null; seconds: number }> };

/**
 * The chart's bars from a summary grouped by period then project: every period of the range (also
 * the empty ones, so the gaps show), each split by project in the order of `projectOrder`.
 */
export function chartBars(periods: readonly string[], groups: readonly PeriodGroup[], projectOrder: readonly string[]): ChartBar[] {
  const byPeriod = new Map(groups.map((group) => [group.key, group]));
  const rank = new Map(projectOrder.map((id, index) => [id, index]));
  return periods.map((period) => {
    const group = byPeriod.get(period);
    const parts = (group?.groups ?? [])
      .filter((part) => part.seconds > 0)
      .map((part) => ({ projectId: part.key, seconds: part.seconds }))
      .sort((a, b) => (rank.get(a.projectId ?? '') ?? Infinity) - (rank.get(b.projectId ?? '') ?? Infinity));
    return { period, seconds: group?.seconds ?? 0, parts };
  });
}

/** the periods a chart shows: days up to two months, else weeks (a bar per day would be a hair) */
export function chartPeriods(range: DateRange, weekStart: number): { unit: 'day' | 'week'; periods: string[] } {
  if (daysBetween(range.from, range.to) <= 62) return { unit: 'day', periods: datesOf(range) };
  const periods: string[] = [];
  for (let week = weekStartOf(range.from, weekStart); week < range.to; week = addDays(week, 7)) periods.push(week);
  return { unit: 'week', periods };
}

/** a round top for the chart's scale in hours (1, 2, 4, 5, 8, 10, 12, 16, 20, 24, then tens) */
export function chartScaleHours(maxSeconds: number): number {
  const hours = maxSeconds / 3600;
  for (const step of [1, 2, 4, 5, 8, 10, 12, 16, 20, 24]) if (hours <= step) return step;
  return Math.ceil(hours / 10) * 10;
}

/**
 * Colours a chart can tell apart: each project keeps its own colour unless a project before it in
 * the list has it already (projects made without a choice share the default), then it takes the
 * first palette colour nobody in the chart uses.
 */
export function distinctColors<T extends { color: string }>(items: readonly T[]): T[] {
  const used = new Set<string>();
  return items.map((item) => {
    const own = item.color.toLowerCase();
    const color = used.has(own) ? (PROJECT_COLORS.find((each) => !used.has(each)) ?? own) : own;
    used.add(color);
    return { ...item, color };
  });
}
