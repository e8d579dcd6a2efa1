import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';

describe('accounts, sessions and tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('signs a user up as owner of a new organisation and signs them in', async () => {
    const reply = await t.call('POST', '/api/v1/auth/signup', {
      body: {
        email: 'ada@example.test',
        password: 'correct horse battery',
        name: 'Ada',
        organizationName: 'Analytical',
        timeZone: 'Europe/Prague',
        language: 'cs',
      },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.user).toMatchObject({
      email: 'ada@example.test',
      role: 'owner',
      timeZone: 'Europe/Prague',
      language: 'cs',
      weekStart: 1,
    });
    const cookies = String(reply.headers['set-cookie']);
    expect(cookies).toMatch(/kairos_session=[^;]+;.*HttpOnly/);
    expect(cookies).toMatch(/SameSite=Lax/);
  });

  it('marks the session cookies Secure when the public address is https (TLS-terminating proxy)', async () => {
    const proxied = await createTestApp();
    proxied.deps.publicUrl = 'https://kairos.example.test';
    try {
      const reply = await proxied.call('POST', '/api/v1/auth/signup', {
        body: { email: 'secure@example.test', password: 'correct horse battery', name: 'S', organizationName: 'S' },
      });
      const cookies = ([] as string[]).concat(reply.headers['set-cookie'] as string[]);
      expect(cookies.filter((line) => /; Secure/.test(line))).toHaveLength(2);
    } finally {
      await proxied.close();
    }
  });

  it('refuses a second account with the same e-mail in any letter case', async () => {
    const reply = await t.call('POST', '/api/v1/auth/signup', {
      body: { email: 'ADA@example.test', password: 'correct horse battery', name: 'Ada 2', organizationName: 'Other' },
    });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('email_taken');
  });

  it('answers a wrong password with invalid_credentials, and a known one with a session', async () => {
    const wrong = await t.call('POST', '/api/v1/auth/login', { body: { email: 'ada@example.test', password: 'nope nope nope' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const right = await t.call('POST', '/api/v1/auth/login', { body: { email: 'Ada@Example.test', password: 'correct horse battery' } });
    expect(right.status).toBe(200);
    expect(right.body.csrfToken).toEqual(expect.any(String));
  });

  it('rate-limits repeated failed logins with 429 rate_limited', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const reply = await t.call('POST', '/api/v1/auth/login', { body: { email: 'victim@example.test', password: `guess ${i}` } });
      statuses.push(reply.status);
      if (reply.status === 429) expect(reply.body.error.code).toBe('rate_limited');
    }
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('refuses cookie-authenticated writes without the CSRF header or from another origin', async () => {
    const user = await t.signup('csrf@example.test');
    const noHeader = await t.call('PATCH', '/api/v1/me', {
      session: user.session,
      headers: { 'x-csrf-token': '' },
      body: { version: 1, name: 'X' },
    });
    expect(noHeader.status).toBe(403);
    expect(noHeader.body.error).toMatchObject({ code: 'csrf_failed', hint: expect.any(String) });
    const otherOrigin = await t.call('PATCH', '/api/v1/me', {
      session: user.session,
      headers: { origin: 'https://evil.example' },
      body: { version: 1, name: 'X' },
    });
    expect(otherOrigin.status).toBe(403);
    const ok = await t.call('PATCH', '/api/v1/me', { session: user.session, body: { version: 1, name: 'Renamed' } });
    expect(ok.status).toBe(200);
    expect(ok.body.name).toBe('Renamed');
  });

  it('accepts a bearer token without CSRF, records its use, and rejects it once revoked', async () => {
    const user = await t.signup('token@example.test');
    const me = await t.call('GET', '/api/v1/me', { token: user.token });
    expect(me.status).toBe(200);
    const tokens = await t.call('GET', '/api/v1/tokens', { token: user.token });
    expect(tokens.body.items[0].lastUsedAt).not.toBeNull();
    expect(JSON.stringify(tokens.body)).not.toContain(user.token);
    const revoked = await t.call('DELETE', `/api/v1/tokens/${tokens.body.items[0].id}`, { token: user.token });
    expect(revoked.status).toBe(200);
    const after = await t.call('GET', '/api/v1/me', { token: user.token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('invalid_token');
  });

  it('invites a member with a one-time link that cannot be used twice', async () => {
    const owner = await t.signup('owner@example.test');
    const invite = await t.call('POST', '/api/v1/invites', { token: owner.token, body: { email: 'new@example.test', role: 'member' } });
    expect(invite.status).toBe(201);
    expect(invite.body.link).toContain(invite.body.token);
    const accept = { token: invite.body.token, name: 'New', password: 'correct horse battery' };
    expect((await t.call('POST', '/api/v1/auth/accept-invite', { body: accept })).status).toBe(201);
    const again = await t.call('POST', '/api/v1/auth/accept-invite', { body: accept });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('invite_invalid');
    const members = await t.call('GET', '/api/v1/members', { token: owner.token });
    expect(members.body.items.map((m: { email: string }) => m.email).sort()).toEqual(['new@example.test', 'owner@example.test']);
  });

  it('lets a member not invite anyone (403 forbidden)', async () => {
    const owner = await t.signup('owner2@example.test');
    const member = await t.addMember(owner, 'member2@example.test', 'member');
    const reply = await t.call('POST', '/api/v1/invites', { token: member.token, body: { email: 'x@example.test', role: 'member' } });
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('forbidden');
  });

  it('keeps sign-up closed when KAIROS_SIGNUP=closed', async () => {
    const closed = await createTestApp({ signup: 'closed' });
    try {
      const reply = await closed.call('POST', '/api/v1/auth/signup', {
        body: { email: 'a@example.test', password: 'correct horse battery', name: 'A', organizationName: 'A' },
      });
      expect(reply.status).toBe(403);
      expect(reply.body.error.code).toBe('signup_closed');
    } finally {
      await closed.close();
    }
  });

  it('answers in Czech for a Czech profile and by Accept-Language before sign-in', async () => {
    const anonymous = await t.call('GET', '/api/v1/me', { headers: { 'accept-language': 'cs-CZ,cs;q=0.9' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.message).toBe('Nejste přihlášeni.');
    const user = await t.signup('czech@example.test', 'Česká', { language: 'cs' });
    const stale = await t.call('PATCH', '/api/v1/me', { token: user.token, body: { version: 99, name: 'X' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    expect(stale.body.error.message).toContain('Mezitím');
  });

  it('serves the OpenAPI document, the docs page, liveness and readiness', async () => {
    const openapi = await t.call('GET', '/api/v1/openapi.json');
    expect(openapi.status).toBe(200);
    expect(Object.keys(openapi.body.paths)).toContain('/api/v1/me');
    expect((await t.call('GET', '/api/docs/')).status).toBe(200);
    expect((await t.call('GET', '/healthz')).body).toEqual({ ok: true });
    expect((await t.call('GET', '/readyz')).body).toEqual({ ok: true });
  });
});
