import { describe, expect, it } from 'vitest';
import { MAX_FEED_WORK, MAX_SERIES_WORK } from './expand-occurrences.ts';
import { expandOccurrencesWithWarnings } from './read-feed.ts';
import { MAX_VTIMEZONES } from './resolve-zone.ts';
import { expand, icsBody, parsed, starts } from './test-feed.ts';

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
    expect(starts(occurrences).map((start) => start.slice(0, 10))).toEqual([
      '2027-01-29',
      '2027-02-26',
      '2027-03-26',
      '2027-04-30',
      '2027-05-28',
    ]);
  });

  it('finds the second Tuesday with BYDAY=2TU and the last weekday with BYSETPOS=-1', () => {
    const second = expand(utc('RRULE:FREQ=MONTHLY;COUNT=3;BYDAY=2TU', '20270112T090000Z'), '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z');
    const lastWorkday = expand(
      utc('RRULE:FREQ=MONTHLY;COUNT=3;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1', '20270129T090000Z'),
      '2027-01-01T00:00:00Z',
      '2028-01-01T00:00:00Z',
    );
    expect(starts(second).map((start) => start.slice(0, 10))).toEqual(['2027-01-12', '2027-02-09', '2027-03-09']);
    expect(starts(lastWorkday).map((start) => start.slice(0, 10))).toEqual(['2027-01-29', '2027-02-26', '2027-03-31']);
  });

  it('finds the last day of each month with BYMONTHDAY=-1 and the last Sunday of March yearly', () => {
    const lastDay = expand(
      utc('RRULE:FREQ=MONTHLY;COUNT=4;BYMONTHDAY=-1', '20270131T090000Z'),
      '2027-01-01T00:00:00Z',
      '2028-01-01T00:00:00Z',
    );
    const lastSunday = expand(
      utc('RRULE:FREQ=YEARLY;COUNT=3;BYMONTH=3;BYDAY=-1SU', '20270328T010000Z'),
      '2027-01-01T00:00:00Z',
      '2030-01-01T00:00:00Z',
    );
    expect(starts(lastDay).map((start) => start.slice(0, 10))).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30']);
    expect(starts(lastSunday).map((start) => start.slice(0, 10))).toEqual(['2027-03-28', '2028-03-26', '2029-03-25']);
  });

  it('drops impossible days such as BYMONTHDAY=30 in February instead of moving them to March', () => {
    const yearly = expand(
      utc('RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', '20270130T090000Z'),
      '2027-01-01T00:00:00Z',
      '2031-01-01T00:00:00Z',
    );
    expect(starts(yearly)).toEqual(['2027-01-30T09:00:00Z']);
    const monthly = expand(
      utc('RRULE:FREQ=MONTHLY;COUNT=3;BYMONTHDAY=30', '20270130T090000Z'),
      '2027-01-01T00:00:00Z',
      '2028-01-01T00:00:00Z',
    );
    expect(starts(monthly).map((start) => start.slice(0, 10))).toEqual(['2027-01-30', '2027-03-30', '2027-04-30']);
  });

  it('repeats a 29 February birthday only in leap years (YEARLY)', () => {
    const occurrences = expand([['DTSTART;VALUE=DATE:20240229', 'RRULE:FREQ=YEARLY']], '2024-01-01T00:00:00Z', '2033-01-01T00:00:00Z');
    expect(starts(occurrences)).toEqual(['2024-02-29', '2028-02-29', '2032-02-29']);
  });

  it('returns at once for a DAILY rule that can never match (ical.js hangs on it)', () => {
    const started = performance.now();
    const occurrences = expand(
      utc('RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', '20270101T090000Z'),
      '2027-01-01T00:00:00Z',
      '2037-01-01T00:00:00Z',
    );
    expect(starts(occurrences)).toEqual(['2027-01-01T09:00:00Z']);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('counts excluded instances towards COUNT', () => {
    const occurrences = expand(
      [['DTSTART:20270301T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=3', 'EXDATE:20270302T090000Z']],
      '2027-03-01T00:00:00Z',
      '2027-04-01T00:00:00Z',
    );
    expect(starts(occurrences)).toEqual(['2027-03-01T09:00:00Z', '2027-03-03T09:00:00Z']);
  });

  it('adds RDATE instances (with their own TZID) once, next to the rule', () => {
    const occurrences = expand(
      [
        [
          'DTSTART;TZID=Europe/Berlin:20270301T090000',
          'DURATION:PT1H',
          'RRULE:FREQ=WEEKLY;COUNT=2',
          'RDATE;TZID=Europe/Berlin:20270303T150000,20270308T090000',
          'RDATE:20270320T120000Z',
        ],
      ],
      '2027-03-01T00:00:00Z',
      '2027-04-01T00:00:00Z',
    );
    expect(occurrences.map((occurrence) => occurrence.recurrenceId)).toEqual([
      '2027-03-01T08:00:00Z',
      '2027-03-03T14:00:00Z',
      '2027-03-08T08:00:00Z',
      '2027-03-20T12:00:00Z',
    ]);
  });

  it('treats DTSTART as the first instance even off the rule (RFC 5545 3.6.1)', () => {
    const occurrences = expand(
      utc('RRULE:FREQ=WEEKLY;COUNT=2;BYDAY=FR', '20270301T090000Z'),
      '2027-03-01T00:00:00Z',
      '2027-04-01T00:00:00Z',
    );
    expect(starts(occurrences).map((start) => start.slice(0, 10))).toEqual(['2027-03-01', '2027-03-05']);
  });

  it('stops a runaway series at the per-series limit with a warning', () => {
    const feed = parsed(icsBody(utc('RRULE:FREQ=MINUTELY', '20270101T000000Z')));
    const { occurrences, warnings } = expandOccurrencesWithWarnings(feed, { from: '2027-01-01T00:00:00Z', to: '2027-03-01T00:00:00Z' });
    expect(occurrences).toHaveLength(10_000);
    expect(warnings.map((warning) => warning.code)).toEqual(['limit_reached']);
  });

  it('bounds the work of a whole feed of rules that never match, with a warning', () => {
    const events = Array.from({ length: 300 }, (_, index) => [
      `UID:h${index}`,
      'DTSTART:19000101T090000Z',
      'RRULE:FREQ=DAILY;COUNT=5;BYMONTH=2;BYMONTHDAY=30',
    ]);
    const { warnings, workUsed } = expandOccurrencesWithWarnings(parsed(icsBody(events)), {
      from: '2027-01-01T00:00:00Z',
      to: '2027-02-01T00:00:00Z',
    });
    // counted in work, not time: the bench measures what a unit costs (bench/rrule-fuzz.ts)
    expect(workUsed).toBeLessThanOrEqual(MAX_FEED_WORK);
    expect(warnings.some((warning) => warning.code === 'limit_reached')).toBe(true);
  });

  it('bounds a VTIMEZONE whose rule fires every second', () => {
    const zone = [
      'BEGIN:VTIMEZONE',
      'TZID:Busy',
      'BEGIN:STANDARD',
      'DTSTART:19000101T000000',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0200',
      'RRULE:FREQ=SECONDLY',
      'END:STANDARD',
      'END:VTIMEZONE',
    ];
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

  // node-ical 0.27.2 (rrule-temporal) answers differently on these three; checked by hand
  // against RFC 5545 3.3.10 (BYDAY limits when BYMONTHDAY is present; BYSETPOS picks from the
  // whole year's set before DTSTART is applied)
  it('combines YEARLY BYDAY with BYMONTHDAY as a limit (RFC 5545 3.3.10 note 2)', () => {
    const occurrences = expand(
      utc('RRULE:FREQ=YEARLY;UNTIL=20281231T000000Z;BYDAY=-1MO,1SA,1TU;BYMONTHDAY=-2,-1', '20270904T090000Z'),
      '2027-01-01T00:00:00Z',
      '2029-01-01T00:00:00Z',
    );
    // no last Monday, first Saturday or first Tuesday of 2027 or 2028 is a month's last or second-last day
    expect(starts(occurrences)).toEqual(['2027-09-04T09:00:00Z']);
  });

  it('applies BYSETPOS to the whole year before DTSTART', () => {
    const occurrences = expand(
      utc('RRULE:FREQ=YEARLY;UNTIL=20281231T000000Z;BYDAY=WE,SA,-1FR;BYSETPOS=2', '20270805T090000Z'),
      '2027-01-01T00:00:00Z',
      '2029-01-01T00:00:00Z',
    );
    // 2027: Sat 2 Jan, Wed 6 Jan (before DTSTART); 2028: Sat 1 Jan, Wed 5 Jan
    expect(starts(occurrences)).toEqual(['2027-08-05T09:00:00Z', '2028-01-05T09:00:00Z']);
  });

  it('mixes plain and positioned weekdays in YEARLY BYDAY', () => {
    const occurrences = expand(
      utc('RRULE:FREQ=YEARLY;INTERVAL=2;UNTIL=20281231T000000Z;BYDAY=MO,-1FR,SU', '20271206T090000Z'),
      '2027-01-01T00:00:00Z',
      '2029-01-01T00:00:00Z',
    );
    expect(starts(occurrences).map((start) => start.slice(0, 10))).toEqual([
      '2027-12-06',
      '2027-12-12',
      '2027-12-13',
      '2027-12-19',
      '2027-12-20',
      '2027-12-26',
      '2027-12-27',
      '2027-12-31',
    ]);
  });
});

describe('expansion cost', () => {
  const list = (count: number) => Array.from({ length: count }, (_, index) => index).join(',');
  const everySecond = `RRULE:FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=${list(24)};BYMINUTE=${list(60)};BYSECOND=${list(60)}`;
  const window = { from: '2026-09-01T00:00:00Z', to: '2027-06-01T00:00:00Z' };
  const hostile = (dtstart: string, rule: string, count = 1) =>
    Array.from({ length: count }, (_, index) => [`UID:h${index}`, `DTSTART:${dtstart}`, 'DURATION:PT1S', rule]);

  it.each([
    { name: 'every second of the year from 15 March', events: hostile('20260315T000000Z', everySecond) },
    {
      name: 'every second of the year from 1 January (threw "Set maximum size exceeded")',
      events: hostile('20260101T000000Z', everySecond),
    },
    {
      name: 'MINUTELY with COUNT=999999999 and every BYSECOND',
      events: hostile('20260101T000000Z', `RRULE:FREQ=MINUTELY;COUNT=999999999;BYSECOND=${list(60)}`),
    },
    { name: 'SECONDLY with a huge COUNT from 1900', events: hostile('19000101T000000Z', 'RRULE:FREQ=SECONDLY;COUNT=999999999') },
  ])('cuts $name at the series budget with a warning on its line', ({ events }) => {
    const { warnings, workUsed } = expandOccurrencesWithWarnings(parsed(icsBody(events)), window);
    expect(workUsed).toBeLessThanOrEqual(MAX_SERIES_WORK);
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'limit_reached', line: 4 }));
  });

  it('counts every series of a feed against one budget and skips the rest with one warning', () => {
    const feed = parsed(
      icsBody([...hostile('20260315T000000Z', everySecond, 40), ['UID:late', 'DTSTART:20261001T090000Z', 'RRULE:FREQ=DAILY;COUNT=2']]),
    );
    const { occurrences, warnings, workUsed } = expandOccurrencesWithWarnings(feed, window);
    // a series may overshoot by one kept occurrence; the feed stops at its budget
    expect(workUsed).toBeLessThanOrEqual(MAX_FEED_WORK + 100);
    expect(workUsed).toBeGreaterThan(MAX_FEED_WORK - MAX_SERIES_WORK);
    expect(occurrences.some((occurrence) => occurrence.uid === 'late')).toBe(false);
    const skipped = warnings.filter((warning) => warning.message.includes('used up its expansion budget'));
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.line).toBeGreaterThan(4);
  });

  it('keeps an ordinary series that follows a hostile one', () => {
    const feed = parsed(
      icsBody([
        ...hostile('20260315T000000Z', everySecond),
        ['UID:weekly', 'DTSTART:20260907T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=3'],
      ]),
    );
    const { occurrences } = expandOccurrencesWithWarnings(feed, window);
    expect(occurrences.filter((occurrence) => occurrence.uid === 'weekly').map((occurrence) => occurrence.start)).toEqual([
      '2026-09-07T09:00:00Z',
      '2026-09-14T09:00:00Z',
      '2026-09-21T09:00:00Z',
    ]);
  });

  it('compiles at most MAX_VTIMEZONES distinct VTIMEZONEs of a feed, with a warning', () => {
    const zones = Array.from({ length: MAX_VTIMEZONES + 5 }, (_, index) => [
      'BEGIN:VTIMEZONE',
      `TZID:Zone ${index}`,
      'BEGIN:STANDARD',
      'DTSTART:19000101T000000',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0200',
      'RRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30',
      'END:STANDARD',
      'END:VTIMEZONE',
    ]).flat();
    const events = Array.from({ length: MAX_VTIMEZONES + 5 }, (_, index) => [
      `UID:z${index}`,
      `DTSTART;TZID=Zone ${index}:20270301T090000`,
    ]);
    const started = performance.now();
    const feed = parsed(icsBody(events, zones));
    // 55 zones whose rule never fires: the feed-wide VTIMEZONE budget keeps the whole parse short
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(feed.warnings).toContainEqual(
      expect.objectContaining({ code: 'limit_reached', message: expect.stringMatching(/ignored VTIMEZONE "Zone \d+"/) }),
    );
  });
});
