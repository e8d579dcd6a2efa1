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
