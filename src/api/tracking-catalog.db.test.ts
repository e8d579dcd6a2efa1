import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoint } from '../contract/endpoint.ts';
import * as contract from '../contract/tracking.ts';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { as, orgWithProject } from '../../test/support/tracking-callers.ts';

describe('clients, projects, project members, tasks and tags', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates, reads, renames, archives and deletes a client', async () => {
    const { api } = await orgWithProject(t);
    const created = await api.post('/api/v1/clients', { name: 'ACME' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), name: 'ACME', archived: false, version: 1 });
    const renamed = await api.patch(`/api/v1/clients/${created.body.id}`, { version: 1, name: 'ACME s.r.o.', archived: true });
    expect(renamed.body).toMatchObject({ name: 'ACME s.r.o.', archived: true, version: 2 });
    expect((await api.get('/api/v1/clients')).body.items.map((c: { name: string }) => c.name)).toEqual(['ACME s.r.o.']);
    const stale = await api.del(`/api/v1/clients/${created.body.id}?version=1`);
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    expect((await api.del(`/api/v1/clients/${created.body.id}`, { version: 2 })).status).toBe(200);
    expect((await api.get(`/api/v1/clients/${created.body.id}`)).status).toBe(404);
  });

  it('stores a project with client, colour, billable default and hourly rate in cents, and shows it back in units', async () => {
    const { api } = await orgWithProject(t);
    const client = await api.post('/api/v1/clients', { name: 'Globex' });
    const project = await api.post('/api/v1/projects', {
      name: 'Website',
      clientId: client.body.id,
      color: '#ff0000',
      billable: false,
      hourlyRate: 85.5,
    });
    expect(project.status).toBe(201);
    expect(project.body).toMatchObject({
      clientId: client.body.id,
      color: '#ff0000',
      billable: false,
      hourlyRate: 85.5,
      archived: false,
      version: 1,
    });
    const cleared = await api.patch(`/api/v1/projects/${project.body.id}`, { version: 1, hourlyRate: null, archived: true });
    expect(cleared.body).toMatchObject({ hourlyRate: null, archived: true, version: 2 });
    const inUse = await api.del(`/api/v1/clients/${client.body.id}?version=1`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error).toMatchObject({ code: 'in_use', hint: expect.any(String) });
  });

  it('refuses to delete a project that time records use, and deletes an unused one', async () => {
    const { api, projectId } = await orgWithProject(t);
    await api.post('/api/v1/time-records', { projectId, start: '2026-03-16T09:00:00Z', end: '2026-03-16T10:00:00Z' });
    expect((await api.del(`/api/v1/projects/${projectId}?version=1`)).body.error.code).toBe('in_use');
    const unused = await api.post('/api/v1/projects', { name: 'Unused' });
    expect((await api.del(`/api/v1/projects/${unused.body.id}?version=1`)).status).toBe(200);
  });

  it('adds project members with a role and rate, lists them, changes and removes them', async () => {
    const { owner, api, projectId } = await orgWithProject(t);
    const member = await t.addMember(owner, `pm-${Date.now()}@example.test`, 'member');
    const added = await api.put(`/api/v1/projects/${projectId}/members/${member.userId}`, { role: 'member', hourlyRate: 40 });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ userId: member.userId, role: 'member', hourlyRate: 40 });
    const changed = await api.put(`/api/v1/projects/${projectId}/members/${member.userId}`, { role: 'manager' });
    expect(changed.body).toMatchObject({ role: 'manager', hourlyRate: null });
    const listed = await api.get(`/api/v1/projects/${projectId}/members`);
    expect(listed.body.items).toHaveLength(1);
    expect((await api.get(`/api/v1/projects/${projectId}`)).body.members).toHaveLength(1);
    expect((await api.del(`/api/v1/projects/${projectId}/members/${member.userId}`)).status).toBe(200);
    expect((await api.del(`/api/v1/projects/${projectId}/members/${member.userId}`)).status).toBe(404);
  });

  it('shows a member only the projects they belong to, and lets them change none', async () => {
    const { owner, api, projectId } = await orgWithProject(t);
    const other = await api.post('/api/v1/projects', { name: 'Secret' });
    const member = await t.addMember(owner, `only-${Date.now()}@example.test`, 'member');
    await api.put(`/api/v1/projects/${projectId}/members/${member.userId}`, { role: 'member' });
    const memberApi = as(t, member);
    expect((await memberApi.get('/api/v1/projects')).body.items.map((p: { id: string }) => p.id)).toEqual([projectId]);
    expect((await memberApi.get(`/api/v1/projects/${other.body.id}`)).status).toBe(404);
    expect((await memberApi.get(`/api/v1/projects/${projectId}`)).body.members).toBeUndefined();
    const create = await memberApi.post('/api/v1/projects', { name: 'Mine' });
    expect(create.status).toBe(403);
    expect(create.body.error.code).toBe('forbidden');
    expect((await memberApi.post('/api/v1/clients', { name: 'X' })).status).toBe(403);
    expect((await memberApi.post('/api/v1/tags', { name: 'x' })).status).toBe(403);
    expect((await memberApi.post('/api/v1/tasks', { projectId, name: 'T' })).status).toBe(403);
  });

  it("lets a project manager manage that project's tasks, but not another project's", async () => {
    const { owner, api, projectId } = await orgWithProject(t);
    const other = await api.post('/api/v1/projects', { name: 'Other' });
    const manager = await t.addMember(owner, `mgr-${Date.now()}@example.test`, 'manager');
    await api.put(`/api/v1/projects/${projectId}/members/${manager.userId}`, { role: 'manager' });
    await api.put(`/api/v1/projects/${other.body.id}/members/${manager.userId}`, { role: 'member' });
    const managerApi = as(t, manager);
    const task = await managerApi.post('/api/v1/tasks', { projectId, name: 'Design' });
    expect(task.status).toBe(201);
    expect(task.body).toMatchObject({ projectId, name: 'Design', archived: false, version: 1 });
    expect((await managerApi.patch(`/api/v1/tasks/${task.body.id}`, { version: 1, archived: true })).body.archived).toBe(true);
    expect((await managerApi.post('/api/v1/tasks', { projectId: other.body.id, name: 'Nope' })).status).toBe(403);
    expect((await managerApi.get(`/api/v1/tasks?projectId=${projectId}`)).body.items).toHaveLength(1);
    expect((await managerApi.del(`/api/v1/tasks/${task.body.id}?version=2`)).status).toBe(200);
  });

  it('keeps tag names unique per organisation in any letter case', async () => {
    const { api } = await orgWithProject(t);
    const tag = await api.post('/api/v1/tags', { name: 'Urgent' });
    expect(tag.status).toBe(201);
    const twin = await api.post('/api/v1/tags', { name: 'urgent' });
    expect(twin.status).toBe(409);
    expect(twin.body.error).toMatchObject({ code: 'name_taken', message: expect.stringContaining('urgent') });
    const second = await api.post('/api/v1/tags', { name: 'Later' });
    expect((await api.patch(`/api/v1/tags/${second.body.id}`, { version: 1, name: 'URGENT' })).body.error.code).toBe('name_taken');
    expect((await api.patch(`/api/v1/tags/${second.body.id}`, { version: 1, name: 'Someday' })).body).toMatchObject({
      name: 'Someday',
      version: 2,
    });
    expect((await api.get('/api/v1/tags')).body.items.map((x: { name: string }) => x.name)).toEqual(['Someday', 'Urgent']);
  });

  it('archives and restores a tag: it stays listed and on the records that carry it; members may not archive', async () => {
    const { owner, api, projectId } = await orgWithProject(t);
    const tag = await api.post('/api/v1/tags', { name: 'Workshop' });
    expect(tag.body).toMatchObject({ archived: false, version: 1 });
    const record = await api.post('/api/v1/time-records', {
      projectId,
      start: '2026-03-16T09:00:00Z',
      end: '2026-03-16T10:00:00Z',
      tagIds: [tag.body.id],
    });
    const member = await t.addMember(owner, `tag-archive-${Date.now()}@example.test`, 'member');
    const refused = await as(t, member).patch(`/api/v1/tags/${tag.body.id}`, { version: 1, archived: true });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'forbidden', message: expect.any(String) });
    const archived = await api.patch(`/api/v1/tags/${tag.body.id}`, { version: 1, archived: true });
    expect(archived.body).toMatchObject({ name: 'Workshop', archived: true, version: 2 });
    expect((await api.get('/api/v1/tags')).body.items).toEqual([expect.objectContaining({ id: tag.body.id, archived: true })]);
    expect((await api.get(`/api/v1/time-records/${record.body.id}`)).body.tagIds).toEqual([tag.body.id]);
    const stale = await api.patch(`/api/v1/tags/${tag.body.id}`, { version: 1, archived: false });
    expect(stale.body.error.code).toBe('version_conflict');
    expect((await api.patch(`/api/v1/tags/${tag.body.id}`, { version: 2, archived: false })).body).toMatchObject({
      archived: false,
      version: 3,
    });
    const createdArchived = await api.post('/api/v1/tags', { name: 'Old', archived: true });
    expect(createdArchived.body).toMatchObject({ archived: true });
  });

  it("answers another organisation's client, project, task and tag ids with 404, never 403", async () => {
    const a = await orgWithProject(t);
    const b = await orgWithProject(t);
    const client = await a.api.post('/api/v1/clients', { name: 'A client' });
    const task = await a.api.post('/api/v1/tasks', { projectId: a.projectId, name: 'A task' });
    const tag = await a.api.post('/api/v1/tags', { name: 'A tag' });
    for (const url of [
      `/api/v1/clients/${client.body.id}`,
      `/api/v1/projects/${a.projectId}`,
      `/api/v1/tasks/${task.body.id}`,
      `/api/v1/tags/${tag.body.id}`,
    ]) {
      const read = await b.api.get(url);
      expect(read.status, url).toBe(404);
      expect(read.body.error.code).toBe('not_found');
      expect((await b.api.patch(url, { version: 1, name: 'stolen' })).status, url).toBe(404);
      expect((await b.api.del(`${url}?version=1`)).status, url).toBe(404);
    }
    expect((await b.api.post('/api/v1/projects', { name: 'X', clientId: client.body.id })).status).toBe(404);
    expect((await b.api.put(`/api/v1/projects/${b.projectId}/members/${a.owner.userId}`, { role: 'member' })).status).toBe(404);
    expect((await b.api.get(`/api/v1/tasks?projectId=${a.projectId}`)).status).toBe(404);
  });

  it('answers every tracking endpoint without credentials with 401 unauthenticated', async () => {
    const endpoints = Object.values(contract as Record<string, unknown>).filter(
      (value): value is Endpoint => typeof value === 'object' && value !== null && 'path' in value && 'method' in value,
    );
    expect(endpoints.length).toBeGreaterThan(30);
    for (const endpoint of endpoints) {
      const url = endpoint.path.replace(/:\w+/g, 'some-id');
      const reply = await t.call(endpoint.method, url, endpoint.method === 'GET' ? {} : { body: {} });
      expect(reply.status, `${endpoint.method} ${endpoint.path}`).toBe(401);
      expect(reply.body.error.code).toBe('unauthenticated');
    }
  });

  it('answers malformed JSON, wrong types, unknown fields and bad colours with 400 and the failing path', async () => {
    const { owner, api } = await orgWithProject(t);
    const malformed = await t.call('POST', '/api/v1/clients', {
      token: owner.token,
      rawBody: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'malformed_json', message: expect.any(String), hint: expect.any(String) });
    const wrongType = await api.post('/api/v1/projects', { name: 42 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details).toEqual([expect.objectContaining({ path: 'body.name' })]);
    const unknown = await api.post('/api/v1/tags', { name: 'ok', colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('validation_failed');
    const colour = await api.post('/api/v1/projects', { name: 'P', color: 'red' });
    expect(colour.body.error.details[0].path).toBe('body.color');
    const noVersion = await api.patch(`/api/v1/clients/${(await api.post('/api/v1/clients', { name: 'C' })).body.id}`, { name: 'D' });
    expect(noVersion.body.error.details[0].path).toBe('body.version');
    const deleteWithoutVersion = await api.del(`/api/v1/tags/${(await api.post('/api/v1/tags', { name: 'tmp' })).body.id}`);
    expect(deleteWithoutVersion.status).toBe(400);
    expect(deleteWithoutVersion.body.error.details[0].path).toBe('query.version');
  });
});
