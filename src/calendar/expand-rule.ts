import { SECONDS_PER_DAY, civilFromDays, daysFromCivil, daysInMonth, isLeapYear, weekdayOfDays } from './civil-time.ts';
import type { RecurrenceRule } from './recurrence-rule.ts';

/**
 * Work left, shared by every rule of one expansion (one feed, or one feed's VTIMEZONEs). One
 * unit is one period, one day examined or one candidate instance, whether it lies before,
 * inside or after the window: a yearly rule with every BYHOUR, BYMINUTE and BYSECOND costs
 * 86,400 units a day, not one.
 */
export type WorkBudget = { left: number };

/** A day checked against BYMONTH, BYMONTHDAY, BYYEARDAY, BYWEEKNO or positioned BYDAY costs this many units. */
const CALENDAR_DAY_WORK = 4;

export type RuleRange = { fromWall: number; toWall: number };

const SUB_DAILY_SECONDS = { HOURLY: 3600, MINUTELY: 60, SECONDLY: 1 } as const;
// 1970-01-05 was a Monday: anchor of week periods for WKST
const MONDAY_DAYS = 4;

type DayInfo = { year: number; month: number; monthDay: number; monthLength: number; yearDay: number; yearLength: number; weekday: number };

function dayInfo(days: number, into?: DayInfo): DayInfo {
  const { year, month, day } = civilFromDays(days);
  const info = into ?? { year: 0, month: 0, monthDay: 0, monthLength: 0, yearDay: 0, yearLength: 0, weekday: 0 };
  info.year = year;
  info.month = month;
  info.monthDay = day;
  info.monthLength = daysInMonth(year, month);
  info.yearDay = days - daysFromCivil(year, 1, 1) + 1;
  info.yearLength = isLeapYear(year) ? 366 : 365;
  info.weekday = weekdayOfDays(days);
  return info;
}

function weekOneStart(year: number, wkst: number): number {
  const jan1 = daysFromCivil(year, 1, 1);
  const offset = (weekdayOfDays(jan1) - wkst + 7) % 7;
  // RFC 5545 3.3.10: week 1 is the first week with at least four days in the year
  return offset <= 3 ? jan1 - offset : jan1 - offset + 7;
}

function matchesWeekNo(days: number, info: DayInfo, rule: RecurrenceRule, weekNos: number[]): boolean {
  // a boundary week is one week: 30 December can be in week 1 of the next year, 2 January in
  // the last week of the year before, and each day is numbered in the year its week belongs to
  let year = info.year;
  if (days >= weekOneStart(year + 1, rule.wkst)) year++;
  else if (days < weekOneStart(year, rule.wkst)) year--;
  const start = weekOneStart(year, rule.wkst);
  const next = weekOneStart(year + 1, rule.wkst);
  const number = Math.floor((days - start) / 7) + 1;
  const total = (next - start) / 7;
  return weekNos.includes(number) || weekNos.includes(number - total - 1);
}

function matchesDay(days: number, info: DayInfo, rule: RecurrenceRule, defaults: Defaults): boolean {
  if (defaults.byMonth && !defaults.byMonth.includes(info.month)) return false;
  if (rule.byWeekNo && rule.freq === 'YEARLY' && !matchesWeekNo(days, info, rule, rule.byWeekNo)) return false;
  if (rule.byYearDay && !rule.byYearDay.includes(info.yearDay) && !rule.byYearDay.includes(info.yearDay - info.yearLength - 1))
    return false;
  const byMonthDay = defaults.byMonthDay;
  if (byMonthDay && !byMonthDay.includes(info.monthDay) && !byMonthDay.includes(info.monthDay - info.monthLength - 1)) return false;
  const byDay = defaults.byDay;
  if (!byDay) return true;
  const inMonth = rule.freq === 'MONTHLY' || (rule.freq === 'YEARLY' && defaults.byMonth !== null && !rule.byWeekNo);
  const inYear = rule.freq === 'YEARLY' && !inMonth && !rule.byWeekNo;
  for (const entry of byDay) {
    if (entry.weekday !== info.weekday) continue;
    if (entry.n === 0 || (!inMonth && !inYear)) return true;
    const index = inMonth ? info.monthDay : info.yearDay;
    const length = inMonth ? info.monthLength : info.yearLength;
    const position = entry.n > 0 ? Math.floor((index - 1) / 7) + 1 : -(Math.floor((length - index) / 7) + 1);
    if (position === entry.n) return true;
  }
  return false;
}

type Defaults = { byMonth: number[] | null; byMonthDay: number[] | null; byDay: RecurrenceRule['byDay'] };

function ruleDefaults(rule: RecurrenceRule, start: DayInfo): Defaults {
  const defaults: Defaults = { byMonth: rule.byMonth, byMonthDay: rule.byMonthDay, byDay: rule.byDay };
  // RFC 5545 3.3.10: missing BYxxx parts are taken from DTSTART
  if (rule.byDay || rule.byMonthDay || rule.byYearDay || rule.byWeekNo) return defaults;
  if (rule.freq === 'YEARLY') {
    defaults.byMonth ??= [start.month];
    defaults.byMonthDay = [start.monthDay];
  } else if (rule.freq === 'MONTHLY') {
    defaults.byMonthDay = [start.monthDay];
  } else if (rule.freq === 'WEEKLY') {
    defaults.byDay = [{ n: 0, weekday: start.weekday }];
  }
  return defaults;
}

function product(hours: number[], minutes: number[], seconds: number[]): number[] {
  const times: number[] = [];
  for (const h of hours) for (const m of minutes) for (const s of seconds) times.push(h * 3600 + m * 60 + s);
  return times.sort((a, b) => a - b);
}

/**
 * 1-based BYSETPOS positions into a period of `size` candidates, as sorted unique 0-based
 * indexes. Only positions that exist are visited: a list of all 732 positions costs a
 * one-candidate SECONDLY period one step, not 732.
 */
function setPosPicker(setPos: number[]): (size: number) => number[] {
  const positive = setPos.filter((pos) => pos > 0).sort((a, b) => a - b);
  const negative = setPos.filter((pos) => pos < 0).sort((a, b) => b - a);
  return (size) => {
    const fromStart: number[] = [];
    for (const pos of positive) {
      if (pos > size) break;
      fromStart.push(pos - 1);
    }
    const fromEnd: number[] = [];
    for (const pos of negative) {
      if (-pos > size) break;
      fromEnd.push(size + pos);
    }
    fromEnd.reverse();
    // merge two ascending lists, dropping an index named from both ends
    const picked: number[] = [];
    let a = 0,
      b = 0;
    while (a < fromStart.length || b < fromEnd.length) {
      const next =
        b >= fromEnd.length || (a < fromStart.length && (fromStart[a] as number) <= (fromEnd[b] as number))
          ? (fromStart[a++] as number)
          : (fromEnd[b++] as number);
      if (picked[picked.length - 1] !== next) picked.push(next);
    }
    return picked;
  };
}

function periodDays(rule: RecurrenceRule, period: number, defaults: Defaults): number[] {
  if (rule.freq === 'DAILY') return [period];
  if (rule.freq === 'WEEKLY') {
    const first = MONDAY_DAYS + rule.wkst + period * 7;
    return [first, first + 1, first + 2, first + 3, first + 4, first + 5, first + 6];
  }
  const result: number[] = [];
  if (rule.freq === 'MONTHLY') {
    const year = Math.floor(period / 12),
      month = (period % 12) + 1;
    if (defaults.byMonth && !defaults.byMonth.includes(month)) return result;
    const first = daysFromCivil(year, month, 1);
    for (let d = 0; d < daysInMonth(year, month); d++) result.push(first + d);
    return result;
  }
  if (rule.byWeekNo) {
    // the year of weeks: from week 1 (which may start in December) to the last week (which may end in January)
    for (let days = weekOneStart(period, rule.wkst), end = weekOneStart(period + 1, rule.wkst); days < end; days++) result.push(days);
    return result;
  }
  const months = defaults.byMonth && !rule.byYearDay ? defaults.byMonth : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  for (const month of months) {
    const first = daysFromCivil(period, month, 1);
    for (let d = 0; d < daysInMonth(period, month); d++) result.push(first + d);
  }
  return result;
}

function periodOf(rule: RecurrenceRule, wall: number): number {
  const days = Math.floor(wall / SECONDS_PER_DAY);
  switch (rule.freq) {
    case 'YEARLY':
      return civilFromDays(days).year;
    case 'MONTHLY': {
      const { year, month } = civilFromDays(days);
      return year * 12 + month - 1;
    }
    case 'WEEKLY':
      return Math.floor((days - MONDAY_DAYS - rule.wkst) / 7);
    case 'DAILY':
      return days;
    default:
      return Math.floor(wall / SUB_DAILY_SECONDS[rule.freq]);
  }
}

function periodStartWall(rule: RecurrenceRule, period: number): number {
  switch (rule.freq) {
    case 'YEARLY':
      return (rule.byWeekNo ? weekOneStart(period, rule.wkst) : daysFromCivil(period, 1, 1)) * SECONDS_PER_DAY;
    case 'MONTHLY':
      return daysFromCivil(Math.floor(period / 12), (period % 12) + 1, 1) * SECONDS_PER_DAY;
    case 'WEEKLY':
      return (MONDAY_DAYS + rule.wkst + period * 7) * SECONDS_PER_DAY;
    case 'DAILY':
      return period * SECONDS_PER_DAY;
    default:
      return period * SUB_DAILY_SECONDS[rule.freq];
  }
}

function subDailyDayMatches(rule: RecurrenceRule, days: number, defaults: Defaults): boolean {
  const weekdayOnly = { ...defaults, byDay: defaults.byDay?.map((entry) => ({ n: 0, weekday: entry.weekday })) ?? null };
  return matchesDay(days, dayInfo(days), { ...rule, byWeekNo: null }, weekdayOnly);
}

/** Instances of one HOURLY/MINUTELY/SECONDLY period of a day that matches. */
function subDailyCandidates(rule: RecurrenceRule, period: number, start: number): number[] {
  const base = period * SUB_DAILY_SECONDS[rule.freq as keyof typeof SUB_DAILY_SECONDS];
  const days = Math.floor(base / SECONDS_PER_DAY);
  const secondOfDay = base - days * SECONDS_PER_DAY;
  const hour = Math.floor(secondOfDay / 3600),
    minute = Math.floor((secondOfDay % 3600) / 60);
  if (rule.byHour && !rule.byHour.includes(hour)) return [];
  if (rule.freq !== 'HOURLY' && rule.byMinute && !rule.byMinute.includes(minute)) return [];
  if (rule.freq === 'SECONDLY') return rule.bySecond && !rule.bySecond.includes(secondOfDay % 60) ? [] : [base];
  const startSecond = start % 60,
    startMinute = Math.floor((start % 3600) / 60);
  const minutes = rule.freq === 'HOURLY' ? (rule.byMinute ?? [startMinute]) : [minute];
  return product([hour], minutes, rule.bySecond ?? [startSecond]).map((time) => days * SECONDS_PER_DAY + time);
}

/** The last period before the first one at or after `wall` on this rule's interval (the loop adds one interval). */
function periodBefore(rule: RecurrenceRule, period: number, wall: number): number {
  const target = Math.ceil(wall / SUB_DAILY_SECONDS[rule.freq as keyof typeof SUB_DAILY_SECONDS]);
  const steps = Math.max(1, Math.ceil((target - period) / rule.interval));
  return period + (steps - 1) * rule.interval;
}

function weekdayOnlyMask(rule: RecurrenceRule, defaults: Defaults): boolean[] | null {
  if (defaults.byMonth || rule.byWeekNo || rule.byYearDay || defaults.byMonthDay || !defaults.byDay) return null;
  if ((rule.freq === 'MONTHLY' || rule.freq === 'YEARLY') && defaults.byDay.some((entry) => entry.n !== 0)) return null;
  const mask = [false, false, false, false, false, false, false];
  for (const entry of defaults.byDay) mask[entry.weekday] = true;
  return mask;
}

function weeklyMaskDays(rule: RecurrenceRule, period: number, mask: boolean[]): number[] {
  const first = MONDAY_DAYS + rule.wkst + period * 7;
  const days: number[] = [];
  for (let offset = 0; offset < 7; offset++) if (mask[(rule.wkst + offset) % 7]) days.push(first + offset);
  return days;
}

/**
 * Calls `emit` with each instance's wall time in ascending order, DTSTART first: RFC 5545
 * 3.6.1 makes DTSTART the first instance and 3.3.10 counts it for COUNT. Instances before
 * `range.fromWall` of a rule without COUNT are skipped without `emit`. Stops when `emit`
 * returns false or after `range.toWall` (answers true), or when `budget` is spent (false).
 */
export function expandRule(
  rule: RecurrenceRule,
  startWall: number,
  range: RuleRange,
  emit: (wall: number) => boolean,
  budget: WorkBudget,
): boolean {
  if (!emit(startWall)) return true;
  let emitted = 1;
  if (rule.count !== null && emitted >= rule.count) return true;
  const startDays = Math.floor(startWall / SECONDS_PER_DAY);
  const startInfo = dayInfo(startDays);
  const defaults = ruleDefaults(rule, startInfo);
  const startSecondOfDay = startWall - startDays * SECONDS_PER_DAY;
  const times = product(
    rule.byHour ?? [Math.floor(startSecondOfDay / 3600)],
    rule.byMinute ?? [Math.floor((startSecondOfDay % 3600) / 60)],
    rule.bySecond ?? [startSecondOfDay % 60],
  );
  const firstPeriod = periodOf(rule, startWall);
  let period = firstPeriod;
  const hasCount = rule.count !== null;
  // without COUNT nothing before the window can change what falls in it, so skip whole intervals
  if (!hasCount) {
    // a year of weeks can reach into the next calendar year: start one period early
    const target = periodOf(rule, range.fromWall) - (rule.byWeekNo && rule.freq === 'YEARLY' ? 1 : 0);
    if (target > firstPeriod) period += Math.floor((target - firstPeriod) / rule.interval) * rule.interval;
  }
  const isSubDaily = rule.freq in SUB_DAILY_SECONDS;
  // most Exchange series only filter by weekday: skip the civil-date work for them
  const weekdayMask = weekdayOnlyMask(rule, defaults);
  // one reusable record: millions of candidate days must not mean millions of objects
  const scratch = dayInfo(startDays);
  const pickSetPos = rule.bySetPos ? setPosPicker(rule.bySetPos) : null;
  let checkedDay = Number.NaN;
  let dayMatches = false;
  // answers true to stop (window passed or enough instances), false to go on
  const offer = (wall: number): boolean => {
    if (wall <= startWall || (!hasCount && wall < range.fromWall)) return false;
    if (wall > range.toWall || !emit(wall)) return true;
    emitted++;
    return hasCount && emitted >= (rule.count as number);
  };
  for (; ; period += rule.interval) {
    if (budget.left <= 0) return false;
    budget.left--;
    if (periodStartWall(rule, period) > range.toWall) return true;
    if (isSubDaily) {
      const base = period * SUB_DAILY_SECONDS[rule.freq as keyof typeof SUB_DAILY_SECONDS];
      const days = Math.floor(base / SECONDS_PER_DAY);
      if (days !== checkedDay) {
        checkedDay = days;
        budget.left -= CALENDAR_DAY_WORK;
        dayMatches = subDailyDayMatches(rule, days, defaults);
      }
      // a day (or an hour) the rule excludes is skipped in one step, not period by period
      if (!dayMatches) {
        period = periodBefore(rule, period, (days + 1) * SECONDS_PER_DAY);
        continue;
      }
      if (rule.freq !== 'HOURLY' && rule.byHour && !rule.byHour.includes(Math.floor((base % SECONDS_PER_DAY) / 3600))) {
        period = periodBefore(rule, period, (Math.floor(base / 3600) + 1) * 3600);
        continue;
      }
      const candidates = subDailyCandidates(rule, period, startWall);
      budget.left -= candidates.length;
      const picked = pickSetPos ? pickSetPos(candidates.length).map((index) => candidates[index] as number) : candidates;
      for (const wall of picked) if (offer(wall)) return true;
      continue;
    }
    const periodList =
      weekdayMask && rule.freq === 'WEEKLY' ? weeklyMaskDays(rule, period, weekdayMask) : periodDays(rule, period, defaults);
    budget.left -= weekdayMask ? periodList.length : periodList.length * CALENDAR_DAY_WORK;
    const matched = periodList.filter((days) =>
      weekdayMask ? weekdayMask[weekdayOfDays(days)] : matchesDay(days, dayInfo(days, scratch), rule, defaults),
    );
    if (pickSetPos) {
      // candidates are matched days x times in ascending order: pick by index, never build the list
      for (const index of (pickSetPos as (size: number) => number[])(matched.length * times.length)) {
        budget.left--;
        const wall = (matched[Math.floor(index / times.length)] as number) * SECONDS_PER_DAY + (times[index % times.length] as number);
        if (offer(wall)) return true;
      }
      continue;
    }
    for (const days of matched) {
      const dayWall = days * SECONDS_PER_DAY;
      if (dayWall + SECONDS_PER_DAY <= startWall) continue;
      if (dayWall + SECONDS_PER_DAY <= range.fromWall) {
        if (!hasCount) continue;
        // a whole day before the window: its instances only count towards COUNT
        if (dayWall > startWall) {
          emitted += times.length;
          if (emitted >= (rule.count as number)) return true;
          continue;
        }
      }
      for (const time of times) {
        if (--budget.left < 0) return false;
        if (offer(dayWall + time)) return true;
      }
    }
  }
}
