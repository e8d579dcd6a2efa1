import { describe, expect, it } from 'vitest';
import {
  autoTrackSkip,
  type AutoTrackMeeting,
  compareRules,
  normalizePattern,
  patternProblem,
  pickRule,
  ruleMatches,
  type RuleLike,
  subjectMatches,
} from './rules.ts';

const subject = (id: string, pattern: string, created = '2027-01-01T00:00:00Z'): RuleLike => ({
  id,
  kind: 'subject',
  pattern,
  createdAt: new Date(created),
});
const series = (id: string, seriesKey: string, created = '2027-01-01T00:00:00Z'): RuleLike => ({
  id,
  kind: 'series',
  seriesKey,
  createdAt: new Date(created),
});
const meeting = (summary: string, uid = 'uid-1', isPrivate = false) => ({ uid, summary, private: isPrivate });

describe('subjectMatches: whole words, case-insensitive', () => {
  it.each([
    { pattern: 'team sync', summary: 'Team Sync – Q3', matches: true },
    { pattern: 'team sync', summary: 'Weekly team-sync', matches: true },
    { pattern: 'TEAM SYNC', summary: 'team sync', matches: true },
    { pattern: 'sync', summary: 'Async review', matches: false },
    { pattern: 'team sync', summary: 'Team synchronisation', matches: false },
    { pattern: 'team sync', summary: 'Sync team', matches: false },
    { pattern: '1:1', summary: '1:1 Ada / Bob', matches: true },
    { pattern: 'porada', summary: 'Týdenní PORADA vedení', matches: true },
    { pattern: 'porada', summary: 'Pórada', matches: false },
    { pattern: 'Řízení', summary: 'řízení projektu', matches: true },
    { pattern: '  standup  ', summary: 'Daily standup', matches: true },
  ])('"$pattern" in "$summary": $matches', ({ pattern, summary, matches }) => {
    expect(subjectMatches(pattern, summary)).toBe(matches);
  });

  it('never matches a private meeting by its subject, only by its series', () => {
    expect(ruleMatches(subject('r', 'doctor'), meeting('Doctor', 'u', true))).toBe(false);
    expect(ruleMatches(series('r', 'u'), meeting('Doctor', 'u', true))).toBe(true);
    expect(ruleMatches(series('r', 'u'), meeting('Doctor', 'other'))).toBe(false);
  });
});

describe('patternProblem: a rule that would match everything is refused', () => {
  it.each([
    { pattern: '', problem: 'empty' },
    { pattern: '   \t ', problem: 'empty' },
    { pattern: '*', problem: 'no_words' },
    { pattern: '.*', problem: 'no_words' },
    { pattern: '% %', problem: 'no_words' },
    { pattern: 'a', problem: 'too_short' },
    { pattern: ' x* ', problem: 'too_short' },
    { pattern: 'x'.repeat(201), problem: 'too_long' },
    { pattern: 'QA', problem: null },
    { pattern: '1:1', problem: null },
    { pattern: 'Team sync', problem: null },
  ])('"$pattern" → $problem', ({ pattern, problem }) => {
    expect(patternProblem(pattern)).toBe(problem);
  });

  it('stores the pattern trimmed with single spaces', () => {
    expect(normalizePattern('  Team \t  sync ')).toBe('Team sync');
  });
});

describe('pickRule: precedence', () => {
  it('a series rule beats a subject rule, even a longer and older one', () => {
    const rules = [subject('long', 'weekly team sync', '2026-01-01T00:00:00Z'), series('s', 'uid-1', '2027-06-01T00:00:00Z')];
    expect(pickRule(rules, meeting('Weekly team sync'))?.id).toBe('s');
  });

  it('then the more specific (longer) pattern, counting letters and digits only', () => {
    const rules = [subject('short', 'sync'), subject('long', 'team sync'), subject('punct', 's-y-n-c !!!')];
    expect(pickRule(rules, meeting('Team sync'))?.id).toBe('long');
  });

  it('then the older rule, then the id', () => {
    const rules = [subject('b', 'sync', '2027-02-01T00:00:00Z'), subject('a', 'SYNC', '2027-01-01T00:00:00Z')];
    expect(pickRule(rules, meeting('sync'))?.id).toBe('a');
    expect(compareRules(subject('x', 'sync'), subject('y', 'sync'))).toBeLessThan(0);
    expect(compareRules(subject('y', 'sync'), subject('x', 'sync'))).toBeGreaterThan(0);
  });

  it('answers null when nothing matches, whatever the order of the rules', () => {
    expect(pickRule([subject('a', 'retro'), series('b', 'other')], meeting('Team sync'))).toBeNull();
    const rules = [subject('a', 'sync'), series('b', 'uid-1'), subject('c', 'team sync')];
    expect(pickRule([...rules].reverse(), meeting('Team sync'))?.id).toBe('b');
  });
});

describe('autoTrackSkip', () => {
  const now = new Date('2027-03-10T12:00:00Z');
  const ended: AutoTrackMeeting = {
    uid: 'u',
    summary: 'Standup',
    private: false,
    start: '2027-03-10T09:00:00Z',
    end: '2027-03-10T09:15:00Z',
    allDay: false,
    cancelled: false,
    busyStatus: 'busy',
    removed: false,
  };
  const open = () => false;
  const bySubject = { kind: 'subject' as const, pattern: 'standup' };

  it('tracks an ended busy or tentative meeting', () => {
    expect(autoTrackSkip(ended, bySubject, now, open)).toBeNull();
    expect(autoTrackSkip({ ...ended, busyStatus: 'tentative' }, bySubject, now, open)).toBeNull();
    expect(autoTrackSkip({ ...ended, end: now.toISOString() }, bySubject, now, open)).toBeNull();
  });

  it.each([
    { name: 'not ended yet', change: { end: '2027-03-10T12:00:01Z' }, skip: 'upcoming' },
    { name: 'cancelled', change: { cancelled: true }, skip: 'cancelled' },
    { name: 'free', change: { busyStatus: 'free' }, skip: 'free' },
    { name: 'all-day', change: { allDay: true, start: '2027-03-09', end: '2027-03-10' }, skip: 'all_day' },
    { name: 'removed from the feed', change: { removed: true }, skip: 'removed' },
    { name: 'private, by a subject rule', change: { private: true }, skip: 'private' },
  ])('skips a meeting $name', ({ change, skip }) => {
    expect(autoTrackSkip({ ...ended, ...change }, bySubject, now, open)).toBe(skip);
  });

  it('tracks a private meeting of a series rule, never one in the locked period', () => {
    expect(autoTrackSkip({ ...ended, private: true }, { kind: 'series', seriesKey: 'u' }, now, open)).toBeNull();
    expect(autoTrackSkip(ended, bySubject, now, (start) => start < '2027-03-11')).toBe('locked');
  });
});
