// The rules of reports (issue 10): rounding, money and the cutting of records into periods.
// The SQL of the summary report applies exactly these rules; tests compare the two.

export const ROUNDING_MINUTES = [0, 1, 5, 6, 10, 15, 30] as const;
export type RoundingMinutes = (typeof ROUNDING_MINUTES)[number];

// 'record': each time record's duration is rounded up before anything is summed (and its amount is
// computed from the rounded duration); 'total': durations are summed exactly and each row of the
// report (its finest grouping) is rounded up, the totals above being sums of those rows.
export type Rounding = { minutes: RoundingMinutes; scope: 'record' | 'total' };

// Rounds seconds up to the next multiple of the increment (none: unchanged).
export function roundUp(seconds: number, minutes: RoundingMinutes): number {
  if (minutes === 0) return seconds;
  const step = minutes * 60;
  return Math.ceil(seconds / step) * step;
}

// The billable amount of a duration at an hourly rate, in minor units (cents, haléře), rounded half
// away from zero to a whole minor unit: every amount is whole before it is summed.
export function amountMinor(seconds: number, rateMinorPerHour: number | null): number {
  if (rateMinorPerHour === null || rateMinorPerHour <= 0 || seconds <= 0) return 0;
  return Math.round((seconds * rateMinorPerHour) / 3600);
}

// The rate of a record: the member's rate on the project, else the project's, else the organisation's.
export function effectiveRate(memberRate: number | null, projectRate: number | null, organizationRate: number | null): number | null {
  return memberRate ?? projectRate ?? organizationRate;
}

// One record, as the report counts it: clipped to the report's range, then rounded by the rule.
export type CountedRecord = { seconds: number; roundedSeconds: number; billableSeconds: number; amount: number };

export function countRecord(clippedSeconds: number, billable: boolean, rate: number | null, rounding: Rounding): CountedRecord {
  const roundedSeconds = rounding.scope === 'record' ? roundUp(clippedSeconds, rounding.minutes) : clippedSeconds;
  return {
    seconds: clippedSeconds,
    roundedSeconds,
    billableSeconds: billable ? roundedSeconds : 0,
    amount: billable ? amountMinor(roundedSeconds, rate) : 0,
  };
}

// A record split over local days: the rounding's extra seconds go to the record's last day, and its
// amount is split by cumulative share, so the pieces add up exactly to the record (to the second
// and to the minor unit) and day totals add up to week and month totals.
export function splitAcrossDays(pieceSeconds: number[], counted: CountedRecord): Array<{ seconds: number; amount: number }> {
  const extra = counted.roundedSeconds - counted.seconds;
  const seconds = pieceSeconds.map((value, index) => (index === pieceSeconds.length - 1 ? value + extra : value));
  const total = seconds.reduce((sum, value) => sum + value, 0);
  let before = 0;
  return seconds.map((value) => {
    const from = total === 0 ? 0 : Math.floor((counted.amount * before) / total);
    before += value;
    const to = total === 0 ? 0 : Math.floor((counted.amount * before) / total);
    return { seconds: value, amount: to - from };
  });
}

// A row of a 'total'-scope report: its exact seconds rounded up, its amount scaled by the same factor
// (rates of the row's records weighted by their seconds) and rounded once.
export function roundRow(
  row: { seconds: number; billableSeconds: number; exactAmount: number },
  rounding: Rounding,
): { seconds: number; billableSeconds: number; amount: number } {
  if (rounding.scope !== 'total' || rounding.minutes === 0) {
    return { seconds: row.seconds, billableSeconds: row.billableSeconds, amount: Math.round(row.exactAmount) };
  }
  const billableSeconds = roundUp(row.billableSeconds, rounding.minutes);
  const factor = row.billableSeconds === 0 ? 0 : billableSeconds / row.billableSeconds;
  return { seconds: roundUp(row.seconds, rounding.minutes), billableSeconds, amount: Math.round(row.exactAmount * factor) };
}

export type Period = 'day' | 'week' | 'month';

// The first day of the period a local date falls in (weeks by the viewer's ISO week start).
export function periodOf(date: string, period: Period, weekStart: number): string {
  if (period === 'day') return date;
  if (period === 'month') return `${date.slice(0, 7)}-01`;
  const day = new Date(`${date}T00:00:00Z`);
  const isoWeekday = day.getUTCDay() === 0 ? 7 : day.getUTCDay();
  day.setUTCDate(day.getUTCDate() - ((isoWeekday - weekStart + 7) % 7));
  return day.toISOString().slice(0, 10);
}

// "Calendar vs tracked": a meeting is tracked when a record is linked to it at its time, or the
// person's records cover at least 80 % of it; tracked differently when linked at another time or
// covered in part; untracked when nothing covers it.
export const COVERED_SHARE = 0.8;

export type MeetingClass = 'tracked' | 'trackedDifferently' | 'untracked';

export function classifyMeeting(meeting: {
  start: number;
  end: number;
  linked: { start: number; end: number } | null;
  coveredSeconds: number;
}): MeetingClass {
  const length = (meeting.end - meeting.start) / 1000;
  if (meeting.linked) {
    return meeting.linked.start === meeting.start && meeting.linked.end === meeting.end ? 'tracked' : 'trackedDifferently';
  }
  if (length > 0 && meeting.coveredSeconds >= COVERED_SHARE * length) return 'tracked';
  return meeting.coveredSeconds > 0 ? 'trackedDifferently' : 'untracked';
}
