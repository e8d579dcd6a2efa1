import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKDAY } from '../../src/contract/account.ts';
import type { Impulse } from '../../src/contract/impulses.ts';
import {
  buildQueue,
  dayFingerprint,
  freeSpans,
  isDayClosed,
  type QueueInput,
  type QueueRecord,
  targetProgress,
  trackedSeconds,
  withSuggestions,
  workingWindow,
} from '../../web/src/close-day/close-day-queue.ts';
import { nudgeFor } from '../../web/src/close-day/nudge.ts';

const PRAGUE = 'Europe/Prague';
// Tuesday 17 March 2026: Prague is UTC+1, so 9:00 Prague is 08:00Z
const DAY = '2026-03-17';
const at = (hhmm: string) => new Date(`${DAY}T${hhmm}:00Z`);

function meeting(overrides: Partial<Impulse> = {}): Impulse {
  return {
    id: 'm1',
    kind: 'meeting',
    source: { connectionId: 'c1', name: 'Outlook' },
    start: `${DAY}T09:00:00Z`,
    end: `${DAY}T10:00:00Z`,
    allDay: false,
    summary: 'Stand-up',
    location: null,
    busyStatus: 'busy',
    cancelled: false,
    private: false,
    removed: false,
    state: 'open',
    timeRecordId: null,
    recurring: false,
    suggestedProjectId: null,
    suggestedTaskId: null,
    suggestedTagIds: [],
    suggestionSource: null,
    ruleId: null,
    projectId: null,
    taskId: null,
    description: null,
    changedSinceTracked: null,
    ...overrides,
  };
}

function record(id: string, start: string, end: string, overrides: Partial<QueueRecord> = {}): QueueRecord {
  return {
    id,
    start: `${DAY}T${start}:00Z`,
    end: `${DAY}T${end}:00Z`,
    version: 1,
    source: 'manual',
    projectId: 'p1',
    taskId: null,
    description: '',
    ...overrides,
  };
}

function input(overrides: Partial<QueueInput> = {}): QueueInput {
  return {
    day: DAY,
    zone: PRAGUE,
    workday: DEFAULT_WORKDAY,
    now: at('17:00'),
    records: [],
    impulses: [],
    timer: null,
    skipped: new Set(),
    ...overrides,
  };
}

const summary = (items: ReturnType<typeof buildQueue>) =>
  items.map((item) => `${item.kind} ${item.start.slice(11, 16)}${'end' in item ? `-${item.end.slice(11, 16)}` : ''}`);

describe('the close-the-day queue', () => {
  it('mixes meetings, gaps inside working hours, the running stopwatch, changed meetings and rule records in time order', () => {
    const changed = meeting({
      id: 'm3',
      state: 'tracked',
      timeRecordId: 'r2',
      start: `${DAY}T13:00:00Z`,
      end: `${DAY}T13:30:00Z`,
      changedSinceTracked: {
        before: { start: `${DAY}T12:00:00Z`, end: `${DAY}T12:30:00Z`, summary: 'Review' },
        after: { start: `${DAY}T13:00:00Z`, end: `${DAY}T13:30:00Z`, summary: 'Review' },
        cancelled: false,
        removed: false,
      },
    });
    const queue = buildQueue(
      input({
        // working hours 9–17 Prague = 08:00Z–16:00Z
        records: [record('r1', '08:00', '09:00'), record('r2', '12:00', '12:30'), record('r3', '10:30', '11:00', { source: 'rule' })],
        impulses: [meeting({ suggestedProjectId: 'p1' }), changed],
        timer: { startedAt: `${DAY}T14:05:00Z`, projectId: null, description: '' },
      }),
    );
    expect(summary(queue)).toEqual([
      'meeting 09:00-10:00',
      'gap 10:00-10:30',
      'rule 10:30-11:00',
      'gap 11:00-12:00',
      'changed 12:00-12:30',
      'gap 12:30-14:05',
      'timer 14:05',
    ]);
    expect(withSuggestions(queue).map((item) => item.impulse.id)).toEqual(['m1']);
  });

  it('asks only about gaps of 15 minutes or more, and none outside working hours or on a day off', () => {
    const records = [record('a', '08:00', '09:00'), record('b', '09:14', '10:00'), record('c', '10:15', '16:00')];
    expect(summary(buildQueue(input({ records })))).toEqual(['gap 10:00-10:15']);
    // Saturday 21 March is no working day
    expect(buildQueue(input({ day: '2026-03-21', records: [], now: new Date('2026-03-21T17:00:00Z') }))).toEqual([]);
    // early start: only what is before now counts
    expect(summary(buildQueue(input({ now: at('08:40') })))).toEqual(['gap 08:00-08:40']);
    expect(buildQueue(input({ now: at('08:10') }))).toEqual([]);
  });

  it("follows the profile's working hours in its zone, also across a DST change", () => {
    // Sunday 29 March 2026 Prague moves to UTC+2; Monday 30 March 9:00 is 07:00Z
    const window = workingWindow({
      day: '2026-03-30',
      zone: PRAGUE,
      workday: { ...DEFAULT_WORKDAY, start: '09:00', end: '12:00' },
      now: new Date('2026-03-31T00:00:00Z'),
    });
    expect(window && [new Date(window.start).toISOString(), new Date(window.end).toISOString()]).toEqual([
      '2026-03-30T07:00:00.000Z',
      '2026-03-30T10:00:00.000Z',
    ]);
    const sunday = workingWindow({
      day: '2026-03-29',
      zone: PRAGUE,
      workday: { ...DEFAULT_WORKDAY, days: [7] },
      now: new Date('2026-03-30T00:00:00Z'),
    });
    expect(sunday && new Date(sunday.start).toISOString()).toBe('2026-03-29T07:00:00.000Z');
  });

  it('leaves out meetings that need no record: cancelled, free, all-day, dismissed, tracked, removed, not yet begun', () => {
    const impulses = [
      meeting({ id: 'cancelled', cancelled: true }),
      meeting({ id: 'free', busyStatus: 'free' }),
      meeting({ id: 'allday', allDay: true, start: DAY, end: '2026-03-18' }),
      meeting({ id: 'dismissed', state: 'dismissed' }),
      meeting({ id: 'tracked', state: 'tracked', timeRecordId: 'x' }),
      meeting({ id: 'removed', removed: true }),
      meeting({ id: 'later', start: `${DAY}T18:00:00Z`, end: `${DAY}T19:00:00Z` }),
      meeting({ id: 'yesterday', start: '2026-03-16T09:00:00Z', end: '2026-03-16T10:00:00Z' }),
    ];
    const queue = buildQueue(input({ impulses, workday: { ...DEFAULT_WORKDAY, days: [6] } }));
    expect(queue).toEqual([]);
    // a dismissed meeting's time is a gap again
    expect(
      summary(
        buildQueue(
          input({ impulses: [meeting({ state: 'dismissed' })], records: [record('a', '08:00', '09:00'), record('b', '10:00', '16:00')] }),
        ),
      ),
    ).toEqual(['gap 09:00-10:00']);
  });

  it('keeps skipped items out while they stay the same, and asks again once they change', () => {
    const records = [record('a', '08:00', '09:00'), record('b', '10:00', '16:00'), record('c', '16:00', '16:30', { source: 'rule' })];
    const first = buildQueue(input({ records }));
    expect(summary(first)).toEqual(['gap 09:00-10:00', 'rule 16:00-16:30']);
    const skipped = new Set(first.map((item) => item.key));
    expect(buildQueue(input({ records, skipped }))).toEqual([]);
    // the gap shrinks (a record now ends 09:30) and the rule record is edited: both are new questions
    const changed = [
      record('a', '08:00', '09:30'),
      record('b', '10:00', '16:00'),
      record('c', '16:00', '16:45', { source: 'rule', version: 2 }),
    ];
    expect(summary(buildQueue(input({ records: changed, skipped })))).toEqual(['gap 09:30-10:00', 'rule 16:00-16:45']);
  });

  it('counts a stopwatch started the day before as still running, and none started after the day', () => {
    const overnight = { startedAt: '2026-03-16T15:00:00Z', projectId: 'p1', description: 'Deploy' };
    expect(summary(buildQueue(input({ timer: overnight })))).toEqual(['timer 15:00']);
    expect(
      buildQueue(input({ timer: { ...overnight, startedAt: '2026-03-18T08:00:00Z' }, workday: { ...DEFAULT_WORKDAY, days: [7] } })),
    ).toEqual([]);
  });
});

describe('free spans', () => {
  it('subtracts overlapping and nested busy spans', () => {
    const window = { start: 0, end: 3600_000 };
    const busy = [
      { start: 600_000, end: 1200_000 },
      { start: 900_000, end: 1000_000 },
      { start: 1100_000, end: 1500_000 },
      { start: 3000_000, end: 4000_000 },
    ];
    expect(freeSpans(window, busy)).toEqual([{ start: 1500_000, end: 3000_000 }]);
    expect(freeSpans(window, busy, 60)).toEqual([
      { start: 0, end: 600_000 },
      { start: 1500_000, end: 3000_000 },
    ]);
    expect(freeSpans(window, [])).toEqual([window]);
  });
});

describe('progress and the closed check', () => {
  it("counts the day's part of records and the running stopwatch against the target", () => {
    const records = [
      record('a', '08:00', '10:00'),
      { ...record('b', '08:00', '09:00'), start: '2026-03-16T22:00:00Z', end: '2026-03-17T00:00:00Z' },
    ];
    const timer = { startedAt: `${DAY}T15:00:00Z`, projectId: null, description: '' };
    // 2 h + the hour after midnight Prague (23:00Z–00:00Z) + the stopwatch's hour
    const seconds = trackedSeconds(DAY, PRAGUE, records, timer, at('16:00'));
    expect(seconds).toBe(4 * 3600);
    expect(targetProgress(seconds, 480, true)).toBe(0.5);
    expect(targetProgress(10 * 3600, 480, true)).toBe(1);
    expect(targetProgress(seconds, null, true)).toBeNull();
    expect(targetProgress(seconds, 480, false)).toBeNull();
  });

  it('shows the check while the day is as it was closed and nothing is queued', () => {
    const records = [record('a', '08:00', '16:00')];
    const print = dayFingerprint(DAY, PRAGUE, records, [meeting({ state: 'dismissed' })], null);
    expect(isDayClosed({ [DAY]: print }, DAY, print, 0)).toBe(true);
    expect(isDayClosed({ [DAY]: print }, DAY, print, 1)).toBe(false);
    expect(isDayClosed({}, DAY, print, 0)).toBe(false);
    const edited = dayFingerprint(DAY, PRAGUE, [{ ...records[0]!, version: 2 }], [meeting({ state: 'dismissed' })], null);
    const restored = dayFingerprint(DAY, PRAGUE, records, [meeting()], null);
    expect(new Set([print, edited, restored]).size).toBe(3);
    // other days' records do not touch it
    expect(
      dayFingerprint(
        DAY,
        PRAGUE,
        [...records, { ...record('z', '08:00', '09:00'), start: '2026-03-18T08:00:00Z', end: '2026-03-18T09:00:00Z' }],
        [meeting({ state: 'dismissed' })],
        null,
      ),
    ).toBe(print);
  });
});

describe('the end-of-day nudge', () => {
  const queue = buildQueue(
    input({
      impulses: [meeting(), meeting({ id: 'm2', start: `${DAY}T11:00:00Z`, end: `${DAY}T11:30:00Z` })],
      records: [record('a', '08:00', '16:00')],
    }),
  );
  const nudge = (now: Date, overrides: Partial<Parameters<typeof nudgeFor>[0]> = {}) =>
    nudgeFor({ now, zone: PRAGUE, workday: DEFAULT_WORKDAY, todayQueue: queue, dismissedOn: null, ...overrides });

  it("comes at the nudge time in the profile's zone on a working day when something is untracked", () => {
    // 17:00 Prague is 16:00Z
    expect(nudge(at('15:59'))).toBeNull();
    expect(nudge(at('16:00'))).toEqual({ day: DAY, meetings: 2, items: 2 });
    expect(nudge(at('22:59'))).toEqual({ day: DAY, meetings: 2, items: 2 });
    // 23:00Z is 0:00 of the 18th in Prague: a new day, whose nudge time has not come yet
    expect(nudge(at('23:00'))).toBeNull();
  });

  it('stays away when off, on a day off, once waved away today, with nothing to close, or before today is loaded', () => {
    expect(nudge(at('16:30'), { workday: { ...DEFAULT_WORKDAY, nudgeAt: null } })).toBeNull();
    expect(nudge(at('16:30'), { workday: { ...DEFAULT_WORKDAY, days: [1] } })).toBeNull();
    expect(nudge(at('16:30'), { dismissedOn: DAY })).toBeNull();
    expect(nudge(at('16:30'), { dismissedOn: '2026-03-16' })).not.toBeNull();
    expect(nudge(at('16:30'), { todayQueue: [] })).toBeNull();
    expect(nudge(at('16:30'), { todayQueue: null })).toBeNull();
    expect(nudge(at('07:14'), { workday: { ...DEFAULT_WORKDAY, nudgeAt: '08:15' } })).toBeNull();
    expect(nudge(at('07:15'), { workday: { ...DEFAULT_WORKDAY, nudgeAt: '08:15' } })).toEqual({ day: DAY, meetings: 2, items: 2 });
  });
});
