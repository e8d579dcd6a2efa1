// The calendar engine's entry points. parseFeed: bytes -> unfolded lines (read-lines) ->
// component tree with line-level recovery (build-components) -> VEVENT drafts with resolved
// zones (read-event, resolve-zone) -> series grouped by UID (assemble-series).
// expandOccurrences: series x window -> occurrences (expand-occurrences, expand-rule).
// Pure: no I/O, no clock, no environment; damage and limits in a feed end in warnings.
import { assembleSeries } from './assemble-series.ts';
import { buildComponents, type Component } from './build-components.ts';
import { availabilityWordStatus, detectDetailLevel } from './detail-level.ts';
import { expandFeedOccurrences, type Expansion } from './expand-occurrences.ts';
import { unescapeText } from './ical-values.ts';
import { readEvent, type EventDraft } from './read-event.ts';
import { readLines, toUtf8Bytes } from './read-lines.ts';
import { createZoneResolver } from './resolve-zone.ts';
import type { ExpandOptions, ExpandWindow, FeedError, FeedWarning, Occurrence, ParsedFeed } from './types.ts';
import type { Zone } from './zone.ts';

export { occurrenceKey } from './expand-occurrences.ts';

export const MAX_EVENTS = 100_000;

function looksLikeCalendar(body: Uint8Array): boolean {
  // the first 512 bytes decide: an unpublished link answers with an HTML sign-in or error page
  const head = new TextDecoder('utf-8').decode(toUtf8Bytes(body.subarray(0, 512))).replace(/^[\uFEFF\s]+/, '');
  return /^BEGIN:VCALENDAR/i.test(head);
}

function collect(root: Component, name: string, depth = 0): Component[] {
  const found: Component[] = [];
  for (const child of root.children) {
    if (child.name === name) found.push(child);
    else if (depth < 4) found.push(...collect(child, name, depth + 1));
  }
  return found;
}

function mostUsedZone(drafts: EventDraft[]): Zone | null {
  const counts = new Map<Zone, number>();
  let best: Zone | null = null;
  let bestCount = 0;
  for (const draft of drafts) {
    const zone = draft.start.kind === 'wall' ? draft.start.zone : null;
    if (!zone) continue;
    const count = (counts.get(zone) ?? 0) + 1;
    counts.set(zone, count);
    if (count > bestCount) {
      best = zone;
      bestCount = count;
    }
  }
  return best;
}

export type ParseOptions = { maxEvents?: number };

export function parseFeed(body: Uint8Array, options: ParseOptions = {}): { ok: true; feed: ParsedFeed } | { ok: false; error: FeedError } {
  const maxEvents = options.maxEvents ?? MAX_EVENTS;
  if (!looksLikeCalendar(body)) {
    return {
      ok: false,
      error: { code: 'not_ics', line: null, message: 'the body is not an iCalendar file (no BEGIN:VCALENDAR at the start)' },
    };
  }
  const lines = readLines(body);
  const { root, warnings } = buildComponents(lines);
  if (lines.hadInvalidUtf8 !== null)
    warnings.push({ code: 'invalid_utf8', line: lines.hadInvalidUtf8, message: 'replaced bytes that are not UTF-8' });
  if (!root || root.name !== 'VCALENDAR') {
    return { ok: false, error: { code: 'invalid_ics', line: 1, message: 'no VCALENDAR component could be read' } };
  }
  const resolver = createZoneResolver(collect(root, 'VTIMEZONE'), warnings);
  let events = collect(root, 'VEVENT');
  if (events.length > maxEvents) {
    warnings.push({
      code: 'limit_reached',
      line: events[maxEvents]?.line ?? null,
      message: `read only the first ${maxEvents} of ${events.length} VEVENTs`,
    });
    events = events.slice(0, maxEvents);
  }
  const calendarProperty = (name: string) => root.properties.find((property) => property.name === name)?.value ?? null;
  const wrZone = calendarProperty('X-WR-TIMEZONE');
  const drafts: EventDraft[] = [];
  const context = { resolveZone: resolver.resolve, warnings };
  for (const event of events) {
    const draft = readEvent(event, context);
    if (draft) drafts.push(draft);
  }
  // an empty calendar is fine; an empty one that also reports damage recovered nothing
  if (drafts.length === 0 && warnings.length > 0) {
    const first = [...warnings].sort((a, b) => (a.line ?? 0) - (b.line ?? 0))[0] as FeedWarning;
    return { ok: false, error: { code: 'invalid_ics', line: first.line, message: `no usable event: ${first.message}` } };
  }
  // the feed's main zone: X-WR-TIMEZONE, else the zone most events start in, else its only zone
  const mainZone: Zone | null = (wrZone ? resolver.resolve(wrZone, null) : null) ?? mostUsedZone(drafts) ?? resolver.onlyZone();
  const series = assembleSeries(drafts, mainZone, warnings);
  const samples = series
    .flatMap((entry) => [entry.master, ...entry.overrides])
    .filter((record) => record !== null)
    .map((record) => ({ uid: record.uid, summary: record.summary, busyStatus: record.busyStatus }));
  const detailLevel = detectDetailLevel(
    samples,
    drafts.some((draft) => draft.hasDetails),
  );
  // without Exchange's busy status line, an availability-only subject is the status itself
  if (detailLevel === 'availability') {
    for (const entry of series) {
      for (const record of [entry.master, ...entry.overrides]) {
        if (!record || record.hasCdoBusyStatus) continue;
        record.busyStatus = availabilityWordStatus(record.summary) ?? record.busyStatus;
      }
    }
  }
  const name = calendarProperty('X-WR-CALNAME') ?? calendarProperty('NAME');
  warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return {
    ok: true,
    feed: {
      calendar: {
        name: name === null ? null : unescapeText(name).trim() || null,
        timeZone: mainZone?.id ?? null,
        detailLevel,
        eventCount: drafts.length,
      },
      warnings,
      series,
    },
  };
}

/**
 * Occurrences overlapping [from, to), sorted by start then uid. `from`/`to` are instants with
 * Z or dates (00:00 in viewerTimeZone). A malformed window or an unknown viewerTimeZone is the
 * caller's bug and throws RangeError; anything wrong in the feed only yields warnings.
 */
export function expandOccurrences(feed: ParsedFeed, window: ExpandWindow, options?: ExpandOptions): Occurrence[] {
  return expandFeedOccurrences(feed, window, options).occurrences;
}

/** Same as expandOccurrences, plus the limits hit and the work spent while expanding (for logs, the CLI and the bench). */
export function expandOccurrencesWithWarnings(feed: ParsedFeed, window: ExpandWindow, options?: ExpandOptions): Expansion {
  return expandFeedOccurrences(feed, window, options);
}
