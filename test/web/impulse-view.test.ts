import { describe, expect, it } from 'vitest';
import type { Impulse } from '../../src/contract/impulses.ts';
import {
  accessibleName,
  ALL_SHOWN,
  applyFilters,
  changeText,
  defaultFilters,
  groupByDay,
  itemState,
  rangeHasToday,
  stopwatchAvailability,
  untrackedCount,
} from '../../web/src/impulses/impulse-view.ts';

const PRAGUE = 'Europe/Prague';

function meeting(overrides: Partial<Impulse> = {}): Impulse {
  return {
    id: 'm_1',
    kind: 'meeting',
    source: { connectionId: 'c1', name: 'Outlook' },
    start: '2026-03-16T08:00:00Z',
    end: '2026-03-16T09:00:00Z',
    allDay: false,
    summary: 'Team meeting',
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

const recent = meeting({
  id: 'r_1',
  kind: 'recent',
  source: null,
  start: null,
  end: null,
  summary: 'Fixes',
  description: 'Fixes',
  projectId: 'p1',
});
const defaults = defaultFilters({ hideCancelled: true, hideAllDay: true, hideFree: true });

describe('impulse filters', () => {
  const all = [
    meeting({ id: 'a' }),
    meeting({ id: 'cancelled', cancelled: true }),
    meeting({ id: 'allday', allDay: true, start: '2026-03-16', end: '2026-03-17' }),
    meeting({ id: 'free', busyStatus: 'free' }),
    meeting({ id: 'tracked', state: 'tracked', timeRecordId: 't1' }),
    meeting({ id: 'dismissed', state: 'dismissed' }),
    recent,
  ];

  it('hides noise by default and counts what it hides', () => {
    const { shown, hidden } = applyFilters(all, defaults);
    expect(shown.map((impulse) => impulse.id)).toEqual(['a', 'tracked', 'r_1']);
    expect(hidden).toBe(4);
    expect(shown.length + hidden).toBe(all.length);
  });

  it('shows everything with "Show all", and hides tracked ones unless the feed changed them', () => {
    expect(applyFilters(all, ALL_SHOWN).hidden).toBe(0);
    const changed = meeting({
      id: 'changed',
      state: 'tracked',
      changedSinceTracked: { before: { start: 'a', end: 'b', summary: 'x' }, after: null, cancelled: false, removed: true },
    });
    const { shown } = applyFilters([...all, changed], { ...defaults, showTracked: false });
    expect(shown.map((impulse) => impulse.id)).toEqual(['a', 'r_1', 'changed']);
  });

  it('turns meetings or recent work off with their chips', () => {
    expect(applyFilters(all, { ...defaults, meetings: false }).shown.map((impulse) => impulse.id)).toEqual(['r_1']);
    expect(applyFilters(all, { ...defaults, recent: false }).shown.map((impulse) => impulse.id)).toEqual(['a', 'tracked']);
  });

  it('counts untracked meetings without all-day, free, cancelled or recent ones', () => {
    expect(untrackedCount(all)).toBe(1);
  });
});

describe('day groups', () => {
  it('puts today first, then earlier days newest first, then days ahead, recent work last', () => {
    const items = [
      meeting({ id: 'mon', start: '2026-03-16T08:00:00Z', end: '2026-03-16T09:00:00Z' }),
      meeting({ id: 'wed-late', start: '2026-03-18T15:00:00Z', end: '2026-03-18T16:00:00Z' }),
      meeting({ id: 'wed-early', start: '2026-03-18T07:00:00Z', end: '2026-03-18T08:00:00Z' }),
      meeting({ id: 'wed-allday', allDay: true, start: '2026-03-18', end: '2026-03-19' }),
      meeting({ id: 'tue', start: '2026-03-17T08:00:00Z', end: '2026-03-17T09:00:00Z' }),
      meeting({ id: 'fri', start: '2026-03-20T08:00:00Z', end: '2026-03-20T09:00:00Z' }),
      recent,
    ];
    const groups = groupByDay(items, PRAGUE, '2026-03-18');
    expect(groups.map((group) => [group.key, group.items.map((impulse) => impulse.id)])).toEqual([
      ['2026-03-18', ['wed-allday', 'wed-early', 'wed-late']],
      ['2026-03-17', ['tue']],
      ['2026-03-16', ['mon']],
      ['2026-03-20', ['fri']],
      ['recent', ['r_1']],
    ]);
  });

  it('groups by the profile zone: 23:30 UTC on Sunday is Monday in Prague', () => {
    const late = meeting({ start: '2026-03-15T23:30:00Z', end: '2026-03-16T00:30:00Z' });
    expect(groupByDay([late], PRAGUE, '2026-03-16')[0]!.date).toBe('2026-03-16');
    expect(groupByDay([late], 'UTC', '2026-03-16')[0]!.date).toBe('2026-03-15');
  });
});

describe('accessible names', () => {
  it('starts with the subject and reads date, times, duration, source, state and suggestion (UX.md B4)', () => {
    expect(accessibleName('en', meeting(), PRAGUE, 'ACME Web')).toBe(
      'Team meeting, Monday 16 March, 9:00 to 10:00, 1 hour, Outlook, untracked, suggested project ACME Web',
    );
    expect(accessibleName('cs', meeting({ summary: 'Týmová porada' }), PRAGUE, 'ACME Web')).toBe(
      'Týmová porada, pondělí 16. března, 9:00 až 10:00, 1 hodina, Outlook, nezapsáno, návrh: projekt ACME Web',
    );
  });

  it('never says the subject of a private meeting', () => {
    const name = accessibleName('cs', meeting({ private: true, summary: 'Lékař' }), PRAGUE, null);
    expect(name.startsWith('Soukromá schůzka, ')).toBe(true);
    expect(name).not.toContain('Lékař');
  });

  it('says what changed since tracking', () => {
    const moved = meeting({
      state: 'tracked',
      timeRecordId: 't1',
      changedSinceTracked: {
        before: { start: '2026-03-16T09:00:00Z', end: '2026-03-16T10:00:00Z', summary: 'Team meeting' },
        after: { start: '2026-03-16T10:00:00Z', end: '2026-03-16T11:00:00Z', summary: 'Team meeting' },
        cancelled: false,
        removed: false,
      },
    });
    expect(itemState(moved)).toBe('changed');
    expect(changeText('en', moved, PRAGUE)).toBe('moved 10:00→11:00');
    expect(changeText('cs', moved, PRAGUE)).toBe('přesunuto 10:00→11:00');
    expect(accessibleName('en', moved, PRAGUE, null)).toContain('changed since tracked, moved 10:00→11:00');
  });

  it('reads recent work by description and project', () => {
    expect(accessibleName('en', recent, PRAGUE, 'ACME Web')).toBe('Fixes, ACME Web, recent work');
  });
});

describe('when the stopwatch can start from a meeting', () => {
  const start = Date.parse('2026-03-16T08:00:00Z');
  it.each([
    { name: 'in progress', now: start + 10 * 60_000, expected: 'ok' },
    { name: 'within 60 minutes', now: start - 60 * 60_000, expected: 'ok' },
    { name: 'further ahead', now: start - 61 * 60_000, expected: 'notStarted' },
    { name: 'over', now: start + 60 * 60_000, expected: 'over' },
  ])('$name', ({ now, expected }) => {
    expect(stopwatchAvailability(meeting(), now)).toBe(expected);
  });
  it('always from recent work', () => {
    expect(stopwatchAvailability(recent, start)).toBe('ok');
  });
});

describe('jump to today', () => {
  it('is offered only when the range leaves today out', () => {
    expect(rangeHasToday({ from: '2026-03-16', to: '2026-03-23' }, '2026-03-18', PRAGUE)).toBe(true);
    expect(rangeHasToday({ from: '2026-03-09', to: '2026-03-16' }, '2026-03-18', PRAGUE)).toBe(false);
    expect(rangeHasToday({ from: '2026-03-15T23:00:00Z', to: '2026-03-16T23:00:00Z' }, '2026-03-16', PRAGUE)).toBe(true);
    expect(rangeHasToday({ from: '2026-03-15T23:00:00Z', to: '2026-03-16T23:00:00Z' }, '2026-03-17', PRAGUE)).toBe(false);
  });
});
