import { SECONDS_PER_DAY } from './civil-time.ts';
import type { Component, Property } from './build-components.ts';
import { isBlankDescription } from './event-fields.ts';
import { parseDuration, parsePeriodList, parseTimeList, parseTimeValue, unescapeText, type Duration, type RawTime } from './ical-values.ts';
import { parseRecurrenceRule, type RecurrenceRule } from './recurrence-rule.ts';
import type { EventTime, FeedWarning, RecurrenceDate } from './types.ts';
import type { Zone } from './zone.ts';

/** A VEVENT before overrides are merged with their master (which may come later in the file). */
export type EventDraft = {
  line: number;
  uid: string;
  start: EventTime;
  end: EventTime | null;
  duration: Duration | null;
  recurrenceId: EventTime | null;
  thisAndFuture: boolean;
  rule: RecurrenceRule | null;
  recurring: boolean;
  rdates: RecurrenceDate[];
  exdates: EventTime[];
  summary: string | null;
  location: string | null;
  cdoBusyStatus: string | null;
  transp: string | null;
  classValue: string | null;
  status: string | null;
  sequence: number;
  hasDetails: boolean;
};

export type EventContext = { resolveZone: (tzid: string, line: number | null) => Zone; warnings: FeedWarning[] };

function bind(raw: RawTime, context: EventContext, line: number): EventTime {
  if (raw.kind !== 'wall') return raw;
  return { kind: 'wall', wallSeconds: raw.wallSeconds, zone: raw.tzid === null ? null : context.resolveZone(raw.tzid, line) };
}

function readTime(property: Property | undefined, context: EventContext): EventTime | null | undefined {
  if (!property) return undefined;
  const raw = parseTimeValue(property.value, property.params?.TZID ?? null);
  if (!raw) {
    context.warnings.push({
      code: 'invalid_value',
      line: property.line,
      message: `unreadable ${property.name} "${property.value.slice(0, 40)}"`,
    });
    return null;
  }
  return bind(raw, context, property.line);
}

function readTimeLists(properties: Property[], context: EventContext): EventTime[] {
  const result: EventTime[] = [];
  for (const property of properties) {
    const name = property.name;
    const { values, invalid } = parseTimeList(property.value, property.params?.TZID ?? null);
    if (invalid > 0)
      context.warnings.push({ code: 'invalid_value', line: property.line, message: `skipped ${invalid} unreadable ${name} value(s)` });
    for (const value of values) result.push(bind(value, context, property.line));
  }
  return result;
}

function readPeriodLists(properties: Property[], context: EventContext): RecurrenceDate[] {
  const result: RecurrenceDate[] = [];
  for (const property of properties) {
    const { values, invalid } = parsePeriodList(property.value, property.params?.TZID ?? null);
    if (invalid > 0)
      context.warnings.push({ code: 'invalid_value', line: property.line, message: `skipped ${invalid} unreadable RDATE value(s)` });
    for (const value of values) {
      result.push({
        time: bind(value.start, context, property.line),
        end: value.end ? bind(value.end, context, property.line) : null,
        duration: value.duration,
      });
    }
  }
  return result;
}

function hashText(text: string): string {
  // FNV-1a: a stable key for UID-less events, not a security measure
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

function isMidnight(time: EventTime | null): boolean {
  return time?.kind === 'wall' && time.wallSeconds % SECONDS_PER_DAY === 0;
}

type Picked = {
  first: Map<string, Property>;
  rrules: Property[];
  rdates: Property[];
  exdates: Property[];
  hasDetails: boolean;
};

function pick(component: Component): Picked {
  const picked: Picked = { first: new Map(), rrules: [], rdates: [], exdates: [], hasDetails: false };
  for (const property of component.properties) {
    switch (property.name) {
      case 'RRULE':
        picked.rrules.push(property);
        break;
      case 'RDATE':
        picked.rdates.push(property);
        break;
      case 'EXDATE':
        picked.exdates.push(property);
        break;
      case 'ATTENDEE':
      case 'ORGANIZER':
        picked.hasDetails = true;
        break;
      case 'DESCRIPTION':
      case 'X-ALT-DESC':
        if (!picked.hasDetails && !isBlankDescription(property.value)) picked.hasDetails = true;
        break;
      default:
        // a duplicated line keeps its first value
        if (!picked.first.has(property.name)) picked.first.set(property.name, property);
    }
  }
  return picked;
}

export function readEvent(component: Component, context: EventContext): EventDraft | null {
  const picked = pick(component);
  const byName = picked.first;
  const text = (name: string): string | null => {
    const property = byName.get(name);
    return property ? unescapeText(property.value) : null;
  };
  const dtstart = byName.get('DTSTART');
  let start = readTime(dtstart, context);
  if (!start) {
    if (start === undefined)
      context.warnings.push({ code: 'missing_dtstart', line: component.line, message: 'skipped a VEVENT without DTSTART' });
    return null;
  }
  let end = readTime(byName.get('DTEND'), context) ?? null;
  const durationProperty = byName.get('DURATION');
  const duration = durationProperty ? parseDuration(durationProperty.value) : null;
  if (durationProperty && !duration)
    context.warnings.push({
      code: 'invalid_value',
      line: durationProperty.line,
      message: `unreadable DURATION "${durationProperty.value}"`,
    });
  const allDayFlag = text('X-MICROSOFT-CDO-ALLDAYEVENT')?.trim().toUpperCase() === 'TRUE';
  // Outlook marks all-day items written as local midnights; they are dates, not instants
  if (allDayFlag && start.kind === 'wall' && isMidnight(start) && (end === null || isMidnight(end))) {
    start = { kind: 'date', days: start.wallSeconds / SECONDS_PER_DAY };
    if (end?.kind === 'wall') end = { kind: 'date', days: end.wallSeconds / SECONDS_PER_DAY };
  }
  const summary = text('SUMMARY');
  const uidText = text('UID')?.trim() ?? '';
  const hasUid = uidText !== '';
  if (!hasUid) {
    context.warnings.push({
      code: 'missing_uid',
      line: component.line,
      message: 'a VEVENT without UID got a key from its DTSTART and SUMMARY',
    });
  }
  let rule: RecurrenceRule | null = null;
  if (picked.rrules.length > 1)
    context.warnings.push({
      code: 'multiple_rrule',
      line: picked.rrules[1]?.line ?? null,
      message: 'used only the first of several RRULE lines',
    });
  const firstRule = picked.rrules[0];
  if (firstRule) {
    const parsed = parseRecurrenceRule(firstRule.value);
    if (typeof parsed === 'string')
      context.warnings.push({ code: 'invalid_rrule', line: firstRule.line, message: `kept only the first instance: ${parsed}` });
    else rule = parsed;
  }
  const rdates = readPeriodLists(picked.rdates, context);
  const recurrenceIdProperty = byName.get('RECURRENCE-ID');
  const recurrenceId = readTime(recurrenceIdProperty, context);
  if (recurrenceId === null) return null;
  const sequence = Number.parseInt(byName.get('SEQUENCE')?.value ?? '0', 10);
  return {
    line: component.line,
    uid: hasUid ? uidText : `no-uid-${hashText(`${dtstart?.value ?? ''}|${summary ?? ''}`)}`,
    start,
    end,
    duration,
    recurrenceId: recurrenceId ?? null,
    thisAndFuture: recurrenceIdProperty?.params?.RANGE?.trim().toUpperCase() === 'THISANDFUTURE',
    rule,
    recurring: picked.rrules.length > 0 || rdates.length > 0,
    rdates,
    exdates: readTimeLists(picked.exdates, context),
    summary,
    location: text('LOCATION'),
    cdoBusyStatus: byName.get('X-MICROSOFT-CDO-BUSYSTATUS')?.value ?? null,
    transp: byName.get('TRANSP')?.value ?? null,
    classValue: byName.get('CLASS')?.value ?? null,
    status: byName.get('STATUS')?.value ?? null,
    sequence: Number.isFinite(sequence) ? sequence : 0,
    hasDetails: picked.hasDetails,
  };
}
