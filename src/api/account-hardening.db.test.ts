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
    const spellings = ['padded@example.test', ' padded@example.test', 'padded@example.test\n', '  PADDED@example.test  ', '\tpadded@Example.test'];
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const reply = await t.call('POST', '/api/v1/auth/login', { body: { email: spellings[i % spellings.length], password: `guess ${i}` } });
      statuses.push(reply.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    const right = await t.call('POST', '/api/v1/auth/login', { body: { email: ' padded@example.test ', password: 'correct horse battery' } });
    expect(right.status).toBe(429);
  });

  it('still signs in with a padded address when under the limit', async () => {
    await t.signup('spaces@example.test');
    const reply = await t.call('POST', '/api/v1/auth/login', { body: { email: '  Spaces@Example.test\n', password: 'correct horse battery' } });
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
    const reply = await t.call('POST', '/api/v1/auth/signup', { body: signupBody('cs-header@example.test'), headers: { 'accept-language': 'cs-CZ,cs;q=0.9,en;q=0.5' } });
    expect(reply.status).toBe(201);
    expect(reply.body.user.language).toBe('cs');
  });

  it('is the body language over the header, and English without either', async () => {
    const both = await t.call('POST', '/api/v1/auth/signup', { body: { ...signupBody('both@example.test'), language: 'en' }, headers: { 'accept-language': 'cs' } });
    expect(both.body.user.language).toBe('en');
    const neither = await t.call('POST', '/api/v1/auth/signup', { body: signupBody('neither@example.test'), headers: { 'accept-language': 'de-DE' } });
    expect(neither.body.user.language).toBe('en');
  });

  it('is the Accept-Language for an accepted invite too', async () => {
    const owner = await t.signup('inviter@example.test');
    const invite = await t.call('POST', '/api/v1/invites', { token: owner.token, body: { email: 'invited-cs@example.test', role: 'member' } });
    const accepted = await t.call('POST', '/api/v1/auth/accept-invite', {
      body: { token: invite.body.token, name: 'Invited', password: 'correct horse battery' }, headers: { 'accept-language': 'cs' },
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.user.language).toBe('cs');
  });
});
