// Issue 12: rate limits live in the database, so two nodes on one database share one count.
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { queryRows } from '../db/database.ts';
import { buildApp } from './app.ts';

describe('rate limits shared by every node on the database', () => {
  let t: TestApp;
  let second: FastifyInstance;
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-01T09:00:00Z') });
    second = await buildApp({ deps: t.deps, routeGroups: [] });
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  const login = (node: 'first' | 'second', password: string) => {
    const request = {
      method: 'POST' as const,
      url: '/api/v1/auth/login',
      headers: { host: 'localhost:3000', 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'shared-limit@example.test', password }),
    };
    return (node === 'first' ? t.app : second).inject(request);
  };

  it('counts failed logins on two nodes against one limit, stores only a hash of the key, and opens again after the window', async () => {
    await t.signup('shared-limit@example.test');
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) statuses.push((await login(i % 2 === 0 ? 'first' : 'second', 'wrong password')).statusCode);
    expect(statuses.every((status) => status === 401)).toBe(true);
    const refusedFirst = await login('first', 'wrong password');
    const refusedSecond = await login('second', 'wrong password');
    expect([refusedFirst.statusCode, refusedSecond.statusCode]).toEqual([429, 429]);
    expect(refusedSecond.json().error.code).toBe('rate_limited');
    expect(Number(refusedSecond.headers['retry-after'])).toBeGreaterThan(0);

    const keys = await queryRows<{ key_hash: string }>(t.deps.db, sql`SELECT key_hash FROM rate_limit_windows`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.some((row) => row.key_hash.includes('shared-limit') || row.key_hash.includes('127.0.0.1'))).toBe(false);

    t.clock.now = new Date('2026-11-01T09:01:01Z');
    expect((await login('second', 'wrong password')).statusCode).toBe(401);
  });
});
