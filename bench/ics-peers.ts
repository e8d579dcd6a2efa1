import ICAL from 'ical.js';
import nodeIcal from 'node-ical';

/** What the bench and the differential test compare: one line per occurrence. */
export type PeerOccurrence = { uid: string; start: string; end: string };
export type PeerWindow = { from: string; to: string };

// iterate recurrence ids this far past the window: an override may move an instance into it
const OVERRIDE_MARGIN_MS = 31 * 86_400_000;

function isoInstant(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function overlaps(startMs: number, endMs: number, window: PeerWindow): boolean {
  const from = Date.parse(window.from),
    to = Date.parse(window.to);
  return startMs < to && (endMs > from || (endMs === startMs && startMs >= from));
}

/** node-ical 0.27.2 as its README shows: sync.parseICS + expandRecurringEvent. */
export function nodeIcalOccurrences(text: string, window: PeerWindow): PeerOccurrence[] {
  const parsed = nodeIcal.sync.parseICS(text);
  const out: PeerOccurrence[] = [];
  const from = new Date(Date.parse(window.from) - OVERRIDE_MARGIN_MS);
  const to = new Date(Date.parse(window.to) + OVERRIDE_MARGIN_MS);
  for (const component of Object.values(parsed)) {
    if (!component || component.type !== 'VEVENT') continue;
    const instances = nodeIcal.expandRecurringEvent(component, { from, to, expandOngoing: true });
    for (const instance of instances) {
      const startMs = instance.start.getTime(),
        endMs = instance.end.getTime();
      if (instance.isFullDay) {
        const start = instance.start.toISOString().slice(0, 10),
          end = instance.end.toISOString().slice(0, 10);
        if (overlaps(Date.parse(`${start}T00:00:00Z`), Date.parse(`${end}T00:00:00Z`), window))
          out.push({ uid: String(component.uid), start, end });
        continue;
      }
      if (overlaps(startMs, endMs, window))
        out.push({ uid: String(component.uid), start: isoInstant(instance.start), end: isoInstant(instance.end) });
    }
  }
  return out;
}

function timeOut(time: ICAL.Time): { ms: number; text: string } {
  if (time.isDate) {
    const text = time.toString().slice(0, 10);
    return { ms: Date.parse(`${text}T00:00:00Z`), text };
  }
  const ms = time.toJSDate().getTime();
  return { ms, text: isoInstant(new Date(ms)) };
}

/**
 * ical.js 2.2.1 as its documentation shows (`new ICAL.Event(vevent)` and its iterator), with
 * the one fix STACK.md requires: overrides grouped by UID and passed as strict exceptions.
 */
export function icalJsOccurrences(text: string, window: PeerWindow): PeerOccurrence[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtimezone);
  const byUid = new Map<string, { master: ICAL.Component | null; exceptions: ICAL.Component[] }>();
  for (const vevent of calendar.getAllSubcomponents('vevent')) {
    const uid = String(vevent.getFirstPropertyValue('uid') ?? '');
    const group = byUid.get(uid) ?? { master: null, exceptions: [] };
    if (vevent.hasProperty('recurrence-id')) group.exceptions.push(vevent);
    else group.master = vevent;
    byUid.set(uid, group);
  }
  const out: PeerOccurrence[] = [];
  const stopMs = Date.parse(window.to) + OVERRIDE_MARGIN_MS;
  for (const [uid, group] of byUid) {
    if (!group.master) continue;
    const event = new ICAL.Event(group.master, {
      exceptions: group.exceptions.map((vevent) => new ICAL.Event(vevent)),
      strictExceptions: true,
    });
    if (!event.isRecurring()) {
      const start = timeOut(event.startDate),
        end = timeOut(event.endDate);
      if (overlaps(start.ms, end.ms, window)) out.push({ uid, start: start.text, end: end.text });
      continue;
    }
    const iterator = event.iterator();
    for (let next = iterator.next(); next; next = iterator.next()) {
      if (timeOut(next).ms > stopMs) break;
      const details = event.getOccurrenceDetails(next);
      const start = timeOut(details.startDate),
        end = timeOut(details.endDate);
      if (overlaps(start.ms, end.ms, window)) out.push({ uid, start: start.text, end: end.text });
    }
  }
  return out;
}

export function occurrenceLines(occurrences: PeerOccurrence[]): string[] {
  return occurrences.map((occurrence) => `${occurrence.uid} ${occurrence.start} ${occurrence.end}`).sort();
}
