import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, DEFAULT_WORKDAY, type Profile } from '../../src/contract/account.ts';
import { fieldErrors, inviteTokenFromHash, safeNext } from '../../web/src/auth/auth-logic.ts';
import { dayStartValue, draftOf, profileChanges, workdayValue } from '../../web/src/pages/profile-form.ts';
import { allTimeZones, matchZones } from '../../web/src/pages/time-zones.ts';

const profile: Profile = {
  id: 'u1',
  email: 'ada@example.com',
  name: 'Ada',
  role: 'owner',
  organizationId: 'o1',
  timeZone: 'Europe/Prague',
  language: 'cs',
  weekStart: 1,
  impulseWindow: { pastDays: 14, futureDays: 7 },
  preferences: DEFAULT_PREFERENCES,
  workday: DEFAULT_WORKDAY,
  version: 4,
};

describe('what a profile save sends', () => {
  it('sends nothing when nothing changed', () => {
    expect(profileChanges(profile, draftOf(profile))).toEqual({});
  });

  it('sends only the changed fields and preferences', () => {
    const draft = draftOf(profile);
    draft.name = ' Ada Lovelace ';
    draft.futureDays = 10;
    draft.dayStart = '8.30';
    draft.preferences = { ...draft.preferences, snapMinutes: 5, hideAllDay: false };
    expect(profileChanges(profile, draft)).toEqual({
      name: 'Ada Lovelace',
      impulseWindow: { pastDays: 14, futureDays: 10 },
      preferences: { snapMinutes: 5, hideAllDay: false, dayStartTime: '08:30' },
    });
  });

  it('keeps the horizon within 0 to 90 days', () => {
    const draft = { ...draftOf(profile), pastDays: 400, futureDays: -3 };
    expect(profileChanges(profile, draft)).toEqual({ impulseWindow: { pastDays: 90, futureDays: 0 } });
  });

  it('refuses an empty name or a day start that is no time', () => {
    expect(profileChanges(profile, { ...draftOf(profile), name: '  ' })).toBe('invalid');
    expect(profileChanges(profile, { ...draftOf(profile), dayStart: '25:00' })).toBe('invalid');
  });

  it('sends only the changed parts of the workday, the days in weekday order', () => {
    const draft = draftOf(profile);
    expect(draft.workday).toEqual({
      start: '9:00',
      end: '17:00',
      days: [1, 2, 3, 4, 5],
      targetMinutes: 480,
      nudgeOn: true,
      nudgeAt: '17:00',
    });
    draft.workday = { ...draft.workday, start: '8.30', days: [5, 4, 3, 2, 1, 6], nudgeOn: false, nudgeAt: 'garbage' };
    expect(profileChanges(profile, draft)).toEqual({ workday: { start: '08:30', days: [1, 2, 3, 4, 5, 6], nudgeAt: null } });
    draft.workday = { ...draftOf(profile).workday, targetMinutes: null, nudgeAt: '1630' };
    expect(profileChanges(profile, draft)).toEqual({ workday: { targetMinutes: null, nudgeAt: '16:30' } });
  });

  it('names what is wrong with a workday and sends nothing then', () => {
    const base = draftOf(profile).workday;
    expect(workdayValue({ ...base, start: '9:70' })).toEqual({ problem: 'start' });
    expect(workdayValue({ ...base, end: '' })).toEqual({ problem: 'end' });
    expect(workdayValue({ ...base, start: '17', end: '9' })).toEqual({ problem: 'endBeforeStart' });
    expect(workdayValue({ ...base, start: '9', end: '9:00' })).toEqual({ problem: 'endBeforeStart' });
    expect(workdayValue({ ...base, days: [] })).toEqual({ problem: 'days' });
    expect(workdayValue({ ...base, nudgeAt: 'x' })).toEqual({ problem: 'nudgeAt' });
    expect(profileChanges(profile, { ...draftOf(profile), workday: { ...base, days: [] } })).toBe('invalid');
  });

  it('reads a typed day start like the rest of Kairos', () => {
    expect(dayStartValue('9')).toBe('09:00');
    expect(dayStartValue('905')).toBe('09:05');
    expect(dayStartValue('24:00')).toBeNull();
    expect(draftOf(profile).dayStart).toBe('9:00');
  });
});

describe('time zone search', () => {
  it('finds zones by words in any order, ignoring _ and /', () => {
    const zones = allTimeZones('Europe/Prague');
    expect(matchZones(zones, 'new york')).toContain('America/New_York');
    expect(matchZones(zones, 'prague europe')).toEqual(['Europe/Prague']);
    expect(zones).toContain('UTC');
  });
});

describe('sign-in helpers', () => {
  it('returns only to paths of this site', () => {
    expect(safeNext('/connected-services?x=1')).toBe('/connected-services?x=1');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext('/login?next=/')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });

  it('reads the invite token after # as the server writes it, or as token=', () => {
    expect(inviteTokenFromHash('#-VPNX_YSS-juid')).toBe('-VPNX_YSS-juid');
    expect(inviteTokenFromHash('#token=abc')).toBe('abc');
    expect(inviteTokenFromHash('')).toBe('');
  });

  it('maps validation details to fields by name and by whole path', () => {
    const error = {
      status: 400,
      code: 'validation_failed',
      message: 'Some fields are not valid.',
      details: [
        { path: 'body.password.next', message: 'must be at least 10 characters' },
        { path: 'body.email', message: 'is not an e-mail' },
      ],
    };
    expect(fieldErrors(error)).toEqual({
      'password.next': 'must be at least 10 characters',
      password: 'must be at least 10 characters',
      email: 'is not an e-mail',
    });
    expect(fieldErrors({ status: 409, code: 'version_conflict', message: 'x' })).toEqual({});
  });
});
