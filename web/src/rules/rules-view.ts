// Pure parts of the Rules screen (tested in test/web/rules-view.test.ts): the form's draft and
// what it sends, the link "Make a rule" opens from an impulse, the series a new rule can pick, the
// preview split into past and coming meetings, and the words for what a rule does with each.
import type { Rule, RuleInput, RuleMatch } from '../../../src/contract/rules.ts';
import { type UiKey, type UiLanguage, uiText } from '../../../src/i18n/ui.ts';

export type RuleKind = Rule['kind'];
export type RuleMode = Rule['mode'];

export type RuleDraft = {
  kind: RuleKind;
  pattern: string;
  // series rules: one meeting of the series (new rules), and how the series reads
  impulseId: string | null;
  seriesLabel: string;
  projectId: string | null;
  taskId: string | null;
  tagIds: string[];
  mode: RuleMode;
};

export function emptyDraft(): RuleDraft {
  return { kind: 'subject', pattern: '', impulseId: null, seriesLabel: '', projectId: null, taskId: null, tagIds: [], mode: 'track' };
}

export function draftOfRule(rule: Rule): RuleDraft {
  return {
    kind: rule.kind,
    pattern: rule.pattern ?? '',
    impulseId: null,
    seriesLabel: rule.seriesLabel ?? '',
    projectId: rule.projectId,
    taskId: rule.taskId,
    tagIds: [...rule.tagIds],
    mode: rule.mode,
  };
}

type ImpulseLike = {
  id: string;
  kind: 'meeting' | 'recent';
  summary: string;
  recurring: boolean;
  private: boolean;
  suggestedProjectId: string | null;
  suggestedTaskId: string | null;
};

/**
 * Where "Make a rule" on a meeting leads: the Rules screen with a new rule for the meeting's series
 * (recurring) or its subject, and its suggested project. A private meeting's subject is never
 * matched, so it is offered only for a series.
 */
export function makeRuleLink(impulse: ImpulseLike): string | null {
  if (impulse.kind !== 'meeting') return null;
  if (impulse.private && !impulse.recurring) return null;
  const query = new URLSearchParams({ new: impulse.recurring ? 'series' : 'subject' });
  if (impulse.recurring) query.set('impulse', impulse.id);
  if (impulse.recurring) query.set('series', impulse.summary);
  if (!impulse.private) query.set('pattern', impulse.summary);
  if (impulse.suggestedProjectId) query.set('project', impulse.suggestedProjectId);
  if (impulse.suggestedProjectId && impulse.suggestedTaskId) query.set('task', impulse.suggestedTaskId);
  return `/rules?${query.toString()}`;
}

/** the new rule a link of makeRuleLink asks for, or null when the address asks for none */
export function draftFromQuery(search: URLSearchParams): RuleDraft | null {
  const kind = search.get('new');
  if (kind !== 'subject' && kind !== 'series') return null;
  const impulseId = search.get('impulse');
  const draft = {
    ...emptyDraft(),
    pattern: (search.get('pattern') ?? '').slice(0, 200),
    projectId: search.get('project'),
    taskId: search.get('task'),
  };
  if (kind === 'series' && impulseId) return { ...draft, kind, impulseId, seriesLabel: search.get('series') ?? '' };
  return draft;
}

export type SeriesChoice = { impulseId: string; label: string };

/** one choice per recurring series among the meetings (by calendar and subject), by name */
export function seriesChoices(
  impulses: readonly (ImpulseLike & { source: { connectionId: string } | null; removed: boolean })[],
  lang: UiLanguage,
): SeriesChoice[] {
  const seen = new Map<string, SeriesChoice>();
  for (const impulse of impulses) {
    // a private meeting's subject is hidden: its series can be picked from its own menu only
    if (impulse.kind !== 'meeting' || !impulse.recurring || impulse.private || impulse.removed) continue;
    const key = `${impulse.source?.connectionId ?? ''}\u0000${impulse.summary}`;
    if (!seen.has(key)) seen.set(key, { impulseId: impulse.id, label: impulse.summary });
  }
  const collator = new Intl.Collator(lang === 'cs' ? 'cs-CZ' : 'en-GB', { sensitivity: 'base' });
  return [...seen.values()].sort((a, b) => collator.compare(a.label, b.label));
}

export type DraftProblem = 'pattern' | 'series' | 'project';

/** what the form must have before it is sent (how much a pattern must say is the API's to judge) */
export function draftProblems(draft: RuleDraft, editing: boolean): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (draft.kind === 'subject' && draft.pattern.trim() === '') problems.push('pattern');
  if (draft.kind === 'series' && !editing && !draft.impulseId) problems.push('series');
  if (!draft.projectId) problems.push('project');
  return problems;
}

export function createBody(draft: RuleDraft): RuleInput {
  return {
    kind: draft.kind,
    ...(draft.kind === 'subject' ? { pattern: draft.pattern.trim() } : { impulseId: draft.impulseId ?? '' }),
    projectId: draft.projectId ?? '',
    taskId: draft.taskId,
    tagIds: draft.tagIds,
    mode: draft.mode,
  };
}

export type RulePatch = { pattern?: string; projectId?: string; taskId?: string | null; tagIds?: string[]; mode?: RuleMode };

/** only what changed; a rule's kind and series stay as they are */
export function updateBody(rule: Rule, draft: RuleDraft): RulePatch {
  const patch: RulePatch = {};
  if (rule.kind === 'subject' && draft.pattern.trim() !== rule.pattern) patch.pattern = draft.pattern.trim();
  if (draft.projectId && draft.projectId !== rule.projectId) patch.projectId = draft.projectId;
  if (draft.taskId !== rule.taskId) patch.taskId = draft.taskId;
  if ([...draft.tagIds].sort().join() !== [...rule.tagIds].sort().join()) patch.tagIds = draft.tagIds;
  if (draft.mode !== rule.mode) patch.mode = draft.mode;
  return patch;
}

export type PreviewBody = { kind: RuleKind; pattern?: string; impulseId?: string; mode: RuleMode; ruleId?: string };

/** what to ask /rules/preview, or null while there is nothing to match with yet */
export function previewBody(draft: RuleDraft, rule: Rule | null): PreviewBody | null {
  const ruleId = rule ? { ruleId: rule.id } : {};
  if (draft.kind === 'subject') {
    if (draft.pattern.trim() === '') return null;
    return { kind: 'subject', pattern: draft.pattern.trim(), mode: draft.mode, ...ruleId };
  }
  // an existing series rule has no impulse to name its series by: it is previewed when new only
  if (!draft.impulseId) return null;
  return { kind: 'series', impulseId: draft.impulseId, mode: draft.mode, ...ruleId };
}

/** the matches that ended before now, latest first, and those to come, soonest first */
export function splitPreview(items: readonly RuleMatch[]): { past: RuleMatch[]; coming: RuleMatch[] } {
  const past = items.filter((item) => item.ended).sort((a, b) => b.start.localeCompare(a.start));
  const coming = items.filter((item) => !item.ended).sort((a, b) => a.start.localeCompare(b.start));
  return { past, coming };
}

/** how a rule reads in a list or a message: 'Subject contains "team sync"', 'Series "Daily Standup"' */
export function describeRule(lang: UiLanguage, rule: Pick<Rule, 'kind' | 'pattern' | 'seriesLabel'>): string {
  return rule.kind === 'subject'
    ? uiText(lang, 'rules.describe.subject', { pattern: rule.pattern ?? '' })
    : uiText(lang, 'rules.describe.series', { series: rule.seriesLabel ?? '' });
}

export type OutcomeTone = 'ok' | 'info' | 'muted';

/** what the rule would do with a matched meeting, in words, and how it looks */
export function outcomeText(lang: UiLanguage, match: RuleMatch, rules: readonly Rule[]): { text: string; tone: OutcomeTone } {
  if (match.outcome === 'skip') {
    const key = `rules.skip.${match.skipReason ?? 'cancelled'}` as UiKey;
    return { text: uiText(lang, key), tone: 'muted' };
  }
  if (match.outcome === 'other_rule') {
    const other = rules.find((rule) => rule.id === match.otherRuleId);
    return {
      text: other
        ? uiText(lang, 'rules.outcome.other_rule', { rule: describeRule(lang, other) })
        : uiText(lang, 'rules.outcome.other_rule.unknown'),
      tone: 'muted',
    };
  }
  const tone: OutcomeTone = match.outcome === 'track_now' || match.outcome === 'tracked' ? 'ok' : 'info';
  return { text: uiText(lang, `rules.outcome.${match.outcome}` as UiKey), tone };
}
