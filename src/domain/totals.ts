import { Temporal } from 'temporal-polyfill';
import type { Span } from './time-range.ts';

export type GroupBy = 'day' | 'week';

// One local day or week: `date` is its first day, `end` the day after its last.
export type PeriodTotal = { date: string; end: string; seconds: number };

export type TotalsInput = {
  records: Span[];
  range: Span;
  timeZone: string;
  groupBy: GroupBy;
  weekStart: number; // ISO weekday: 1 = Monday, 7 = Sunday
};

export function periodStart(date: Temporal.PlainDate, groupBy: GroupBy, weekStart: number): Temporal.PlainDate {
  if (groupBy === 'day') return date;
  return date.subtract({ days: (date.dayOfWeek - weekStart + 7) % 7 });
}

// Sums records per local day or week of the zone. A record crossing local midnight is split
// there, and each day is as long as the zone makes it (23 or 25 hours on DST changes),
// because the boundaries are computed as zoned midnights, not as 24-hour steps.
export function totalsByPeriod(input: TotalsInput): PeriodTotal[] {
  const { range, timeZone, groupBy, weekStart } = input;
  const step = groupBy === 'day' ? { days: 1 } : { weeks: 1 };
  const firstDay = range.start.toZonedDateTimeISO(timeZone).toPlainDate();
  const periods: Array<PeriodTotal & { from: Temporal.Instant; to: Temporal.Instant }> = [];
  let date = periodStart(firstDay, groupBy, weekStart);
  while (true) {
    const from = date.toZonedDateTime({ timeZone }).startOfDay().toInstant();
    if (Temporal.Instant.compare(from, range.end) >= 0) break;
    const next = date.add(step);
    const to = next.toZonedDateTime({ timeZone }).startOfDay().toInstant();
    periods.push({ date: date.toString(), end: next.toString(), seconds: 0, from, to });
    date = next;
  }
  for (const period of periods) {
    const from = later(period.from, range.start);
    const to = earlier(period.to, range.end);
    for (const record of input.records) {
      const overlapMs = earlier(record.end, to).epochMilliseconds - later(record.start, from).epochMilliseconds;
      if (overlapMs > 0) period.seconds += overlapMs / 1000;
    }
  }
  return periods.map(({ date: day, end, seconds }) => ({ date: day, end, seconds: Math.round(seconds) }));
}

const later = (a: Temporal.Instant, b: Temporal.Instant) => (Temporal.Instant.compare(a, b) >= 0 ? a : b);
const earlier = (a: Temporal.Instant, b: Temporal.Instant) => (Temporal.Instant.compare(a, b) <= 0 ? a : b);
