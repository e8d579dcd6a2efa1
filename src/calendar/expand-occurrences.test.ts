import { describe, expect, it } from 'vitest';
import { expandOccurrencesWithWarnings } from './read-feed.ts';
import { expand, icsBody, parsed, starts } from './test-feed.ts';

describe('time zones across DST changes', () => {
  it('keeps a Monday 09:00 Prague meeting at 09:00 across the October change', () => {
    const occurrences = expand([['DTSTART;TZID=Europe/Prague:20271018T090000', 'DTEND;TZID=Europe/Prague:20271018T100000', 'RRULE:FREQ=WEEKLY;BYDAY=MO', 'SUMMARY:Porada']],
      '2027-10-18T00:00:00Z', '2027-11-02T00:00:00Z');
    expect(starts(occurrences)).toEqual(['2027-10-18T07:00:00Z', '2027-10-25T07:00:00Z', '2027-11-01T08:00:00Z']);
  });

  it('keeps a Sydney 09:00 meeting at 09:00 when Australia leaves and enters daylight time', () => {
    const occurrences = expand([['DTSTART;TZID=Australia/Sydney:20270329T090000', 'DTEND;TZID=Australia/Sydney:20270329T093000', 'RRULE:FREQ=WEEKLY;INTERVAL=28']],
      '2027-03-01T00:00:00Z', '2027-11-01T00:00:00Z');
    // AEDT (+11) until 4 Apr 2027, AEST (+10) until 3 Oct 2027, then AEDT again
    expect(starts(occurrences)).toEqual(['2027-03-28T22:00:00Z', '2027-10-10T22:00:00Z']);
  });

  it('follows the UK change on the last Sunday of March for a GMT Standard Time item without VTIMEZONE', () => {
    const occurrences = expand([['DTSTART;TZID=GMT Standard Time:20270326T090000', 'DTEND;TZID=GMT Standard Time:20270326T100000', 'RRULE:FREQ=DAILY;COUNT=4']],
      '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z');
    expect(starts(occurrences)).toEqual(['2027-03-26T09:00:00Z', '2027-03-27T09:00:00Z', '2027-03-28T08:00:00Z', '2027-03-29T08:00:00Z']);
  });

  it('follows the US change on the second Sunday of March for Eastern Standard Time without VTIMEZONE', () => {
    const occurrences = expand([['DTSTART;TZID=Eastern Standard Time:20270312T090000', 'DTEND;TZID=Eastern Standard Time:20270312T100000', 'RRULE:FREQ=DAILY;COUNT=3']],
      '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z');
    expect(starts(occurrences)).toEqual(['2027-03-12T14:00:00Z', '2027-03-13T14:00:00Z', '2027-03-14T13:00:00Z']);
  });

  it('reads 02:30 in the repeated October hour as its first (summer-time) occurrence', () => {
    const [occurrence] = expand([['DTSTART;TZID=Europe/Berlin:20271031T023000', 'DTEND;TZID=Europe/Berlin:20271031T033000']], '2027-10-30T00:00:00Z', '2027-11-01T00:00:00Z');
    // 02:30 CEST = 00:30Z; 03:30 CET = 02:30Z: two hours elapse
    expect(occurrence).toMatchObject({ start: '2027-10-31T00:30:00Z', end: '2027-10-31T02:30:00Z' });
  });

  it('reads 02:30 in the missing March hour with the offset before the gap (RFC 5545 3.3.5)', () => {
    const [occurrence] = expand([['DTSTART;TZID=Europe/Berlin:20270328T023000', 'DTEND;TZID=Europe/Berlin:20270328T040000']], '2027-03-27T00:00:00Z', '2027-03-29T00:00:00Z');
    expect(occurrence).toMatchObject({ start: '2027-03-28T01:30:00Z', end: '2027-03-28T02:00:00Z' });
  });

  it('keeps the last instance when UNTIL equals its start in summer time but the series began in winter', () => {
    const occurrences = expand([['DTSTART;TZID=W. Europe Standard Time:20270315T100000', 'DTEND;TZID=W. Europe Standard Time:20270315T110000', 'RRULE:FREQ=WEEKLY;UNTIL=20270405T080000Z;BYDAY=MO']],
      '2027-03-01T00:00:00Z', '2027-05-01T00:00:00Z');
    expect(starts(occurrences)).toEqual(['2027-03-15T09:00:00Z', '2027-03-22T09:00:00Z', '2027-03-29T08:00:00Z', '2027-04-05T08:00:00Z']);
  });

  it('places floating times in the viewer time zone', () => {
    const events = [['DTSTART:20270310T090000', 'DTEND:20270310T100000']];
    expect(starts(expand(events, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z', { viewerTimeZone: 'America/New_York' }))).toEqual(['2027-03-10T14:00:00Z']);
    expect(starts(expand(events, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z'))).toEqual(['2027-03-10T09:00:00Z']);
  });

  it('resolves Outlook display-name TZIDs and the " 1" suffix without a VTIMEZONE', () => {
    const occurrences = expand([
      ['UID:a', 'DTSTART;TZID="(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna":20270701T090000', 'DURATION:PT1H'],
      ['UID:b', 'DTSTART;TZID=Central Europe Standard Time 1:20270701T100000', 'DURATION:PT1H'],
    ], '2027-07-01T00:00:00Z', '2027-07-02T00:00:00Z');
    expect(starts(occurrences)).toEqual(['2027-07-01T07:00:00Z', '2027-07-01T08:00:00Z']);
  });

  it('falls back to UTC with a warning for an unknown TZID in a feed without zones', () => {
    const feed = parsed(icsBody([['DTSTART;TZID=Mars/Olympus:20270701T090000']]));
    expect(feed.warnings.map((warning) => warning.code)).toEqual(['unknown_timezone']);
    expect(feed.warnings[0]?.line).toBe(6); // the DTSTART line, after the UID the helper adds
  });

  it('adds nominal days of a DURATION across a DST change (RFC 5545 3.3.6)', () => {
    const [occurrence] = expand([['DTSTART;TZID=Europe/Berlin:20270327T100000', 'DURATION:P1D']], '2027-03-27T00:00:00Z', '2027-03-29T00:00:00Z');
    expect(occurrence).toMatchObject({ start: '2027-03-27T09:00:00Z', end: '2027-03-28T08:00:00Z' });
  });
});

describe('recurrence rules', () => {
  const utc = (rule: string, dtstart = '19970805T090000Z') => [[`DTSTART:${dtstart}`, 'DURATION:PT1H', rule]];

  it('honours WKST in biweekly rules (RFC 5545 3.3.10 example)', () => {
    const monday = expand(utc('RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO'), '1997-08-01T00:00:00Z', '1997-09-30T00:00:00Z');
    const sunday = expand(utc('RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU'), '1997-08-01T00:00:00Z', '1997-09-30T00:00:00Z');
    expect(starts(monday).map((start) => start.slice(0, 10))).toEqual(['1997-08-05', '1997-08-10', '1997-08-19', '1997-08-24']);
    expect(starts(sunday).map((start) => start.slice(0, 10))).toEqual(['1997-08-05', '1997-08-17', '1997-08-19', '1997-08-31']);
  });

  it('finds the last Friday of each month with BYDAY=-1FR', () => {
    const occurrences = expand(utc('RRULE:FREQ=MONTHLY;BYDAY=-1FR', '20270129T090000Z'), '2027-01-01T00:00:00Z', '2027-06-01T00:00:00Z');
    expect(starts(occurrences).map((start) => start.slice(0, 10))).toEqual(['2027-01-29', '2027-02-26', '2027-03-26', '2027-04-30', '2027-05-28']);
  });

  it('finds the second Tuesday with BYDAY=2TU and the last weekday with BYSETPOS=-1', () => {
    const second = expand(utc('RRULE:FREQ=MONTHLY;COUNT=3;BYDAY=2TU', '20270112T090000Z'), '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z');
    const lastWorkday = expand(utc('RRULE:FREQ=MONTHLY;COUNT=3;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1', '20270129T090000Z'), '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z');
    expect(starts(second).map((start) => start.slice(0, 10))).toEqual(['2027-01-12', '2027-02-09', '2027-03-09']);
    expect(starts(lastWorkday).map((start) => start.slice(0, 10))).toEqual(['2027-01-29', '2027-02-26', '2027-03-31']);
  });

  it('drops impossible days such as BYMONTHDAY=30 in February instead of moving them to March', () => {
    const yearly = expand(utc('RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', '20270130T090000Z'), '2027-01-01T00:00:00Z', '2031-01-01T00:00:00Z');
    expect(starts(yearly)).toEqual(['2027-01-30T09:00:00Z']);
    const monthly = expand(utc('RRULE:FREQ=MONTHLY;COUNT=3;BYMONTHDAY=30', '20270130T090000Z'), '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z');
    expect(starts(monthly).map((start) => start.slice(0, 10))).toEqual(['2027-01-30', '2027-03-30', '2027-04-30']);
  });

  it('repeats a 29 February birthday only in leap years (YEARLY)', () => {
    const occurrences = expand([['DTSTART;VALUE=DATE:20240229', 'RRULE:FREQ=YEARLY']], '2024-01-01T00:00:00Z', '2033-01-01T00:00:00Z');
    expect(starts(occurrences)).toEqual(['2024-02-29', '2028-02-29', '2032-02-29']);
  });

  it('returns at once for a DAILY rule that can never match (ical.js hangs on it)', () => {
    const started = performance.now();
    const occurrences = expand(utc('RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', '20270101T090000Z'), '2027-01-01T00:00:00Z', '2037-01-01T00:00:00Z');
    expect(starts(occurrences)).toEqual(['2027-01-01T09:00:00Z']);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('counts excluded instances towards COUNT', () => {
    const occurrences = expand([['DTSTART:20270301T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=3', 'EXDATE:20270302T090000Z']], '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z');
    expect(starts(occurrences)).toEqual(['2027-03-01T09:00:00Z', '2027-03-03T09:00:00Z']);
  });

  it('adds RDATE instances (with their own TZID) once, next to the rule', () => {
    const occurrences = expand([['DTSTART;TZID=Europe/Berlin:20270301T090000', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=2',
      'RDATE;TZID=Europe/Berlin:20270303T150000,20270308T090000', 'RDATE:20270320T120000Z']], '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z');
    expect(occurrences.map((occurrence) => occurrence.recurrenceId)).toEqual(['2027-03-01T08:00:00Z', '2027-03-03T14:00:00Z', '2027-03-08T08:00:00Z', '2027-03-20T12:00:00Z']);
  });

  it('treats DTSTART as the first instance even off the rule (RFC 5545 3.6.1)', () => {
    const occurrences = expand(utc('RRULE:FREQ=WEEKLY;COUNT=2;BYDAY=FR', '20270301T090000Z'), '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z');
    expect(starts(occurrences).map((start) => start.slice(0, 10))).toEqual(['2027-03-01', '2027-03-05']);
  });

  it('stops a runaway series at the per-series limit with a warning', () => {
    const feed = parsed(icsBody(utc('RRULE:FREQ=MINUTELY', '20270101T000000Z')));
    const { occurrences, warnings } = expandOccurrencesWithWarnings(feed, { from: '2027-01-01T00:00:00Z', to: '2027-03-01T00:00:00Z' });
    expect(occurrences).toHaveLength(10_000);
    expect(warnings.map((warning) => warning.code)).toEqual(['limit_reached']);
  });

  it('bounds the work of a whole feed of rules that never match, with a warning', () => {
    const events = Array.from({ length: 300 }, (_, index) => [`UID:h${index}`, 'DTSTART:19000101T090000Z', 'RRULE:FREQ=DAILY;COUNT=5;BYMONTH=2;BYMONTHDAY=30']);
    const started = performance.now();
    const { warnings } = expandOccurrencesWithWarnings(parsed(icsBody(events)), { from: '2027-01-01T00:00:00Z', to: '2027-02-01T00:00:00Z' });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(warnings.some((warning) => warning.code === 'limit_reached')).toBe(true);
  });

  it('bounds a VTIMEZONE whose rule fires every second', () => {
    const zone = ['BEGIN:VTIMEZONE', 'TZID:Busy', 'BEGIN:STANDARD', 'DTSTART:19000101T000000', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'RRULE:FREQ=SECONDLY', 'END:STANDARD', 'END:VTIMEZONE'];
    const started = performance.now();
    const occurrences = expand([['DTSTART;TZID=Busy:20270301T090000']], '2027-03-01T00:00:00Z', '2027-03-02T00:00:00Z', { header: zone });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(occurrences).toHaveLength(1);
  });

  it('keeps the first instance of a series whose RRULE cannot be read, with a warning', () => {
    const feed = parsed(icsBody(utc('RRULE:FREQ=FORTNIGHTLY', '20270301T090000Z')));
    expect(feed.warnings.map((warning) => warning.code)).toEqual(['invalid_rrule']);
    const { occurrences } = expandOccurrencesWithWarnings(feed, { from: '2027-03-01T00:00:00Z', to: '2027-04-01T00:00:00Z' });
    expect(occurrences.map((occurrence) => occurrence.recurrenceId)).toEqual(['2027-03-01T09:00:00Z']);
  });
});

describe('overrides and exceptions', () => {
  const master = ['UID:s', 'SUMMARY:Sync', 'LOCATION:Room 1', 'DTSTART:20270301T090000Z', 'DTEND:20270301T100000Z', 'RRULE:FREQ=WEEKLY;COUNT=10'];

  it('lists an override moved into the window from an instance outside it', () => {
    const occurrences = expand([['UID:s', 'RECURRENCE-ID:20270405T090000Z', 'SUMMARY:Moved', 'DTSTART:20270325T090000Z', 'DTEND:20270325T100000Z'], master],
      '2027-03-24T00:00:00Z', '2027-03-27T00:00:00Z');
    expect(occurrences).toMatchObject([{ recurrenceId: '2027-04-05T09:00:00Z', start: '2027-03-25T09:00:00Z', summary: 'Moved' }]);
  });

  it('drops an instance whose override moved it out of the window', () => {
    const occurrences = expand([master, ['UID:s', 'RECURRENCE-ID:20270308T090000Z', 'DTSTART:20270320T090000Z', 'DTEND:20270320T100000Z']],
      '2027-03-07T00:00:00Z', '2027-03-10T00:00:00Z');
    expect(occurrences).toEqual([]);
  });

  it('fills a partial override from its master and flags a cancelled one', () => {
    const occurrences = expand([master,
      ['UID:s', 'RECURRENCE-ID:20270308T090000Z', 'DTSTART:20270308T110000Z'],
      ['UID:s', 'RECURRENCE-ID:20270315T090000Z', 'DTSTART:20270315T090000Z', 'DTEND:20270315T100000Z', 'STATUS:CANCELLED']],
    '2027-03-07T00:00:00Z', '2027-03-16T00:00:00Z');
    expect(occurrences).toMatchObject([
      { start: '2027-03-08T11:00:00Z', end: '2027-03-08T12:00:00Z', summary: 'Sync', location: 'Room 1', cancelled: false },
      { start: '2027-03-15T09:00:00Z', cancelled: true },
    ]);
  });

  it('lets EXDATE win over an override of the same instance (RFC 5545 3.8.5.1)', () => {
    const occurrences = expand([[...master, 'EXDATE:20270308T090000Z'], ['UID:s', 'RECURRENCE-ID:20270308T090000Z', 'DTSTART:20270308T110000Z']],
      '2027-03-07T00:00:00Z', '2027-03-10T00:00:00Z');
    expect(occurrences).toEqual([]);
  });

  it('removes every instance of the day for a DATE EXDATE on a timed series', () => {
    const occurrences = expand([['DTSTART;TZID=Europe/Prague:20270301T090000', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=3', 'EXDATE;VALUE=DATE:20270302']],
      '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z');
    expect(starts(occurrences)).toEqual(['2027-03-01T08:00:00Z', '2027-03-03T08:00:00Z']);
  });

  it('matches a DATE-TIME EXDATE to a DATE series by its local date', () => {
    const occurrences = expand([['DTSTART;VALUE=DATE:20270301', 'RRULE:FREQ=DAILY;COUNT=3', 'EXDATE;TZID=Europe/Prague:20270302T000000']],
      '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z');
    expect(occurrences.map((occurrence) => occurrence.recurrenceId)).toEqual(['2027-03-01', '2027-03-03']);
  });
});

describe('event fields', () => {
  it('gives UID-less events a stable key from DTSTART and SUMMARY, with a warning', () => {
    const body = icsBody([['UID:', 'DTSTART:20270301T090000Z', 'SUMMARY:Lunch']]);
    const first = parsed(body), second = parsed(body);
    const [a] = expandOccurrencesWithWarnings(first, { from: '2027-03-01T00:00:00Z', to: '2027-03-02T00:00:00Z' }).occurrences;
    const [b] = expandOccurrencesWithWarnings(second, { from: '2027-03-01T00:00:00Z', to: '2027-03-02T00:00:00Z' }).occurrences;
    expect(a?.uid).toMatch(/^no-uid-[0-9a-f]{8}$/);
    expect(a?.uid).toBe(b?.uid);
    expect(first.warnings.map((warning) => warning.code)).toEqual(['missing_uid']);
  });

  it('reads busy status from X-MICROSOFT-CDO-BUSYSTATUS, else TRANSP', () => {
    const occurrences = expand([
      ['UID:a', 'DTSTART:20270301T090000Z', 'X-MICROSOFT-CDO-BUSYSTATUS:OOF', 'TRANSP:OPAQUE'],
      ['UID:b', 'DTSTART:20270301T100000Z', 'TRANSP:TRANSPARENT'],
      ['UID:c', 'DTSTART:20270301T110000Z'],
    ], '2027-03-01T00:00:00Z', '2027-03-02T00:00:00Z');
    expect(occurrences.map((occurrence) => occurrence.busyStatus)).toEqual(['oof', 'free', 'busy']);
  });

  it('flags CONFIDENTIAL as private and localized cancel prefixes as cancelled', () => {
    const occurrences = expand([
      ['UID:a', 'DTSTART:20270301T090000Z', 'CLASS:CONFIDENTIAL', 'SUMMARY:Abgesagt: Jour fixe'],
      ['UID:b', 'DTSTART:20270301T100000Z', 'SUMMARY:Annulé : Revue'],
      ['UID:c', 'DTSTART:20270301T110000Z', 'SUMMARY:Cancelation policy talk'],
    ], '2027-03-01T00:00:00Z', '2027-03-02T00:00:00Z');
    expect(occurrences.map((o) => [o.private, o.cancelled])).toEqual([[true, true], [false, true], [false, false]]);
  });
});
