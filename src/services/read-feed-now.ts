// Parse, truncation check and expansion of one fetched feed, as one pure step: it runs in the
// feed reader's worker thread (read-fetched-feed.ts), never on the thread that serves requests.
import { previewOccurrences } from '../calendar/preview-occurrences.ts';
import { expandOccurrencesWithWarnings, parseFeed } from '../calendar/read-feed.ts';
import type { Occurrence, ParsedFeed } from '../calendar/types.ts';
import type { StoredError } from '../db/calendar-schema.ts';

export type FeedReadRequest = {
  body: Uint8Array;
  window: { from: string; to: string };
  viewerTimeZone: string;
  /** false: only count them (a link check needs the figure, not the occurrences) */
  withOccurrences: boolean;
  /** an instant: also pick the few occurrences nearest to it (a link check's preview) */
  previewAt?: string | undefined;
};

export type FeedRead =
  | {
      ok: true;
      calendar: ParsedFeed['calendar'];
      warningCount: number;
      occurrenceCount: number;
      occurrences: Occurrence[];
      preview: Occurrence[];
    }
  | { ok: false; error: StoredError; detail: string };

/** A body that parses but does not end with END:VCALENDAR was cut off: importing it would drop meetings. */
export function isTruncated(body: Uint8Array): boolean {
  const tail = new TextDecoder('utf-8').decode(body.subarray(Math.max(0, body.length - 64))).trimEnd();
  return !/END:VCALENDAR$/i.test(tail);
}

export function readFeedNow(request: FeedReadRequest): FeedRead {
  try {
    const result = parseFeed(request.body);
    if (!result.ok)
      return { ok: false, error: { code: result.error.code, params: { line: result.error.line ?? 0 } }, detail: result.error.message };
    if (isTruncated(request.body)) return { ok: false, error: { code: 'truncated', params: {} }, detail: 'no END:VCALENDAR at the end' };
    const { feed } = result;
    const expansion = expandOccurrencesWithWarnings(feed, request.window, { viewerTimeZone: request.viewerTimeZone });
    return {
      ok: true,
      calendar: feed.calendar,
      warningCount: feed.warnings.length + expansion.warnings.length,
      occurrenceCount: expansion.occurrences.length,
      occurrences: request.withOccurrences ? expansion.occurrences : [],
      preview: request.previewAt ? previewOccurrences(expansion.occurrences, new Date(request.previewAt)) : [],
    };
  } catch (error) {
    // the engine recovers what it can; an exception means nothing usable was read
    return {
      ok: false,
      error: { code: 'invalid_ics', params: { line: 0 } },
      detail: error instanceof Error ? error.message : String(error),
    };
  }
}
