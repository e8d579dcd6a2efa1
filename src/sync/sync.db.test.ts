import { createHook } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import diagnosticsChannel from 'node:diagnostics_channel';
import type { LookupFunction } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/database.ts';
import { type CalendarTestEnv, createCalendarTestEnv } from '../../test/support/calendar-env.ts';
import { exchangeFeed, type FeedEvent } from '../../test/support/exchange-feed.ts';
import { startExchangeServer } from '../../test/support/exchange-server.ts';
import type { SignedUp } from '../../test/support/test-app.ts';

// Against a local HTTPS server imitating Exchange publishing; the app clock stands at
// 2027-03-10 08:00 UTC and only moves when a test moves it.
const MINUTE = 60_000;
const standup: FeedEvent = {
  uid: 'standup-1',
  summary: 'Daily standup',
  start: '20270308T091500',
  end: '20270308T093000',
  rrule: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=8',
};
const review: FeedEvent = {
  uid: 'review-1',
  summary: 'Design review',
  start: '20270311T140000',
  end: '20270311T150000',
  location: 'Room 4',
};
const FEED = exchangeFeed([standup, review], { name: 'Work (Exchange)' });
const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/ics/${name}`, import.meta.url));

let env: CalendarTestEnv;
let user: SignedUp;
let counter = 0;

function path(name: string) {
  return `/owa/calendar/${name}-${++counter}@contoso.test/Secret0${counter}Token/calendar.ics`;
}

async function connect(route: Parameters<CalendarTestEnv['server']['route']>[1], owner = user) {
  const at = path('feed');
  env.server.route(at, route);
  const reply = await env.t.call('POST', '/api/v1/connections', { token: owner.token, body: { url: env.server.url(at) } });
  return { at, reply, id: reply.body.id as string };
}

async function syncNow(id: string, owner = user) {
  const reply = await env.t.call('POST', `/api/v1/connections/${id}/sync`, { token: owner.token });
  expect(reply.status).toBe(200);
  return reply.body;
}

async function occurrences(connectionId: string) {
  return queryRows<{ id: string; summary: string; removed_at: Date | null; updated_at: Date; start: string }>(
    env.t.deps.db,
    sql`SELECT id, summary, removed_at, updated_at, start FROM calendar_occurrences WHERE connection_id = ${connectionId} ORDER BY start, id`,
  );
}

// xmin is the transaction that last wrote a row: it moves on every UPDATE, even one that sets
// the same values, so an unchanged xmin means the row was not written at all
async function rowWrites(connectionId: string) {
  const rows = await queryRows<{ id: string; xmin: string }>(
    env.t.deps.db,
    sql`SELECT id, xmin::text AS xmin FROM calendar_occurrences WHERE connection_id = ${connectionId} ORDER BY id`,
  );
  return new Map(rows.map((row) => [row.id, row.xmin]));
}

beforeAll(async () => {
  env = await createCalendarTestEnv({ syncIntervalS: 900, fetcher: { maxBytes: 20 * 1024 * 1024 } });
  user = await env.t.signup('sync@example.test');
});
afterAll(() => env.close());

describe('syncing a published Exchange calendar', () => {
  it('imports a feed on first sync: name from the feed, occurrences in the horizon, status ok', async () => {
    const { reply, id } = await connect({ body: FEED, etag: '"v1"', gzip: true });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      provider: 'exchange',
      name: 'Work (Exchange)',
      enabled: true,
      status: 'ok',
      detailLevel: 'limited',
      eventCount: 9,
      lastError: null,
    });
    expect(reply.body.lastSuccessAt).toBe('2027-03-10T08:00:00Z');
    expect(reply.body).not.toHaveProperty('url');
    expect(reply.body.urlMasked).not.toContain('Secret0');
    expect(await occurrences(id)).toHaveLength(9);
  });

  it('sends a conditional request on the second sync and writes nothing but the sync time', async () => {
    const { at, id } = await connect({ body: FEED, etag: '"v1"', lastModified: 'Mon, 01 Mar 2027 08:00:00 GMT' });
    const before = await occurrences(id);
    env.advance(MINUTE);
    const after = await syncNow(id);
    const last = env.server.requests.filter((request) => request.path === at).at(-1)!;
    expect(last.headers['if-none-match']).toBe('"v1"');
    expect(last.headers['if-modified-since']).toBe('Mon, 01 Mar 2027 08:00:00 GMT');
    expect(after).toMatchObject({ status: 'ok', eventCount: 9, lastSyncAt: env.t.clock.now.toISOString().replace('.000Z', 'Z') });
    expect(await occurrences(id)).toEqual(before);
  });

  it('flags and duplicates nothing when the feed is regenerated without a real change', async () => {
    const { at, id } = await connect({ body: FEED, etag: '"v1"' });
    const before = await occurrences(id);
    const writesBefore = await rowWrites(id);
    env.server.route(at, { body: exchangeFeed([review, standup], { name: 'Work (Exchange)', stamp: '20270310T070000Z' }), etag: '"v2"' });
    env.advance(MINUTE);
    expect(await syncNow(id)).toMatchObject({
      status: 'ok',
      eventCount: 9,
      lastSyncAt: env.t.clock.now.toISOString().replace('.000Z', 'Z'),
    });
    const after = await occurrences(id);
    expect(after).toEqual(before);
    expect(after.every((row) => row.removed_at === null)).toBe(true);
    // new bytes, same meetings: not one occurrence row written
    expect(await rowWrites(id)).toEqual(writesBefore);
  });

  it('writes only the occurrences that changed when one meeting of a feed moves', async () => {
    const { at, id } = await connect({ body: FEED, etag: '"v1"' });
    const writesBefore = await rowWrites(id);
    env.server.route(at, {
      body: exchangeFeed([standup, { ...review, start: '20270311T150000', end: '20270311T160000' }], { name: 'Work (Exchange)' }),
      etag: '"v2"',
    });
    env.advance(MINUTE);
    await syncNow(id);
    const writesAfter = await rowWrites(id);
    const written = [...writesAfter].filter(([row, xmin]) => writesBefore.get(row) !== xmin).map(([row]) => row);
    expect(written).toHaveLength(1);
    const rows = await occurrences(id);
    const moved = rows.find((row) => row.id === written[0]);
    expect(moved).toMatchObject({ summary: 'Design review', start: '2027-03-11T14:00:00Z' });
    expect(new Date(moved!.updated_at).getTime()).toBe(env.t.clock.now.getTime());
    expect(rows.filter((row) => row.id !== written[0]).every((row) => new Date(row.updated_at) < env.t.clock.now)).toBe(true);
  });

  it('marks an occurrence that vanished as removed and keeps the row', async () => {
    const { at, id } = await connect({ body: FEED });
    env.server.route(at, { body: exchangeFeed([standup]) });
    await syncNow(id);
    const rows = await occurrences(id);
    expect(rows).toHaveLength(9);
    expect(rows.filter((row) => row.removed_at !== null).map((row) => row.summary)).toEqual(['Design review']);
  });

  it.each([
    { language: 'en', words: ['Busy', 'Tentative', 'Free'], hint: /Limited details/ },
    { language: 'cs', words: ['Zaneprázdněn', 'Předběžně', 'Volný'], hint: /Omezené podrobnosti/ },
  ])(
    'shows availability-only publishing ($language words) as warning with the "Limited details" fix',
    async ({ language, words, hint }) => {
      const reader = await env.t.signup(`availability-${language}@example.test`, undefined, { language });
      const busy = ['BUSY', 'TENTATIVE', 'FREE'] as const;
      const events = Array.from(
        { length: 6 },
        (_, i): FeedEvent => ({
          uid: `avail-${i}`,
          summary: words[i % 3]!,
          busy: busy[i % 3]!,
          start: `2027031${i}T100000`,
          end: `2027031${i}T110000`,
        }),
      );
      const { reply } = await connect({ body: exchangeFeed(events) }, reader);
      expect(reply.body).toMatchObject({ status: 'warning', detailLevel: 'availability', lastError: { code: 'availability_only' } });
      expect(reply.body.lastError.hint).toMatch(hint);
    },
  );

  it.each([
    { file: 'availability-en-pacific-2027.ics', language: 'en' },
    { file: 'availability-cz-2027.ics', language: 'cs' },
  ])('reads the Exchange fixture $file as availability-only', async ({ file, language }) => {
    const reader = await env.t.signup(`fixture-${language}@example.test`, undefined, { language });
    const { reply } = await connect({ body: fixture(file) }, reader);
    expect(reply.body).toMatchObject({ status: 'warning', detailLevel: 'availability', lastError: { code: 'availability_only' } });
  });
});

describe('a failing feed keeps what was synced before', () => {
  async function failingAfterImport(failure: Parameters<CalendarTestEnv['server']['route']>[1]) {
    const { at, id } = await connect({ body: FEED });
    const before = await occurrences(id);
    env.server.route(at, failure);
    env.advance(MINUTE);
    const state = await syncNow(id);
    expect(await occurrences(id)).toEqual(before);
    expect(state.lastSuccessAt).toBe(new Date(env.t.clock.now.getTime() - MINUTE).toISOString().replace('.000Z', 'Z'));
    expect(state.status).toBe('error');
    return { at, id, state };
  }

  it.each([
    { name: '404 after unpublishing', failure: { status: 404, body: 'gone' }, code: 'unpublished', hint: /Limited details/ },
    { name: '410 Gone', failure: { status: 410 }, code: 'unpublished', hint: /Publish the calendar again/ },
    { name: '403', failure: { status: 403 }, code: 'feed_forbidden', hint: /Limited details/ },
    {
      name: 'an HTML page instead of the calendar',
      failure: { body: '<html><body>Not here</body></html>', contentType: 'text/html' },
      code: 'not_ics',
      hint: /ICS/,
    },
    {
      name: 'a truncated feed',
      failure: { body: FEED.slice(0, FEED.lastIndexOf('END:VEVENT') - 20) },
      code: 'truncated',
      hint: /last complete import/,
    },
  ])('reports $name as $code', async ({ failure, code, hint }) => {
    const { state } = await failingAfterImport(failure);
    expect(state.lastError).toMatchObject({ code, message: expect.any(String) });
    expect(state.lastError.hint).toMatch(hint);
  });

  it('keeps the last good import when the Exchange fixture arrives cut off inside its last event', async () => {
    const { state } = await failingAfterImport({ body: fixture('malformed-recoverable-2027.ics') });
    expect(state.lastError.code).toBe('truncated');
  });

  it('reports a redirect to a sign-in page as login_required', async () => {
    const { state } = await failingAfterImport({ redirect: 'https://login.microsoftonline.com/common/oauth2/authorize?client_id=x' });
    expect(state.lastError.code).toBe('login_required');
  });

  it('reports a slow body as timeout and imports nothing of the part that arrived', async () => {
    const { state } = await failingAfterImport({ stall: FEED.slice(0, 400) });
    expect(state.lastError.code).toBe('timeout');
  });

  it('reports a 30 MB body and a gzip bomb as too_large', async () => {
    expect((await failingAfterImport({ hugeBytes: 30 * 1024 * 1024 })).state.lastError.code).toBe('too_large');
    expect((await failingAfterImport({ gzipBomb: 200 * 1024 * 1024 })).state.lastError.code).toBe('too_large');
  });

  it('reports a redirect loop as too_many_redirects', async () => {
    const { at, id } = await connect({ body: FEED });
    env.server.route(at, { redirect: at });
    expect((await syncNow(id)).lastError.code).toBe('too_many_redirects');
  });

  it.each(['127.0.0.2', '[::1]', '[::ffff:127.0.0.1]', '2130706433'])('refuses a redirect to %s without connecting to it', async (host) => {
    const { at, id } = await connect({ body: FEED });
    const target = path('target');
    env.server.route(target, { body: FEED });
    env.server.route(at, { redirect: `https://${host}:${env.server.port}${target}` });
    const attempted: string[] = [];
    const onConnect = (message: unknown) =>
      void attempted.push((message as { connectParams: { hostname: string } }).connectParams.hostname);
    diagnosticsChannel.subscribe('undici:client:beforeConnect', onConnect);
    try {
      expect((await syncNow(id)).lastError.code).toBe('ssrf_blocked');
    } finally {
      diagnosticsChannel.unsubscribe('undici:client:beforeConnect', onConnect);
    }
    expect(env.server.hits(target)).toBe(0);
    expect(attempted.filter((hostname) => hostname !== 'localhost')).toEqual([]);
  });

  it('reports an untrusted certificate as tls_error', async () => {
    const impostor = await startExchangeServer({ tls: env.ca.untrusted.leaf });
    try {
      impostor.route('/calendar.ics', { body: FEED });
      const reply = await env.t.call('POST', '/api/v1/connections', { token: user.token, body: { url: impostor.url('/calendar.ics') } });
      expect(reply.body).toMatchObject({ status: 'error', lastError: { code: 'tls_error' } });
      expect(impostor.hits('/calendar.ics')).toBe(0);
    } finally {
      await impostor.close();
    }
  });
});

describe('addresses refused through an injected resolver', () => {
  // made-up names answered by a stand-in resolver: nothing is ever sent to these addresses
  const answers: Record<string, string> = {
    'ten.example.test': '10.0.0.1',
    'home.example.test': '192.168.1.10',
    'office.example.test': '172.16.0.5',
    'metadata.example.test': '169.254.169.254',
    'aws6.example.test': 'fd00:ec2::254',
    'mapped.example.test': '::ffff:10.0.0.1',
  };
  const lookup: LookupFunction = (hostname, options, callback) => {
    const address = answers[hostname] ?? '192.0.2.1';
    const family = address.includes(':') ? 6 : 4;
    if (options.all) return callback(null, [{ address, family }]);
    callback(null, address, family);
  };
  let isolated: CalendarTestEnv;
  let owner: SignedUp;
  beforeAll(async () => {
    isolated = await createCalendarTestEnv({ fetcher: { lookup, allowHosts: [] } });
    owner = await isolated.t.signup('ssrf@example.test');
  });
  afterAll(() => isolated.close());

  it.each(Object.entries(answers))('refuses %s (resolving to %s) without opening a socket', async (host) => {
    let sockets = 0;
    const hook = createHook({ init: (_id, type) => void (type === 'TCPCONNECTWRAP' && (sockets += 1)) }).enable();
    let reply;
    try {
      reply = await isolated.t.call('POST', '/api/v1/connections', {
        token: owner.token,
        body: { url: `https://${host}/owa/calendar/a/b/calendar.ics` },
      });
    } finally {
      hook.disable();
    }
    expect(reply.body).toMatchObject({ status: 'error', lastError: { code: 'ssrf_blocked' } });
    expect(sockets).toBe(0);
  });
});

describe('scheduled refreshes', () => {
  it('backs off after a 503 and sends no scheduled request before Retry-After expires; Sync now ignores it', async () => {
    const { at, id } = await connect({ body: FEED });
    env.server.route(at, { status: 503, headers: { 'retry-after': '7200' } });
    const failed = await syncNow(id);
    expect(failed.lastError).toMatchObject({ code: 'server_error' });
    expect(Date.parse(failed.nextSyncAt) - env.t.clock.now.getTime()).toBeGreaterThanOrEqual(7200_000);
    const hits = env.server.hits(at);
    for (const step of [15, 60, 115]) {
      env.t.clock.now = new Date(Date.parse(failed.lastSyncAt) + step * MINUTE);
      await env.worker.runOnce();
      expect(env.server.hits(at)).toBe(hits);
    }
    await syncNow(id);
    expect(env.server.hits(at)).toBe(hits + 1);
    env.t.clock.now = new Date(Date.parse(failed.lastSyncAt) + 122 * MINUTE);
    await env.worker.runOnce();
    expect(env.server.hits(at)).toBe(hits + 1);
  });

  it('backs off exponentially: each failure in a row waits longer, up to the cap', async () => {
    const { at, id } = await connect({ body: FEED });
    env.server.route(at, { status: 500 });
    const waits: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const state = await syncNow(id);
      waits.push(Date.parse(state.nextSyncAt) - env.t.clock.now.getTime());
    }
    expect(waits[1]! / waits[0]!).toBeGreaterThan(1.5);
    expect(waits[2]! / waits[1]!).toBeGreaterThan(1.5);
  });

  it('refreshes due connections on schedule, and never fetches one switched OFF', async () => {
    const { at, id, reply } = await connect({ body: FEED, etag: '"s1"' });
    const hits = env.server.hits(at);
    env.t.clock.now = new Date(Date.parse(reply.body.nextSyncAt) + 1000);
    expect(await env.worker.runOnce()).toBeGreaterThanOrEqual(1);
    expect(env.server.hits(at)).toBe(hits + 1);

    const current = await env.t.call('GET', `/api/v1/connections/${id}`, { token: user.token });
    const off = await env.t.call('PATCH', `/api/v1/connections/${id}`, {
      token: user.token,
      body: { version: current.body.version, enabled: false },
    });
    expect(off.body).toMatchObject({ enabled: false, status: 'disabled', nextSyncAt: null });
    env.advance(48 * 3600_000);
    await env.worker.runOnce();
    await syncNow(id);
    expect(env.server.hits(at)).toBe(hits + 1);

    const on = await env.t.call('PATCH', `/api/v1/connections/${id}`, {
      token: user.token,
      body: { version: off.body.version, enabled: true },
    });
    expect(on.body.enabled).toBe(true);
    await env.worker.runOnce();
    expect(env.server.hits(at)).toBe(hits + 2);
  });
});
