// Compares what a feed says now with what was stored before. Pure.
import type { Occurrence } from './types.ts';
import { occurrenceId } from './occurrence-key.ts';

// what is stored of an occurrence: the engine's fields plus the stable occurrence id
export type OccurrenceFields = { id: string } & Occurrence;

export type StoredOccurrence = OccurrenceFields & { startsAt: Date; removedAt: Date | null };

export type Reconciliation = {
  /** new occurrences, changed ones and ones back after being removed */
  upserts: OccurrenceFields[];
  /** ids that vanished from the feed inside the refreshed window */
  removals: string[];
  unchanged: number;
};

export function toOccurrenceFields(connectionId: string, occurrence: Occurrence): OccurrenceFields {
  return {
    id: occurrenceId(connectionId, occurrence.uid, occurrence.recurrenceId),
    uid: occurrence.uid,
    recurrenceId: occurrence.recurrenceId,
    start: occurrence.start,
    end: occurrence.end,
    allDay: occurrence.allDay,
    summary: occurrence.summary,
    location: occurrence.location,
    busyStatus: occurrence.busyStatus,
    private: occurrence.private,
    cancelled: occurrence.cancelled,
  };
}

const COMPARED = ['start', 'end', 'allDay', 'summary', 'location', 'busyStatus', 'private', 'cancelled'] as const;

export function isSameOccurrence(a: OccurrenceFields, b: OccurrenceFields): boolean {
  return COMPARED.every((field) => a[field] === b[field]);
}

// `window` is what the feed was expanded over: a stored occurrence starting inside it that
// the feed no longer has is gone; one outside it (older than the horizon) is left alone,
// because the feed was not asked about it. Nothing is ever deleted.
export function reconcile(stored: StoredOccurrence[], incoming: OccurrenceFields[], window: { from: Date; to: Date }): Reconciliation {
  const byId = new Map(stored.map((row) => [row.id, row]));
  const seen = new Set<string>();
  const upserts: OccurrenceFields[] = [];
  let unchanged = 0;
  for (const occurrence of incoming) {
    // a feed listing the same instance twice (Exchange does, after some edits) counts once
    if (seen.has(occurrence.id)) continue;
    seen.add(occurrence.id);
    const before = byId.get(occurrence.id);
    if (before && before.removedAt === null && isSameOccurrence(before, occurrence)) unchanged += 1;
    else upserts.push(occurrence);
  }
  const removals = stored
    .filter((row) => row.removedAt === null && !seen.has(row.id) && row.startsAt >= window.from && row.startsAt < window.to)
    .map((row) => row.id);
  return { upserts, removals, unchanged };
}
