// What "Close the day" asks about (UX.md B9), in time order: untracked meetings, gaps of 15 minutes
// or more inside working hours, a stopwatch still running, meetings the feed changed after they were
// tracked, and records a rule made on its own. Pure: the day, the zone, the workday and the clock are
// arguments (tested in test/web/close-day-queue.test.ts).
import type { Workday } from '../../../src/contract/account.ts';
import type { Impulse } from '../../../src/contract/impulses.ts';
import { addDays, isoWeekday } from '../../../src/i18n/format.ts';
import { atTimeOfDay, secondsPerDay, startOfDay } from '../dashboard/grid-time.ts';

export const MIN_GAP_SECONDS = 15 * 60;

export type QueueRecord = {
  id: string;
  start: string;
  end: string;
  version: number;
  source: string;
  projectId: string;
  taskId: string | null;
  description: string;
};
export type QueueTimer = { startedAt: string; projectId: string | null; description: string };

export type QueueItem =
  | { kind: 'meeting'; key: string; start: string; end: string; impulse: Impulse; suggested: boolean }
  | { kind: 'gap'; key: string; start: string; end: string }
  | { kind: 'timer'; key: string; start: string; timer: QueueTimer }
  | { kind: 'changed'; key: string; start: string; end: string; impulse: Impulse; record: QueueRecord | null }
  | { kind: 'rule'; key: string; start: string; end: string; record: QueueRecord };

export type QueueInput = {
  day: string;
  zone: string;
  workday: Pick<Workday, 'start' | 'end' | 'days'>;
  now: Date;
  records: readonly QueueRecord[];
  impulses: readonly Impulse[];
  timer: QueueTimer | null;
  // keys the person skipped (a dismissed meeting leaves by its state; a gap, a kept rule record or an
  // unchanged record stay answered while their key stays the same)
  skipped: ReadonlySet<string>;
};

type Span = { start: number; end: number };

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

// The day's bounds in the zone, as instants in ms (a DST day has 23 or 25 hours)
export function dayBounds(day: string, zone: string): Span {
  return { start: Date.parse(startOfDay(day, zone)), end: Date.parse(startOfDay(addDays(day, 1), zone)) };
}

function overlapsDay(start: string, end: string, bounds: Span): boolean {
  return Date.parse(start) < bounds.end && Date.parse(end) > bounds.start;
}

// A meeting that needs a record: timed, busy (not free), neither cancelled nor removed, still open,
// and already begun (one later today is not untracked yet)
export function isOpenMeeting(impulse: Impulse, now: Date): boolean {
  return (
    impulse.kind === 'meeting' &&
    impulse.state === 'open' &&
    !impulse.cancelled &&
    !impulse.removed &&
    !impulse.allDay &&
    impulse.busyStatus !== 'free' &&
    impulse.start !== null &&
    impulse.end !== null &&
    Date.parse(impulse.start) < now.getTime()
  );
}

// The working window of the day (its working hours on a working day, up to now), or null
export function workingWindow(input: Pick<QueueInput, 'day' | 'zone' | 'workday' | 'now'>): Span | null {
  if (!input.workday.days.includes(isoWeekday(input.day))) return null;
  const start = Date.parse(atTimeOfDay(input.day, minutesOf(input.workday.start), input.zone));
  const end = Math.min(Date.parse(atTimeOfDay(input.day, minutesOf(input.workday.end), input.zone)), input.now.getTime());
  return end > start ? { start, end } : null;
}

// What is left of `window` after the busy spans, as spans of at least `min` seconds
export function freeSpans(window: Span, busy: readonly Span[], minSeconds = MIN_GAP_SECONDS): Span[] {
  const sorted = busy.filter((span) => span.end > window.start && span.start < window.end).sort((a, b) => a.start - b.start);
  const free: Span[] = [];
  let cursor = window.start;
  for (const span of sorted) {
    if (span.start > cursor) free.push({ start: cursor, end: Math.min(span.start, window.end) });
    cursor = Math.max(cursor, span.end);
    if (cursor >= window.end) break;
  }
  if (cursor < window.end) free.push({ start: cursor, end: window.end });
  return free.filter((span) => (span.end - span.start) / 1000 >= minSeconds);
}

const iso = (ms: number) => new Date(ms).toISOString();

export function buildQueue(input: QueueInput): QueueItem[] {
  const bounds = dayBounds(input.day, input.zone);
  const items: QueueItem[] = [];
  const busy: Span[] = [];
  const nowMs = input.now.getTime();

  for (const record of input.records) {
    if (!overlapsDay(record.start, record.end, bounds)) continue;
    busy.push({ start: Date.parse(record.start), end: Date.parse(record.end) });
    const key = `rule:${record.id}:${record.version}`;
    if (record.source === 'rule' && Date.parse(record.start) >= bounds.start && !input.skipped.has(key)) {
      items.push({ kind: 'rule', key, start: record.start, end: record.end, record });
    }
  }

  if (input.timer && Date.parse(input.timer.startedAt) < bounds.end) {
    busy.push({ start: Date.parse(input.timer.startedAt), end: Math.max(nowMs, Date.parse(input.timer.startedAt)) });
    items.push({ kind: 'timer', key: `timer:${input.timer.startedAt}`, start: input.timer.startedAt, timer: input.timer });
  }

  for (const impulse of input.impulses) {
    if (impulse.kind !== 'meeting' || !impulse.start || !impulse.end || impulse.allDay) continue;
    if (impulse.state === 'tracked' && impulse.changedSinceTracked) {
      const before = impulse.changedSinceTracked.before;
      const record = input.records.find((item) => item.id === impulse.timeRecordId) ?? null;
      const start = record?.start ?? before.start;
      const end = record?.end ?? before.end;
      if (!overlapsDay(start, end, bounds)) continue;
      const key = `changed:${impulse.id}:${JSON.stringify(impulse.changedSinceTracked)}`;
      if (!input.skipped.has(key)) items.push({ kind: 'changed', key, start, end, impulse, record });
      continue;
    }
    if (!isOpenMeeting(impulse, input.now) || !overlapsDay(impulse.start, impulse.end, bounds)) continue;
    // an open meeting is asked about on its own: its time is no gap
    busy.push({ start: Date.parse(impulse.start), end: Date.parse(impulse.end) });
    items.push({
      kind: 'meeting',
      key: `meeting:${impulse.id}`,
      start: impulse.start,
      end: impulse.end,
      impulse,
      suggested: impulse.suggestedProjectId !== null,
    });
  }

  const window = workingWindow(input);
  if (window) {
    for (const span of freeSpans(window, busy)) {
      const key = `gap:${iso(span.start)}/${iso(span.end)}`;
      if (!input.skipped.has(key)) items.push({ kind: 'gap', key, start: iso(span.start), end: iso(span.end) });
    }
  }

  const order: Record<QueueItem['kind'], number> = { timer: 0, changed: 1, rule: 2, meeting: 3, gap: 4 };
  return items.sort((a, b) => a.start.localeCompare(b.start) || order[a.kind] - order[b.kind]);
}

// The meetings "Track all with suggestions" takes in one step
export function withSuggestions(queue: readonly QueueItem[]): Array<Extract<QueueItem, { kind: 'meeting' }>> {
  return queue.filter((item): item is Extract<QueueItem, { kind: 'meeting' }> => item.kind === 'meeting' && item.suggested);
}

// Seconds tracked on the day (a record past midnight counts its part; the running stopwatch up to now)
export function trackedSeconds(day: string, zone: string, records: readonly QueueRecord[], timer: QueueTimer | null, now: Date): number {
  const spans: Array<{ start: string; end: string }> = records.map((record) => ({ start: record.start, end: record.end }));
  if (timer && Date.parse(timer.startedAt) < now.getTime()) spans.push({ start: timer.startedAt, end: now.toISOString() });
  return secondsPerDay(spans, zone).get(day) ?? 0;
}

// The progress bar's share of the target (0..1), or null without a target or on a day off
export function targetProgress(seconds: number, targetMinutes: number | null, workingDay: boolean): number | null {
  if (targetMinutes === null || !workingDay) return null;
  return Math.min(1, seconds / (targetMinutes * 60));
}

// What the day looked like when it was closed: its records (and their versions), the stopwatch and
// the meetings' states. The header's check stays while this is unchanged and nothing is queued.
export function dayFingerprint(
  day: string,
  zone: string,
  records: readonly QueueRecord[],
  impulses: readonly Impulse[],
  timer: QueueTimer | null,
): string {
  const bounds = dayBounds(day, zone);
  const parts = records
    .filter((record) => overlapsDay(record.start, record.end, bounds))
    .map((record) => `r${record.id}.${record.version}`)
    .sort();
  for (const impulse of impulses) {
    if (impulse.kind !== 'meeting' || !impulse.start || !impulse.end || impulse.allDay) continue;
    if (!overlapsDay(impulse.start, impulse.end, bounds)) continue;
    parts.push(`m${impulse.id}.${impulse.state}.${impulse.changedSinceTracked ? 'c' : ''}`);
  }
  if (timer && Date.parse(timer.startedAt) < bounds.end) parts.push(`t${timer.startedAt}`);
  return parts.sort().join('|');
}

export type ClosedDays = Record<string, string>;

// The check on a day header: closed with this very fingerprint, and nothing queued since
export function isDayClosed(closed: ClosedDays, day: string, fingerprint: string, queueLength: number): boolean {
  return closed[day] === fingerprint && queueLength === 0;
}
