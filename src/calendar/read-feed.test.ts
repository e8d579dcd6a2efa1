import { describe, expect, it } from 'vitest';
import { expandOccurrences, parseFeed } from './read-feed.ts';
import { icsBody, parsed } from './test-feed.ts';

const encode = (text: string) => new TextEncoder().encode(text);

describe('parseFeed: what the body is', () => {
  it.each([
    { name: 'an HTML sign-in page', body: '<!DOCTYPE html><html><body>Sign in</body></html>' },
    { name: 'JSON', body: '{"error":"unpublished"}' },
    { name: 'an empty body', body: '' },
  ])('refuses $name as not_ics', ({ body }) => {
    const result = parseFeed(encode(body));
    expect(result.ok ? null : result.error.code).toBe('not_ics');
  });

  it('answers invalid_ics with a line when a calendar yields nothing usable', () => {
    const result = parseFeed(encode('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:no start\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n'));
    expect(result.ok ? null : result.error).toMatchObject({ code: 'invalid_ics', line: 2 });
  });

  it('answers invalid_ics for a calendar cut off before its first event ends', () => {
    const result = parseFeed(encode('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTST'));
    expect(result.ok ? null : result.error).toMatchObject({ code: 'invalid_ics', line: 1 });
  });

  it('accepts a calendar with no events, and a BOM, LF line ends and lower-case names', () => {
    const result = parseFeed(encode('\uFEFFbegin:vcalendar\nx-wr-calname:Empty\nend:vcalendar\n'));
    expect(result.ok && result.feed.calendar).toEqual({ name: 'Empty', timeZone: null, detailLevel: 'limited', eventCount: 0 });
  });

  it('reads a UTF-16 body with its byte order mark (old Outlook exports)', () => {
    const text =
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u\r\nDTSTART:20270301T090000Z\r\nSUMMARY:Porada\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    const body = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, 'utf16le'))]);
    const result = parseFeed(body);
    expect(result.ok && result.feed.series[0]?.master?.summary).toBe('Porada');
  });

  it('unfolds lines on bytes, so a fold inside a UTF-8 sequence decodes cleanly', () => {
    const bytes = encode(
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20270301T090000Z\r\nSUMMARY:Zam\u011Bstnanci\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
    );
    const split = bytes.indexOf(0x9b); // second byte of "ě" (C4 9B)
    const folded = new Uint8Array([...bytes.subarray(0, split), 0x0d, 0x0a, 0x20, ...bytes.subarray(split)]);
    const result = parseFeed(folded);
    expect(result.ok && result.feed.warnings).toEqual([]);
    expect(result.ok && result.feed.series[0]?.master?.summary).toBe('Zaměstnanci');
  });

  it('keeps intact events around a bad line, a bad nesting and a truncated end, with line numbers', () => {
    const body =
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20270301T090000Z\r\nthis is no content line\r\nEND:VEVENT\r\n' +
      'END:VTODO\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTART:20270302T090000Z';
    const result = parseFeed(encode(body));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.feed.series.map((series) => series.uid)).toEqual(['a']);
    expect(result.feed.warnings.map((warning) => [warning.code, warning.line])).toEqual([
      ['unterminated_component', 1],
      ['invalid_line', 5],
      ['unmatched_end', 7],
      ['unterminated_component', 8],
    ]);
  });

  it('reads at most maxEvents VEVENTs, with a warning at the first one left out', () => {
    const body = icsBody([['DTSTART:20270301T090000Z'], ['DTSTART:20270302T090000Z'], ['DTSTART:20270303T090000Z']]);
    const result = parseFeed(body, { maxEvents: 2 });
    expect(result.ok && result.feed.calendar.eventCount).toBe(2);
    expect(result.ok && result.feed.warnings).toEqual([{ code: 'limit_reached', line: 12, message: 'read only the first 2 of 3 VEVENTs' }]);
  });

  it('turns an Outlook all-day item written as local midnights into dates', () => {
    const feed = parsed(
      icsBody([
        ['DTSTART;TZID=Europe/Prague:20270305T000000', 'DTEND;TZID=Europe/Prague:20270307T000000', 'X-MICROSOFT-CDO-ALLDAYEVENT:TRUE'],
      ]),
    );
    expect(feed.series[0]?.master).toMatchObject({ allDay: true, start: { kind: 'date' }, durationDays: 2 });
  });

  it('limits nesting depth with a warning', () => {
    const deep = Array.from({ length: 20 }, (_, i) => `BEGIN:X-LEVEL${i}`).join('\r\n');
    const event = 'BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20270301T090000Z\r\nEND:VEVENT';
    const result = parseFeed(encode(`BEGIN:VCALENDAR\r\n${event}\r\n${deep}\r\nEND:VCALENDAR\r\n`));
    expect(result.ok && result.feed.warnings.some((warning) => warning.code === 'limit_reached')).toBe(true);
  });
});

describe('parseFeed: detailLevel (CONVENTIONS.md)', () => {
  const event = (uid: string, summary: string, status: string, extra: string[] = []) => [
    `UID:${uid}`,
    'DTSTART:20270301T090000Z',
    `SUMMARY:${summary}`,
    `X-MICROSOFT-CDO-BUSYSTATUS:${status}`,
    ...extra,
  ];

  it('sees availability when subjects are a function of the busy status, whatever the language', () => {
    const feed = parsed(
      icsBody([
        event('a', '予定あり', 'BUSY'),
        event('b', '予定あり', 'BUSY'),
        event('c', '予定あり', 'BUSY'),
        event('d', '仮の予定', 'TENTATIVE'),
      ]),
    );
    expect(feed.calendar.detailLevel).toBe('availability');
  });

  it('sees availability when every subject is a known availability word (pl, sk, de)', () => {
    const feed = parsed(icsBody([event('a', 'Zajęty', 'BUSY'), event('b', 'Obsadený', 'BUSY'), event('c', 'Abwesend', 'OOF')]));
    expect(feed.calendar.detailLevel).toBe('availability');
  });

  it.each([
    { name: 'English', words: ['Busy', 'Away', 'Out of Office', 'Tentative', 'Free', 'Working elsewhere'] },
    { name: 'Czech', words: ['Zaneprázdněn', 'Mimo kancelář', 'Mimo kancelář', 'Předběžně', 'Volno', 'Pracuji jinde'] },
  ])('reads the busy status from the availability word when Exchange wrote none ($name)', ({ words }) => {
    const events = words.map((summary, index) => [
      `UID:w${index}`,
      `DTSTART:2027030${index + 1}T090000Z`,
      'DURATION:PT1H',
      `SUMMARY:${summary}`,
    ]);
    const occurrences = expandOccurrences(parsed(icsBody(events)), { from: '2027-03-01T00:00:00Z', to: '2027-03-08T00:00:00Z' });
    expect(occurrences.map((occurrence) => occurrence.busyStatus)).toEqual(['busy', 'oof', 'oof', 'tentative', 'free', 'workingElsewhere']);
  });

  it('reads "Volný" as free, and lets an override of a series take its own word', () => {
    const feed = parsed(
      icsBody([
        ['UID:v', 'DTSTART:20270301T090000Z', 'SUMMARY:Volný'],
        ['UID:z', 'DTSTART:20270302T090000Z', 'SUMMARY:Zaneprázdněn'],
        ['UID:s', 'DTSTART:20270303T090000Z', 'SUMMARY:Zaneprázdněn', 'RRULE:FREQ=DAILY;COUNT=2'],
        ['UID:s', 'RECURRENCE-ID:20270304T090000Z', 'DTSTART:20270304T090000Z', 'SUMMARY:Předběžně'],
      ]),
    );
    expect(feed.calendar.detailLevel).toBe('availability');
    const occurrences = expandOccurrences(feed, { from: '2027-03-01T00:00:00Z', to: '2027-03-08T00:00:00Z' });
    expect(occurrences.map((occurrence) => [occurrence.uid, occurrence.busyStatus])).toEqual([
      ['v', 'free'],
      ['z', 'busy'],
      ['s', 'busy'],
      ['s', 'tentative'],
    ]);
  });

  it('keeps X-MICROSOFT-CDO-BUSYSTATUS over the word, and the word out of feeds with details', () => {
    const availability = parsed(icsBody([event('a', 'Free', 'BUSY'), event('b', 'Busy', 'BUSY'), event('c', 'Tentative', 'TENTATIVE')]));
    expect(availability.calendar.detailLevel).toBe('availability');
    expect(
      expandOccurrences(availability, { from: '2027-03-01T00:00:00Z', to: '2027-03-02T00:00:00Z' }).map(
        (occurrence) => occurrence.busyStatus,
      ),
    ).toEqual(['busy', 'busy', 'tentative']);
    // a meeting called "Free" in a feed with real subjects is a meeting, busy like any other
    const limited = parsed(
      icsBody([
        ['UID:m', 'DTSTART:20270301T090000Z', 'SUMMARY:Free'],
        ['UID:n', 'DTSTART:20270301T100000Z', 'SUMMARY:Sprint review'],
      ]),
    );
    expect(limited.calendar.detailLevel).toBe('limited');
    expect(
      expandOccurrences(limited, { from: '2027-03-01T00:00:00Z', to: '2027-03-02T00:00:00Z' }).map((occurrence) => occurrence.busyStatus),
    ).toEqual(['busy', 'busy']);
  });

  it('keeps a feed with one status and one repeated subject ("Homeoffice") limited', () => {
    const feed = parsed(
      icsBody([
        event('a', 'Homeoffice', 'WORKINGELSEWHERE'),
        event('b', 'Homeoffice', 'WORKINGELSEWHERE'),
        event('c', 'Homeoffice', 'WORKINGELSEWHERE'),
      ]),
    );
    expect(feed.calendar.detailLevel).toBe('limited');
  });

  it('is full when an item has attendees or a non-blank description, and not for an empty HTML X-ALT-DESC', () => {
    expect(parsed(icsBody([event('a', 'Review', 'BUSY', ['ATTENDEE:mailto:a@example.com'])])).calendar.detailLevel).toBe('full');
    expect(parsed(icsBody([event('a', 'Review', 'BUSY', ['DESCRIPTION:Agenda: budget'])])).calendar.detailLevel).toBe('full');
    expect(
      parsed(
        icsBody([event('a', 'Review', 'BUSY', ['DESCRIPTION:\\n', 'X-ALT-DESC;FMTTYPE=text/html:<html><body>&nbsp\\;</body></html>'])]),
      ).calendar.detailLevel,
    ).toBe('limited');
  });
});
