// What a careless feed, a busy user or an attacker does to connection writes: fetches never
// hold a transaction, fetching writes are rate-limited, one feed is connected once.
import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../calendar/secret-box.ts';
import { insertConnection, listConnections } from '../db/connections-repository.ts';
import { queryRows } from '../db/database.ts';
import { backfillConnectionLinks } from '../services/connections.ts';
import { type CalendarTestEnv, createCalendarTestEnv } from '../../test/support/calendar-env.ts';
import { exchangeFeed } from '../../test/support/exchange-feed.ts';
import { testEngine } from '../../test/support/test-db.ts';
import type { SignedUp } from '../../test/support/test-app.ts';

const FEED = exchangeFeed([{ uid: 'one', summary: 'Planning', start: '20270311T100000', end: '20270311T110000' }], {
  name: 'Team calendar',
});

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
    const feedRequested = new Promise<void>((resolve) => {
      reached = resolve;
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    env.server.route('/slow/abcd1234efgh5678/calendar.ics', (_req, res) => {
      reached();
      void released.then(() => res.writeHead(200, { 'content-type': 'text/calendar' }).end(FEED));
    });
    const creating = env.t.call('POST', '/api/v1/connections', {
      token: owner.token,
      headers: { 'idempotency-key': 'slow-create' },
      body: { url: env.server.url('/slow/abcd1234efgh5678/calendar.ics') },
    });
    await feedRequested;
    try {
      // PGlite has one connection: a transaction held over the fetch makes this wait for the feed
      const listed = await within(env.t.call('GET', '/api/v1/projects', { token: other.token }), 20_000);
      expect(listed === 'still waiting' ? listed : listed.status).toBe(200);
      if (testEngine === 'pg') {
        const [open] = await queryRows<{ n: number }>(
          env.t.deps.db,
          sql`
          SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
        );
        expect(open?.n).toBe(0);
      }
    } finally {
      release();
    }
    const created = await creating;
    expect(created.status).toBe(201);
    // a replay answers from the stored answer: no second fetch
    const replayed = await env.t.call('POST', '/api/v1/connections', {
      token: owner.token,
      headers: { 'idempotency-key': 'slow-create' },
      body: { url: env.server.url('/slow/abcd1234efgh5678/calendar.ics') },
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
      statuses.push(
        (
          await env.t.call('POST', '/api/v1/connections', {
            token: busy.token,
            body: { url: `http://calendar.example.test/${i}/calendar.ics` },
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 60).every((status) => status === 422)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // another user is not affected
    const calm = await env.t.signup('calm-create@hardening.test');
    expect(
      (await env.t.call('POST', '/api/v1/connections', { token: calm.token, body: { url: 'http://calendar.example.test/x/calendar.ics' } }))
        .status,
    ).toBe(422);
  });

  it('bounds PATCHes that replace the link, not renames', async () => {
    const busy = await env.t.signup('busy-patch@hardening.test');
    env.server.route('/patch/0123456789abcdef/calendar.ics', { body: FEED });
    const created = await env.t.call('POST', '/api/v1/connections', {
      token: busy.token,
      body: { url: env.server.url('/patch/0123456789abcdef/calendar.ics') },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const renames: number[] = [];
    for (let i = 0; i < 65; i += 1) {
      renames.push(
        (await env.t.call('PATCH', `/api/v1/connections/${id}`, { token: busy.token, body: { version: 1 + i, name: `Name ${i}` } })).status,
      );
    }
    expect(renames.every((status) => status === 200)).toBe(true);
    const relinks: number[] = [];
    for (let i = 0; i < 61; i += 1) {
      relinks.push(
        (
          await env.t.call('PATCH', `/api/v1/connections/${id}`, {
            token: busy.token,
            body: { version: 66, url: `http://calendar.example.test/${i}/calendar.ics` },
          })
        ).status,
      );
    }
    // one budget of 60 fetches a minute per user across check, connect, relink and sync: the create spent one
    expect(relinks.slice(0, 59).every((status) => status === 422)).toBe(true);
    expect(relinks.slice(59)).toEqual([429, 429]);
  });
});

describe('one connection per feed and user', () => {
  it('refuses a second connection to the same feed (the normalised link decides) with 409 connection_exists', async () => {
    const ada = await env.t.signup('ada-dup@hardening.test');
    const czech = await env.t.signup('jana-dup@hardening.test', undefined, { language: 'cs' });
    env.server.route('/dup/Secret0123456789abcdef/calendar.ics', { body: FEED });
    const url = env.server.url('/dup/Secret0123456789abcdef/calendar.ics');
    const first = await env.t.call('POST', '/api/v1/connections', { token: ada.token, body: { url, name: 'Mine' } });
    expect(first.status).toBe(201);
    const hits = env.server.hits('/dup/Secret0123456789abcdef/calendar.ics');
    // the same feed as pasted from a mail: webcal://, upper-case host, a fragment, wrapped in <>
    const variant = `<${url.replace('https://localhost', 'webcal://LOCALHOST')}#calendar>`;
    const again = await env.t.call('POST', '/api/v1/connections', { token: ada.token, body: { url: variant } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'connection_exists',
      message: expect.stringContaining('"Mine"'),
      hint: expect.any(String),
      details: { connectionId: first.body.id },
    });
    // refused before fetching
    expect(env.server.hits('/dup/Secret0123456789abcdef/calendar.ics')).toBe(hits);
    // another path (case matters in a path) is another feed; another user may connect the same one
    expect((await env.t.call('POST', '/api/v1/connections', { token: czech.token, body: { url } })).status).toBe(201);
    const czechAgain = await env.t.call('POST', '/api/v1/connections', { token: czech.token, body: { url } });
    expect(czechAgain.body.error).toMatchObject({
      code: 'connection_exists',
      message: 'Tento kalendář už máte připojený jako „Team calendar“.',
    });

    // replacing another connection's link with this feed is refused too; its own link is fine
    env.server.route('/dup/other0123456789abcdef/calendar.ics', { body: FEED });
    const second = await env.t.call('POST', '/api/v1/connections', {
      token: ada.token,
      body: { url: env.server.url('/dup/other0123456789abcdef/calendar.ics') },
    });
    expect(second.status).toBe(201);
    const relink = await env.t.call('PATCH', `/api/v1/connections/${second.body.id}`, {
      token: ada.token,
      body: { version: second.body.version, url },
    });
    expect(relink.status).toBe(409);
    expect(relink.body.error.code).toBe('connection_exists');
    const same = await env.t.call('PATCH', `/api/v1/connections/${first.body.id}`, {
      token: ada.token,
      body: { version: first.body.version, url: variant },
    });
    expect(same.status).toBe(200);
  });

  it('gives connections saved before links were hashed their hash at start, so they count too', async () => {
    const grace = await env.t.signup('grace-dup@hardening.test');
    env.server.route('/legacy/abcdef0123456789/calendar.ics', { body: FEED });
    const url = env.server.url('/legacy/abcdef0123456789/calendar.ics');
    const box = createSecretBox(env.calendar.secretKey);
    for (const id of ['legacy-1', 'legacy-2']) {
      const row = await insertConnection(env.t.deps.db, {
        id,
        orgId: grace.orgId,
        userId: grace.userId,
        provider: 'ics',
        name: id,
        urlCiphertext: box.seal(url),
        urlMasked: 'localhost/…',
      });
      expect(row?.linkHash).toBeNull();
    }
    expect(await backfillConnectionLinks(env.t.deps.db, env.calendar.secretKey)).toBe(1);
    const rows = await listConnections(env.t.deps.db, grace.orgId, grace.userId);
    // the older one gets the hash; a duplicate from before stays as it was, never a failure
    expect(rows.map((row) => [row.id, row.linkHash !== null])).toEqual([
      ['legacy-1', true],
      ['legacy-2', false],
    ]);
    const again = await env.t.call('POST', '/api/v1/connections', { token: grace.token, body: { url } });
    expect(again.body.error).toMatchObject({ code: 'connection_exists', details: { connectionId: 'legacy-1' } });
    expect(await backfillConnectionLinks(env.t.deps.db, env.calendar.secretKey)).toBe(0);
  });

  it("keeps a meeting tracked once across the user's connections (same UID and recurrence id)", async () => {
    const lin = await env.t.signup('lin-dup@hardening.test');
    const projectId = (await env.t.call('POST', '/api/v1/projects', { token: lin.token, body: { name: 'Engine' } })).body.id;
    const shared = { uid: 'shared-review', summary: 'Design review', start: '20270311T140000', end: '20270311T150000' };
    env.server.route('/mine/0123456789abcdef/calendar.ics', { body: exchangeFeed([shared], { name: 'Mine' }) });
    env.server.route('/team/0123456789abcdef/calendar.ics', { body: exchangeFeed([shared], { name: 'Team' }) });
    for (const path of ['/mine/0123456789abcdef/calendar.ics', '/team/0123456789abcdef/calendar.ics']) {
      expect((await env.t.call('POST', '/api/v1/connections', { token: lin.token, body: { url: env.server.url(path) } })).status).toBe(201);
    }
    const list = async () =>
      (await env.t.call('GET', '/api/v1/impulses?from=2027-03-11&to=2027-03-12', { token: lin.token })).body.items.filter(
        (item: { kind: string }) => item.kind === 'meeting',
      ) as { id: string; timeRecordId: string | null; connectionName?: string }[];
    const [mine, team] = await list();
    expect(mine && team && mine.id !== team.id).toBe(true);
    const tracked = await env.t.call('POST', `/api/v1/impulses/${mine!.id}/track`, { token: lin.token, body: { projectId } });
    expect(tracked.status).toBe(201);
    expect((await list()).map((item) => item.timeRecordId)).toEqual([tracked.body.id, tracked.body.id]);
    // the same values through the other calendar answer the same record; other values are a conflict
    const same = await env.t.call('POST', `/api/v1/impulses/${team!.id}/track`, { token: lin.token, body: { projectId } });
    expect(same.body.id).toBe(tracked.body.id);
    const other = await env.t.call('POST', `/api/v1/impulses/${team!.id}/track`, {
      token: lin.token,
      body: { projectId, description: 'Other' },
    });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: 'already_tracked', details: { timeRecordId: tracked.body.id } });
  });
});

describe('a link that never worked', () => {
  it('says the link does not work yet (not that publishing was stopped) until the first success', async () => {
    const mia = await env.t.signup('mia-first@hardening.test');
    const czech = await env.t.signup('eva-first@hardening.test', undefined, { language: 'cs' });
    const path = '/first/0123456789abcdef/calendar.ics';
    const created = await env.t.call('POST', '/api/v1/connections', { token: mia.token, body: { url: env.server.url(path) } });
    expect(created.status).toBe(201);
    expect(created.body.lastError).toMatchObject({ code: 'unpublished', message: expect.stringContaining('does not work yet') });
    expect(created.body.lastError.hint).not.toContain('Publishing was stopped');
    const inCzech = await env.t.call('POST', '/api/v1/connections', { token: czech.token, body: { url: env.server.url(path) } });
    expect(inCzech.body.lastError.message).toContain('Odkaz zatím nefunguje');
    const checked = await env.t.call('POST', '/api/v1/connections/check', {
      token: mia.token,
      body: { url: env.server.url('/first/never/calendar.ics'), fetch: true },
    });
    expect(checked.body.fetch.error.message).toContain('does not work yet');

    // once it has worked, the same answer means the publishing was stopped
    env.server.route(path, { body: FEED });
    expect((await env.t.call('POST', `/api/v1/connections/${created.body.id}/sync`, { token: mia.token })).body.status).toBe('ok');
    env.server.route(path, { status: 404, body: 'Not Found', contentType: 'text/plain' });
    const stopped = await env.t.call('POST', `/api/v1/connections/${created.body.id}/sync`, { token: mia.token });
    expect(stopped.body.lastError).toMatchObject({ code: 'unpublished', hint: expect.stringContaining('Publishing was stopped') });
  });

  it("applies the fetch's address rules to a check without fetching", async () => {
    const leo = await env.t.signup('leo-check@hardening.test');
    const check = async (url: string) => (await env.t.call('POST', '/api/v1/connections/check', { token: leo.token, body: { url } })).body;
    expect(await check('https://10.20.30.40/owa/calendar/a/b/calendar.ics')).toMatchObject({
      ok: false,
      fetch: null,
      problem: { code: 'ssrf_blocked', hint: expect.stringContaining('KAIROS_CALENDAR_ALLOW_HOSTS') },
    });
    // 127.0.0.1 is loopback: only the name localhost is allowed in this test server's configuration
    expect((await check(env.server.url('/a/calendar.ics', '127.0.0.1'))).problem.code).toBe('ssrf_blocked');
    expect((await check('https://unknown.example.test/a/calendar.ics')).problem.code).toBe('dns_error');
    expect(await check(env.server.url('/a/calendar.ics'))).toMatchObject({ ok: true, problem: null });
  });
});

describe('telling connections apart', () => {
  it('masks links so that two feeds of one host differ, and names a new connection after its feed', async () => {
    const kim = await env.t.signup('kim-apart@hardening.test');
    const mine = '/owa/calendar/4f1c2a9be0d54b6c@contoso.test/8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d12345/calendar.ics';
    const team = '/owa/calendar/4f1c2a9be0d54b6c@contoso.test/1f2e3d4c5b6a79880796a5b4c3d2e1f0ab9c8/calendar.ics';
    env.server.route(mine, { body: exchangeFeed([], { name: 'Kalendář' }) });
    env.server.route(team, { body: exchangeFeed([], { name: 'Team Prague' }) });
    // switched off at once: never refreshed, still named after the feed it was checked with
    const first = await env.t.call('POST', '/api/v1/connections', {
      token: kim.token,
      body: { url: env.server.url(mine), enabled: false },
    });
    const second = await env.t.call('POST', '/api/v1/connections', {
      token: kim.token,
      body: { url: env.server.url(team), enabled: false },
    });
    expect([first.body.name, second.body.name]).toEqual(['Kalendář', 'Team Prague']);
    expect(first.body.urlMasked).toBe(`localhost:${env.server.port}/…/8a7b…2345/calendar.ics`);
    expect(second.body.urlMasked).toBe(`localhost:${env.server.port}/…/1f2e…b9c8/calendar.ics`);
    const listed = JSON.stringify((await env.t.call('GET', '/api/v1/connections', { token: kim.token })).body);
    expect(listed).not.toContain('6c5d4e3f2a1b0c9d8e7f6a5b4c3d1');
  });
});

describe('what the counts count', () => {
  it('names the figure of a connection and of a check occurrenceCount: a weekly series counts once a week', async () => {
    const ola = await env.t.signup('ola-count@hardening.test');
    const path = '/count/0123456789abcdef/calendar.ics';
    // one VEVENT, four occurrences
    env.server.route(path, {
      body: exchangeFeed([
        { uid: 'weekly', summary: 'Weekly', start: '20270311T100000', end: '20270311T110000', rrule: 'FREQ=WEEKLY;COUNT=4' },
      ]),
    });
    const checked = await env.t.call('POST', '/api/v1/connections/check', {
      token: ola.token,
      body: { url: env.server.url(path), fetch: true },
    });
    expect(checked.body.fetch).toMatchObject({ occurrenceCount: 4, eventCount: 4 });
    const created = await env.t.call('POST', '/api/v1/connections', { token: ola.token, body: { url: env.server.url(path) } });
    expect(created.body).toMatchObject({ occurrenceCount: 4, eventCount: 4 });
    expect(JSON.stringify((await env.t.call('GET', '/api/v1/openapi.json')).body)).toContain('not the VEVENTs of the feed');
  });
});
