import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedUp, type TestApp } from '../../test/support/test-app.ts';

// A read of time records may begin with the actor its credential had on the last request, while
// the authentication query runs beside it (src/api/auth.ts): no answer may leave before that query,
// so a revoked token, an ended session, a deactivated member or a changed role holds on the very
// next request. Each case first reads twice, so that the actor is remembered.
describe('reads begun with a remembered actor', () => {
  let t: TestApp;
  let owner: SignedUp;
  let projectId: string;
  const week = '/api/v1/time-records?from=2026-03-16&to=2026-03-23';

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-03-20T12:00:00Z') });
    owner = await t.signup('owner@remembered.test');
    projectId = (await t.call('POST', '/api/v1/projects', { token: owner.token, body: { name: 'Work' } })).body.id;
  });
  afterAll(() => t.close());

  const track = (who: SignedUp, start: string) =>
    t.call('POST', '/api/v1/time-records', {
      token: who.token,
      body: { projectId, start, end: start.replace(':00:00Z', ':30:00Z') },
    });
  const warm = async (auth: { token: string } | { session: SignedUp['session'] }, url = week) => {
    for (let i = 0; i < 2; i += 1) expect((await t.call('GET', url, auth)).status).toBe(200);
  };

  it('refuses a revoked token on the next read with 401 invalid_token, where a missing record would have been 404', async () => {
    const user = await t.addMember(owner, 'revoked@remembered.test', 'member');
    await t.call('PUT', `/api/v1/projects/${projectId}/members/${user.userId}`, { token: owner.token, body: { role: 'member' } });
    const record = await track(user, '2026-03-17T09:00:00Z');
    await warm({ token: user.token });
    await warm({ token: user.token }, `/api/v1/time-records/${record.body.id}`);
    const tokens = await t.call('GET', '/api/v1/tokens', { token: user.token });
    expect((await t.call('DELETE', `/api/v1/tokens/${tokens.body.items[0].id}`, { token: user.token })).status).toBe(200);
    for (const url of [week, `/api/v1/time-records/${record.body.id}`, '/api/v1/time-records/nosuchrecord']) {
      const refused = await t.call('GET', url, { token: user.token });
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('invalid_token');
    }
  });

  it('refuses an ended session on the next read with 401 unauthenticated', async () => {
    const user = await t.addMember(owner, 'session@remembered.test', 'member');
    await warm({ session: user.session });
    expect((await t.call('POST', '/api/v1/auth/logout', { session: user.session })).status).toBe(200);
    const refused = await t.call('GET', week, { session: user.session });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('unauthenticated');
  });

  it('refuses a deactivated member, and reads with a changed role as it is now', async () => {
    const admin = await t.addMember(owner, 'admin@remembered.test', 'admin');
    const colleague = await t.addMember(owner, 'colleague@remembered.test', 'member');
    await t.call('PUT', `/api/v1/projects/${projectId}/members/${colleague.userId}`, { token: owner.token, body: { role: 'member' } });
    const theirs = await track(colleague, '2026-03-18T09:00:00Z');
    const ids = async () => ((await t.call('GET', week, { token: admin.token })).body.items as Array<{ id: string }>).map((r) => r.id);
    await warm({ token: admin.token });
    expect(await ids()).toContain(theirs.body.id);

    const members = await t.call('GET', '/api/v1/members', { token: owner.token });
    const member = (members.body.items as Array<{ id: string; version: number }>).find((m) => m.id === admin.userId)!;
    const demoted = await t.call('PATCH', `/api/v1/members/${admin.userId}`, {
      token: owner.token,
      body: { version: member.version, role: 'member' },
    });
    expect(demoted.status).toBe(200);
    expect(await ids()).not.toContain(theirs.body.id);

    expect(
      (
        await t.call('PATCH', `/api/v1/members/${admin.userId}`, {
          token: owner.token,
          body: { version: demoted.body.version, active: false },
        })
      ).status,
    ).toBe(200);
    const refused = await t.call('GET', week, { token: admin.token });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('invalid_token');
  });
});
