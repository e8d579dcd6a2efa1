import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarVsTracked } from '../../src/contract/reports.ts';
import { type CalendarTestEnv, createCalendarTestEnv } from '../support/calendar-env.ts';
import { exchangeFeed, type FeedEvent } from '../support/exchange-feed.ts';
import type { SignedUp } from '../support/test-app.ts';

// What the calendar says against what was tracked (issue 10). The feed is in Prague (UTC+1 in
// early March 2027); the app clock stands on Friday 12 March 2027, 18:00 UTC.
const events: FeedEvent[] = [
  { uid: 'standup', summary: 'Standup', start: '20270308T091500', end: '20270308T093000', rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=3' },
  { uid: 'review', summary: 'Design review', start: '20270309T140000', end: '20270309T150000' },
  { uid: 'planning', summary: 'Planning', start: '20270310T100000', end: '20270310T120000' },
  { uid: 'doctor', summary: 'Dr. Novák', start: '20270311T100000', end: '20270311T110000', class: 'PRIVATE' },
  { uid: 'lunch', summary: 'Lunch', start: '20270311T120000', end: '20270311T130000', busy: 'FREE' },
  { uid: 'gone', summary: 'Cancelled sync', start: '20270311T150000', end: '20270311T160000', status: 'CANCELLED' },
  { uid: 'offsite', summary: 'Offsite', start: '20270312', end: '20270313' },
  { uid: 'noise', summary: 'Webinar', start: '20270312T130000', end: '20270312T140000' },
];

describe('calendar vs tracked', () => {
  let env: CalendarTestEnv;
  let ada: SignedUp;
  let admin: SignedUp;
  let member: SignedUp;
  let engine: string;
  let mill: string;
  const query = { from: '2027-03-08', to: '2027-03-15' };

  beforeAll(async () => {
    env = await createCalendarTestEnv({ now: new Date('2027-03-12T18:00:00Z') });
    ada = await env.t.signup('ada@cvt.test', 'CVT', { timeZone: 'Europe/Prague' });
    admin = await env.t.addMember(ada, 'admin@cvt.test', 'admin');
    member = await env.t.addMember(ada, 'member@cvt.test', 'member');
    engine = (await env.t.call('POST', '/api/v1/projects', { token: ada.token, body: { name: 'Engine' } })).body.id;
    mill = (await env.t.call('POST', '/api/v1/projects', { token: ada.token, body: { name: 'Mill' } })).body.id;
    const path = '/owa/calendar/ada@cvt.test/0c1d2e3f/calendar.ics';
    env.server.route(path, { body: exchangeFeed(events, { name: 'Work' }) });
    expect((await env.t.call('POST', '/api/v1/connections', { token: ada.token, body: { url: env.server.url(path) } })).status).toBe(201);
    const impulses = (await env.t.call('GET', '/api/v1/impulses?from=2027-03-08&to=2027-03-15', { token: ada.token })).body.items as Array<{
      id: string;
      summary: string;
      start: string;
    }>;
    const find = (summary: string, start?: string) =>
      impulses.find((item) => item.summary === summary && (!start || item.start === start))!.id;
    const track = async (id: string, body: Record<string, unknown>) => {
      const reply = await env.t.call('POST', `/api/v1/impulses/${id}/track`, { token: ada.token, body });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    };
    await track(find('Standup', '2027-03-08T08:15:00Z'), { projectId: engine });
    await track(find('Design review'), { projectId: engine, start: '2027-03-09T13:00:00Z', end: '2027-03-09T13:45:00Z' });
    const record = async (start: string, end: string) => {
      const reply = await env.t.call('POST', '/api/v1/time-records', { token: ada.token, body: { projectId: mill, start, end } });
      expect(reply.status).toBe(201);
    };
    await record('2027-03-10T09:00:00Z', '2027-03-10T10:45:00Z'); // 1 h 45 min of the 2 h planning
    await record('2027-03-10T08:20:00Z', '2027-03-10T08:25:00Z'); // 5 of the 15 minutes of Wednesday's standup
    expect((await env.t.call('POST', `/api/v1/impulses/${find('Webinar')}/dismiss`, { token: ada.token })).status).toBe(200);
  });
  afterAll(async () => {
    await env.close();
  });

  it('classifies each meeting and adds up the hours per class, user and project', async () => {
    const report = await env.t.client({ token: ada.token }).ok(calendarVsTracked, { query });
    const byClass = Object.fromEntries(report.meetings.map((meeting) => [`${meeting.summary} ${meeting.start}`, meeting.class]));
    expect(byClass).toEqual({
      'Standup 2027-03-08T08:15:00Z': 'tracked',
      'Design review 2027-03-09T13:00:00Z': 'trackedDifferently',
      'Planning 2027-03-10T09:00:00Z': 'tracked',
      'Standup 2027-03-10T08:15:00Z': 'trackedDifferently',
      // the owner sees her own private meeting's subject
      'Dr. Novák 2027-03-11T09:00:00Z': 'untracked',
      'Standup 2027-03-12T08:15:00Z': 'untracked',
    });
    expect(report.total).toEqual({
      meetingSeconds: 3 * 900 + 3600 + 7200 + 3600,
      trackedSeconds: 900 + 2700 + 6300 + 300,
      tracked: { meetings: 2, seconds: 900 + 7200 },
      trackedDifferently: { meetings: 2, seconds: 3600 + 900 },
      untracked: { meetings: 2, seconds: 900 + 3600 },
    });
    expect(report.users).toEqual([{ userId: ada.userId, name: 'ada', ...report.total }]);
    expect(report.projects).toEqual([
      { projectId: mill, name: 'Mill', meetings: 2, seconds: 7200 + 900 },
      { projectId: engine, name: 'Engine', meetings: 2, seconds: 900 + 3600 },
    ]);
    expect(report.meetings.every((meeting) => meeting.own)).toBe(true);
  });

  it('shows others only "Private appointment", and members only their own calendars', async () => {
    const asAdmin = await env.t.client({ token: admin.token }).ok(calendarVsTracked, { query: { ...query, users: ada.userId } as never });
    expect(asAdmin.meetings.map((meeting) => meeting.summary)).toContain('Private appointment');
    expect(asAdmin.meetings.map((meeting) => meeting.summary)).not.toContain('Dr. Novák');
    expect(asAdmin.meetings.every((meeting) => !meeting.own)).toBe(true);
    const asMember = await env.t.client({ token: member.token }).ok(calendarVsTracked, { query: { ...query, users: ada.userId } as never });
    expect(asMember.meetings).toEqual([]);
    expect(asMember.total.meetingSeconds).toBe(0);
  });
});
