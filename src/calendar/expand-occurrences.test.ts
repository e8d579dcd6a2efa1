import { describe, expect, it } from 'vitest';
import { icalJsOccurrences } from '../../bench/ics-peers.ts';
import { expandOccurrencesWithWarnings } from './read-feed.ts';
import { expand, icsBody, parsed, starts } from './test-feed.ts';

describe('time zones across DST changes', () => {
  it('keeps a Monday 09:00 Prague meeting at 09:00 across the October change', () => {
    const occurrences = expand(
      [
        [
          'DTSTART;TZID=Europe/Prague:20271018T090000',
          'DTEND;TZID=Europe/Prague:20271018T100000',
          'RRULE:FREQ=WEEKLY;BYDAY=MO',
          'SUMMARY:Porada',
        ],
      ],
      '2027-10-18T00:00:00Z',
      '2027-11-02T00:00:00Z',
    );
    expect(starts(occurrences)).toEqual(['2027-10-18T07:00:00Z', '2027-10-25T07:00:00Z', '2027-11-01T08:00:00Z']);
  });

  it('keeps a Sydney 09:00 meeting at 09:00 when Australia leaves and enters daylight time', () => {
    const occurrences = expand(
      [['DTSTART;TZID=Australia/Sydney:20270329T090000', 'DTEND;TZID=Australia/Sydney:20270329T093000', 'RRULE:FREQ=WEEKLY;INTERVAL=28']],
      '2027-03-01T00:00:00Z',
      '2027-11-01T00:00:00Z',
    );
    // AEDT (+11) until 4 Apr 2027, AEST (+10) until 3 Oct 2027, then AEDT again
    expect(starts(occurrences)).toEqual(['2027-03-28T22:00:00Z', '2027-10-10T22:00:00Z']);
  });

  it('follows the UK change on the last Sunday of March for a GMT Standard Time item without VTIMEZONE', () => {
    const occurrences = expand(
      [['DTSTART;TZID=GMT Standard Time:20270326T090000', 'DTEND;TZID=GMT Standard Time:20270326T100000', 'RRULE:FREQ=DAILY;COUNT=4']],
      '2027-03-01T00:00:00Z',
      '2027-04-01T00:00:00Z',
    );
    expect(starts(occurrences)).toEqual(['2027-03-26T09:00:00Z', '2027-03-27T09:00:00Z', '2027-03-28T08:00:00Z', '2027-03-29T08:00:00Z']);
  });

  it('follows the US change on the second Sunday of March for Eastern Standard Time without VTIMEZONE', () => {
    const occurrences = expand(
      [
        [
          'DTSTART;TZID=Eastern Standard Time:20270312T090000',
          'DTEND;TZID=Eastern Standard Time:20270312T100000',
          'RRULE:FREQ=DAILY;COUNT=3',
        ],
      ],
      '2027-03-01T00:00:00Z',
      '2027-04-01T00:00:00Z',
    );
    expect(starts(occurrences)).toEqual(['2027-03-12T14:00:00Z', '2027-03-13T14:00:00Z', '2027-03-14T13:00:00Z']);
  });

  it('reads 02:30 in the repeated October hour as its first (summer-time) occurrence', () => {
    const [occurrence] = expand(
      [['DTSTART;TZID=Europe/Berlin:20271031T023000', 'DTEND;TZID=Europe/Berlin:20271031T033000']],
      '2027-10-30T00:00:00Z',
      '2027-11-01T00:00:00Z',
    );
    // 02:30 CEST = 00:30Z; 03:30 CET = 02:30Z: two hours elapse
    expect(occurrence).toMatchObject({ start: '2027-10-31T00:30:00Z', end: '2027-10-31T02:30:00Z' });
  });

  it('reads 02:30 in the missing March hour with the offset before the gap (RFC 5545 3.3.5)', () => {
    const [occurrence] = expand(
      [['DTSTART;TZID=Europe/Berlin:20270328T023000', 'DTEND;TZID=Europe/Berlin:20270328T040000']],
      '2027-03-27T00:00:00Z',
      '2027-03-29T00:00:00Z',
    );
    expect(occurrence).toMatchObject({ start: '2027-03-28T01:30:00Z', end: '2027-03-28T02:00:00Z' });
  });

  it('keeps the last instance when UNTIL equals its start in summer time but the series began in winter', () => {
    const occurrences = expand(
      [
        [
          'DTSTART;TZID=W. Europe Standard Time:20270315T100000',
          'DTEND;TZID=W. Europe Standard Time:20270315T110000',
          'RRULE:FREQ=WEEKLY;UNTIL=20270405T080000Z;BYDAY=MO',
        ],
      ],
      '2027-03-01T00:00:00Z',
      '2027-05-01T00:00:00Z',
    );
    expect(starts(occurrences)).toEqual(['2027-03-15T09:00:00Z', '2027-03-22T09:00:00Z', '2027-03-29T08:00:00Z', '2027-04-05T08:00:00Z']);
  });

  it('places floating times in the viewer time zone', () => {
    const events = [['DTSTART:20270310T090000', 'DTEND:20270310T100000']];
    expect(starts(expand(events, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z', { viewerTimeZone: 'America/New_York' }))).toEqual([
      '2027-03-10T14:00:00Z',
    ]);
    expect(starts(expand(events, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z'))).toEqual(['2027-03-10T09:00:00Z']);
  });

  it('resolves Outlook display-name TZIDs and the " 1" suffix without a VTIMEZONE', () => {
    const occurrences = expand(
      [
        ['UID:a', 'DTSTART;TZID="(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna":20270701T090000', 'DURATION:PT1H'],
        ['UID:b', 'DTSTART;TZID=Central Europe Standard Time 1:20270701T100000', 'DURATION:PT1H'],
      ],
      '2027-07-01T00:00:00Z',
      '2027-07-02T00:00:00Z',
    );
    expect(starts(occurrences)).toEqual(['2027-07-01T07:00:00Z', '2027-07-01T08:00:00Z']);
  });

  it('falls back to UTC with a warning for an unknown TZID in a feed without zones', () => {
    const feed = parsed(icsBody([['DTSTART;TZID=Mars/Olympus:20270701T090000']]));
    expect(feed.warnings.map((warning) => warning.code)).toEqual(['unknown_timezone']);
    expect(feed.warnings[0]?.line).toBe(6); // the DTSTART line, after the UID the helper adds
  });

  it('reads a VTIMEZONE with historic observances ending on UNTIL (US rules before and after 2007)', () => {
    const zone = [
      'BEGIN:VTIMEZONE',
      'TZID:Old Eastern',
      'BEGIN:DAYLIGHT',
      'DTSTART:19870405T020000',
      'TZOFFSETFROM:-0500',
      'TZOFFSETTO:-0400',
      'RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU;UNTIL=20060402T070000Z',
      'END:DAYLIGHT',
      'BEGIN:STANDARD',
      'DTSTART:19671029T020000',
      'TZOFFSETFROM:-0400',
      'TZOFFSETTO:-0500',
      'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;UNTIL=20061029T060000Z',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:20070311T020000',
      'TZOFFSETFROM:-0500',
      'TZOFFSETTO:-0400',
      'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
      'END:DAYLIGHT',
      'BEGIN:STANDARD',
      'DTSTART:20071104T020000',
      'TZOFFSETFROM:-0400',
      'TZOFFSETTO:-0500',
      'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
      'END:STANDARD',
      'END:VTIMEZONE',
    ];
    const events = ['20050320', '20050410', '20051028', '20051031', '20270310', '20270320', '20271105'].map((day, index) => [
      `UID:z${index}`,
      `DTSTART;TZID=Old Eastern:${day}T090000`,
    ]);
    const occurrences = expand(events, '2005-01-01T00:00:00Z', '2028-01-01T00:00:00Z', { header: zone });
    expect(starts(occurrences)).toEqual([
      '2005-03-20T14:00:00Z',
      '2005-04-10T13:00:00Z',
      '2005-10-28T13:00:00Z',
      '2005-10-31T14:00:00Z',
      '2027-03-10T14:00:00Z',
      '2027-03-20T13:00:00Z',
      '2027-11-05T13:00:00Z',
    ]);
  });

  it('refuses an unknown viewer time zone', () => {
    expect(() =>
      expand([['DTSTART:20270301T090000Z']], '2027-03-01T00:00:00Z', '2027-03-02T00:00:00Z', { viewerTimeZone: 'Mars/Base' }),
    ).toThrow(RangeError);
  });

  it('adds nominal days of a DURATION across a DST change (RFC 5545 3.3.6)', () => {
    const [occurrence] = expand(
      [['DTSTART;TZID=Europe/Berlin:20270327T100000', 'DURATION:P1D']],
      '2027-03-27T00:00:00Z',
      '2027-03-29T00:00:00Z',
    );
    expect(occurrence).toMatchObject({ start: '2027-03-27T09:00:00Z', end: '2027-03-28T08:00:00Z' });
  });
});

describe('overrides and exceptions', () => {
  const master = [
    'UID:s',
    'SUMMARY:Sync',
    'LOCATION:Room 1',
    'DTSTART:20270301T090000Z',
    'DTEND:20270301T100000Z',
    'RRULE:FREQ=WEEKLY;COUNT=10',
  ];

  it('lists an override moved into the window from an instance outside it', () => {
    const occurrences = expand(
      [['UID:s', 'RECURRENCE-ID:20270405T090000Z', 'SUMMARY:Moved', 'DTSTART:20270325T090000Z', 'DTEND:20270325T100000Z'], master],
      '2027-03-24T00:00:00Z',
      '2027-03-27T00:00:00Z',
    );
    expect(occurrences).toMatchObject([{ recurrenceId: '2027-04-05T09:00:00Z', start: '2027-03-25T09:00:00Z', summary: 'Moved' }]);
  });

  it('drops an instance whose override moved it out of the window', () => {
    const occurrences = expand(
      [master, ['UID:s', 'RECURRENCE-ID:20270308T090000Z', 'DTSTART:20270320T090000Z', 'DTEND:20270320T100000Z']],
      '2027-03-07T00:00:00Z',
      '2027-03-10T00:00:00Z',
    );
    expect(occurrences).toEqual([]);
  });

  it('fills a partial override from its master and flags a cancelled one', () => {
    const occurrences = expand(
      [
        master,
        ['UID:s', 'RECURRENCE-ID:20270308T090000Z', 'DTSTART:20270308T110000Z'],
        ['UID:s', 'RECURRENCE-ID:20270315T090000Z', 'DTSTART:20270315T090000Z', 'DTEND:20270315T100000Z', 'STATUS:CANCELLED'],
      ],
      '2027-03-07T00:00:00Z',
      '2027-03-16T00:00:00Z',
    );
    expect(occurrences).toMatchObject([
      { start: '2027-03-08T11:00:00Z', end: '2027-03-08T12:00:00Z', summary: 'Sync', location: 'Room 1', cancelled: false },
      { start: '2027-03-15T09:00:00Z', cancelled: true },
    ]);
  });

  it('lets EXDATE win over an override of the same instance (RFC 5545 3.8.5.1)', () => {
    const occurrences = expand(
      [
        [...master, 'EXDATE:20270308T090000Z'],
        ['UID:s', 'RECURRENCE-ID:20270308T090000Z', 'DTSTART:20270308T110000Z'],
      ],
      '2027-03-07T00:00:00Z',
      '2027-03-10T00:00:00Z',
    );
    expect(occurrences).toEqual([]);
  });

  it('removes every instance of the day for a DATE EXDATE on a timed series', () => {
    const occurrences = expand(
      [['DTSTART;TZID=Europe/Prague:20270301T090000', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=3', 'EXDATE;VALUE=DATE:20270302']],
      '2027-03-01T00:00:00Z',
      '2027-04-01T00:00:00Z',
    );
    expect(starts(occurrences)).toEqual(['2027-03-01T08:00:00Z', '2027-03-03T08:00:00Z']);
  });

  it('reads a UTC UNTIL of an all-day series in the viewer zone when the feed names no zone', () => {
    const occurrences = expand(
      [['DTSTART;VALUE=DATE:20270305', 'RRULE:FREQ=WEEKLY;UNTIL=20270318T230000Z']],
      '2027-03-01T00:00:00Z',
      '2027-04-01T00:00:00Z',
      { viewerTimeZone: 'Europe/Prague' },
    );
    // 18 Mar 23:00Z is 19 Mar 00:00 in Prague: Exchange's "local midnight of the last day"
    expect(starts(occurrences)).toEqual(['2027-03-05', '2027-03-12', '2027-03-19']);
  });

  it('matches a DATE-TIME EXDATE to a DATE series by its local date', () => {
    const occurrences = expand(
      [['DTSTART;VALUE=DATE:20270301', 'RRULE:FREQ=DAILY;COUNT=3', 'EXDATE;TZID=Europe/Prague:20270302T000000']],
      '2027-03-01T00:00:00Z',
      '2027-04-01T00:00:00Z',
    );
    expect(occurrences.map((occurrence) => occurrence.recurrenceId)).toEqual(['2027-03-01', '2027-03-03']);
  });
});

describe('event fields', () => {
  it('gives UID-less events a stable key from DTSTART and SUMMARY, with a warning', () => {
    const body = icsBody([['UID:', 'DTSTART:20270301T090000Z', 'SUMMARY:Lunch']]);
    const first = parsed(body),
      second = parsed(body);
    const [a] = expandOccurrencesWithWarnings(first, { from: '2027-03-01T00:00:00Z', to: '2027-03-02T00:00:00Z' }).occurrences;
    const [b] = expandOccurrencesWithWarnings(second, { from: '2027-03-01T00:00:00Z', to: '2027-03-02T00:00:00Z' }).occurrences;
    expect(a?.uid).toMatch(/^no-uid-[0-9a-f]{8}$/);
    expect(a?.uid).toBe(b?.uid);
    expect(first.warnings.map((warning) => warning.code)).toEqual(['missing_uid']);
  });

  it('reads busy status from X-MICROSOFT-CDO-BUSYSTATUS, else TRANSP', () => {
    const occurrences = expand(
      [
        ['UID:a', 'DTSTART:20270301T090000Z', 'X-MICROSOFT-CDO-BUSYSTATUS:OOF', 'TRANSP:OPAQUE'],
        ['UID:b', 'DTSTART:20270301T100000Z', 'TRANSP:TRANSPARENT'],
        ['UID:c', 'DTSTART:20270301T110000Z'],
      ],
      '2027-03-01T00:00:00Z',
      '2027-03-02T00:00:00Z',
    );
    expect(occurrences.map((occurrence) => occurrence.busyStatus)).toEqual(['oof', 'free', 'busy']);
  });

  it('flags CONFIDENTIAL as private and localized cancel prefixes as cancelled', () => {
    const occurrences = expand(
      [
        ['UID:a', 'DTSTART:20270301T090000Z', 'CLASS:CONFIDENTIAL', 'SUMMARY:Abgesagt: Jour fixe'],
        ['UID:b', 'DTSTART:20270301T100000Z', 'SUMMARY:Annulé : Revue'],
        ['UID:c', 'DTSTART:20270301T110000Z', 'SUMMARY:Cancelation policy talk'],
      ],
      '2027-03-01T00:00:00Z',
      '2027-03-02T00:00:00Z',
    );
    expect(occurrences.map((o) => [o.private, o.cancelled])).toEqual([
      [true, true],
      [false, true],
      [false, false],
    ]);
  });
});

describe('ranges, periods and week numbers (RFC 5545 3.8.4.4, 3.3.9, 3.3.10)', () => {
  const icalJs = (events: string[][], from: string, to: string) =>
    icalJsOccurrences(new TextDecoder().decode(icsBody(events)), { from, to }).map((occurrence) => `${occurrence.start}/${occurrence.end}`);
  const spans = (events: string[][], from: string, to: string) =>
    expand(events, from, to).map((occurrence) => `${occurrence.start}/${occurrence.end}`);

  it.each([
    {
      name: 'a timed series moved three hours later and made longer',
      events: [
        ['UID:s', 'DTSTART:20270301T090000Z', 'DTEND:20270301T100000Z', 'RRULE:FREQ=WEEKLY;COUNT=6', 'SUMMARY:Old'],
        [
          'UID:s',
          'RECURRENCE-ID;RANGE=THISANDFUTURE:20270315T090000Z',
          'DTSTART:20270315T120000Z',
          'DTEND:20270315T133000Z',
          'SUMMARY:New',
        ],
      ],
    },
    {
      name: 'an all-day series moved a day later and made two days long',
      events: [
        ['UID:a', 'DTSTART;VALUE=DATE:20270301', 'DTEND;VALUE=DATE:20270302', 'RRULE:FREQ=WEEKLY;COUNT=5', 'SUMMARY:Old'],
        [
          'UID:a',
          'RECURRENCE-ID;RANGE=THISANDFUTURE;VALUE=DATE:20270315',
          'DTSTART;VALUE=DATE:20270316',
          'DTEND;VALUE=DATE:20270318',
          'SUMMARY:New',
        ],
      ],
    },
  ])('applies a RANGE=THISANDFUTURE override to the rest of the series: $name (as ical.js)', ({ events }) => {
    const occurrences = expand(events, '2027-03-01T00:00:00Z', '2027-04-15T00:00:00Z');
    expect(occurrences.map((occurrence) => `${occurrence.start}/${occurrence.end}`)).toEqual(
      icalJs(events, '2027-03-01T00:00:00Z', '2027-04-15T00:00:00Z'),
    );
    expect(occurrences.map((occurrence) => occurrence.summary)).toEqual(['Old', 'Old', ...Array(occurrences.length - 2).fill('New')]);
    // each instance keeps its own recurrence id, so a tracked one stays the same occurrence
    expect(new Set(occurrences.map((occurrence) => occurrence.recurrenceId)).size).toBe(occurrences.length);
  });

  it('keeps a THISANDFUTURE shift at the same local time across a DST change, and lets a later override win', () => {
    const occurrences = expand(
      [
        ['UID:p', 'DTSTART;TZID=Europe/Prague:20270315T090000', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=4', 'SUMMARY:Porada'],
        [
          'UID:p',
          'RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Prague:20270322T090000',
          'DTSTART;TZID=Europe/Prague:20270322T140000',
          'DURATION:PT1H',
          'SUMMARY:Porada odpoledne',
        ],
        [
          'UID:p',
          'RECURRENCE-ID;TZID=Europe/Prague:20270405T090000',
          'DTSTART;TZID=Europe/Prague:20270405T110000',
          'DURATION:PT1H',
          'SUMMARY:Jednou jinak',
        ],
      ],
      '2027-03-01T00:00:00Z',
      '2027-05-01T00:00:00Z',
    );
    // Prague leaves winter time on 28 March 2027: 14:00 is 13:00Z before it and 12:00Z after
    expect(occurrences.map((occurrence) => [occurrence.start, occurrence.summary])).toEqual([
      ['2027-03-15T08:00:00Z', 'Porada'],
      ['2027-03-22T13:00:00Z', 'Porada odpoledne'],
      ['2027-03-29T12:00:00Z', 'Porada odpoledne'],
      ['2027-04-05T09:00:00Z', 'Jednou jinak'],
    ]);
  });

  it('brings an instance moved from before the window into it by a THISANDFUTURE shift', () => {
    const occurrences = expand(
      [
        ['UID:m', 'DTSTART:20270301T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=10'],
        ['UID:m', 'RECURRENCE-ID;RANGE=THISANDFUTURE:20270302T090000Z', 'DTSTART:20270305T090000Z', 'DURATION:PT1H'],
      ],
      '2027-03-10T00:00:00Z',
      '2027-03-11T00:00:00Z',
    );
    // the instance of 7 March moves by three days to the 10th
    expect(occurrences.map((occurrence) => [occurrence.recurrenceId, occurrence.start])).toEqual([
      ['2027-03-07T09:00:00Z', '2027-03-10T09:00:00Z'],
    ]);
  });

  it('keeps the end of an RDATE;VALUE=PERIOD, given as an end or as a duration', () => {
    const events = [
      [
        'UID:r',
        'DTSTART:20270301T090000Z',
        'DTEND:20270301T100000Z',
        'RRULE:FREQ=WEEKLY;COUNT=2',
        'RDATE;VALUE=PERIOD:20270320T120000Z/20270320T170000Z,20270322T080000Z/PT30M',
        'RDATE;VALUE=PERIOD;TZID=Europe/Prague:20270324T080000/20270324T093000',
      ],
    ];
    expect(spans(events, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z')).toEqual([
      '2027-03-01T09:00:00Z/2027-03-01T10:00:00Z',
      '2027-03-08T09:00:00Z/2027-03-08T10:00:00Z',
      '2027-03-20T12:00:00Z/2027-03-20T17:00:00Z',
      '2027-03-22T08:00:00Z/2027-03-22T08:30:00Z',
      '2027-03-24T07:00:00Z/2027-03-24T08:30:00Z',
    ]);
    // a five-hour period reaches into a window its start lies before
    expect(spans(events, '2027-03-20T16:00:00Z', '2027-03-21T00:00:00Z')).toEqual(['2027-03-20T12:00:00Z/2027-03-20T17:00:00Z']);
  });

  // ical.js ignores BYWEEKNO in these rules (it yields every Monday and Thursday of the year); the
  // expected dates are python-dateutil 2.9's, checked against the ISO week calendar by hand
  it.each([
    {
      name: 'week 1 of 2025 starts on Monday 30 December 2024',
      rule: 'FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO,TH',
      dtstart: '20240101T090000Z',
      from: '2024-06-01',
      to: '2026-06-01',
      days: ['2024-12-30', '2025-01-02', '2025-12-29', '2026-01-01'],
    },
    {
      name: 'week 53 of 2020 ends on Sunday 3 January 2021',
      rule: 'FREQ=YEARLY;BYWEEKNO=53',
      dtstart: '20200106T090000Z',
      from: '2020-06-01',
      to: '2021-06-01',
      days: ['2020-12-28', '2020-12-29', '2020-12-30', '2020-12-31', '2021-01-01', '2021-01-02', '2021-01-03'],
    },
    {
      name: 'the last week (-1) of 2022 is 26 December 2022 to 1 January 2023',
      rule: 'FREQ=YEARLY;BYWEEKNO=-1;BYDAY=MO,SU',
      dtstart: '20220103T090000Z',
      from: '2022-06-01',
      to: '2023-06-01',
      days: ['2022-12-26', '2023-01-01'],
    },
    {
      name: 'a Sunday week start (WKST=SU) puts 1 January 2023 in week 1',
      rule: 'FREQ=YEARLY;BYWEEKNO=1;WKST=SU;BYDAY=SU,SA',
      dtstart: '20220103T090000Z',
      from: '2022-06-01',
      to: '2023-06-01',
      days: ['2023-01-01', '2023-01-07'],
    },
  ])("gives BYWEEKNO the neighbouring year's days of a boundary week: $name", ({ rule, dtstart, from, to, days }) => {
    const occurrences = expand([['UID:w', `DTSTART:${dtstart}`, 'DURATION:PT1H', `RRULE:${rule}`]], `${from}T00:00:00Z`, `${to}T00:00:00Z`);
    expect(occurrences.map((occurrence) => occurrence.start.slice(0, 10))).toEqual(days);
  });
});
