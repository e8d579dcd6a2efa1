// Where a record made from an impulse starts and ends before the person changes anything (UX.md B5/B6).
// Pure: the clock and the zone are arguments (tested in test/web/record-times.test.ts).
import { instantFromWall, parseTimeOfDay, wallTime } from '../../../src/i18n/format.ts';

type ImpulseLike = { kind: 'meeting' | 'recent'; start: string | null; end: string | null; allDay: boolean };
type Wanted = { start?: string; end?: string; date?: string };
type Lengths = { defaultRecordMinutes: number; snapMinutes: number; dayStartTime: string };

export function atDayMinutes(date: string, minutes: number, zone: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return instantFromWall({ year, month, day, hour: Math.floor(minutes / 60), minute: minutes % 60 }, zone).toISOString();
}

export function impulseSpan(
  impulse: ImpulseLike,
  wanted: Wanted,
  preferences: Lengths,
  zone: string,
  nowMs: number,
): { start: string; end: string } {
  const defaultMs = preferences.defaultRecordMinutes * 60_000;
  const timed = impulse.kind === 'meeting' && !impulse.allDay && impulse.start && impulse.end;
  const lengthMs = timed ? new Date(impulse.end!).getTime() - new Date(impulse.start!).getTime() : defaultMs;
  if (wanted.start) return { start: wanted.start, end: wanted.end ?? new Date(new Date(wanted.start).getTime() + lengthMs).toISOString() };
  const dayStart = parseTimeOfDay(preferences.dayStartTime) ?? 9 * 60;
  if (timed) {
    if (!wanted.date) return { start: impulse.start!, end: impulse.end! };
    // onto another day (an all-day row or a month cell): the meeting's own time of day there
    const w = wallTime(impulse.start!, zone);
    const start = atDayMinutes(wanted.date, w.hour * 60 + w.minute, zone);
    return { start, end: new Date(new Date(start).getTime() + lengthMs).toISOString() };
  }
  const date = wanted.date ?? (impulse.kind === 'meeting' && impulse.start ? impulse.start.slice(0, 10) : null);
  if (date) {
    const start = atDayMinutes(date, dayStart, zone);
    return { start, end: new Date(new Date(start).getTime() + defaultMs).toISOString() };
  }
  // recent work without a place: the default length ending now, on the snap grid
  const snapMs = preferences.snapMinutes * 60_000;
  const end = Math.floor(nowMs / snapMs) * snapMs;
  return { start: new Date(end - defaultMs).toISOString(), end: new Date(end).toISOString() };
}
