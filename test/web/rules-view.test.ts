import { describe, expect, it } from 'vitest';
import type { Rule, RuleMatch } from '../../src/contract/rules.ts';
import {
  createBody,
  describeRule,
  draftFromQuery,
  draftOfRule,
  draftProblems,
  emptyDraft,
  makeRuleLink,
  outcomeText,
  previewBody,
  seriesChoices,
  splitPreview,
  updateBody,
} from '../../web/src/rules/rules-view.ts';

const rule = (patch: Partial<Rule> = {}): Rule => ({
  id: 'r1',
  kind: 'subject',
  pattern: 'team sync',
  seriesLabel: null,
  projectId: 'p1',
  taskId: null,
  tagIds: ['t1'],
  mode: 'track',
  createdAt: '2026-12-01T08:00:00Z',
  version: 3,
  ...patch,
});
const meeting = (patch: Partial<Parameters<typeof makeRuleLink>[0]> = {}) => ({
  id: 'i1',
  kind: 'meeting' as const,
  summary: 'Team sync',
  recurring: false,
  private: false,
  suggestedProjectId: null,
  suggestedTaskId: null,
  ...patch,
});
const match = (patch: Partial<RuleMatch>): RuleMatch => ({
  impulseId: 'i1',
  start: '2026-12-01T08:00:00Z',
  end: '2026-12-01T08:15:00Z',
  allDay: false,
  summary: 'Team sync',
  private: false,
  cancelled: false,
  ended: true,
  timeRecordId: null,
  outcome: 'track_now',
  otherRuleId: null,
  skipReason: null,
  ...patch,
});

describe('"Make a rule" on a meeting', () => {
  it('asks for a series rule for a recurring meeting and a subject rule otherwise, with the suggestion', () => {
    expect(makeRuleLink(meeting({ recurring: true, suggestedProjectId: 'p1', suggestedTaskId: 'k1' }))).toBe(
      '/rules?new=series&impulse=i1&series=Team+sync&pattern=Team+sync&project=p1&task=k1',
    );
    expect(makeRuleLink(meeting())).toBe('/rules?new=subject&pattern=Team+sync');
  });

  it('offers no subject rule for a private meeting (its subject is never matched), nor any for recent work', () => {
    expect(makeRuleLink(meeting({ private: true, summary: 'Private appointment' }))).toBeNull();
    expect(makeRuleLink(meeting({ private: true, recurring: true, summary: 'Private appointment' }))).toBe(
      '/rules?new=series&impulse=i1&series=Private+appointment',
    );
    expect(makeRuleLink(meeting({ kind: 'recent' }))).toBeNull();
  });

  it("reads the link back as the new rule's draft", () => {
    expect(draftFromQuery(new URLSearchParams('new=series&impulse=i1&series=Team+sync&pattern=Team+sync&project=p1&task=k1'))).toEqual({
      ...emptyDraft(),
      kind: 'series',
      impulseId: 'i1',
      seriesLabel: 'Team sync',
      pattern: 'Team sync',
      projectId: 'p1',
      taskId: 'k1',
    });
    expect(draftFromQuery(new URLSearchParams('new=subject&pattern=Team+sync'))).toMatchObject({
      kind: 'subject',
      pattern: 'Team sync',
      projectId: null,
    });
    // a series without its meeting falls back to the subject
    expect(draftFromQuery(new URLSearchParams('new=series&pattern=Retro'))).toMatchObject({ kind: 'subject', pattern: 'Retro' });
    expect(draftFromQuery(new URLSearchParams(''))).toBeNull();
    expect(draftFromQuery(new URLSearchParams('new=everything'))).toBeNull();
  });
});

describe('the rule form', () => {
  it("names what is missing before anything is sent; how much a pattern must say is the API's to judge", () => {
    expect(draftProblems(emptyDraft(), false)).toEqual(['pattern', 'project']);
    expect(draftProblems({ ...emptyDraft(), kind: 'series' }, false)).toEqual(['series', 'project']);
    expect(draftProblems({ ...emptyDraft(), pattern: '*', projectId: 'p1' }, false)).toEqual([]);
    // an existing series rule keeps its series
    expect(draftProblems({ ...draftOfRule(rule({ kind: 'series', pattern: null, seriesLabel: 'Standup' })) }, true)).toEqual([]);
  });

  it('sends a new rule by its matcher', () => {
    expect(createBody({ ...emptyDraft(), pattern: '  team sync ', projectId: 'p1', tagIds: ['t1'] })).toEqual({
      kind: 'subject',
      pattern: 'team sync',
      projectId: 'p1',
      taskId: null,
      tagIds: ['t1'],
      mode: 'track',
    });
    expect(createBody({ ...emptyDraft(), kind: 'series', impulseId: 'i1', pattern: 'ignored', projectId: 'p1', mode: 'suggest' })).toEqual({
      kind: 'series',
      impulseId: 'i1',
      projectId: 'p1',
      taskId: null,
      tagIds: [],
      mode: 'suggest',
    });
  });

  it('sends only what changed of a saved rule', () => {
    const saved = rule();
    expect(updateBody(saved, draftOfRule(saved))).toEqual({});
    expect(updateBody(saved, { ...draftOfRule(saved), pattern: 'team sync weekly', taskId: 'k1', tagIds: [], mode: 'suggest' })).toEqual({
      pattern: 'team sync weekly',
      taskId: 'k1',
      tagIds: [],
      mode: 'suggest',
    });
    expect(updateBody(saved, { ...draftOfRule(saved), tagIds: ['t1'] })).toEqual({});
    const series = rule({ kind: 'series', pattern: null, seriesLabel: 'Standup' });
    expect(updateBody(series, { ...draftOfRule(series), pattern: 'x', projectId: 'p2' })).toEqual({ projectId: 'p2' });
  });

  it('asks the preview once there is something to match with, leaving the edited rule out of the competition', () => {
    expect(previewBody(emptyDraft(), null)).toBeNull();
    expect(previewBody({ ...emptyDraft(), pattern: ' sync ' }, null)).toEqual({ kind: 'subject', pattern: 'sync', mode: 'track' });
    expect(previewBody({ ...draftOfRule(rule()), mode: 'suggest' }, rule())).toEqual({
      kind: 'subject',
      pattern: 'team sync',
      mode: 'suggest',
      ruleId: 'r1',
    });
    expect(previewBody({ ...emptyDraft(), kind: 'series' }, null)).toBeNull();
    expect(previewBody({ ...emptyDraft(), kind: 'series', impulseId: 'i9' }, null)).toEqual({
      kind: 'series',
      impulseId: 'i9',
      mode: 'track',
    });
  });

  it('offers each recurring series once, by name as the language sorts, without private ones', () => {
    const item = (id: string, summary: string, patch = {}) => ({
      ...meeting({ id, summary, recurring: true }),
      source: { connectionId: 'c1' },
      removed: false,
      ...patch,
    });
    expect(
      seriesChoices(
        [
          item('a', 'Čtvrteční retro'),
          item('b', 'Standup'),
          item('c', 'Standup'),
          item('d', 'Call', { recurring: false }),
          item('e', 'Private appointment', { private: true }),
          item('f', 'Standup', { source: { connectionId: 'c2' } }),
          item('g', 'Gone', { removed: true }),
        ],
        'cs',
      ),
    ).toEqual([
      { impulseId: 'a', label: 'Čtvrteční retro' },
      { impulseId: 'b', label: 'Standup' },
      { impulseId: 'f', label: 'Standup' },
    ]);
  });
});

describe('the preview and the list in words', () => {
  it('splits the matches into past (latest first) and coming (soonest first)', () => {
    const items = [
      match({ impulseId: 'a', start: '2026-12-01T08:00:00Z' }),
      match({ impulseId: 'b', start: '2026-12-05T08:00:00Z', ended: false }),
      match({ impulseId: 'c', start: '2026-12-02T08:00:00Z' }),
      match({ impulseId: 'd', start: '2026-12-04T08:00:00Z', ended: false }),
    ];
    const { past, coming } = splitPreview(items);
    expect(past.map((item) => item.impulseId)).toEqual(['c', 'a']);
    expect(coming.map((item) => item.impulseId)).toEqual(['d', 'b']);
  });

  it('says what the rule would do with each meeting, in English and Czech', () => {
    expect(outcomeText('en', match({}), [])).toEqual({ text: 'Tracked at the next sync', tone: 'ok' });
    expect(outcomeText('cs', match({ outcome: 'track_when_ended', ended: false }), [])).toEqual({
      text: 'Zapíše se po skončení',
      tone: 'info',
    });
    expect(outcomeText('en', match({ outcome: 'skip', skipReason: 'undone' }), []).text).toBe('Not tracked again: you deleted its record');
    expect(outcomeText('cs', match({ outcome: 'skip', skipReason: 'private' }), []).tone).toBe('muted');
    const other = rule({ id: 'r2', kind: 'series', pattern: null, seriesLabel: 'Standup' });
    expect(outcomeText('en', match({ outcome: 'other_rule', otherRuleId: 'r2' }), [other]).text).toBe(
      'Another of your rules applies: Series "Standup"',
    );
    expect(outcomeText('cs', match({ outcome: 'other_rule', otherRuleId: 'r2' }), [other]).text).toBe(
      'Platí jiné vaše pravidlo: Série „Standup“',
    );
  });

  it('describes a rule by its matcher', () => {
    expect(describeRule('en', rule())).toBe('Subject contains "team sync"');
    expect(describeRule('cs', rule())).toBe('Předmět obsahuje „team sync“');
  });
});
