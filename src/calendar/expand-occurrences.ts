import { SECONDS_PER_DAY, formatDate, formatInstant, parseDate, parseInstant } from './civil-time.ts';
import { expandRule, type WorkBudget } from './expand-rule.ts';
import type {
  EventRecord,
  EventTime,
  ExpandOptions,
  ExpandWindow,
  FeedWarning,
  Occurrence,
  ParsedFeed,
  RecurrenceDate,
  Series,
} from './types.ts';
import { UTC_ZONE, ianaZone, utcToWall, wallToUtc, type Zone } from './zone.ts';

export const MAX_OCCURRENCES_PER_SERIES = 10_000;
export const MAX_OCCURRENCES_PER_FEED = 150_000;
/**
 * Work units (see WorkBudget: periods, days and candidates, before the window too) of one whole
 * expansion, shared by every series: a hostile feed cannot multiply the bound by its series.
 * Measured on a 2-core machine a unit costs at most about 85 ns, so the bound is about 1.4 s
 * of CPU; a 20 MB Exchange feed over a 270-day horizon needs about three quarters of it.
 */
export const MAX_FEED_WORK = 16_000_000;
/** A kept occurrence (its texts, its place in the sorted output) costs as much as this many candidates. */
export const OCCURRENCE_WORK = 100;
/** One series may use this much of the feed's budget, so one hostile rule cannot starve the rest. */
export const MAX_SERIES_WORK = 1_500_000;
// a local time is at most 26 hours away from UTC; two days keep every candidate
const WALL_MARGIN_SECONDS = 2 * SECONDS_PER_DAY;

type Context = {
  from: number;
  to: number;
  viewer: Zone;
  warnings: FeedWarning[];
  out: Occurrence[];
  budget: WorkBudget;
  full: boolean;
  skipped: number[];
};
/** Instants decide the overlap; the texts are only written for occurrences that are kept. */
type Span = { allDay: boolean; startDays: number; endDays: number; startSeconds: number; endSeconds: number };

/** "Occurrence key" of CONVENTIONS.md within one connection: UID plus recurrence id. */
export function occurrenceKey(occurrence: Pick<Occurrence, 'uid' | 'recurrenceId'>): string {
  return `${occurrence.uid}\u0000${occurrence.recurrenceId ?? ''}`;
}

function toBound(text: string, viewer: Zone, name: string): number {
  const instant = parseInstant(text);
  if (instant !== null) return instant;
  const date = parseDate(text);
  if (date !== null) return wallToUtc(viewer, date * SECONDS_PER_DAY);
  throw new RangeError(`window.${name} must be an ISO instant with Z or a date, got "${text}"`);
}

function overlaps(span: Span, context: Context): boolean {
  if (span.startSeconds >= context.to) return false;
  // a zero-length event at the window's start still belongs to it
  return span.endSeconds > context.from || (span.endSeconds === span.startSeconds && span.startSeconds >= context.from);
}

type Length = Pick<EventRecord, 'durationSeconds' | 'durationDays'>;

function dateSpan(days: number, record: Length, viewer: Zone): Span {
  const endDays = days + record.durationDays;
  return {
    allDay: true,
    startDays: days,
    endDays,
    startSeconds: wallToUtc(viewer, days * SECONDS_PER_DAY),
    endSeconds: wallToUtc(viewer, endDays * SECONDS_PER_DAY),
  };
}

function timedSpan(startSeconds: number, wall: number, zone: Zone, record: Length): Span {
  const endSeconds =
    record.durationDays === 0
      ? startSeconds + record.durationSeconds
      : wallToUtc(zone, wall + record.durationDays * SECONDS_PER_DAY) + record.durationSeconds;
  return { allDay: false, startDays: 0, endDays: 0, startSeconds, endSeconds };
}

function ownSpan(record: EventRecord, viewer: Zone): Span {
  const start = record.start;
  if (start.kind === 'date') return dateSpan(start.days, record, viewer);
  if (start.kind === 'utc') return timedSpan(start.seconds, start.seconds, UTC_ZONE, record);
  const zone = start.zone ?? viewer;
  return timedSpan(wallToUtc(zone, start.wallSeconds), start.wallSeconds, zone, record);
}

/** Answers false once the feed's output is full (MAX_OCCURRENCES_PER_FEED). */
function push(context: Context, record: EventRecord, recurrenceId: string | null, span: Span, budget = context.budget): boolean {
  budget.left -= OCCURRENCE_WORK;
  if (context.out.length >= MAX_OCCURRENCES_PER_FEED) {
    if (!context.full)
      context.warnings.push({
        code: 'limit_reached',
        line: record.line,
        message: `stopped at ${MAX_OCCURRENCES_PER_FEED} occurrences in the window`,
      });
    context.full = true;
    return false;
  }
  context.out.push({
    uid: record.uid,
    recurrenceId,
    start: span.allDay ? formatDate(span.startDays) : formatInstant(span.startSeconds),
    end: span.allDay ? formatDate(span.endDays) : formatInstant(span.endSeconds),
    allDay: record.allDay,
    summary: record.summary,
    location: record.location,
    busyStatus: record.busyStatus,
    private: record.private,
    cancelled: record.cancelled,
  });
  return true;
}

/** Where a recurrence id sits: a UTC instant for timed series, a local date for all-day ones. */
function instanceKey(time: EventTime, allDay: boolean, reference: Zone, viewer: Zone): number {
  if (allDay) {
    // Exchange writes EXDATE / RECURRENCE-ID of all-day series as local midnight DATE-TIMEs
    if (time.kind === 'date') return time.days;
    const wall = time.kind === 'utc' ? utcToWall(reference, time.seconds) : time.wallSeconds;
    return Math.floor(wall / SECONDS_PER_DAY);
  }
  if (time.kind === 'date') return wallToUtc(reference, time.days * SECONDS_PER_DAY);
  if (time.kind === 'utc') return time.seconds;
  return wallToUtc(time.zone ?? viewer, time.wallSeconds);
}

/** The length of an RDATE instance: its PERIOD's end or duration, else the series' own. */
function rdateLength(rdate: RecurrenceDate, key: number, allDay: boolean, reference: Zone, viewer: Zone, master: EventRecord): Length {
  if (rdate.duration && rdate.duration.days >= 0 && rdate.duration.seconds >= 0) {
    return allDay
      ? { durationSeconds: 0, durationDays: Math.max(rdate.duration.days, 1) }
      : { durationSeconds: rdate.duration.seconds, durationDays: rdate.duration.days };
  }
  if (rdate.end) {
    const end = instanceKey(rdate.end, allDay, reference, viewer);
    if (end > key) return allDay ? { durationSeconds: 0, durationDays: end - key } : { durationSeconds: end - key, durationDays: 0 };
  }
  return master;
}

/** RANGE=THISANDFUTURE overrides by recurrence id, with how far each moves the instances after it. */
type RangeOverride = { key: number; record: EventRecord; shift: number };

function rangeOverrides(
  series: Series,
  allDay: boolean,
  keyOf: (time: EventTime) => number,
  excluded: Set<number>,
  viewer: Zone,
): RangeOverride[] {
  const ranges: RangeOverride[] = [];
  for (const override of series.overrides) {
    if (!override.thisAndFuture) continue;
    const key = keyOf(override.recurrenceId as EventTime);
    if (excluded.has(key)) continue;
    const own = ownSpan(override, viewer);
    // RFC 5545 3.8.4.4: later instances move by the override's own shift from its recurrence id
    const shift = allDay ? (override.allDay ? own.startDays - key : 0) : own.startSeconds - key;
    ranges.push({ key, record: override, shift });
  }
  return ranges.sort((a, b) => a.key - b.key);
}

/** The last range override before `key` (binary search: a series may carry thousands). */
function rangeFor(ranges: RangeOverride[], key: number): RangeOverride | null {
  let low = 0,
    high = ranges.length - 1,
    found: RangeOverride | null = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = ranges[middle] as RangeOverride;
    if (range.key < key) {
      found = range;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

function expandSeries(series: Series, master: EventRecord, context: Context): void {
  const { viewer } = context;
  const allDay = master.allDay;
  const start = master.start;
  const zone = start.kind === 'wall' ? (start.zone ?? viewer) : UTC_ZONE;
  const reference = master.referenceZone ?? viewer;
  const startWall = start.kind === 'date' ? start.days * SECONDS_PER_DAY : start.kind === 'utc' ? start.seconds : start.wallSeconds;
  const keyOf = (time: EventTime) => instanceKey(time, allDay, reference, viewer);
  const excluded = new Set(master.exdates.map(keyOf));
  // a DATE EXDATE on a timed series removes every instance of that local day
  const excludedDays = new Set(allDay ? [] : master.exdates.filter((time) => time.kind === 'date').map((time) => time.days));
  const overridden = new Set<number>();
  for (const override of series.overrides) {
    const key = keyOf(override.recurrenceId as EventTime);
    overridden.add(key);
    if (excluded.has(key)) continue;
    const span = ownSpan(override, viewer);
    if (overlaps(span, context)) push(context, override, allDay ? formatDate(key) : formatInstant(key), span);
  }
  const until = master.rule?.until ?? null;
  const untilKey =
    until === null
      ? Infinity
      : allDay
        ? until.kind === 'date'
          ? until.days
          : Math.floor((until.kind === 'utc' ? utcToWall(reference, until.seconds) : until.wallSeconds) / SECONDS_PER_DAY)
        : until.kind === 'utc'
          ? until.seconds
          : until.kind === 'date'
            ? wallToUtc(zone, (until.days + 1) * SECONDS_PER_DAY) - 1
            : wallToUtc(zone, until.wallSeconds);
  // only instances inside the window are remembered (a DST gap can map two walls to one
  // instant; an RDATE can repeat a rule instance): the set stays as small as the output
  const seen = new Set<number>();
  let emitted = 0;
  // the series spends from the feed's budget, at most MAX_SERIES_WORK of it
  const { budget } = context;
  const seriesBudget: WorkBudget = { left: Math.min(MAX_SERIES_WORK, budget.left) };
  const initialSeriesBudget = seriesBudget.left;
  const ranges = rangeOverrides(series, allDay, keyOf, excluded, viewer);
  // instances moved by a THISANDFUTURE override, or made longer by it, may reach the window from further away
  let reachBefore = master.durationSeconds + master.durationDays * SECONDS_PER_DAY,
    reachAfter = 0;
  for (const ranged of ranges) {
    const shiftSeconds = allDay ? ranged.shift * SECONDS_PER_DAY : ranged.shift;
    reachBefore = Math.max(reachBefore, shiftSeconds + ranged.record.durationSeconds + ranged.record.durationDays * SECONDS_PER_DAY);
    reachAfter = Math.max(reachAfter, -shiftSeconds);
  }
  const earliest = context.from - reachBefore - WALL_MARGIN_SECONDS,
    latest = context.to + reachAfter + WALL_MARGIN_SECONDS;
  // RDATE periods may be longer than the series: they only widen the quick check below
  let rdateReach = 0;
  for (const rdate of master.rdates) {
    if (!rdate.duration && !rdate.end) continue;
    const length = rdateLength(rdate, keyOf(rdate.time), allDay, reference, viewer, master);
    rdateReach = Math.max(rdateReach, length.durationSeconds + length.durationDays * SECONDS_PER_DAY);
  }
  const quickEarliest = earliest - rdateReach;
  const consider = (key: number, wall: number, length: Length = master): boolean => {
    // most candidates of a rule with COUNT lie far from the window: dismissed before any zone arithmetic
    const approximate = allDay ? key * SECONDS_PER_DAY : key;
    if (approximate < quickEarliest || approximate > latest) return true;
    if (excluded.has(key) || overridden.has(key)) return true;
    if (excludedDays.size > 0 && excludedDays.has(Math.floor(wall / SECONDS_PER_DAY))) return true;
    const ranged = ranges.length > 0 ? rangeFor(ranges, key) : null;
    const record = ranged?.record ?? master;
    const span = ranged
      ? allDay
        ? dateSpan(key + ranged.shift, record, viewer)
        : timedSpan(key + ranged.shift, utcToWall(zone, key + ranged.shift), zone, record)
      : allDay
        ? dateSpan(key, length, viewer)
        : timedSpan(key, wall, zone, length);
    if (!overlaps(span, context) || seen.has(key)) return true;
    seen.add(key);
    if (++emitted > MAX_OCCURRENCES_PER_SERIES) {
      context.warnings.push({
        code: 'limit_reached',
        line: master.line,
        message: `stopped ${master.uid} at ${MAX_OCCURRENCES_PER_SERIES} occurrences in the window`,
      });
      return false;
    }
    return push(context, record, allDay ? formatDate(key) : formatInstant(key), span, seriesBudget);
  };
  const range = { fromWall: earliest, toWall: latest };
  const fromRule = (wall: number): boolean => {
    const key = allDay ? Math.floor(wall / SECONDS_PER_DAY) : wallToUtc(zone, wall);
    // RFC 5545 3.3.10: UNTIL is inclusive and compared with the instance start
    if (key > untilKey) return false;
    return consider(key, wall);
  };
  if (seriesBudget.left <= 0 || context.full) {
    context.skipped.push(master.line);
    return;
  }
  if (master.rule) {
    const complete = expandRule(master.rule, startWall, range, fromRule, seriesBudget);
    if (!complete)
      context.warnings.push({
        code: 'limit_reached',
        line: master.line,
        message: `stopped expanding ${master.uid}: its rule needs too much work`,
      });
  } else {
    fromRule(startWall);
  }
  for (const rdate of master.rdates) {
    if (--seriesBudget.left < 0) {
      context.warnings.push({
        code: 'limit_reached',
        line: master.line,
        message: `stopped ${master.uid}'s RDATEs: the expansion budget is used up`,
      });
      break;
    }
    const key = keyOf(rdate.time);
    const wall = allDay ? key * SECONDS_PER_DAY : utcToWall(zone, key);
    if (!consider(key, wall, rdateLength(rdate, key, allDay, reference, viewer, master))) break;
  }
  budget.left -= initialSeriesBudget - Math.max(seriesBudget.left, 0);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareOccurrences(a: Occurrence, b: Occurrence): number {
  return compareText(a.start, b.start) || compareText(a.uid, b.uid) || compareText(a.recurrenceId ?? '', b.recurrenceId ?? '');
}

export type Expansion = {
  occurrences: Occurrence[];
  warnings: FeedWarning[] /** work units spent (see MAX_FEED_WORK) */;
  workUsed: number;
};

export function expandFeedOccurrences(feed: ParsedFeed, window: ExpandWindow, options: ExpandOptions = {}): Expansion {
  const viewer = ianaZone(options.viewerTimeZone ?? 'UTC');
  if (!viewer) throw new RangeError(`unknown viewerTimeZone "${options.viewerTimeZone}"`);
  const context: Context = {
    from: toBound(window.from, viewer, 'from'),
    to: toBound(window.to, viewer, 'to'),
    viewer,
    warnings: [],
    out: [],
    budget: { left: MAX_FEED_WORK },
    full: false,
    skipped: [],
  };
  for (const series of feed.series) {
    const master = series.master;
    if (master && master.recurring) {
      expandSeries(series, master, context);
      continue;
    }
    if (master) {
      const span = ownSpan(master, viewer);
      if (overlaps(span, context)) push(context, master, null, span);
    }
    for (const override of series.overrides) {
      const span = ownSpan(override, viewer);
      const key = instanceKey(override.recurrenceId as EventTime, override.allDay, override.referenceZone ?? viewer, viewer);
      if (overlaps(span, context)) push(context, override, override.allDay ? formatDate(key) : formatInstant(key), span);
    }
  }
  const [firstSkipped] = context.skipped;
  if (firstSkipped !== undefined) {
    // one warning, not one per series: a hostile feed may have a hundred thousand of them
    context.warnings.push({
      code: 'limit_reached',
      line: firstSkipped,
      message: `skipped ${context.skipped.length} recurring series from this line on: the feed used up its expansion budget`,
    });
  }
  context.out.sort(compareOccurrences);
  return { occurrences: context.out, warnings: context.warnings, workUsed: MAX_FEED_WORK - context.budget.left };
}
