import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('counts padded and differently cased spellings of one address against one limit', async () => {
    await t.signup('padded@example.test');
    const spellings = [
      'padded@example.test',
      ' padded@example.test',
      'padded@example.test\n',
      '  PADDED@example.test  ',
      '\tpadded@Example.test',
    ];
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const reply = await t.call('POST', '/api/v1/auth/login', {
        body: { email: spellings[i % spellings.length], password: `guess ${i}` },
      });
      statuses.push(reply.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    const right = await t.call('POST', '/api/v1/auth/login', {
      body: { email: ' padded@example.test ', password: 'correct horse battery' },
    });
    expect(right.status).toBe(429);
  });

  it('still signs in with a padded address when under the limit', async () => {
    await t.signup('spaces@example.test');
    const reply = await t.call('POST', '/api/v1/auth/login', {
      body: { email: '  Spaces@Example.test\n', password: 'correct horse battery' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.user.email).toBe('spaces@example.test');
  });
});

describe('the language of a new profile', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const signupBody = (email: string) => ({ email, password: 'correct horse battery', name: 'N', organizationName: 'O' });

  it('is the Accept-Language the person signed up in when the body names none', async () => {
    const reply = await t.call('POST', '/api/v1/auth/signup', {
      body: signupBody('cs-header@example.test'),
      headers: { 'accept-language': 'cs-CZ,cs;q=0.9,en;q=0.5' },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.user.language).toBe('cs');
  });

  it('is the body language over the header, and English without either', async () => {
    const both = await t.call('POST', '/api/v1/auth/signup', {
      body: { ...signupBody('both@example.test'), language: 'en' },
      headers: { 'accept-language': 'cs' },
    });
    expect(both.body.user.language).toBe('en');
    const neither = await t.call('POST', '/api/v1/auth/signup', {
      body: signupBody('neither@example.test'),
      headers: { 'accept-language': 'de-DE' },
    });
    expect(neither.body.user.language).toBe('en');
  });

  it('is the Accept-Language for an accepted invite too', async () => {
    const owner = await t.signup('inviter@example.test');
    const invite = await t.call('POST', '/api/v1/invites', {
      token: owner.token,
      body: { email: 'invited-cs@example.test', role: 'member' },
    });
    const accepted = await t.call('POST', '/api/v1/auth/accept-invite', {
      body: { token: invite.body.token, name: 'Invited', password: 'correct horse battery' },
      headers: { 'accept-language': 'cs' },
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.user.language).toBe('cs');
  });
});

describe('refusals that name what to fix', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers an unknown, mistyped or revoked Bearer token with 401 invalid_token naming the token', async () => {
    const user = await t.signup('bearer@example.test');
    const mistyped = await t.call('GET', '/api/v1/me', { token: `${user.token}x`, headers: { 'accept-language': 'en' } });
    expect(mistyped.status).toBe(401);
    expect(mistyped.body.error).toMatchObject({ code: 'invalid_token', message: 'This API token is not valid (revoked or mistyped).' });
    expect(mistyped.body.error.hint).toContain('/api/v1/tokens');
    const czech = await t.call('GET', '/api/v1/me', { token: 'nonsense', headers: { 'accept-language': 'cs' } });
    expect(czech.body.error.code).toBe('invalid_token');
    expect(czech.body.error.message).toContain('API token');
    const tokens = await t.call('GET', '/api/v1/tokens', { token: user.token });
    await t.call('DELETE', `/api/v1/tokens/${tokens.body.items[0].id}`, { token: user.token });
    const revoked = await t.call('GET', '/api/v1/me', { token: user.token });
    expect(revoked.body.error.code).toBe('invalid_token');
    const none = await t.call('GET', '/api/v1/me');
    expect(none.body.error.code).toBe('unauthenticated');
  });

  it('says in the CSRF refusal that the Origin must be the address the server is reached at', async () => {
    const user = await t.signup('origin@example.test');
    const en = await t.call('PATCH', '/api/v1/me', {
      session: user.session,
      headers: { origin: 'https://evil.example' },
      body: { version: 1, name: 'X' },
    });
    expect(en.status).toBe(403);
    expect(en.body.error.code).toBe('csrf_failed');
    expect(en.body.error.hint).toContain('Origin');
    expect(en.body.error.hint).toContain('http://localhost:3000');
    expect(en.body.error.hint).toContain('KAIROS_PUBLIC_URL');
    const cs = await t.call('PATCH', '/api/v1/me', {
      session: user.session,
      headers: { origin: 'https://evil.example', 'accept-language': 'cs' },
      body: { version: 1, name: 'X' },
    });
    expect(cs.body.error.hint).toContain('Origin');
    expect(cs.body.error.hint).toContain('KAIROS_PUBLIC_URL');
    expect(cs.body.error.hint).not.toBe(en.body.error.hint);
  });

  it('accepts the KAIROS_PUBLIC_URL origin behind a proxy that rewrites the Host header', async () => {
    const user = await t.signup('proxied@example.test');
    t.deps.publicUrl = 'https://kairos.example.test';
    try {
      const viaProxy = await t.call('PATCH', '/api/v1/me', {
        session: user.session,
        headers: { origin: 'https://kairos.example.test' },
        body: { version: 1, name: 'Proxied' },
      });
      expect(viaProxy.status).toBe(200);
      const elsewhere = await t.call('PATCH', '/api/v1/me', {
        session: user.session,
        headers: { origin: 'https://other.example.test' },
        body: { version: 2, name: 'X' },
      });
      expect(elsewhere.status).toBe(403);
      expect(elsewhere.body.error.hint).toContain('https://kairos.example.test');
    } finally {
      t.deps.publicUrl = 'http://localhost:3000';
    }
  });
});
