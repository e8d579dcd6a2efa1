import { SECONDS_PER_DAY, civilFromDays, daysFromCivil, daysInMonth, weekdayOfDays } from './civil-time.ts';
import type { Component, Property } from './build-components.ts';
import { expandRule, type WorkBudget } from './expand-rule.ts';
import { parseTimeValue, parseUtcOffset } from './ical-values.ts';
import { parseRecurrenceRule, type RecurrenceRule } from './recurrence-rule.ts';
import { transitionZone, type Zone } from './zone.ts';

const MAX_ONSETS_PER_OBSERVANCE = 2000;
/** Work units (see WorkBudget) of one VTIMEZONE, whatever its number of observances. */
export const MAX_VTIMEZONE_WORK = 200_000;

export type CompiledVtimezone = { zone: Zone; hasRule: boolean };

// transitions are computed for this span; Exchange's rules start in 1601
const FIRST_YEAR_WALL = daysFromCivil(1900, 1, 1) * SECONDS_PER_DAY;
const LAST_YEAR_WALL = daysFromCivil(2200, 1, 1) * SECONDS_PER_DAY;

function first(properties: Property[], name: string): Property | undefined {
  return properties.find((property) => property.name === name);
}

function wallOf(text: string): number | null {
  const value = parseTimeValue(text, null);
  if (!value) return null;
  if (value.kind === 'date') return value.days * SECONDS_PER_DAY;
  return value.kind === 'utc' ? value.seconds : value.wallSeconds;
}

/**
 * Exchange writes every zone as FREQ=YEARLY;BYDAY=nSU;BYMONTH=m: computed directly per year,
 * 300 years of a general expansion per zone would dominate parsing a small feed.
 */
function pushYearlyNthWeekday(rule: RecurrenceRule, start: number, push: (wall: number) => void): boolean {
  const byDay = rule.byDay?.[0];
  if (
    rule.freq !== 'YEARLY' ||
    rule.interval !== 1 ||
    rule.count !== null ||
    rule.until !== null ||
    rule.bySetPos ||
    rule.byMonthDay ||
    rule.byYearDay ||
    rule.byWeekNo ||
    rule.byHour ||
    rule.byMinute ||
    rule.bySecond ||
    rule.byMonth?.length !== 1 ||
    rule.byDay?.length !== 1 ||
    !byDay ||
    byDay.n === 0 ||
    Math.abs(byDay.n) > 5
  )
    return false;
  const month = rule.byMonth[0] as number;
  const startDays = Math.floor(start / SECONDS_PER_DAY);
  const timeOfDay = start - startDays * SECONDS_PER_DAY;
  const firstYear = Math.max(civilFromDays(startDays).year, 1900);
  for (let year = firstYear; year <= 2200; year++) {
    let days: number;
    if (byDay.n > 0) {
      const first = daysFromCivil(year, month, 1);
      days = first + ((byDay.weekday - weekdayOfDays(first) + 7) % 7) + (byDay.n - 1) * 7;
      if (days >= first + daysInMonth(year, month)) continue;
    } else {
      const last = daysFromCivil(year, month, daysInMonth(year, month));
      days = last - ((weekdayOfDays(last) - byDay.weekday + 7) % 7) + (byDay.n + 1) * 7;
      if (days < daysFromCivil(year, month, 1)) continue;
    }
    const wall = days * SECONDS_PER_DAY + timeOfDay;
    if (wall > start) push(wall);
  }
  return true;
}

/**
 * RFC 5545 3.6.5: each STANDARD/DAYLIGHT onset is a local time read with TZOFFSETFROM. Spends
 * from `feedBudget` (shared by the feed's VTIMEZONEs), at most MAX_VTIMEZONE_WORK; a zone
 * whose rules need more keeps the onsets computed so far.
 */
export function compileVtimezone(component: Component, id: string, feedBudget: WorkBudget): CompiledVtimezone | string {
  const budget: WorkBudget = { left: Math.min(MAX_VTIMEZONE_WORK, feedBudget.left) };
  const initialBudget = budget.left;
  try {
    return compileWithin(component, id, budget);
  } finally {
    feedBudget.left -= initialBudget - Math.max(budget.left, 0);
  }
}

function compileWithin(component: Component, id: string, budget: WorkBudget): CompiledVtimezone | string {
  const onsets: { at: number; offset: number; order: number }[] = [];
  let hasRule = false;
  for (const observance of component.children) {
    if (observance.name !== 'STANDARD' && observance.name !== 'DAYLIGHT') continue;
    if (budget.left <= 0) break;
    const from = parseUtcOffset(first(observance.properties, 'TZOFFSETFROM')?.value ?? '');
    const to = parseUtcOffset(first(observance.properties, 'TZOFFSETTO')?.value ?? '');
    const start = wallOf(first(observance.properties, 'DTSTART')?.value ?? '');
    if (from === null || to === null || start === null)
      return `${observance.name} at line ${observance.line} lacks DTSTART, TZOFFSETFROM or TZOFFSETTO`;
    const push = (wall: number) => {
      budget.left--;
      onsets.push({ at: wall - from, offset: to, order: onsets.length });
    };
    push(start);
    const ruleText = first(observance.properties, 'RRULE')?.value;
    if (ruleText !== undefined) {
      const rule = parseRecurrenceRule(ruleText);
      if (typeof rule === 'string') return `bad RRULE in ${observance.name}: ${rule}`;
      hasRule = true;
      if (pushYearlyNthWeekday(rule, start, push)) continue;
      const until = rule.until;
      const untilUtc =
        until === null
          ? Infinity
          : until.kind === 'utc'
            ? until.seconds
            : until.kind === 'date'
              ? until.days * SECONDS_PER_DAY
              : until.wallSeconds - from;
      let count = 0;
      // a real zone changes a few times a year; anything denser is garbage, bounded here
      expandRule(
        { ...rule, until: null },
        start,
        { fromWall: FIRST_YEAR_WALL, toWall: LAST_YEAR_WALL },
        (wall) => {
          if (wall - from > untilUtc || ++count > MAX_ONSETS_PER_OBSERVANCE) return false;
          if (wall !== start) push(wall);
          return true;
        },
        budget,
      );
    }
    for (const property of observance.properties) {
      if (property.name !== 'RDATE') continue;
      for (const part of property.value.split(',')) {
        if (budget.left <= 0) break;
        const wall = wallOf(part);
        if (wall !== null) push(wall);
      }
    }
  }
  if (onsets.length === 0) return 'no STANDARD or DAYLIGHT observance';
  onsets.sort((a, b) => a.at - b.at || a.order - b.order);
  const firstOnset = onsets[0] as { at: number; offset: number };
  const initial = onsetFrom(component, firstOnset) ?? firstOnset.offset;
  return {
    zone: transitionZone(
      id,
      initial,
      onsets.map((onset) => onset.at),
      onsets.map((onset) => onset.offset),
    ),
    hasRule,
  };
}

function onsetFrom(component: Component, onset: { at: number; offset: number }): number | null {
  // before the first onset the zone is at that onset's TZOFFSETFROM
  for (const observance of component.children) {
    const to = parseUtcOffset(first(observance.properties, 'TZOFFSETTO')?.value ?? '');
    const from = parseUtcOffset(first(observance.properties, 'TZOFFSETFROM')?.value ?? '');
    const start = wallOf(first(observance.properties, 'DTSTART')?.value ?? '');
    if (to === onset.offset && from !== null && start !== null && start - from === onset.at) return from;
  }
  return null;
}
