// A worker holds a claimed job for a short lease and renews it while working (the heartbeat),
// so a worker that dies holds its jobs up for under a minute. The app clock is moved by hand.
import type { ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/database.ts';
import { SYNC_LEASE_MS } from '../domain/sync-schedule.ts';
import { type CalendarTestEnv, createCalendarTestEnv } from '../../test/support/calendar-env.ts';
import { exchangeFeed } from '../../test/support/exchange-feed.ts';
import { createSyncWorker } from './sync-worker.ts';

const FEED = exchangeFeed([{ uid: 'lease', summary: 'Planning', start: '20270311T100000', end: '20270311T110000' }], { name: 'Lease' });
const PATH = '/lease/0123456789abcdef/calendar.ics';

let env: CalendarTestEnv;

beforeAll(async () => {
  // the held feed below is released by the test, never cut by the fetcher's time limit
  env = await createCalendarTestEnv({ fetcher: { timeoutMs: 120_000 } });
});
afterAll(() => env.close());

async function job(connectionId: string) {
  const [row] = await queryRows<{ locked_by: string | null; locked_until: Date | string | null; due_at: Date | string }>(
    env.t.deps.db,
    sql`
    SELECT locked_by, locked_until, due_at FROM calendar_sync_jobs WHERE connection_id = ${connectionId}`,
  );
  return {
    lockedBy: row!.locked_by,
    lockedUntil: row!.locked_until === null ? null : new Date(row!.locked_until),
    dueAt: new Date(row!.due_at),
  };
}

describe('sync leases', () => {
  it("renews a working worker's lease, and hands a dead worker's job to another within a minute", async () => {
    expect(SYNC_LEASE_MS).toBeLessThan(60_000);
    const user = await env.t.signup('lease@sync.test');
    env.server.route(PATH, { body: FEED });
    const created = await env.t.call('POST', '/api/v1/connections', { token: user.token, body: { url: env.server.url(PATH) } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    // from now on each request waits until the test answers it
    const waiting: ServerResponse[] = [];
    let arrived: () => void = () => undefined;
    env.server.route(PATH, (_req, res) => {
      waiting.push(res);
      arrived();
    });
    const nextRequest = () =>
      new Promise<void>((resolve) => {
        arrived = resolve;
      });
    const answer = (res: ServerResponse | undefined) => res!.writeHead(200, { 'content-type': 'text/calendar' }).end(FEED);

    env.advance(20 * 60_000); // the job is due
    // the heartbeat timer never fires on its own here: the test renews by hand, on the app clock
    const a = createSyncWorker(env.t.deps, env.calendar, { workerId: 'a', pollMs: 60_000, heartbeatMs: 3_600_000 });
    const b = createSyncWorker(env.t.deps, env.calendar, { workerId: 'b', pollMs: 60_000, heartbeatMs: 3_600_000 });
    const claimedAt = env.t.clock.now.getTime();
    const requested = nextRequest();
    const roundA = a.runOnce();
    await requested;
    expect(await job(id)).toMatchObject({ lockedBy: 'a', lockedUntil: new Date(claimedAt + SYNC_LEASE_MS) });

    // A is alive and renews: past its first lease, B finds nothing to do
    env.advance(40_000);
    await a.renewLeases();
    env.advance(30_000);
    expect(await b.runOnce()).toBe(0);
    expect(env.server.hits(PATH)).toBe(2);

    // A stops renewing (as if killed while fetching): B takes the job over within one lease
    env.advance(SYNC_LEASE_MS + 1000);
    const requestedByB = nextRequest();
    const roundB = b.runOnce();
    await requestedByB;
    answer(waiting.pop());
    expect(await roundB).toBe(1);
    const released = await job(id);
    expect(released.lockedBy).toBeNull();
    // A's late answer changes nothing: the job is no longer A's
    answer(waiting.pop());
    expect(await roundA).toBe(1);
    expect(await job(id)).toEqual(released);
    await a.renewLeases();
    expect(await job(id)).toEqual(released);
  });
});
