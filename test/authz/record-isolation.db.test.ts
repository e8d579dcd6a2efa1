import { beforeAll, describe, expect, it } from 'vitest';
import type { SignedUp, TestApp } from '../support/test-app.ts';
import { roles, useWorld, type World } from './fixture.ts';

// Issue 3: "A member never sees another member's records through any endpoint; nobody sees
// another organisation's data". The matrix checks statuses; this checks what the answers contain.
describe('record isolation', () => {
  const context = useWorld();
  let t: TestApp;
  let world: World;
  const hour = 3_600_000;
  let at: (hours: number) => Date;
  // member2: one record on the managed project, one overlapping it on the unmanaged project
  let colleagueManaged: string;
  let colleagueUnmanaged: string;
  let own: string;
  const b: Record<string, string> = {};

  beforeAll(async () => {
    ({ world } = context);
    ({ t } = world);
    at = (hours) => new Date(t.clock.now.getTime() - hours * hour);
    colleagueManaged = await world.make('record', 'a', world.a.member2, {
      project: world.projects.managed,
      start: at(6),
      end: at(5),
      description: 'member2 on managed',
    });
    colleagueUnmanaged = await world.make('record', 'a', world.a.member2, {
      project: world.projects.unmanaged,
      start: at(5.5),
      end: at(4.5),
      description: 'member2 on unmanaged',
    });
    own = await world.make('record', 'a', world.a.member, {
      project: world.projects.managed,
      start: at(8),
      end: at(7),
      description: 'member own',
    });
    b.record = await world.make('record', 'b', undefined, { start: at(6), end: at(5) });
    b.client = await world.make('client', 'b');
    b.tag = await world.make('tag', 'b');
    b.task = await world.make('task', 'b');
    b.project = world.projects.b;
    b.user = world.b.userId;
  }, 120_000);

  const get = (as: SignedUp, url: string) => t.call('GET', url, { token: as.token });
  const range = () => `from=${at(48).toISOString()}&to=${at(-24).toISOString()}`;
  const ids = (reply: { body: any }) => (reply.body.items as Array<{ id: string }>).map((item) => item.id);

  function expectNotFound(reply: { status: number; body: any }) {
    expect(reply.status, JSON.stringify(reply.body)).toBe(404);
    expect(reply.body.error.code).toBe('not_found');
  }

  describe("a member and a colleague's records", () => {
    it('lists only their own records, with or without filters', async () => {
      const { member } = world.a;
      for (const query of [
        '',
        `?projectId=${world.projects.managed}`,
        `?projectId=${world.projects.unmanaged}`,
        `?${range()}`,
        `?userId=${member.userId}`,
      ]) {
        const reply = await get(member, `/api/v1/time-records${query}`);
        expect(reply.status, query).toBe(200);
        expect(
          reply.body.items.every((item: { userId: string }) => item.userId === member.userId),
          query,
        ).toBe(true);
        expect(ids(reply), query).not.toContain(colleagueManaged);
        expect(ids(reply), query).not.toContain(colleagueUnmanaged);
      }
      expect(ids(await get(member, '/api/v1/time-records'))).toContain(own);
    });

    it("answers 404 to a list or totals of member2's records", async () => {
      const { member, member2 } = world.a;
      expectNotFound(await get(member, `/api/v1/time-records?userId=${member2.userId}`));
      expectNotFound(await get(member, `/api/v1/time-records?userId=${member2.userId}&projectId=${world.projects.managed}`));
      expectNotFound(await get(member, `/api/v1/time-records/totals?${range()}&userId=${member2.userId}`));
    });

    it('counts only their own time in totals', async () => {
      const reply = await get(world.a.member, `/api/v1/time-records/totals?${range()}`);
      expect(reply.status).toBe(200);
      expect(reply.body.totalSeconds).toBe(3600);
    });

    it("answers 404 to get, patch and delete of member2's record and changes nothing", async () => {
      const { member, owner } = world.a;
      for (const id of [colleagueManaged, colleagueUnmanaged]) {
        expectNotFound(await get(member, `/api/v1/time-records/${id}`));
        expectNotFound(
          await t.call('PATCH', `/api/v1/time-records/${id}`, { token: member.token, body: { version: 1, description: 'mine now' } }),
        );
        expectNotFound(await t.call('DELETE', `/api/v1/time-records/${id}?version=1`, { token: member.token }));
        const after = await get(owner, `/api/v1/time-records/${id}`);
        expect(after.status).toBe(200);
        expect(after.body).toMatchObject({ version: 1, userId: world.a.member2.userId });
        expect(after.body.description).toMatch(/^member2 on /);
      }
    });

    it("does not show member2's records as overlaps of their own", async () => {
      const reply = await get(world.a.member, `/api/v1/time-records/${own}`);
      expect(reply.body.overlaps).toEqual([]);
    });
  });

  describe('a manager', () => {
    it("lists member2's records of the managed project only", async () => {
      const { manager, member2 } = world.a;
      const filtered = await get(manager, `/api/v1/time-records?userId=${member2.userId}`);
      expect(filtered.status).toBe(200);
      expect(ids(filtered)).toContain(colleagueManaged);
      expect(ids(filtered)).not.toContain(colleagueUnmanaged);
      const all = await get(manager, '/api/v1/time-records');
      expect(ids(all)).toContain(colleagueManaged);
      expect(ids(all)).not.toContain(colleagueUnmanaged);
      for (const item of all.body.items as Array<{ userId: string; projectId: string }>) {
        expect(item.userId === manager.userId || item.projectId === world.projects.managed).toBe(true);
      }
    });

    it("counts only the managed project's time in member2's totals", async () => {
      const reply = await get(world.a.manager, `/api/v1/time-records/totals?${range()}&userId=${world.a.member2.userId}`);
      expect(reply.status).toBe(200);
      expect(reply.body.totalSeconds).toBe(3600);
    });

    it("does not learn the ids of member2's records outside the managed project through overlaps", async () => {
      // owners see both records overlap; the manager may see only the managed one
      const byOwner = await get(world.a.owner, `/api/v1/time-records/${colleagueManaged}`);
      expect(byOwner.body.overlaps).toEqual([colleagueUnmanaged]);
      const byManager = await get(world.a.manager, `/api/v1/time-records/${colleagueManaged}`);
      expect(byManager.status).toBe(200);
      expect(byManager.body.overlaps).not.toContain(colleagueUnmanaged);
      const listed = await get(world.a.manager, `/api/v1/time-records?userId=${world.a.member2.userId}`);
      const item = (listed.body.items as Array<{ id: string; overlaps: string[] }>).find((record) => record.id === colleagueManaged);
      expect(item?.overlaps).not.toContain(colleagueUnmanaged);
    });
  });

  describe("organisation B's data", () => {
    it("never appears in organisation A's lists, for any role", async () => {
      const lists = [
        '/api/v1/time-records',
        `/api/v1/time-records?${range()}`,
        '/api/v1/clients',
        '/api/v1/projects',
        '/api/v1/tasks',
        '/api/v1/tags',
        '/api/v1/members',
        '/api/v1/connections',
        '/api/v1/impulses',
      ];
      const foreign = Object.values(b);
      for (const role of [...roles, 'member2'] as const) {
        for (const list of lists) {
          const reply = await get(world.a[role], list);
          expect(reply.status, `${role} ${list}`).toBe(200);
          const text = JSON.stringify(reply.body);
          for (const id of foreign) expect(text.includes(id), `${role} ${list} shows ${id}`).toBe(false);
        }
      }
    });

    it('answers 404 to its users and projects as filters, even for owners', async () => {
      for (const role of roles) {
        const as = world.a[role];
        expectNotFound(await get(as, `/api/v1/time-records?userId=${b.user}`));
        expectNotFound(await get(as, `/api/v1/time-records?projectId=${b.project}`));
        expectNotFound(await get(as, `/api/v1/time-records/totals?${range()}&userId=${b.user}`));
        expectNotFound(await get(as, `/api/v1/tasks?projectId=${b.project}`));
        expectNotFound(await get(as, `/api/v1/time-records/${b.record}`));
      }
    });
  });
});
