import { SECONDS_PER_DAY } from './civil-time.ts';
import { isCancelled, isPrivateClass, readBusyStatus } from './event-fields.ts';
import type { EventDraft } from './read-event.ts';
import type { EventRecord, EventTime, FeedWarning, Series } from './types.ts';
import { wallToUtc, type Zone } from './zone.ts';

function instantOf(time: EventTime): number {
  if (time.kind === 'date') return time.days * SECONDS_PER_DAY;
  if (time.kind === 'utc') return time.seconds;
  return time.zone ? wallToUtc(time.zone, time.wallSeconds) : time.wallSeconds;
}

function timeKey(time: EventTime): string {
  if (time.kind === 'date') return `d${time.days}`;
  return `t${instantOf(time)}`;
}

function spanOf(draft: EventDraft, master: EventDraft | null, warnings: FeedWarning[]): { seconds: number; days: number } {
  const { start, end, duration } = draft;
  if (end) {
    if (start.kind === 'date') {
      const days = end.kind === 'date' ? end.days - start.days : 1;
      return { seconds: 0, days: days > 0 ? days : 1 };
    }
    const seconds = instantOf(end) - instantOf(start);
    if (seconds >= 0) return { seconds, days: 0 };
    warnings.push({ code: 'invalid_value', line: draft.line, message: 'DTEND before DTSTART: used a zero-length event' });
    return { seconds: 0, days: 0 };
  }
  if (duration && duration.days >= 0 && duration.seconds >= 0) {
    return start.kind === 'date' ? { seconds: 0, days: Math.max(duration.days, 1) } : duration;
  }
  // a partial override (no DTEND, no DURATION) keeps the series' length
  if (master) return spanOf(master, null, warnings);
  return start.kind === 'date' ? { seconds: 0, days: 1 } : { seconds: 0, days: 0 };
}

function zoneOfTime(time: EventTime | null): Zone | null {
  return time?.kind === 'wall' ? time.zone : null;
}

/** The zone Exchange wrote on a series' EXDATE or RECURRENCE-ID values, if any. */
function firstZone(exdates: EventTime[], overrides: EventDraft[]): Zone | null {
  for (const time of exdates) if (time.kind === 'wall' && time.zone) return time.zone;
  for (const override of overrides)
    if (override.recurrenceId?.kind === 'wall' && override.recurrenceId.zone) return override.recurrenceId.zone;
  return null;
}

function finalize(draft: EventDraft, master: EventDraft | null, referenceZone: Zone | null, warnings: FeedWarning[]): EventRecord {
  const inherit = <T>(own: T | null, fromMaster: T | null | undefined): T | null => own ?? fromMaster ?? null;
  const summary = (inherit(draft.summary, master?.summary) ?? '').trim();
  const location = inherit(draft.location, master?.location)?.trim() || null;
  const ownsStatus = draft.cdoBusyStatus !== null || draft.transp !== null;
  const span = spanOf(draft, master, warnings);
  return {
    line: draft.line,
    uid: draft.uid,
    start: draft.start,
    durationSeconds: span.seconds,
    durationDays: span.days,
    allDay: draft.start.kind === 'date',
    recurrenceId: draft.recurrenceId,
    thisAndFuture: draft.thisAndFuture,
    rule: draft.rule,
    recurring: draft.recurring,
    rdates: draft.rdates,
    exdates: draft.exdates,
    summary,
    location,
    busyStatus:
      ownsStatus || !master ? readBusyStatus(draft.cdoBusyStatus, draft.transp) : readBusyStatus(master.cdoBusyStatus, master.transp),
    hasCdoBusyStatus: (ownsStatus || !master ? draft.cdoBusyStatus : master.cdoBusyStatus) !== null,
    private: isPrivateClass(inherit(draft.classValue, master?.classValue)),
    cancelled: isCancelled(inherit(draft.status, master?.status), summary),
    sequence: draft.sequence,
    referenceZone,
  };
}

function preferred(current: EventDraft | undefined, candidate: EventDraft): boolean {
  // RFC 5546 2.1.4: the higher SEQUENCE is the newer revision; on a tie the first copy stays
  return current === undefined || candidate.sequence > current.sequence;
}

/** Groups VEVENTs by UID (overrides may precede their master) and merges partial overrides. */
export function assembleSeries(drafts: EventDraft[], mainZone: Zone | null, warnings: FeedWarning[]): Series[] {
  const groups = new Map<string, { master?: EventDraft; overrides: Map<string, EventDraft> }>();
  for (const draft of drafts) {
    let group = groups.get(draft.uid);
    if (!group) {
      group = { overrides: new Map() };
      groups.set(draft.uid, group);
    }
    if (draft.recurrenceId) {
      const key = timeKey(draft.recurrenceId);
      const existing = group.overrides.get(key);
      if (existing)
        warnings.push({
          code: 'duplicate_event',
          line: draft.line,
          message: `two VEVENTs for one instance of ${draft.uid}: kept the newer`,
        });
      if (preferred(existing, draft)) group.overrides.set(key, draft);
    } else {
      if (group.master)
        warnings.push({ code: 'duplicate_event', line: draft.line, message: `two VEVENTs with UID ${draft.uid}: kept the newer` });
      if (preferred(group.master, draft)) group.master = draft;
    }
  }
  const series: Series[] = [];
  for (const [uid, group] of groups) {
    const master = group.master ?? null;
    const overrides = [...group.overrides.values()];
    // all-day series: the zone Exchange wrote on EXDATE / RECURRENCE-ID, else the feed's main
    // zone, else (null) the viewer's; timed series: their own zone first
    const referenceZone = firstZone(master?.exdates ?? [], overrides) ?? zoneOfTime(master?.start ?? null) ?? mainZone;
    series.push({
      uid,
      master: master ? finalize(master, null, referenceZone, warnings) : null,
      overrides: overrides.map((draft) => finalize(draft, master, referenceZone, warnings)),
    });
  }
  return series;
}
