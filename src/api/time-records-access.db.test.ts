import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedUp, type TestApp } from '../../test/support/test-app.ts';
import { as, type Caller, orgWithProject, record } from '../../test/support/tracking-callers.ts';

// Who sees whose time records: admins all, managers their managed projects', members their own.
describe('time record visibility by role', () => {
  let t: TestApp;
  let owner: Caller;
  let admin: SignedUp, manager: SignedUp, alice: SignedUp, bob: SignedUp;
  let managed: string, unmanaged: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-03-20T12:00:00Z') });
    const org = await orgWithProject(t);
    owner = org.api;
    managed = org.projectId;
    unmanaged = (await owner.post('/api/v1/projects', { name: 'Unmanaged' })).body.id;
    admin = await t.addMember(org.owner, 'admin@example.test', 'admin');
    manager = await t.addMember(org.owner, 'manager@example.test', 'manager');
    alice = await t.addMember(org.owner, 'alice@example.test', 'member');
    bob = await t.addMember(org.owner, 'bob@example.test', 'member');
    await owner.put(`/api/v1/projects/${managed}/members/${manager.userId}`, { role: 'manager' });
    await owner.put(`/api/v1/projects/${unmanaged}/members/${manager.userId}`, { role: 'member' });
    for (const member of [alice, bob]) {
      await owner.put(`/api/v1/projects/${managed}/members/${member.userId}`, { role: 'member' });
      await owner.put(`/api/v1/projects/${unmanaged}/members/${member.userId}`, { role: 'member' });
    }
    const make = async (who: SignedUp, name: string, projectId: string, hour: number) => {
      const reply = await as(t, who).post(
        '/api/v1/time-records',
        record(projectId, `2026-03-16T${hour}:00:00Z`, `2026-03-16T${hour}:30:00Z`),
      );
      if (reply.status !== 201) throw new Error(JSON.stringify(reply.body));
      ids[name] = reply.body.id;
    };
    await make(alice, 'aliceManaged', managed, 10);
    await make(alice, 'aliceUnmanaged', unmanaged, 11);
    await make(bob, 'bobManaged', managed, 12);
    await make(manager, 'managerOwn', unmanaged, 13);
  });
  afterAll(() => t.close());

  const listIds = async (who: SignedUp, query = '') =>
    ((await as(t, who).get(`/api/v1/time-records${query}`)).body.items as { id: string }[]).map((item) => item.id).sort();

  it('shows a member only their own records, in lists and totals', async () => {
    expect(await listIds(alice)).toEqual([ids.aliceManaged, ids.aliceUnmanaged].sort());
    expect(await listIds(alice, `?projectId=${managed}`)).toEqual([ids.aliceManaged]);
    const totals = await as(t, alice).get('/api/v1/time-records/totals?from=2026-03-16&to=2026-03-17');
    expect(totals.body.totalSeconds).toBe(3600);
  });

  it("answers a member asking for another member's records with 404 on every endpoint, and changes nothing", async () => {
    const api = as(t, alice);
    const url = `/api/v1/time-records/${ids.bobManaged}`;
    for (const reply of [
      await api.get(url),
      await api.patch(url, { version: 1, description: 'mine now' }),
      await api.del(`${url}?version=1`),
      await api.get(`/api/v1/time-records?userId=${bob.userId}`),
      await api.get(`/api/v1/time-records/totals?from=2026-03-16&to=2026-03-17&userId=${bob.userId}`),
    ]) {
      expect(reply.status).toBe(404);
      expect(reply.body.error.code).toBe('not_found');
    }
    expect((await as(t, bob).get(url)).body).toMatchObject({ description: '', version: 1 });
  });

  it('lets a member not record time for someone else (403)', async () => {
    const reply = await as(t, alice).post(
      '/api/v1/time-records',
      record(managed, '2026-03-17T09:00:00Z', '2026-03-17T10:00:00Z', { userId: bob.userId }),
    );
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('forbidden');
  });

  it('hides from a member the projects they do not belong to, also for new records', async () => {
    const lonely = (await owner.post('/api/v1/projects', { name: 'Not yours' })).body.id;
    const reply = await as(t, alice).post('/api/v1/time-records', record(lonely, '2026-03-17T09:00:00Z', '2026-03-17T10:00:00Z'));
    expect(reply.status).toBe(404);
  });

  it('shows a manager their own records and those of the projects they manage, nothing else', async () => {
    expect(await listIds(manager)).toEqual([ids.aliceManaged, ids.bobManaged, ids.managerOwn].sort());
    expect(await listIds(manager, `?userId=${alice.userId}`)).toEqual([ids.aliceManaged]);
    expect((await as(t, manager).get(`/api/v1/time-records/${ids.aliceUnmanaged}`)).status).toBe(404);
    expect((await as(t, manager).patch(`/api/v1/time-records/${ids.aliceUnmanaged}`, { version: 1, description: 'x' })).status).toBe(404);
    const totals = await as(t, manager).get(`/api/v1/time-records/totals?from=2026-03-16&to=2026-03-17&userId=${alice.userId}`);
    expect(totals.body.totalSeconds).toBe(1800);
  });

  it("lets a manager edit a managed project's record and record time for its members, not move it to a project they do not manage", async () => {
    const api = as(t, manager);
    const edited = await api.patch(`/api/v1/time-records/${ids.bobManaged}`, { version: 1, description: 'reviewed' });
    expect(edited.status).toBe(200);
    expect(edited.body.description).toBe('reviewed');
    const moved = await api.patch(`/api/v1/time-records/${ids.bobManaged}`, { version: 2, projectId: unmanaged });
    expect(moved.status).toBe(404);
    const forBob = await api.post(
      '/api/v1/time-records',
      record(managed, '2026-03-18T09:00:00Z', '2026-03-18T10:00:00Z', { userId: bob.userId }),
    );
    expect(forBob.status).toBe(201);
    expect(forBob.body.userId).toBe(bob.userId);
    const elsewhere = await api.post(
      '/api/v1/time-records',
      record(unmanaged, '2026-03-18T09:00:00Z', '2026-03-18T10:00:00Z', { userId: bob.userId }),
    );
    expect(elsewhere.status).toBe(403);
  });

  it('shows owners and admins every record of the organisation, and lets them record for anyone', async () => {
    const all = await listIds(admin);
    expect(all).toEqual(expect.arrayContaining(Object.values(ids)));
    expect((await as(t, admin).get(`/api/v1/time-records/${ids.aliceUnmanaged}`)).status).toBe(200);
    const forAlice = await as(t, admin).post(
      '/api/v1/time-records',
      record(unmanaged, '2026-03-19T09:00:00Z', '2026-03-19T10:00:00Z', { userId: alice.userId }),
    );
    expect(forAlice.status).toBe(201);
    expect((await owner.get(`/api/v1/time-records?userId=${alice.userId}`)).body.items).toHaveLength(3);
  });

  it('answers a user id of another organisation with 404, also for owners', async () => {
    const stranger = await orgWithProject(t);
    expect((await owner.get(`/api/v1/time-records?userId=${stranger.owner.userId}`)).status).toBe(404);
    const forStranger = await owner.post(
      '/api/v1/time-records',
      record(managed, '2026-03-19T09:00:00Z', '2026-03-19T10:00:00Z', { userId: stranger.owner.userId }),
    );
    expect(forStranger.status).toBe(404);
  });
});
