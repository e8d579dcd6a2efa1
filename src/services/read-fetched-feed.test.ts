import { describe, expect, it } from 'vitest';
import { icsBody } from '../calendar/test-feed.ts';
import { readFeedNow, type FeedReadRequest } from './read-feed-now.ts';
import { readFetchedFeed } from './read-fetched-feed.ts';

const WINDOW = { from: '2026-09-01T00:00:00Z', to: '2027-06-01T00:00:00Z' };
const list = (count: number) => Array.from({ length: count }, (_, index) => index).join(',');
const everySecond = `RRULE:FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=${list(24)};BYMINUTE=${list(60)};BYSECOND=${list(60)}`;
// sixteen series that each yield a second-by-second year: about a second of work
const hostile = icsBody(Array.from({ length: 16 }, (_, index) => [`UID:h${index}`, 'DTSTART:20260315T000000Z', everySecond]));
const weekly = icsBody([
  ['UID:w', 'SUMMARY:Standup', 'DTSTART;TZID=Europe/Prague:20260907T090000', 'DURATION:PT15M', 'RRULE:FREQ=WEEKLY;COUNT=4'],
  ['UID:s', 'DTSTART:20261001T100000Z'],
]);
const request = (body: Uint8Array, withOccurrences = true): FeedReadRequest => ({
  body,
  window: WINDOW,
  viewerTimeZone: 'Europe/Prague',
  withOccurrences,
});

describe('reading a fetched feed in the worker thread', () => {
  it('answers what the engine answers in-process', async () => {
    const read = await readFetchedFeed(request(weekly));
    expect(read).toEqual(readFeedNow(request(weekly)));
    expect(read.ok && read.occurrences.map((occurrence) => occurrence.start)).toEqual([
      '2026-09-07T07:00:00Z',
      '2026-09-14T07:00:00Z',
      '2026-09-21T07:00:00Z',
      '2026-09-28T07:00:00Z',
      '2026-10-01T10:00:00Z',
    ]);
  });

  it('reports a body that is no calendar, and a cut-off one, as the feed problems they are', async () => {
    expect(await readFetchedFeed(request(new TextEncoder().encode('<html>sign in</html>')))).toMatchObject({
      ok: false,
      error: { code: 'not_ics' },
    });
    const cut = weekly.subarray(0, weekly.length - 'END:VCALENDAR\r\n'.length);
    expect(await readFetchedFeed(request(cut))).toMatchObject({ ok: false, error: { code: 'truncated' } });
  });

  it('stops a feed at the time limit as too_complex, and reads the next feed in a fresh worker', async () => {
    const slow = await readFetchedFeed(request(hostile, false), { timeLimitMs: 1 });
    expect(slow).toMatchObject({ ok: false, error: { code: 'too_complex', params: {} } });
    const next = await readFetchedFeed(request(weekly, false));
    expect(next).toMatchObject({ ok: true, occurrenceCount: 5, occurrences: [] });
  });

  it('reads many feeds handed over at once, and a feed over the limit among them fails alone', async () => {
    const reads = await Promise.all([
      ...Array.from({ length: 3 }, () => readFetchedFeed(request(weekly))),
      readFetchedFeed(request(hostile, false), { timeLimitMs: 300 }),
      ...Array.from({ length: 6 }, () => readFetchedFeed(request(weekly))),
    ]);
    expect(reads[3]).toMatchObject({ ok: false, error: { code: 'too_complex' } });
    // the feeds posted behind the stopped one are read again by a fresh worker, not failed with it
    const others = reads.filter((_, index) => index !== 3);
    expect(others).toEqual(Array.from({ length: 9 }, () => readFeedNow(request(weekly))));
  });

  it('keeps the calling thread free while a hostile feed is read', async () => {
    const lags: number[] = [];
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      lags.push(now - last);
      last = now;
    }, 10);
    const read = await readFetchedFeed(request(hostile, false));
    clearInterval(ticker);
    expect(read).toMatchObject({ ok: true });
    // in-process, this thread would not tick at all for the second the feed takes
    expect(lags.length).toBeGreaterThan(10);
    expect([...lags].sort((a, b) => a - b)[Math.floor(lags.length / 2)]).toBeLessThan(100);
  });
});
