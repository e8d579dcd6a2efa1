import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../../test/support/test-db.ts';
import { createTestApp, type Reply, type Session, type SignedUp, type TestApp } from '../../test/support/test-app.ts';
import { runCli } from '../cli/main.ts';
import { resetPassword } from '../services/accounts.ts';

describe('what a password change or reset ends', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function signIn(email: string, password = 'correct horse battery'): Promise<Session> {
    const reply = await t.call('POST', '/api/v1/auth/login', { body: { email, password } });
    expect(reply.status).toBe(200);
    const pairs = ([] as string[]).concat(reply.headers['set-cookie'] as string[]).map((line) => line.split(';')[0]!);
    return { cookie: pairs.join('; '), csrf: pairs.find((pair) => pair.startsWith('kairos_csrf='))!.slice('kairos_csrf='.length) };
  }
  async function newToken(user: SignedUp): Promise<string> {
    return (await t.call('POST', '/api/v1/tokens', { token: user.token, body: { name: 'script' } })).body.token;
  }
  const me = (auth: { session: Session } | { token: string }): Promise<Reply> => t.call('GET', '/api/v1/me', auth);
  const changePassword = (auth: { session: Session } | { token: string }, version: number) =>
    t.call('PATCH', '/api/v1/me', {
      ...auth,
      body: { version, password: { current: 'correct horse battery', next: 'a new long password' } },
    });

  it('a change from a browser ends every other session and every API token, and keeps the current session', async () => {
    const user = await t.signup('change-session@example.test');
    const laptop = await signIn(user.email);
    const script = await newToken(user);
    const changed = await changePassword({ session: user.session }, 1);
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect((await me({ session: user.session })).status).toBe(200);
    expect((await me({ session: laptop })).body.error.code).toBe('unauthenticated');
    expect((await me({ token: script })).body.error.code).toBe('invalid_token');
    expect((await me({ token: user.token })).body.error.code).toBe('invalid_token');
    expect((await t.call('POST', '/api/v1/auth/login', { body: { email: user.email, password: 'a new long password' } })).status).toBe(200);
  });

  it('a change through an API token keeps that token and ends every session and other token', async () => {
    const user = await t.signup('change-token@example.test');
    const other = await newToken(user);
    const changed = await changePassword({ token: user.token }, 1);
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect((await me({ token: user.token })).status).toBe(200);
    expect((await me({ token: other })).body.error.code).toBe('invalid_token');
    expect((await me({ session: user.session })).body.error.code).toBe('unauthenticated');
  });

  it('a refused change (wrong current password) ends nothing', async () => {
    const user = await t.signup('change-wrong@example.test');
    const laptop = await signIn(user.email);
    const refused = await t.call('PATCH', '/api/v1/me', {
      session: user.session,
      body: { version: 1, password: { current: 'not the password', next: 'a new long password' } },
    });
    expect(refused.status).toBe(400);
    expect((await me({ session: laptop })).status).toBe(200);
    expect((await me({ token: user.token })).status).toBe(200);
  });

  it('a reset ends every session and revokes every API token', async () => {
    const user = await t.signup('reset@example.test');
    const laptop = await signIn(user.email);
    const { password, ended } = await resetPassword(t.deps, user.email);
    expect(ended).toEqual({ sessions: 2, tokens: 1 });
    expect((await me({ session: user.session })).status).toBe(401);
    expect((await me({ session: laptop })).status).toBe(401);
    expect((await me({ token: user.token })).body.error.code).toBe('invalid_token');
    expect((await t.call('POST', '/api/v1/auth/login', { body: { email: user.email, password } })).status).toBe(200);
  });

  it('a reset that keeps tokens ends the sessions only', async () => {
    const user = await t.signup('reset-keep@example.test');
    const { ended } = await resetPassword(t.deps, user.email, { keepTokens: true });
    expect(ended).toEqual({ sessions: 1, tokens: 0 });
    expect((await me({ session: user.session })).status).toBe(401);
    expect((await me({ token: user.token })).status).toBe(200);
  });

  // the CLI opens the database from the environment: a PostgreSQL test database can be shared with it
  it.runIf(testEngine === 'pg')('kairos user reset-password revokes tokens, and keeps them with --keep-tokens', async () => {
    const saved = { DATABASE_URL: process.env.DATABASE_URL, KAIROS_SECRET: process.env.KAIROS_SECRET };
    process.env.DATABASE_URL = t.database.url!;
    process.env.KAIROS_SECRET = randomBytes(32).toString('base64');
    try {
      const run = async (args: string[]) => {
        let out = '';
        const code = await runCli(args, { stdout: (text) => (out += text), stderr: (text) => (out += text) });
        return { code, out };
      };
      const kept = await t.signup('cli-keep@example.test');
      const keep = await run(['user', 'reset-password', '--email', kept.email, '--keep-tokens']);
      expect(keep.code, keep.out).toBe(0);
      expect(keep.out).toContain('API tokens still work');
      expect((await me({ token: kept.token })).status).toBe(200);
      expect((await me({ session: kept.session })).status).toBe(401);
      const revoked = await t.signup('cli-revoke@example.test');
      const reset = await run(['user', 'reset-password', '--email', revoked.email]);
      expect(reset.code, reset.out).toBe(0);
      expect(reset.out).toContain('1 API token(s) were revoked');
      expect((await me({ token: revoked.token })).body.error.code).toBe('invalid_token');
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
