import type { Impulse } from '../contract/impulses.ts';
import type { ImpulseStateRow, RecentCombination, Snapshot, TrackedHistoryRow } from '../db/impulses-repository.ts';
import type { UserOccurrence } from '../db/occurrences-repository.ts';
import { type Language, translate } from '../i18n/translate.ts';

export type MeetingContext = {
  language: Language;
  states: Map<string, ImpulseStateRow>;
  records: Map<string, string>;
  suggest: (occurrence: Pick<UserOccurrence, 'uid' | 'summary' | 'private'>) => string | null;
};

const subjectKey = (text: string) => text.trim().toLowerCase();

// "Same series, then same subject": history is newest first, so the latest choice wins. A
// private meeting's subject is never matched (nor shown), only its series.
export function projectSuggester(history: TrackedHistoryRow[]): MeetingContext['suggest'] {
  const bySeries = new Map<string, string>();
  const bySubject = new Map<string, string>();
  for (const row of history) {
    if (row.uid !== null && !bySeries.has(row.uid)) bySeries.set(row.uid, row.project_id);
    if (row.summary !== null && row.private !== true && !bySubject.has(subjectKey(row.summary))) bySubject.set(subjectKey(row.summary), row.project_id);
    if (row.description !== '' && !bySubject.has(subjectKey(row.description))) bySubject.set(subjectKey(row.description), row.project_id);
  }
  return (occurrence) => bySeries.get(occurrence.uid) ?? (occurrence.private ? null : bySubject.get(subjectKey(occurrence.summary)) ?? null);
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
    after: removed ? null : { start: occurrence.start, end: occurrence.end, summary: shown(occurrence.summary, occurrence.private, language) },
    cancelled: occurrence.cancelled,
    removed,
  };
}

export function presentMeeting(occurrence: UserOccurrence, context: MeetingContext): Impulse {
  const state = context.states.get(occurrence.id);
  const timeRecordId = context.records.get(occurrence.id) ?? null;
  const snapshot = state?.trackedSnapshot ?? null;
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
    state: timeRecordId !== null ? 'tracked' : state?.dismissedAt ? 'dismissed' : 'open',
    timeRecordId,
    suggestedProjectId: context.suggest(occurrence),
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
    timeRecordId: null,
    suggestedProjectId: combination.project_id,
    projectId: combination.project_id,
    taskId: combination.task_id,
    description: combination.description,
    changedSinceTracked: null,
  };
}
