import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as contract from '../contract/index.ts';
import { type CalendarTestEnv, createCalendarTestEnv } from '../../test/support/calendar-env.ts';
import { exchangeFeed, type FeedEvent } from '../../test/support/exchange-feed.ts';

// The link check shows a few meetings before the calendar is saved (UX.md B8). The app clock
// stands on Wednesday 2027-03-10 08:00 UTC; the feed's times are Prague (UTC+1).
const events: FeedEvent[] = [
  { uid: 'past', summary: 'Kick-off', start: '20270301T100000', end: '20270301T110000' },
  { uid: 'weekly', summary: 'Team sync', start: '20270308T100000', end: '20270308T110000', rrule: 'FREQ=WEEKLY;COUNT=3' },
  { uid: 'doctor', summary: 'Dr. Novák', start: '20270310T083000', end: '20270310T093000', class: 'PRIVATE' },
  { uid: 'offsite', summary: 'Offsite', start: '20270311', end: '20270312' },
];

describe('the link check preview', () => {
  let env: CalendarTestEnv;
  beforeAll(async () => {
    env = await createCalendarTestEnv();
  });
  afterAll(() => env.close());

  it("shows the three meetings nearest to now, upcoming first, a private one without its subject, in the reader's language", async () => {
    const path = '/owa/calendar/preview@example.test/5e6f/calendar.ics';
    env.server.route(path, { body: exchangeFeed(events, { name: 'Work' }) });
    const ada = await env.t.signup('preview@example.test');
    const check = await env.t
      .client({ token: ada.token })
      .ok(contract.checkConnection, { body: { url: env.server.url(path), fetch: true } });
    expect(check.fetch?.preview).toEqual([
      { start: '2027-03-10T07:30:00Z', end: '2027-03-10T08:30:00Z', allDay: false, summary: 'Private appointment' },
      { start: '2027-03-11', end: '2027-03-12', allDay: true, summary: 'Offsite' },
      { start: '2027-03-15T09:00:00Z', end: '2027-03-15T10:00:00Z', allDay: false, summary: 'Team sync' },
    ]);
    expect(JSON.stringify(check)).not.toContain('Novák');

    const eva = await env.t.signup('eva@example.test', undefined, { language: 'cs' });
    const czech = await env.t
      .client({ token: eva.token })
      .ok(contract.checkConnection, { body: { url: env.server.url(path), fetch: true } });
    expect(czech.fetch?.preview[0]?.summary).toBe('Soukromá schůzka');
  });

  it('falls back to the most recent meetings when none lie ahead, and is empty when the fetch fails', async () => {
    const path = '/owa/calendar/past@example.test/7a8b/calendar.ics';
    env.server.route(path, { body: exchangeFeed(events.slice(0, 1), { name: 'Old' }) });
    const ada = await env.t.signup('past@example.test');
    const api = env.t.client({ token: ada.token });
    const check = await api.ok(contract.checkConnection, { body: { url: env.server.url(path), fetch: true } });
    expect(check.fetch?.preview).toEqual([
      { start: '2027-03-01T09:00:00Z', end: '2027-03-01T10:00:00Z', allDay: false, summary: 'Kick-off' },
    ]);
    const missing = await api.ok(contract.checkConnection, {
      body: { url: env.server.url('/owa/calendar/none/calendar.ics'), fetch: true },
    });
    expect(missing.fetch).toMatchObject({ ok: false, preview: [] });
  });
});
