import type { Duration } from './ical-values.ts';
import type { RecurrenceRule } from './recurrence-rule.ts';
import type { Zone } from './zone.ts';

export type BusyStatus = 'busy' | 'tentative' | 'free' | 'oof' | 'workingElsewhere';
export type DetailLevel = 'availability' | 'limited' | 'full';
/** `message` is English, for logs and support. */
export type FeedWarning = { code: string; line: number | null; message: string };

export type Occurrence = {
  uid: string;
  /** Original start of a series instance: UTC instant, or a date for all-day series; null for single events. */
  recurrenceId: string | null;
  /** UTC instants with Z, or dates (end exclusive) when allDay. */
  start: string;
  end: string;
  allDay: boolean;
  summary: string;
  location: string | null;
  busyStatus: BusyStatus;
  private: boolean;
  cancelled: boolean;
};

/** A DATE / DATE-TIME whose TZID has been resolved; `zone: null` is a floating time. */
export type EventTime =
  | { kind: 'date'; days: number }
  | { kind: 'utc'; seconds: number }
  | { kind: 'wall'; wallSeconds: number; zone: Zone | null };

/** An RDATE; a PERIOD value (RFC 5545 3.3.9) brings its own end or duration. */
export type RecurrenceDate = { time: EventTime; end: EventTime | null; duration: Duration | null };

/** One VEVENT as the engine needs it; everything else in the block is dropped at parse time. */
export type EventRecord = {
  line: number;
  uid: string;
  start: EventTime;
  /** exact seconds (DTEND, or DURATION's time part) and nominal days (date spans, DURATION's days) */
  durationSeconds: number;
  durationDays: number;
  allDay: boolean;
  recurrenceId: EventTime | null;
  /** RECURRENCE-ID;RANGE=THISANDFUTURE: the override's changes also apply to every later instance */
  thisAndFuture: boolean;
  rule: RecurrenceRule | null;
  /** RRULE (even an unreadable one) or RDATE present: instances carry a recurrence id */
  recurring: boolean;
  rdates: RecurrenceDate[];
  exdates: EventTime[];
  summary: string;
  location: string | null;
  busyStatus: BusyStatus;
  /** the status came from X-MICROSOFT-CDO-BUSYSTATUS (its own or its master's) */
  hasCdoBusyStatus: boolean;
  private: boolean;
  cancelled: boolean;
  sequence: number;
  /** zone used for Exchange's UTC UNTIL / DATE-TIME EXDATE on all-day series */
  referenceZone: Zone | null;
};

export type Series = { uid: string; master: EventRecord | null; overrides: EventRecord[] };

export type ParsedFeed = {
  calendar: { name: string | null; timeZone: string | null; detailLevel: DetailLevel; eventCount: number };
  warnings: FeedWarning[];
  series: Series[];
};

export type FeedError = { code: 'not_ics' | 'invalid_ics'; line: number | null; message: string };

export type ExpandWindow = { from: string; to: string };
export type ExpandOptions = { viewerTimeZone?: string };
