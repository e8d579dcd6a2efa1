import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { queryRows } from '../db/database.ts';
import { purgeExpired } from './housekeeping.ts';

const count = async (t: TestApp, table: string) =>
  (await queryRows<{ n: number }>(t.deps.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0]!.n;

describe('housekeeping', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-01T09:00:00Z') });
  });
  afterAll(() => t.close());

  it('removes expired sessions, day-old idempotency keys, long-expired invites and ended rate-limit windows, and nothing current', async () => {
    const owner = await t.signup('house@example.test');
    await t.call('POST', '/api/v1/invites', {
      token: owner.token,
      headers: { 'idempotency-key': 'k1' },
      body: { email: 'late@example.test', role: 'member' },
    });
    expect(
      (await t.call('POST', '/api/v1/auth/login', { body: { email: 'house@example.test', password: 'not the password' } })).status,
    ).toBe(401);
    expect(await purgeExpired(t.deps)).toEqual({ sessions: 0, idempotencyKeys: 0, invites: 0, rateLimitWindows: 0 });
    expect(await count(t, 'rate_limit_windows')).toBe(1);

    t.clock.now = new Date('2026-11-02T10:00:00Z');
    expect(await purgeExpired(t.deps)).toMatchObject({ idempotencyKeys: 1, sessions: 0, rateLimitWindows: 1 });
    expect(await count(t, 'invites')).toBe(1);

    t.clock.now = new Date('2027-01-15T10:00:00Z');
    expect(await purgeExpired(t.deps)).toMatchObject({ sessions: 1, invites: 1 });
    expect(await count(t, 'sessions')).toBe(0);
    // the API token outlives sessions: it is revoked, never expired
    expect((await t.call('GET', '/api/v1/me', { token: owner.token })).status).toBe(200);
  });
});
