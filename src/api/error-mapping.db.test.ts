import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedUp, type TestApp } from '../../test/support/test-app.ts';
import { BODY_LIMIT_BYTES } from './app.ts';

// Each kind of bad input gets a 4xx with a code, a message and a hint, in the caller's language.
describe('bad requests', () => {
  let t: TestApp;
  let user: SignedUp;
  beforeAll(async () => {
    t = await createTestApp();
    user = await t.signup('errors@example.test');
  });
  afterAll(() => t.close());

  const expectError = (reply: { status: number; body: any }, status: number, code: string) => {
    expect(reply.status, JSON.stringify(reply.body)).toBe(status);
    expect(reply.body.error).toMatchObject({ code, message: expect.any(String), hint: expect.any(String) });
  };

  it('answers malformed JSON with 400 malformed_json', async () => {
    const reply = await t.call('PATCH', '/api/v1/me', {
      token: user.token,
      rawBody: '{"version": 1,',
      headers: { 'content-type': 'application/json' },
    });
    expectError(reply, 400, 'malformed_json');
  });

  it('answers a wrong type and an unknown field with 400 validation_failed naming the fields', async () => {
    const reply = await t.call('PATCH', '/api/v1/me', { token: user.token, body: { version: 'one', colour: 'red' } });
    expectError(reply, 400, 'validation_failed');
    const paths = (reply.body.error.details as Array<{ path: string }>).map((detail) => detail.path).join(' ');
    expect(paths).toContain('body');
    expect(JSON.stringify(reply.body.error.details)).toMatch(/version|colour/);
  });

  it('answers a body over the limit with 413 payload_too_large', async () => {
    const reply = await t.call('PATCH', '/api/v1/me', { token: user.token, body: { version: 1, name: 'x'.repeat(BODY_LIMIT_BYTES + 10) } });
    expectError(reply, 413, 'payload_too_large');
  });

  it('answers a non-JSON body with 415 unsupported_media_type', async () => {
    const reply = await t.call('PATCH', '/api/v1/me', {
      token: user.token,
      rawBody: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectError(reply, 415, 'unsupported_media_type');
  });

  it('answers an unknown endpoint with 404 route_not_found', async () => {
    expectError(await t.call('GET', '/api/v1/nothing-here', { token: user.token }), 404, 'route_not_found');
  });

  it('answers an invalid time zone and an invalid e-mail with validation_failed', async () => {
    expectError(
      await t.call('PATCH', '/api/v1/me', { token: user.token, body: { version: 1, timeZone: 'Mars/Olympus' } }),
      400,
      'validation_failed',
    );
    const signup = await t.call('POST', '/api/v1/auth/signup', {
      body: { email: 'not-an-email', password: 'correct horse battery', name: 'X', organizationName: 'X' },
    });
    expectError(signup, 400, 'validation_failed');
  });

  it('answers an invalid lock date with validation_failed and keeps the organisation unchanged', async () => {
    const before = await t.call('GET', '/api/v1/organization', { token: user.token });
    expectError(
      await t.call('PATCH', '/api/v1/organization', {
        token: user.token,
        body: { version: before.body.version, lockedUntil: '2026-02-30' },
      }),
      400,
      'validation_failed',
    );
    const after = await t.call('GET', '/api/v1/organization', { token: user.token });
    expect(after.body).toEqual(before.body);
  });

  it('refuses text the database cannot store (a NUL byte) with validation_failed, changing nothing', async () => {
    const before = await t.call('GET', '/api/v1/me', { token: user.token });
    expectError(
      await t.call('PATCH', '/api/v1/me', { token: user.token, body: { version: before.body.version, name: 'Ada\u0000Lovelace' } }),
      400,
      'validation_failed',
    );
    expect((await t.call('GET', '/api/v1/me', { token: user.token })).body).toEqual(before.body);
  });

  it('refuses an id that cannot be one (NUL byte, slash, quote) with validation_failed', async () => {
    for (const id of ['%00', "x'y", 'a%2Fb']) {
      expectError(await t.call('GET', `/api/v1/time-records/${id}`, { token: user.token }), 400, 'validation_failed');
    }
    expectError(await t.call('GET', '/api/v1/time-records?userId=%00', { token: user.token }), 400, 'validation_failed');
  });

  it('answers an overlong path id with 414 uri_too_long in the usual error shape', async () => {
    expectError(await t.call('GET', `/api/v1/clients/${'9'.repeat(500)}`, { token: user.token }), 414, 'uri_too_long');
  });

  it('answers a malformed bearer token with 401 and a hint', async () => {
    expectError(await t.call('GET', '/api/v1/me', { headers: { authorization: 'Bearer nonsense' } }), 401, 'invalid_token');
  });

  it('explains each invalid field in Czech to a Czech reader, from zod and from our own rules', async () => {
    const czech = await t.signup('cesky@example.test', 'Česká firma', { language: 'cs' });
    const wrongType = await t.call('PATCH', '/api/v1/me', { token: czech.token, body: { version: 'jedna' } });
    expect(wrongType.body.error.details).toContainEqual({ path: 'body.version', message: '„version“ musí být číslo, ne text.' });
    const badDate = await t.call('GET', '/api/v1/time-records?from=2026-02-30', { token: czech.token });
    expect(badDate.body.error.details).toEqual([
      {
        path: 'query.from',
        message: '„from“ musí být okamžik, například 2026-03-16T09:00:00Z, nebo skutečné datum, například 2026-03-16.',
      },
    ]);
    const english = await t.call('PATCH', '/api/v1/me', { token: user.token, body: { version: 'one' } });
    expect(english.body.error.details).toContainEqual({ path: 'body.version', message: '"version" must be a number, not text.' });
  });

  it('answers in Czech by Accept-Language before sign-in', async () => {
    const reply = await t.call('POST', '/api/v1/auth/login', {
      rawBody: '{',
      headers: { 'content-type': 'application/json', 'accept-language': 'cs' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe('Tělo požadavku není platný JSON.');
  });
});
