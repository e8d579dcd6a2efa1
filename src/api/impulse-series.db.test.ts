import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as contract from '../contract/index.ts';
import type { Impulse } from '../contract/impulses.ts';
import { type CalendarTestEnv, createCalendarTestEnv } from '../../test/support/calendar-env.ts';
import { exchangeFeed, type FeedEvent } from '../../test/support/exchange-feed.ts';
import type { SignedUp, TestClient } from '../../test/support/test-app.ts';

// What the impulses panel needs beyond listing and tracking: series (recurring, remembered
// project, dismiss all), suggestions with their task and source, and "Update record".
// The app clock stands on Wednesday 2027-03-10 08:00 UTC; the feed's times are Prague (UTC+1).
const weekly: FeedEvent = {
  uid: 'weekly',
  summary: 'Team sync',
  start: '20270308T100000',
  end: '20270308T110000',
  rrule: 'FREQ=WEEKLY;COUNT=3',
};
const budget: FeedEvent = { uid: 'budget-1', summary: 'Budget', start: '20270309T100000', end: '20270309T110000' };
const budgetAgain: FeedEvent = { uid: 'budget-2', summary: 'BUDGET', start: '20270311T100000', end: '20270311T110000' };
const standup: FeedEvent = {
  uid: 'standup',
  summary: 'Standup',
  start: '20270308T090000',
  end: '20270308T091500',
  rrule: 'FREQ=DAILY;COUNT=3',
};
const vendor: FeedEvent = { uid: 'vendor', summary: 'Vendor call', start: '20270309T140000', end: '20270309T150000' };
const retro: FeedEvent = { uid: 'retro', summary: 'Retro', start: '20270309T160000', end: '20270309T170000' };
const offsite: FeedEvent = { uid: 'offsite', summary: 'Offsite', start: '20270311', end: '20270312' };
const events = [weekly, budget, budgetAgain, standup, vendor, retro, offsite];

const WINDOW = { from: '2027-03-01', to: '2027-04-30' };
let env: CalendarTestEnv;
let ada: SignedUp;
let api: TestClient;
let engine: string;
let mill: string;
let design: string;
const feedPath = '/owa/calendar/ada@series.test/0a1b2c3d/calendar.ics';
let connectionId: string;

async function list(): Promise<Impulse[]> {
  return (await api.ok(contract.listImpulses, { query: WINDOW })).items;
}
async function meeting(summary: string, start: string, connection = connectionId): Promise<Impulse> {
  const found = (await list()).find((item) => item.summary === summary && item.start === start && item.source?.connectionId === connection);
  if (!found) throw new Error(`no impulse ${summary} at ${start}`);
  return found;
}
async function publish(feed: FeedEvent[]) {
  env.server.route(feedPath, { body: exchangeFeed(feed, { name: 'Work' }) });
  expect((await api.ok(contract.syncConnection, { params: { id: connectionId } })).status).toBe('ok');
}

beforeAll(async () => {
  env = await createCalendarTestEnv();
  ada = await env.t.signup('ada@series.test');
  api = env.t.client({ token: ada.token });
  engine = (await api.ok(contract.createProject, { body: { name: 'Engine' } })).id;
  mill = (await api.ok(contract.createProject, { body: { name: 'Mill' } })).id;
  design = (await api.ok(contract.createTask, { body: { projectId: engine, name: 'Design' } })).id;
  env.server.route(feedPath, { body: exchangeFeed(events, { name: 'Work' }) });
  connectionId = (await api.ok(contract.createConnection, { body: { url: env.server.url(feedPath) } })).id;
});
afterAll(() => env.close());

describe('series and suggestions', () => {
  it('marks the occurrences of a recurring series, and not a single meeting', async () => {
    expect((await meeting('Team sync', '2027-03-08T09:00:00Z')).recurring).toBe(true);
    expect((await meeting('Budget', '2027-03-09T09:00:00Z')).recurring).toBe(false);
  });

  it('suggests project and task from the series, then from the same subject, saying which', async () => {
    const first = await meeting('Team sync', '2027-03-08T09:00:00Z');
    expect(first).toMatchObject({ suggestedProjectId: null, suggestedTaskId: null, suggestionSource: null });
    await api.ok(contract.trackImpulse, { params: { id: first.id }, body: { projectId: engine, taskId: design } });
    expect(await meeting('Team sync', '2027-03-15T09:00:00Z')).toMatchObject({
      suggestedProjectId: engine,
      suggestedTaskId: design,
      suggestionSource: 'series',
    });

    await api.ok(contract.trackImpulse, {
      params: { id: (await meeting('Budget', '2027-03-09T09:00:00Z')).id },
      body: { projectId: mill },
    });
    const sameSubject = await meeting('BUDGET', '2027-03-11T09:00:00Z');
    expect(sameSubject).toMatchObject({ suggestedProjectId: mill, suggestedTaskId: null, suggestionSource: 'subject' });
    const recent = (await list()).find((item) => item.kind === 'recent' && item.projectId === engine);
    expect(recent).toMatchObject({ suggestedProjectId: engine, suggestedTaskId: design, suggestionSource: 'recent', recurring: false });
    // tracking without a project takes the suggested project and its task
    const tracked = await api.ok(contract.trackImpulse, {
      params: { id: (await meeting('Team sync', '2027-03-15T09:00:00Z')).id },
      body: {},
    });
    expect(tracked).toMatchObject({ projectId: engine, taskId: design });
  });

  it('remembers the project for the series: it wins over later choices, also through another connection of the same calendar', async () => {
    const monday = await meeting('Standup', '2027-03-08T08:00:00Z');
    await api.ok(contract.trackImpulse, { params: { id: monday.id }, body: { projectId: mill, rememberForSeries: true } });
    const tuesday = await meeting('Standup', '2027-03-09T08:00:00Z');
    await api.ok(contract.trackImpulse, { params: { id: tuesday.id }, body: { projectId: engine, taskId: design } });
    expect(await meeting('Standup', '2027-03-10T08:00:00Z')).toMatchObject({
      suggestedProjectId: mill,
      suggestedTaskId: null,
      suggestionSource: 'series',
    });

    const otherPath = '/owa/calendar/ada@series.test/9f8e7d6c/calendar.ics';
    env.server.route(otherPath, { body: exchangeFeed([standup], { name: 'Shared' }) });
    const other = await api.ok(contract.createConnection, { body: { url: env.server.url(otherPath) } });
    expect(await meeting('Standup', '2027-03-10T08:00:00Z', other.id)).toMatchObject({
      suggestedProjectId: mill,
      suggestionSource: 'series',
    });
    await api.ok(contract.deleteConnection, { params: { id: other.id }, query: { version: other.version } });
  });
});

describe('dismissing a whole series', () => {
  const states = async () =>
    (await list())
      .filter((item) => item.summary === 'Team sync' && item.source?.connectionId === connectionId)
      .map((item) => [item.start, item.state]);

  it('hides every occurrence, also one a later sync brings; one comes back on its own; restoring the series brings all back', async () => {
    const last = await meeting('Team sync', '2027-03-22T09:00:00Z');
    expect((await api.ok(contract.dismissImpulse, { params: { id: last.id }, body: { series: true } })).state).toBe('dismissed');
    // the two tracked ones stay tracked
    expect(await states()).toEqual([
      ['2027-03-08T09:00:00Z', 'tracked'],
      ['2027-03-15T09:00:00Z', 'tracked'],
      ['2027-03-22T09:00:00Z', 'dismissed'],
    ]);

    await publish([{ ...weekly, rrule: 'FREQ=WEEKLY;COUNT=4' }, ...events.filter((event) => event !== weekly)]);
    expect((await states()).at(-1)).toEqual(['2027-03-29T08:00:00Z', 'dismissed']);

    await api.ok(contract.restoreImpulse, { params: { id: last.id } });
    expect((await states()).slice(2)).toEqual([
      ['2027-03-22T09:00:00Z', 'open'],
      ['2027-03-29T08:00:00Z', 'dismissed'],
    ]);
    // dismissing the series again takes back the one restored on its own
    await api.ok(contract.dismissImpulse, { params: { id: last.id }, body: { series: true } });
    expect((await states()).slice(2)).toEqual([
      ['2027-03-22T09:00:00Z', 'dismissed'],
      ['2027-03-29T08:00:00Z', 'dismissed'],
    ]);

    const fourth = await meeting('Team sync', '2027-03-29T08:00:00Z');
    await api.ok(contract.restoreImpulse, { params: { id: fourth.id }, body: { series: true } });
    expect((await states()).slice(2)).toEqual([
      ['2027-03-22T09:00:00Z', 'open'],
      ['2027-03-29T08:00:00Z', 'open'],
    ]);
  });

  it('restoring a series also brings back occurrences dismissed one by one', async () => {
    const one = await meeting('Team sync', '2027-03-22T09:00:00Z');
    await api.ok(contract.dismissImpulse, { params: { id: one.id } });
    expect((await meeting('Team sync', '2027-03-22T09:00:00Z')).state).toBe('dismissed');
    await api.ok(contract.restoreImpulse, { params: { id: one.id }, body: { series: true } });
    expect((await meeting('Team sync', '2027-03-22T09:00:00Z')).state).toBe('open');
  });
});

describe("updating a record to the meeting's new time", () => {
  it('moves the record, renames it while the description is the old subject, and the impulse is no longer changed', async () => {
    const item = await meeting('Vendor call', '2027-03-09T13:00:00Z');
    const record = await api.ok(contract.trackImpulse, { params: { id: item.id }, body: { projectId: engine } });
    const untouched = await api.ok(contract.trackImpulse, {
      params: { id: (await meeting('Retro', '2027-03-09T15:00:00Z')).id },
      body: { projectId: engine, description: 'My own words' },
    });
    await publish([
      ...events.filter((event) => event !== vendor && event !== retro),
      { ...vendor, summary: 'Vendor call (moved)', start: '20270309T143000', end: '20270309T160000' },
      { ...retro, summary: 'Retrospective' },
    ]);
    const changed = await meeting('Vendor call (moved)', '2027-03-09T13:30:00Z');
    expect(changed.changedSinceTracked).not.toBeNull();

    const updated = await api.ok(contract.updateImpulseRecord, { params: { id: item.id } });
    expect(updated.record).toMatchObject({
      id: record.id,
      start: '2027-03-09T13:30:00Z',
      end: '2027-03-09T15:00:00Z',
      description: 'Vendor call (moved)',
      version: record.version + 1,
    });
    expect(updated.impulse).toMatchObject({ id: item.id, state: 'tracked', changedSinceTracked: null });
    expect((await meeting('Vendor call (moved)', '2027-03-09T13:30:00Z')).changedSinceTracked).toBeNull();

    // a repeat finds nothing to do and changes nothing
    const again = await api.call(contract.updateImpulseRecord, { params: { id: item.id } });
    expect(again.ok ? null : again.error).toMatchObject({
      status: 409,
      code: 'nothing_to_update',
      message: 'The time record already matches the meeting.',
      hint: expect.any(String),
    });
    expect((await api.ok(contract.getTimeRecord, { params: { id: record.id } })).version).toBe(record.version + 1);

    // renamed only, the description the person wrote stays
    const retroItem = await meeting('Retrospective', '2027-03-09T15:00:00Z');
    const kept = await api.ok(contract.updateImpulseRecord, { params: { id: retroItem.id } });
    expect(kept.record).toMatchObject({ id: untouched.id, description: 'My own words', start: '2027-03-09T15:00:00Z' });
  });

  it('answers 409 not_tracked for a meeting without a record, and 423 when the record is locked, changing nothing', async () => {
    const open = await meeting('BUDGET', '2027-03-11T09:00:00Z');
    const untracked = await api.call(contract.updateImpulseRecord, { params: { id: open.id } });
    expect(untracked.ok ? null : untracked.error).toMatchObject({ status: 409, code: 'not_tracked' });

    const item = await meeting('Vendor call (moved)', '2027-03-09T13:30:00Z');
    await publish([
      ...events.filter((event) => event !== vendor && event !== retro),
      { ...vendor, summary: 'Vendor call (moved)', start: '20270309T150000', end: '20270309T160000' },
      { ...retro, summary: 'Retrospective' },
    ]);
    const org = await api.ok(contract.getOrganization);
    await api.ok(contract.updateOrganization, { body: { version: org.version, lockedUntil: '2027-03-10' } });
    try {
      const locked = await api.call(contract.updateImpulseRecord, { params: { id: item.id } });
      expect(locked.ok ? null : locked.error).toMatchObject({ status: 423, code: 'period_locked' });
      expect((await meeting('Vendor call (moved)', '2027-03-09T14:00:00Z')).changedSinceTracked).toMatchObject({
        after: { start: '2027-03-09T14:00:00Z' },
      });
    } finally {
      const current = await api.ok(contract.getOrganization);
      await api.ok(contract.updateOrganization, { body: { version: current.version, lockedUntil: null } });
    }
    expect((await api.ok(contract.updateImpulseRecord, { params: { id: item.id } })).record).toMatchObject({
      start: '2027-03-09T14:00:00Z',
      end: '2027-03-09T15:00:00Z',
    });
  });

  it('moves the record of an all-day meeting by as many days as the meeting moved, keeping its hours', async () => {
    const item = await meeting('Offsite', '2027-03-11');
    await api.ok(contract.trackImpulse, {
      params: { id: item.id },
      body: { projectId: engine, start: '2027-03-11T08:00:00Z', end: '2027-03-11T12:00:00Z' },
    });
    await publish([
      ...events.filter((event) => event !== offsite && event !== vendor && event !== retro),
      { ...offsite, start: '20270313', end: '20270314' },
    ]);
    const updated = await api.ok(contract.updateImpulseRecord, { params: { id: item.id } });
    expect(updated.record).toMatchObject({ start: '2027-03-13T08:00:00Z', end: '2027-03-13T12:00:00Z', description: 'Offsite' });
  });
});
