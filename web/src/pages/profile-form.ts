import type { Preferences, Profile } from '../../../src/contract/account.ts';
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
};

export type ProfileChanges = {
  name?: string;
  timeZone?: string;
  weekStart?: number;
  impulseWindow?: { pastDays: number; futureDays: number };
  preferences?: Partial<Preferences>;
};

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
  if (pastDays !== profile.impulseWindow.pastDays || futureDays !== profile.impulseWindow.futureDays) changes.impulseWindow = { pastDays, futureDays };
  const dayStartTime = dayStartValue(draft.dayStart);
  if (dayStartTime === null) return 'invalid';
  const preferences: Partial<Preferences> = {};
  const next = { ...draft.preferences, dayStartTime } as Preferences;
  for (const key of Object.keys(next) as Array<keyof Preferences>) {
    if (next[key] !== profile.preferences[key]) (preferences as Record<string, unknown>)[key] = next[key];
  }
  if (Object.keys(preferences).length > 0) changes.preferences = preferences;
  return changes;
}

export function hasChanges(changes: ProfileChanges | 'invalid'): boolean {
  return changes === 'invalid' || Object.keys(changes).length > 0;
}
