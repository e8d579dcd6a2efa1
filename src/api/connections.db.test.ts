import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CalendarTestEnv, createCalendarTestEnv } from '../../test/support/calendar-env.ts';
import { exchangeFeed } from '../../test/support/exchange-feed.ts';
import type { SignedUp } from '../../test/support/test-app.ts';

const FEED = exchangeFeed([{ uid: 'one', summary: 'Planning', start: '20270311T100000', end: '20270311T110000' }], {
  name: 'Team calendar',
});
const SECRET_PATH = '/owa/calendar/0f3c9a7be21d44c2b8a6@contoso.test/9d8e7f6a5b4c3d2e1f00/calendar.ics';

let env: CalendarTestEnv;
let owner: SignedUp;

beforeAll(async () => {
  env = await createCalendarTestEnv();
  owner = await env.t.signup('owner@connections.test');
  env.server.route(SECRET_PATH, { body: FEED, etag: '"a"' });
});
afterAll(() => env.close());

describe('connections API', () => {
  it('creates, lists, renames, switches off and deletes a connection; the link is never returned', async () => {
    const created = await env.t.call('POST', '/api/v1/connections', { token: owner.token, body: { url: env.server.url(SECRET_PATH) } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Team calendar', provider: 'exchange', status: 'ok', version: 1, notices: [] });
    expect(created.body.urlMasked).toBe(`localhost:${env.server.port}/…/0f3c…test/calendar.ics`);
    const list = await env.t.call('GET', '/api/v1/connections', { token: owner.token });
    expect(list.body).toMatchObject({ items: [{ id: created.body.id }], nextCursor: null });
    expect(JSON.stringify(list.body)).not.toContain('0f3c9a7be21d44c2b8a6');

    const renamed = await env.t.call('PATCH', `/api/v1/connections/${created.body.id}`, {
      token: owner.token,
      body: { version: 1, name: 'Work' },
    });
    expect(renamed.body).toMatchObject({ name: 'Work', version: 2 });
    // a custom name survives later syncs
    env.server.route(SECRET_PATH, { body: FEED.replace('20270311T100000', '20270311T103000') });
    expect((await env.t.call('POST', `/api/v1/connections/${created.body.id}/sync`, { token: owner.token })).body.name).toBe('Work');

    const stale = await env.t.call('PATCH', `/api/v1/connections/${created.body.id}`, {
      token: owner.token,
      body: { version: 1, enabled: false },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');

    const staleDelete = await env.t.call('DELETE', `/api/v1/connections/${created.body.id}`, { token: owner.token, body: { version: 1 } });
    expect(staleDelete.status).toBe(409);
    const deleted = await env.t.call('DELETE', `/api/v1/connections/${created.body.id}?version=2`, { token: owner.token });
    expect(deleted.status).toBe(200);
    expect((await env.t.call('GET', `/api/v1/connections/${created.body.id}`, { token: owner.token })).status).toBe(404);
  });

  it("replaces the link: checked, fetched and imported again, with the new feed's name", async () => {
    const created = await env.t.call('POST', '/api/v1/connections', { token: owner.token, body: { url: env.server.url(SECRET_PATH) } });
    env.server.route('/owa/calendar/other/calendar.ics', {
      body: FEED.replace('X-WR-CALNAME:Team calendar', 'X-WR-CALNAME:Other calendar'),
    });
    const bad = await env.t.call('PATCH', `/api/v1/connections/${created.body.id}`, {
      token: owner.token,
      body: { version: 1, url: 'http://example.test/calendar.ics' },
    });
    expect(bad.status).toBe(422);
    const relinked = await env.t.call('PATCH', `/api/v1/connections/${created.body.id}`, {
      token: owner.token,
      body: { version: 1, url: env.server.url('/owa/calendar/other/calendar.ics') },
    });
    expect(relinked.body).toMatchObject({ name: 'Other calendar', status: 'ok', version: 2 });
    await env.t.call('DELETE', `/api/v1/connections/${created.body.id}`, { token: owner.token, body: { version: 2 } });
  });

  it('replays a create with the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'create-once' };
    const first = await env.t.call('POST', '/api/v1/connections', {
      token: owner.token,
      headers,
      body: { url: env.server.url(SECRET_PATH), name: 'Once' },
    });
    const again = await env.t.call('POST', '/api/v1/connections', {
      token: owner.token,
      headers,
      body: { url: env.server.url(SECRET_PATH), name: 'Once' },
    });
    expect(first.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    await env.t.call('DELETE', `/api/v1/connections/${first.body.id}`, { token: owner.token, body: { version: first.body.version } });
  });

  it("converts webcal:// to https:// and says so in notices, in the reader's language", async () => {
    const czech = await env.t.signup('cz@connections.test', undefined, { language: 'cs' });
    const url = env.server.url(SECRET_PATH).replace('https://', 'webcal://');
    const created = await env.t.call('POST', '/api/v1/connections', { token: czech.token, body: { url, name: 'Kalendář' } });
    expect(created.status).toBe(201);
    expect(created.body.notices).toEqual([{ code: 'webcal_converted', message: 'Odkaz webcal:// byl změněn na https://.' }]);
  });

  it.each([
    { name: 'not a link', url: 'my calendar', code: 'invalid_url' },
    { name: 'an http:// link', url: 'http://outlook.office365.com/owa/calendar/x/y/calendar.ics', code: 'https_required' },
    { name: 'the HTML view link', url: 'https://outlook.office365.com/owa/calendar/x/y/calendar.html', code: 'html_view_link' },
  ])('refuses $name with 422 $code and saves nothing', async ({ url, code }) => {
    const reply = await env.t.call('POST', '/api/v1/connections', { token: owner.token, body: { url } });
    expect(reply.status).toBe(422);
    expect(reply.body.error).toMatchObject({ code, message: expect.any(String), hint: expect.any(String) });
    if (code === 'html_view_link') expect(reply.body.error.hint).toContain('calendar.ics');
  });

  it('refuses a link answering with an HTML page with 422 not_ics', async () => {
    env.server.route('/html/calendar.ics', { body: '<!doctype html><html><body>Calendar</body></html>', contentType: 'text/html' });
    const reply = await env.t.call('POST', '/api/v1/connections', {
      token: owner.token,
      body: { url: env.server.url('/html/calendar.ics') },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('not_ics');
  });

  it('checks a link without saving it, with an optional test fetch', async () => {
    const plain = await env.t.call('POST', '/api/v1/connections/check', {
      token: owner.token,
      body: { url: 'https://outlook.office365.com/owa/calendar/x/y/calendar.html' },
    });
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({
      ok: false,
      problem: { code: 'html_view_link', hint: expect.stringContaining('https://outlook.office365.com/owa/calendar/x/y/calendar.ics') },
    });

    const fetched = await env.t.call('POST', '/api/v1/connections/check', {
      token: owner.token,
      body: { url: env.server.url(SECRET_PATH), fetch: true },
    });
    expect(fetched.body).toMatchObject({
      ok: true,
      provider: 'exchange',
      problem: null,
      fetch: { ok: true, name: 'Team calendar', detailLevel: 'limited', eventCount: 1, error: null },
    });

    const gone = await env.t.call('POST', '/api/v1/connections/check', {
      token: owner.token,
      body: { url: env.server.url('/gone/calendar.ics'), fetch: true },
    });
    expect(gone.body).toMatchObject({
      ok: false,
      fetch: { ok: false, error: { code: 'unpublished', hint: expect.stringContaining('Limited details') } },
    });
    expect((await env.t.call('GET', '/api/v1/connections', { token: owner.token })).body.items).toHaveLength(0);
  });

  it("shows a user's calendars to that user alone, owners and admins included", async () => {
    const member = await env.t.addMember(owner, 'member@connections.test', 'member');
    const admin = await env.t.addMember(owner, 'admin@connections.test', 'admin');
    const created = await env.t.call('POST', '/api/v1/connections', { token: member.token, body: { url: env.server.url(SECRET_PATH) } });
    expect(created.status).toBe(201);
    for (const other of [owner, admin]) {
      expect(
        (await env.t.call('GET', '/api/v1/connections', { token: other.token })).body.items.map((item: { id: string }) => item.id),
      ).not.toContain(created.body.id);
      expect((await env.t.call('GET', `/api/v1/connections/${created.body.id}`, { token: other.token })).status).toBe(404);
      expect(
        (await env.t.call('PATCH', `/api/v1/connections/${created.body.id}`, { token: other.token, body: { version: 1, enabled: false } }))
          .status,
      ).toBe(404);
      expect((await env.t.call('POST', `/api/v1/connections/${created.body.id}/sync`, { token: other.token })).status).toBe(404);
      expect(
        (await env.t.call('DELETE', `/api/v1/connections/${created.body.id}`, { token: other.token, body: { version: 1 } })).status,
      ).toBe(404);
    }
  });

  it('publishes the calendar endpoints in the OpenAPI document', async () => {
    const reply = await env.t.call('GET', '/api/v1/openapi.json');
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/connections',
        '/api/v1/connections/check',
        '/api/v1/connections/{id}',
        '/api/v1/connections/{id}/sync',
        '/api/v1/impulses',
        '/api/v1/impulses/{id}/track',
        '/api/v1/impulses/{id}/start-timer',
        '/api/v1/impulses/{id}/dismiss',
        '/api/v1/impulses/{id}/restore',
      ]),
    );
  });

  it("bounds link checks that fetch per user (they fetch on the user's behalf), not checks as you type", async () => {
    const busy = await env.t.signup('busy@connections.test');
    const check = async (fetch: boolean) =>
      (
        await env.t.call('POST', '/api/v1/connections/check', {
          token: busy.token,
          body: { url: 'https://calendar.example.test/a/calendar.ics', fetch },
        })
      ).status;
    const typing: number[] = [];
    for (let i = 0; i < 70; i += 1) typing.push(await check(false));
    expect(typing.every((status) => status === 200)).toBe(true);
    const fetching: number[] = [];
    for (let i = 0; i < 61; i += 1) fetching.push(await check(true));
    expect(fetching.slice(0, 60).every((status) => status === 200)).toBe(true);
    expect(fetching.at(-1)).toBe(429);
  });

  it('needs sign-in', async () => {
    expect((await env.t.call('GET', '/api/v1/connections')).status).toBe(401);
  });
});
