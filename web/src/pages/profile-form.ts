import type { Preferences, Profile, Workday } from '../../../src/contract/account.ts';
import { parseTimeOfDay } from '../../../src/i18n/format.ts';

// The profile form's values (B13) and what a save sends: only what changed, so a save never
// overwrites a setting changed elsewhere that this form did not touch.
export type ProfileDraft = {
  name: string;
  timeZone: string;
  weekStart: number;
  pastDays: number;
  futureDays: number;
  // as typed: "9:00", "8.30", "830"
  dayStart: string;
  preferences: Omit<Preferences, 'dayStartTime'>;
  workday: WorkdayDraft;
};

// The workday as the form holds it: times as typed, the nudge as a switch and its time
export type WorkdayDraft = { start: string; end: string; days: number[]; targetMinutes: number | null; nudgeOn: boolean; nudgeAt: string };

export type ProfileChanges = {
  name?: string;
  timeZone?: string;
  weekStart?: number;
  impulseWindow?: { pastDays: number; futureDays: number };
  preferences?: Partial<Preferences>;
  workday?: Partial<Workday>;
};

export const DAILY_TARGETS_MIN = [240, 300, 360, 420, 450, 480, 540, 600];

export const RECORD_LENGTHS_MIN = [15, 30, 45, 60, 90, 120, 180, 240, 300, 360, 420, 480];
export const SNAP_MIN = [5, 10, 15, 30] as const;
export const HORIZON_MAX_DAYS = 90;

export function draftOf(profile: Profile): ProfileDraft {
  const { dayStartTime, ...preferences } = profile.preferences;
  return {
    name: profile.name,
    timeZone: profile.timeZone,
    weekStart: profile.weekStart,
    pastDays: profile.impulseWindow.pastDays,
    futureDays: profile.impulseWindow.futureDays,
    dayStart: showTime(dayStartTime),
    preferences,
    workday: {
      start: showTime(profile.workday.start),
      end: showTime(profile.workday.end),
      days: [...profile.workday.days],
      targetMinutes: profile.workday.targetMinutes,
      nudgeOn: profile.workday.nudgeAt !== null,
      nudgeAt: showTime(profile.workday.nudgeAt ?? '17:00'),
    },
  };
}

// "09:00" → "9:00" (Czech and English both write the hour without a leading zero)
export function showTime(hhmm: string): string {
  return hhmm.replace(/^0(\d)/, '$1');
}

// "9", "9:05", "905", "9.05" → "09:05"; null when it is no time of day (24:00 included: a day
// view cannot start at the end of the day)
export function dayStartValue(text: string): string | null {
  const minutes = parseTimeOfDay(text);
  if (minutes === null || minutes >= 24 * 60) return null;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export type WorkdayProblem = 'start' | 'end' | 'endBeforeStart' | 'days' | 'nudgeAt';

// The workday the draft stands for, or what is wrong with it (shown at the field)
export function workdayValue(draft: WorkdayDraft): Workday | { problem: WorkdayProblem } {
  const start = dayStartValue(draft.start);
  if (start === null) return { problem: 'start' };
  const end = dayStartValue(draft.end);
  if (end === null) return { problem: 'end' };
  if (end <= start) return { problem: 'endBeforeStart' };
  if (draft.days.length === 0) return { problem: 'days' };
  const nudgeAt = draft.nudgeOn ? dayStartValue(draft.nudgeAt) : null;
  if (draft.nudgeOn && nudgeAt === null) return { problem: 'nudgeAt' };
  return { start, end, days: [...new Set(draft.days)].sort((a, b) => a - b), targetMinutes: draft.targetMinutes, nudgeAt };
}

export function clampDays(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(HORIZON_MAX_DAYS, Math.max(0, Math.round(value)));
}

export function profileChanges(profile: Profile, draft: ProfileDraft): ProfileChanges | 'invalid' {
  const changes: ProfileChanges = {};
  const name = draft.name.trim();
  if (name === '') return 'invalid';
  if (name !== profile.name) changes.name = name;
  if (draft.timeZone !== profile.timeZone) changes.timeZone = draft.timeZone;
  if (draft.weekStart !== profile.weekStart) changes.weekStart = draft.weekStart;
  const pastDays = clampDays(draft.pastDays);
  const futureDays = clampDays(draft.futureDays);
  if (pastDays !== profile.impulseWindow.pastDays || futureDays !== profile.impulseWindow.futureDays)
    changes.impulseWindow = { pastDays, futureDays };
  const dayStartTime = dayStartValue(draft.dayStart);
  if (dayStartTime === null) return 'invalid';
  const preferences: Partial<Preferences> = {};
  const next = { ...draft.preferences, dayStartTime } as Preferences;
  for (const key of Object.keys(next) as Array<keyof Preferences>) {
    if (next[key] !== profile.preferences[key]) (preferences as Record<string, unknown>)[key] = next[key];
  }
  if (Object.keys(preferences).length > 0) changes.preferences = preferences;
  const workday = workdayValue(draft.workday);
  if ('problem' in workday) return 'invalid';
  const workdayChanges: Partial<Workday> = {};
  if (workday.start !== profile.workday.start) workdayChanges.start = workday.start;
  if (workday.end !== profile.workday.end) workdayChanges.end = workday.end;
  if (workday.days.join() !== profile.workday.days.join()) workdayChanges.days = workday.days;
  if (workday.targetMinutes !== profile.workday.targetMinutes) workdayChanges.targetMinutes = workday.targetMinutes;
  if (workday.nudgeAt !== profile.workday.nudgeAt) workdayChanges.nudgeAt = workday.nudgeAt;
  if (Object.keys(workdayChanges).length > 0) changes.workday = workdayChanges;
  return changes;
}

export function hasChanges(changes: ProfileChanges | 'invalid'): boolean {
  return changes === 'invalid' || Object.keys(changes).length > 0;
}
