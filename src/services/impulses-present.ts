import type { Impulse } from '../contract/impulses.ts';
import type { SeriesRow } from '../db/impulse-series-repository.ts';
import type { ImpulseStateRow, RecentCombination, Snapshot, TrackedHistoryRow } from '../db/impulses-repository.ts';
import type { UserOccurrence } from '../db/occurrences-repository.ts';
import { pickRule, type RuleLike } from '../domain/rules.ts';
import { type Language, translate } from '../i18n/translate.ts';

export type SuggestingRule = RuleLike & { projectId: string; taskId: string | null; tagIds: string[] };

export type Suggestion = {
  projectId: string;
  taskId: string | null;
  tagIds: string[];
  ruleId: string | null;
  source: 'rule' | 'series' | 'subject';
};

export type MeetingContext = {
  language: Language;
  states: Map<string, ImpulseStateRow>;
  records: Map<string, string>;
  series: Map<string, SeriesRow>;
  suggest: (occurrence: Pick<UserOccurrence, 'uid' | 'summary' | 'private'>) => Suggestion | null;
};

const subjectKey = (text: string) => text.trim().toLowerCase();

// "The user's rule (src/domain/rules.ts), then the series' remembered project, then the same
// series, then the same subject": history is newest first, so the latest choice wins. A private
// meeting's subject is never matched (nor shown), only its series.
export function projectSuggester(
  history: TrackedHistoryRow[],
  series: Map<string, SeriesRow> = new Map(),
  rules: readonly SuggestingRule[] = [],
): MeetingContext['suggest'] {
  const bySeries = new Map<string, Suggestion>();
  const bySubject = new Map<string, Suggestion>();
  for (const row of history) {
    const choice = { projectId: row.project_id, taskId: row.task_id, tagIds: [], ruleId: null };
    if (row.uid !== null && !bySeries.has(row.uid)) bySeries.set(row.uid, { ...choice, source: 'series' });
    if (row.summary !== null && row.private !== true && !bySubject.has(subjectKey(row.summary)))
      bySubject.set(subjectKey(row.summary), { ...choice, source: 'subject' });
    if (row.description !== '' && !bySubject.has(subjectKey(row.description)))
      bySubject.set(subjectKey(row.description), { ...choice, source: 'subject' });
  }
  return (occurrence) => {
    const rule = pickRule(rules, occurrence);
    if (rule) return { projectId: rule.projectId, taskId: rule.taskId, tagIds: rule.tagIds, ruleId: rule.id, source: 'rule' };
    const remembered = series.get(occurrence.uid);
    if (remembered?.projectId)
      return { projectId: remembered.projectId, taskId: remembered.taskId, tagIds: [], ruleId: null, source: 'series' };
    return bySeries.get(occurrence.uid) ?? (occurrence.private ? null : (bySubject.get(subjectKey(occurrence.summary)) ?? null));
  };
}

// Dismissed on its own, or with its whole series unless brought back on its own since.
export function isDismissed(state: ImpulseStateRow | undefined, series: SeriesRow | undefined): boolean {
  if (state?.dismissedAt) return true;
  return Boolean(series?.dismissedAt) && !state?.restoredAt;
}

function shown(summary: string, isPrivate: boolean, language: Language): string {
  return isPrivate ? translate(language, 'label.private_appointment') : summary;
}

function changedSinceTracked(snapshot: Snapshot, occurrence: UserOccurrence, language: Language): Impulse['changedSinceTracked'] {
  const removed = occurrence.removedAt !== null;
  const moved = snapshot.start !== occurrence.start || snapshot.end !== occurrence.end;
  const renamed = snapshot.summary !== occurrence.summary;
  if (!removed && !moved && !renamed && !occurrence.cancelled) return null;
  return {
    before: { start: snapshot.start, end: snapshot.end, summary: shown(snapshot.summary, occurrence.private, language) },
    after: removed
      ? null
      : { start: occurrence.start, end: occurrence.end, summary: shown(occurrence.summary, occurrence.private, language) },
    cancelled: occurrence.cancelled,
    removed,
  };
}

export function presentMeeting(occurrence: UserOccurrence, context: MeetingContext): Impulse {
  const state = context.states.get(occurrence.id);
  const timeRecordId = context.records.get(occurrence.id) ?? null;
  const snapshot = state?.trackedSnapshot ?? null;
  const suggestion = context.suggest(occurrence);
  return {
    id: occurrence.id,
    kind: 'meeting',
    source: { connectionId: occurrence.connectionId, name: occurrence.connectionName },
    start: occurrence.start,
    end: occurrence.end,
    allDay: occurrence.allDay,
    summary: shown(occurrence.summary, occurrence.private, context.language),
    location: occurrence.private ? null : occurrence.location,
    busyStatus: occurrence.busyStatus,
    cancelled: occurrence.cancelled,
    private: occurrence.private,
    removed: occurrence.removedAt !== null,
    state: timeRecordId !== null ? 'tracked' : isDismissed(state, context.series.get(occurrence.uid)) ? 'dismissed' : 'open',
    recurring: occurrence.recurrenceId !== null,
    timeRecordId,
    suggestedProjectId: suggestion?.projectId ?? null,
    suggestedTaskId: suggestion?.taskId ?? null,
    suggestedTagIds: suggestion?.tagIds ?? [],
    suggestionSource: suggestion?.source ?? null,
    ruleId: suggestion?.ruleId ?? null,
    projectId: null,
    taskId: null,
    description: null,
    changedSinceTracked: timeRecordId !== null && snapshot !== null ? changedSinceTracked(snapshot, occurrence, context.language) : null,
  };
}

export function presentRecent(id: string, combination: RecentCombination, state: ImpulseStateRow | undefined): Impulse {
  return {
    id,
    kind: 'recent',
    source: null,
    start: null,
    end: null,
    allDay: false,
    summary: combination.description,
    location: null,
    busyStatus: null,
    cancelled: false,
    private: false,
    removed: false,
    state: state?.dismissedAt ? 'dismissed' : 'open',
    recurring: false,
    timeRecordId: null,
    suggestedProjectId: combination.project_id,
    suggestedTaskId: combination.task_id,
    suggestedTagIds: [],
    suggestionSource: 'recent',
    ruleId: null,
    projectId: combination.project_id,
    taskId: combination.task_id,
    description: combination.description,
    changedSinceTracked: null,
  };
}
