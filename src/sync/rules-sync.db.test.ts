import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as contract from '../contract/index.ts';
import { type CalendarTestEnv, createCalendarTestEnv } from '../../test/support/calendar-env.ts';
import { exchangeFeed, type FeedEvent } from '../../test/support/exchange-feed.ts';
import type { TestClient } from '../../test/support/test-app.ts';

// The sync worker's refresh path runs the track-automatically rules: a meeting that ended since
// the last refresh is tracked by the next due refresh, once, even when the feed did not change;
// one cancelled in the feed before it ended is not.
// The app clock starts on Wednesday 2027-03-10 08:00 UTC; the feed's times are Prague (UTC+1).
const planning: FeedEvent = {
  uid: 'planning',
  summary: 'Sprint planning',
  start: '20270310T100000',
  end: '20270310T110000',
  rrule: 'FREQ=DAILY;COUNT=3',
};
const HOUR = 3_600_000;

let env: CalendarTestEnv;
let api: TestClient;
let projectId: string;
const feedPath = '/owa/calendar/ada@rules-sync.test/0a1b2c3d/calendar.ics';

async function ruleRecords() {
  return (await api.ok(contract.listTimeRecords, { query: { from: '2027-03-01', to: '2027-04-01' } })).items.filter(
    (record) => record.source === 'rule',
  );
}
// the clock moves to when the connection is due again, and the worker refreshes it
async function nextDueSync() {
  const [connection] = (await api.ok(contract.listConnections)).items;
  const due = Date.parse(connection!.nextSyncAt!) + 1000;
  if (due > env.t.clock.now.getTime()) env.t.clock.now = new Date(due);
  expect(await env.worker.runOnce()).toBe(1);
}

beforeAll(async () => {
  env = await createCalendarTestEnv();
  const ada = await env.t.signup('ada@rules-sync.test');
  api = env.t.client({ token: ada.token });
  projectId = (await api.ok(contract.createProject, { body: { name: 'Scrum' } })).id;
  env.server.route(feedPath, { body: exchangeFeed([planning], { name: 'Work' }) });
  await api.ok(contract.createConnection, { body: { url: env.server.url(feedPath) } });
  await api.ok(contract.createRule, { body: { kind: 'subject', pattern: 'planning', projectId, mode: 'track' } });
});
afterAll(() => env.close());

describe('the sync worker and track-automatically rules', () => {
  it('tracks a meeting after it ended, once, with an unchanged feed', async () => {
    await nextDueSync();
    expect(await ruleRecords()).toEqual([]);
    env.advance(2 * HOUR);
    await nextDueSync();
    const records = await ruleRecords();
    expect(records).toEqual([
      expect.objectContaining({ start: '2027-03-10T09:00:00Z', end: '2027-03-10T10:00:00Z', description: 'Sprint planning', projectId }),
    ]);
    await nextDueSync();
    expect(await ruleRecords()).toEqual(records);
    expect(env.logs.some((log) => log.message === 'meetings tracked by rules' && log.fields.records === 1)).toBe(true);
  });

  it('does not track an occurrence cancelled in the feed before it ended', async () => {
    const cancelled: FeedEvent = {
      ...planning,
      rrule: undefined,
      recurrenceId: '20270311T100000',
      start: '20270311T100000',
      end: '20270311T110000',
      status: 'CANCELLED',
    };
    const { rrule: _, ...single } = cancelled;
    env.server.route(feedPath, { body: exchangeFeed([planning, single], { name: 'Work' }) });
    env.advance(24 * HOUR);
    await nextDueSync();
    expect((await ruleRecords()).map((record) => record.start)).toEqual(['2027-03-10T09:00:00Z']);
  });
});
