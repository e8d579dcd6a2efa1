import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detailedReport, summaryReport } from '../../src/contract/reports.ts';
import { createProject, createTimeRecord, putProjectMember } from '../../src/contract/tracking.ts';
import { createTestApp, type SignedUp, type TestApp } from '../support/test-app.ts';

// Who sees what in reports: owners and admins everyone's records, managers their own plus those of
// the projects they manage, members their own; another organisation nothing.
describe('report scopes', () => {
  let t: TestApp;
  let owner: SignedUp;
  let manager: SignedUp;
  let member: SignedUp;
  let member2: SignedUp;
  let outsider: SignedUp;
  const recordOf: Record<string, string> = {};
  const query = { from: '2026-03-02', to: '2026-03-09' };

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.signup('owner@scope.test', 'Scope');
    manager = await t.addMember(owner, 'manager@scope.test', 'manager');
    member = await t.addMember(owner, 'member@scope.test', 'member');
    member2 = await t.addMember(owner, 'member2@scope.test', 'member');
    outsider = await t.signup('owner@other.test', 'Other');
    const api = t.client({ token: owner.token });
    const managed = await api.ok(createProject, { body: { name: 'Managed' } });
    const other = await api.ok(createProject, { body: { name: 'Other' } });
    await api.ok(putProjectMember, { params: { id: managed.id, userId: manager.userId }, body: { role: 'manager' } });
    await api.ok(putProjectMember, { params: { id: other.id, userId: manager.userId }, body: { role: 'member' } });
    await api.ok(putProjectMember, { params: { id: managed.id, userId: member.userId }, body: { role: 'member' } });
    await api.ok(putProjectMember, { params: { id: other.id, userId: member2.userId }, body: { role: 'member' } });
    const make = async (who: SignedUp, name: string, projectId: string, day: number) => {
      const record = await t.client({ token: who.token }).ok(createTimeRecord, {
        body: { projectId, start: `2026-03-0${day}T09:00:00Z`, end: `2026-03-0${day}T10:00:00Z` },
      });
      recordOf[name] = record.id;
    };
    await make(owner, 'owner', managed.id, 2);
    await make(manager, 'manager', other.id, 3);
    await make(member, 'member', managed.id, 4);
    await make(member2, 'member2', other.id, 5);
    const outsiderProject = await t.client({ token: outsider.token }).ok(createProject, { body: { name: 'Theirs' } });
    await t
      .client({ token: outsider.token })
      .ok(createTimeRecord, { body: { projectId: outsiderProject.id, start: '2026-03-03T09:00:00Z', end: '2026-03-03T17:00:00Z' } });
  });
  afterAll(async () => {
    await t.close();
  });

  async function seen(who: SignedUp, extra: Record<string, string> = {}) {
    const page = await t.client({ token: who.token }).ok(detailedReport, { query: { ...query, ...extra } as never });
    const summary = await t.client({ token: who.token }).ok(summaryReport, { query: { ...query, groupBy: 'user', ...extra } as never });
    const names = Object.fromEntries(Object.entries(recordOf).map(([name, id]) => [id, name]));
    return { records: page.items.map((item) => names[item.id] ?? 'foreign').sort(), total: summary.total.seconds };
  }

  it('gives owners everything of their organisation and nothing of another', async () => {
    expect(await seen(owner)).toEqual({ records: ['manager', 'member', 'member2', 'owner'], total: 4 * 3600 });
    expect(await seen(outsider)).toEqual({ records: ['foreign'], total: 8 * 3600 });
  });

  it('gives managers their own records and those of the projects they manage', async () => {
    expect(await seen(manager)).toEqual({ records: ['manager', 'member', 'owner'], total: 3 * 3600 });
    // asking for someone outside the scope narrows to nothing; it does not widen the scope
    expect(await seen(manager, { users: member2.userId })).toEqual({ records: [], total: 0 });
  });

  it('gives members only their own records', async () => {
    expect(await seen(member)).toEqual({ records: ['member'], total: 3600 });
    expect(await seen(member, { users: owner.userId })).toEqual({ records: [], total: 0 });
  });
});
