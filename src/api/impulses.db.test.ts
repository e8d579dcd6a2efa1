import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CalendarTestEnv, createCalendarTestEnv } from '../../test/support/calendar-env.ts';
import { exchangeFeed, type FeedEvent } from '../../test/support/exchange-feed.ts';
import type { SignedUp } from '../../test/support/test-app.ts';

// The app clock stands on Wednesday 2027-03-10 08:00 UTC; the feed's times are Prague (UTC+1).
const standup: FeedEvent = {
  uid: 'standup',
  summary: 'Daily standup',
  start: '20270308T091500',
  end: '20270308T093000',
  rrule: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=8',
};
const review: FeedEvent = { uid: 'review', summary: 'Design review', start: '20270311T140000', end: '20270311T150000', location: 'Room 4' };
const reviewAgain: FeedEvent = { uid: 'review-2', summary: 'Design review', start: '20270316T140000', end: '20270316T150000' };
const doctor: FeedEvent = {
  uid: 'doctor',
  summary: 'Dr. Novák, dermatology',
  start: '20270312T100000',
  end: '20270312T110000',
  class: 'PRIVATE',
  location: 'Clinic 2',
};
const offsite: FeedEvent = { uid: 'offsite', summary: 'Offsite', start: '20270315', end: '20270316' };
const later: FeedEvent = { uid: 'later', summary: 'Quarterly planning', start: '20270420T090000', end: '20270420T100000' };
const events = [standup, review, reviewAgain, doctor, offsite, later];

let env: CalendarTestEnv;
let ada: SignedUp;
let projectId: string;
let otherProjectId: string;
let feedPath: string;
let connectionId: string;

type Impulse = { id: string; kind: string; summary: string; start: string; state: string; [key: string]: unknown };

async function impulses(user = ada, query = ''): Promise<Impulse[]> {
  const reply = await env.t.call('GET', `/api/v1/impulses${query}`, { token: user.token });
  expect(reply.status).toBe(200);
  return reply.body.items;
}

async function meeting(summary: string, start?: string, query = '?from=2027-03-01&to=2027-05-01'): Promise<Impulse> {
  const found = (await impulses(ada, query)).find(
    (item) => item.kind === 'meeting' && item.summary === summary && (start === undefined || item.start === start),
  );
  if (!found) throw new Error(`no impulse ${summary} ${start ?? ''}`);
  return found;
}

async function publish(feed: FeedEvent[]) {
  env.server.route(feedPath, { body: exchangeFeed(feed, { name: 'Work' }) });
  const reply = await env.t.call('POST', `/api/v1/connections/${connectionId}/sync`, { token: ada.token });
  expect(reply.body.status).toBe('ok');
}

beforeAll(async () => {
  env = await createCalendarTestEnv();
  ada = await env.t.signup('ada@impulses.test');
  projectId = (await env.t.call('POST', '/api/v1/projects', { token: ada.token, body: { name: 'Engine' } })).body.id;
  otherProjectId = (await env.t.call('POST', '/api/v1/projects', { token: ada.token, body: { name: 'Mill' } })).body.id;
  feedPath = '/owa/calendar/ada@impulses.test/7a1b2c3d4e5f/calendar.ics';
  env.server.route(feedPath, { body: exchangeFeed(events, { name: 'Work' }) });
  const created = await env.t.call('POST', '/api/v1/connections', { token: ada.token, body: { url: env.server.url(feedPath) } });
  expect(created.status).toBe(201);
  connectionId = created.body.id;
});
afterAll(() => env.close());

describe('listing impulses', () => {
  it('lists the meetings of the default window (last 14 days, next 7) with ids that stay the same across syncs', async () => {
    const items = (await impulses()).filter((item) => item.kind === 'meeting');
    expect(items.map((item) => item.summary)).toEqual([
      'Daily standup',
      'Daily standup',
      'Design review',
      'Private appointment',
      'Offsite',
      'Daily standup',
      'Design review',
      'Daily standup',
    ]);
    expect(items[0]).toMatchObject({
      start: '2027-03-08T08:15:00Z',
      end: '2027-03-08T08:30:00Z',
      allDay: false,
      source: { connectionId, name: 'Work' },
      busyStatus: 'busy',
      cancelled: false,
      private: false,
      removed: false,
      state: 'open',
      timeRecordId: null,
      changedSinceTracked: null,
    });
    expect(items.find((item) => item.summary === 'Offsite')).toMatchObject({ allDay: true, start: '2027-03-15', end: '2027-03-16' });
    await publish(events);
    env.server.route(feedPath, { body: exchangeFeed([...events].reverse(), { name: 'Work', stamp: '20270310T070000Z' }) });
    await env.t.call('POST', `/api/v1/connections/${connectionId}/sync`, { token: ada.token });
    expect((await impulses()).filter((item) => item.kind === 'meeting').map((item) => item.id)).toEqual(items.map((item) => item.id));
  });

  it('accepts dates and instants for from and to', async () => {
    expect((await impulses(ada, '?from=2027-04-20&to=2027-04-21')).map((item) => item.summary)).toContain('Quarterly planning');
    const instants = await impulses(ada, '?from=2027-03-11T13:00:00Z&to=2027-03-11T14:00:00Z');
    expect(instants.filter((item) => item.kind === 'meeting').map((item) => item.summary)).toEqual(['Design review']);
    const bad = await env.t.call('GET', '/api/v1/impulses?from=2027-03-12&to=2027-03-11', { token: ada.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_range');
  });

  it("never shows a private meeting's subject or location, in the reader's language", async () => {
    const item = await meeting('Private appointment');
    expect(item).toMatchObject({ private: true, location: null });
    expect(JSON.stringify(await impulses())).not.toContain('dermatology');
    await env.t.call('PATCH', '/api/v1/me', { token: ada.token, body: { version: 1, language: 'cs' } });
    try {
      expect((await impulses()).some((i) => i.summary === 'Soukromá schůzka')).toBe(true);
    } finally {
      const me = await env.t.call('GET', '/api/v1/me', { token: ada.token });
      await env.t.call('PATCH', '/api/v1/me', { token: ada.token, body: { version: me.body.version, language: 'en' } });
    }
  });

  it("shows a user's meetings to that user alone, owners and admins included", async () => {
    const grace = await env.t.addMember(ada, 'grace@impulses.test', 'admin');
    const review = await meeting('Design review', '2027-03-11T13:00:00Z');
    expect((await impulses(grace)).filter((item) => item.kind === 'meeting')).toEqual([]);
    for (const action of ['track', 'start-timer', 'update-record', 'dismiss', 'restore']) {
      const body = action === 'track' || action === 'start-timer' ? { projectId } : { series: true };
      const reply = await env.t.call('POST', `/api/v1/impulses/${review.id}/${action}`, { token: grace.token, body });
      expect(reply.status).toBe(404);
    }
  });
});

describe('tracking a meeting', () => {
  it('makes one record from 10 parallel calls, answers a repeat with the same record and other values with 409', async () => {
    const review = await meeting('Design review', '2027-03-11T13:00:00Z');
    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        env.t.call('POST', `/api/v1/impulses/${review.id}/track`, { token: ada.token, body: { projectId } }),
      ),
    );
    expect(replies.map((reply) => reply.status)).toEqual(Array(10).fill(201));
    const ids = new Set(replies.map((reply) => reply.body.id));
    expect(ids.size).toBe(1);
    expect(replies[0]!.body).toMatchObject({
      source: 'impulse',
      impulseId: review.id,
      projectId,
      description: 'Design review',
      start: '2027-03-11T13:00:00Z',
      end: '2027-03-11T14:00:00Z',
    });
    const records = await env.t.call('GET', '/api/v1/time-records?from=2027-03-11&to=2027-03-12', { token: ada.token });
    expect(records.body.items).toHaveLength(1);

    const conflict = await env.t.call('POST', `/api/v1/impulses/${review.id}/track`, {
      token: ada.token,
      body: { projectId, description: 'Another text' },
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toMatchObject({ code: 'already_tracked', details: { timeRecordId: replies[0]!.body.id } });

    expect(await meeting('Design review', '2027-03-11T13:00:00Z')).toMatchObject({ state: 'tracked', timeRecordId: replies[0]!.body.id });
  });

  it('suggests the project from the same series, then from the same subject', async () => {
    const first = await meeting('Daily standup', '2027-03-08T08:15:00Z');
    expect(first.suggestedProjectId).toBeNull();
    const missing = await env.t.call('POST', `/api/v1/impulses/${first.id}/track`, { token: ada.token, body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([expect.objectContaining({ path: 'body.projectId' })]);

    await env.t.call('POST', `/api/v1/impulses/${first.id}/track`, { token: ada.token, body: { projectId: otherProjectId } });
    expect((await meeting('Daily standup', '2027-03-15T08:15:00Z')).suggestedProjectId).toBe(otherProjectId);
    expect((await meeting('Design review', '2027-03-16T13:00:00Z')).suggestedProjectId).toBe(projectId);
    // the suggestion is what tracking uses when no project is given
    const next = await meeting('Daily standup', '2027-03-10T08:15:00Z');
    const tracked = await env.t.call('POST', `/api/v1/impulses/${next.id}/track`, { token: ada.token, body: {} });
    expect(tracked.body).toMatchObject({ projectId: otherProjectId, start: '2027-03-10T08:15:00Z' });
  });

  it('needs start and end for an all-day meeting', async () => {
    const offsite = await meeting('Offsite');
    const reply = await env.t.call('POST', `/api/v1/impulses/${offsite.id}/track`, { token: ada.token, body: { projectId } });
    expect(reply.status).toBe(400);
    const withTimes = await env.t.call('POST', `/api/v1/impulses/${offsite.id}/track`, {
      token: ada.token,
      body: { projectId, start: '2027-03-15T08:00:00Z', end: '2027-03-15T12:00:00Z' },
    });
    expect(withTimes.status).toBe(201);
  });

  it('starts the timer from a meeting', async () => {
    const review = await meeting('Design review', '2027-03-16T13:00:00Z');
    const reply = await env.t.call('POST', `/api/v1/impulses/${review.id}/start-timer`, { token: ada.token, body: {} });
    expect(reply.status).toBe(200);
    expect(reply.body.running).toMatchObject({ projectId, description: 'Design review', impulseId: review.id });
    const timer = await env.t.call('GET', '/api/v1/timer', { token: ada.token });
    expect(timer.body.running.impulseId).toBe(review.id);
  });

  it('dismisses and restores an impulse', async () => {
    const item = await meeting('Daily standup', '2027-03-17T08:15:00Z');
    const dismissed = await env.t.call('POST', `/api/v1/impulses/${item.id}/dismiss`, { token: ada.token });
    expect(dismissed.body).toMatchObject({ id: item.id, state: 'dismissed' });
    expect((await meeting('Daily standup', '2027-03-17T08:15:00Z')).state).toBe('dismissed');
    const restored = await env.t.call('POST', `/api/v1/impulses/${item.id}/restore`, { token: ada.token });
    expect(restored.body.state).toBe('open');
    expect((await env.t.call('POST', '/api/v1/impulses/m_nonexistent/dismiss', { token: ada.token })).status).toBe(404);
  });

  it('offers recent project/task/description combinations as impulses', async () => {
    const recent = (await impulses()).filter((item) => item.kind === 'recent');
    expect(recent.map((item) => [item.projectId, item.description])).toEqual(
      expect.arrayContaining([
        [projectId, 'Design review'],
        [otherProjectId, 'Daily standup'],
      ]),
    );
    const review = recent.find((item) => item.description === 'Design review')!;
    const noTimes = await env.t.call('POST', `/api/v1/impulses/${review.id}/track`, { token: ada.token, body: {} });
    expect(noTimes.status).toBe(400);
    const tracked = await env.t.call('POST', `/api/v1/impulses/${review.id}/track`, {
      token: ada.token,
      body: { start: '2027-03-09T12:00:00Z', end: '2027-03-09T13:00:00Z' },
    });
    expect(tracked.body).toMatchObject({ projectId, description: 'Design review', source: 'impulse' });
  });
});

describe('when the feed changes a tracked meeting', () => {
  it('shows changedSinceTracked after a move, a rename, a cancellation and a deletion; the records stay as saved', async () => {
    const base: FeedEvent[] = [
      { uid: 'ch-move', summary: 'Budget', start: '20270309T100000', end: '20270309T110000' },
      { uid: 'ch-rename', summary: 'Sync', start: '20270309T120000', end: '20270309T123000' },
      { uid: 'ch-cancel', summary: 'Vendor demo', start: '20270309T130000', end: '20270309T140000' },
      { uid: 'ch-delete', summary: 'Retro', start: '20270309T150000', end: '20270309T160000' },
    ];
    await publish([...events, ...base]);
    const recordIds: Record<string, string> = {};
    for (const event of base) {
      const item = await meeting(event.summary, undefined, '?from=2027-03-09&to=2027-03-10');
      const reply = await env.t.call('POST', `/api/v1/impulses/${item.id}/track`, { token: ada.token, body: { projectId } });
      expect(reply.status).toBe(201);
      recordIds[event.uid] = reply.body.id;
    }
    const before = await env.t.call('GET', '/api/v1/time-records?from=2027-03-09&to=2027-03-10', { token: ada.token });

    await publish([
      ...events,
      { ...base[0]!, start: '20270309T103000', end: '20270309T113000' },
      { ...base[1]!, summary: 'Weekly sync' },
      { ...base[2]!, summary: 'Canceled: Vendor demo', status: 'CONFIRMED', busy: 'FREE' },
    ]);

    const list = (await impulses(ada, '?from=2027-03-09&to=2027-03-10')).filter((item) => item.kind === 'meeting');
    const byRecord = (uid: string) => list.find((item) => item.timeRecordId === recordIds[uid])!;
    expect(byRecord('ch-move').changedSinceTracked).toEqual({
      before: { start: '2027-03-09T09:00:00Z', end: '2027-03-09T10:00:00Z', summary: 'Budget' },
      after: { start: '2027-03-09T09:30:00Z', end: '2027-03-09T10:30:00Z', summary: 'Budget' },
      cancelled: false,
      removed: false,
    });
    expect(byRecord('ch-rename').changedSinceTracked).toMatchObject({
      before: { summary: 'Sync' },
      after: { summary: 'Weekly sync' },
      cancelled: false,
      removed: false,
    });
    expect(byRecord('ch-cancel')).toMatchObject({
      cancelled: true,
      changedSinceTracked: { cancelled: true, removed: false, after: { summary: 'Canceled: Vendor demo' } },
    });
    expect(byRecord('ch-delete')).toMatchObject({
      removed: true,
      changedSinceTracked: { before: { summary: 'Retro' }, after: null, cancelled: false, removed: true },
    });

    const after = await env.t.call('GET', '/api/v1/time-records?from=2027-03-09&to=2027-03-10', { token: ada.token });
    expect(after.body.items).toEqual(before.body.items);
  });

  it('stops listing the meetings of a connection switched OFF', async () => {
    const current = await env.t.call('GET', `/api/v1/connections/${connectionId}`, { token: ada.token });
    await env.t.call('PATCH', `/api/v1/connections/${connectionId}`, {
      token: ada.token,
      body: { version: current.body.version, enabled: false },
    });
    expect((await impulses()).filter((item) => item.kind === 'meeting')).toEqual([]);
  });
});
