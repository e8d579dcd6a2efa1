import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedUp, type TestApp } from '../../test/support/test-app.ts';

// Years outside what the database and the time arithmetic hold, and versions beyond a 32-bit
// integer, are the caller's mistake: 400 validation_failed naming the field, never a 500.
describe('instants, dates and versions out of range', () => {
  let t: TestApp;
  let user: SignedUp;
  let projectId: string;
  beforeAll(async () => {
    t = await createTestApp();
    user = await t.signup('bounds@example.test');
    projectId = (await t.call('POST', '/api/v1/projects', { token: user.token, body: { name: 'P' } })).body.id;
  });
  afterAll(() => t.close());

  const expectRefused = (reply: { status: number; body: any }, path: string) => {
    expect(reply.status, JSON.stringify(reply.body)).toBe(400);
    expect(reply.body.error.code).toBe('validation_failed');
    expect(reply.body.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
  };

  it.each([
    { name: 'a year-0000 date', from: '0000-01-01', to: '0000-01-10' },
    { name: 'a year-0000 instant', from: '0000-01-01T00:00:00Z', to: '0000-01-10T00:00:00Z' },
    { name: 'a year-1 date', from: '0001-01-01', to: '0001-06-01' },
    { name: 'a date before 1900', from: '1899-12-31', to: '1900-01-05' },
  ])('refuses $name as a range bound of lists and totals', async ({ from, to }) => {
    expectRefused(await t.call('GET', `/api/v1/time-records?from=${from}&to=${to}`, { token: user.token }), 'query.from');
    expectRefused(await t.call('GET', `/api/v1/time-records/totals?from=${from}&to=${to}`, { token: user.token }), 'query.from');
  });

  it('refuses a time record starting in year 0000', async () => {
    const reply = await t.call('POST', '/api/v1/time-records', {
      token: user.token,
      body: { start: '0000-01-01T00:00:00Z', end: '0000-01-01T01:00:00Z', projectId },
    });
    expectRefused(reply, 'body.start');
  });

  it('refuses a lock date in year 0000', async () => {
    expectRefused(
      await t.call('PATCH', '/api/v1/organization', { token: user.token, body: { version: 1, lockedUntil: '0000-01-01' } }),
      'body.lockedUntil',
    );
  });

  it('accepts the edges of the range: 1900 and 9999', async () => {
    const early = await t.call('GET', '/api/v1/time-records/totals?from=1900-01-01&to=1900-12-31', { token: user.token });
    expect(early.status, JSON.stringify(early.body)).toBe(200);
    const late = await t.call('GET', '/api/v1/time-records/totals?from=9999-01-01&to=9999-12-31', { token: user.token });
    expect(late.status, JSON.stringify(late.body)).toBe(200);
    const record = await t.call('POST', '/api/v1/time-records', {
      token: user.token,
      body: { start: '1900-01-01T00:00:00Z', end: '1900-01-01T01:00:00Z', projectId },
    });
    expect(record.status, JSON.stringify(record.body)).toBe(201);
  });

  it.each([2 ** 31, 2 ** 53, 1e300])('refuses version %d in a body and a query', async (version) => {
    expectRefused(
      await t.call('PATCH', `/api/v1/projects/${projectId}`, { token: user.token, body: { version, name: 'Q' } }),
      'body.version',
    );
    expectRefused(await t.call('DELETE', `/api/v1/projects/${projectId}?version=${version}`, { token: user.token }), 'query.version');
    expectRefused(await t.call('PATCH', '/api/v1/me', { token: user.token, body: { version } }), 'body.version');
  });

  it('still answers the largest version with a conflict, not an error', async () => {
    const reply = await t.call('PATCH', `/api/v1/projects/${projectId}`, { token: user.token, body: { version: 2 ** 31 - 1, name: 'Q' } });
    expect(reply.status).toBe(409);
  });
});
