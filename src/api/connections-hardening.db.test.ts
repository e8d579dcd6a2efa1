// What a careless feed, a busy user or an attacker does to connection writes: fetches never
// hold a transaction, fetching writes are rate-limited, one feed is connected once.
import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/database.ts';
import { type CalendarTestEnv, createCalendarTestEnv } from '../../test/support/calendar-env.ts';
import { exchangeFeed } from '../../test/support/exchange-feed.ts';
import { testEngine } from '../../test/support/test-db.ts';
import type { SignedUp } from '../../test/support/test-app.ts';

const FEED = exchangeFeed([{ uid: 'one', summary: 'Planning', start: '20270311T100000', end: '20270311T110000' }], { name: 'Team calendar' });

let env: CalendarTestEnv;
let owner: SignedUp;

beforeAll(async () => {
  // a long fetch time limit: the slow feed below is held by the test, never cut by the fetcher
  env = await createCalendarTestEnv({ fetcher: { timeoutMs: 120_000 } });
  owner = await env.t.signup('owner@hardening.test');
});
afterAll(() => env.close());

/** Resolves with `value` once `promise` settles, or with 'still waiting' after `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'still waiting'> {
  const controller = new AbortController();
  try {
    return await Promise.race([promise, delay(ms, 'still waiting' as const, { signal: controller.signal })]);
  } finally {
    controller.abort();
  }
}

describe('connection writes and the network', () => {
  it('fetches the link of an idempotent create before any transaction opens: other requests go on while the feed is slow', async () => {
    const other = await env.t.signup('other@hardening.test');
    let reached!: () => void;
    const feedRequested = new Promise<void>((resolve) => { reached = resolve; });
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    env.server.route('/slow/abcd1234efgh5678/calendar.ics', (_req, res) => {
      reached();
      void released.then(() => res.writeHead(200, { 'content-type': 'text/calendar' }).end(FEED));
    });
    const creating = env.t.call('POST', '/api/v1/connections', {
      token: owner.token, headers: { 'idempotency-key': 'slow-create' }, body: { url: env.server.url('/slow/abcd1234efgh5678/calendar.ics') },
    });
    await feedRequested;
    try {
      // PGlite has one connection: a transaction held over the fetch makes this wait for the feed
      const listed = await within(env.t.call('GET', '/api/v1/projects', { token: other.token }), 20_000);
      expect(listed === 'still waiting' ? listed : listed.status).toBe(200);
      if (testEngine === 'pg') {
        const [open] = await queryRows<{ n: number }>(env.t.deps.db, sql`
          SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`);
        expect(open?.n).toBe(0);
      }
    } finally {
      release();
    }
    const created = await creating;
    expect(created.status).toBe(201);
    // a replay answers from the stored answer: no second fetch
    const replayed = await env.t.call('POST', '/api/v1/connections', {
      token: owner.token, headers: { 'idempotency-key': 'slow-create' }, body: { url: env.server.url('/slow/abcd1234efgh5678/calendar.ics') },
    });
    expect(replayed.body.id).toBe(created.body.id);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(env.server.hits('/slow/abcd1234efgh5678/calendar.ics')).toBe(1);
  });
});

describe('fetching writes are rate-limited per user like checks that fetch', () => {
  it('bounds creates (60 a minute per user)', async () => {
    const busy = await env.t.signup('busy-create@hardening.test');
    // a refused link fetches nothing but counts: the limit guards the endpoint, not the outcome
    const statuses: number[] = [];
    for (let i = 0; i < 61; i += 1) {
      statuses.push((await env.t.call('POST', '/api/v1/connections', { token: busy.token, body: { url: `http://calendar.example.test/${i}/calendar.ics` } })).status);
    }
    expect(statuses.slice(0, 60).every((status) => status === 422)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // another user is not affected
    const calm = await env.t.signup('calm-create@hardening.test');
    expect((await env.t.call('POST', '/api/v1/connections', { token: calm.token, body: { url: 'http://calendar.example.test/x/calendar.ics' } })).status).toBe(422);
  });

  it('bounds PATCHes that replace the link, not renames', async () => {
    const busy = await env.t.signup('busy-patch@hardening.test');
    env.server.route('/patch/0123456789abcdef/calendar.ics', { body: FEED });
    const created = await env.t.call('POST', '/api/v1/connections', { token: busy.token, body: { url: env.server.url('/patch/0123456789abcdef/calendar.ics') } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const renames: number[] = [];
    for (let i = 0; i < 65; i += 1) {
      renames.push((await env.t.call('PATCH', `/api/v1/connections/${id}`, { token: busy.token, body: { version: 1 + i, name: `Name ${i}` } })).status);
    }
    expect(renames.every((status) => status === 200)).toBe(true);
    const relinks: number[] = [];
    for (let i = 0; i < 61; i += 1) {
      relinks.push((await env.t.call('PATCH', `/api/v1/connections/${id}`, { token: busy.token, body: { version: 66, url: `http://calendar.example.test/${i}/calendar.ics` } })).status);
    }
    expect(relinks.slice(0, 60).every((status) => status === 422)).toBe(true);
    expect(relinks.at(-1)).toBe(429);
  });
});
