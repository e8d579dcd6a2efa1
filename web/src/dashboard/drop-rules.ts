import { parseTimeOfDay, wallTime } from '../../../src/i18n/format.ts';
import { atTimeOfDay, fromGrid, gridDate } from './grid-time.ts';

// Where a dropped impulse lands (UX.md B5), as pure rules: the calendar and the tests share them.
export type DropSubject =
  | { kind: 'meeting'; start: string | null; end: string | null; allDay: boolean }
  | { kind: 'recent' }
  | { kind: 'project'; projectId: string }
  | { kind: 'task'; taskId: string };

// A point on the grid (grid time, see grid-time.ts): a slot of the time grid, or a whole day (all-day row, Month cell).
export type DropPoint = { grid: Date; allDay: boolean };

export type DropSettings = { zone: string; defaultRecordMinutes: number; dayStartTime: string };

const MINUTE_MS = 60_000;

function meetingLengthMs(subject: Extract<DropSubject, { kind: 'meeting' }>): number | null {
  if (subject.allDay || !subject.start || !subject.end) return null;
  const length = Date.parse(subject.end) - Date.parse(subject.start);
  return length > 0 ? length : null;
}

export function dropTimes(subject: DropSubject, point: DropPoint, settings: DropSettings): { start: string; end: string } {
  const defaultMs = settings.defaultRecordMinutes * MINUTE_MS;
  const meetingMs = subject.kind === 'meeting' ? meetingLengthMs(subject) : null;
  const lengthMs = meetingMs ?? defaultMs;
  let start: string;
  if (!point.allDay) {
    // a time-grid slot: the record starts at the slot (snapped by the calendar)
    start = fromGrid(point.grid, settings.zone);
  } else if (subject.kind === 'meeting' && meetingMs !== null && subject.start) {
    // the all-day row or a Month cell: the meeting's own time of day on that date
    const own = wallTime(subject.start, settings.zone);
    start = atTimeOfDay(gridDate(point.grid), own.hour * 60 + own.minute, settings.zone);
  } else {
    start = atTimeOfDay(gridDate(point.grid), parseTimeOfDay(settings.dayStartTime) ?? 9 * 60, settings.zone);
  }
  return { start, end: new Date(Date.parse(start) + lengthMs).toISOString() };
}

// A meeting may start the stopwatch from up to an hour before it begins (Toggl looks ahead about an hour).
export const STOPWATCH_LOOKAHEAD_MS = 60 * MINUTE_MS;

export function meetingTooFarAhead(meetingStart: string | null, now: Date): boolean {
  if (!meetingStart) return false;
  return Date.parse(meetingStart) - now.getTime() > STOPWATCH_LOOKAHEAD_MS;
}

// What `data-impulse-drag` names: an impulse id, or "project:<id>" / "task:<id>" from the Projects & tasks tab.
export function parseDragValue(
  value: string,
): { kind: 'impulse'; id: string } | { kind: 'project'; id: string } | { kind: 'task'; id: string } {
  if (value.startsWith('project:')) return { kind: 'project', id: value.slice('project:'.length) };
  if (value.startsWith('task:')) return { kind: 'task', id: value.slice('task:'.length) };
  return { kind: 'impulse', id: value };
}
