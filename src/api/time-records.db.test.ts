import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timeRecords } from '../db/schema.ts';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { orgWithProject, record } from '../../test/support/tracking-callers.ts';

describe('time records', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-03-20T12:00:00Z') });
  });
  afterAll(() => t.close());

  const rowsOf = (userId: string) =>
    t.deps.db.select().from(timeRecords).where(eq(timeRecords.userId, userId)).orderBy(timeRecords.startsAt);

  it("creates a record with the project's billable default, reads, changes and deletes it", async () => {
    const { api, projectId } = await orgWithProject(t);
    const task = await api.post('/api/v1/tasks', { projectId, name: 'Design' });
    const tag = await api.post('/api/v1/tags', { name: 'deep work' });
    const created = await api.post(
      '/api/v1/time-records',
      record(projectId, '2026-03-16T09:00:00Z', '2026-03-16T10:30:00Z', {
        taskId: task.body.id,
        description: 'Wireframes',
        tagIds: [tag.body.id],
      }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      start: '2026-03-16T09:00:00Z',
      end: '2026-03-16T10:30:00Z',
      durationSeconds: 5400,
      projectId,
      taskId: task.body.id,
      description: 'Wireframes',
      billable: true,
      tagIds: [tag.body.id],
      source: 'manual',
      impulseId: null,
      overlaps: [],
      version: 1,
    });
    const id = created.body.id as string;
    expect((await api.get(`/api/v1/time-records/${id}`)).body).toEqual(created.body);
    const changed = await api.patch(`/api/v1/time-records/${id}`, {
      version: 1,
      end: '2026-03-16T11:00:00Z',
      billable: false,
      taskId: null,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ durationSeconds: 7200, billable: false, taskId: null, version: 2 });
    expect((await api.del(`/api/v1/time-records/${id}?version=2`)).body).toEqual({ ok: true });
    expect((await api.get(`/api/v1/time-records/${id}`)).status).toBe(404);
    const internal = await api.post('/api/v1/projects', { name: 'Internal', billable: false });
    const unbilled = await api.post('/api/v1/time-records', record(internal.body.id, '2026-03-16T13:00:00Z', '2026-03-16T14:00:00Z'));
    expect(unbilled.body.billable).toBe(false);
  });

  it.each([
    { name: 'an impossible date', body: { start: '2026-02-30T09:00:00Z', end: '2026-03-01T10:00:00Z' }, path: 'body.start' },
    { name: 'hour 25', body: { start: '2026-03-16T09:00:00Z', end: '2026-03-16T25:00:00Z' }, path: 'body.end' },
    { name: 'an instant without zone', body: { start: '2026-03-16T09:00:00', end: '2026-03-16T10:00:00Z' }, path: 'body.start' },
    { name: 'a number as start', body: { start: 1773651600, end: '2026-03-16T10:00:00Z' }, path: 'body.start' },
    { name: 'end before start', body: { start: '2026-03-16T10:00:00Z', end: '2026-03-16T09:00:00Z' }, path: 'body.end' },
    { name: 'a zero-length record', body: { start: '2026-03-16T10:00:00Z', end: '2026-03-16T10:00:00Z' }, path: 'body.end' },
    { name: 'more than 7 days', body: { start: '2026-03-01T10:00:00Z', end: '2026-03-08T10:00:01Z' }, path: 'body.end' },
    { name: 'an unknown field', body: { start: '2026-03-16T09:00:00Z', end: '2026-03-16T10:00:00Z', minutes: 60 }, path: 'body' },
    {
      name: 'billable as a string',
      body: { start: '2026-03-16T09:00:00Z', end: '2026-03-16T10:00:00Z', billable: 'yes' },
      path: 'body.billable',
    },
  ])('refuses $name with 400 validation_failed at $path', async ({ body, path }) => {
    const { api, projectId, owner } = await orgWithProject(t);
    const reply = await api.post('/api/v1/time-records', { projectId, ...body });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: 'validation_failed', message: expect.any(String), hint: expect.any(String) });
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await rowsOf(owner.userId)).toHaveLength(0);
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const { owner } = await orgWithProject(t);
    const reply = await t.call('POST', '/api/v1/time-records', {
      token: owner.token,
      rawBody: '{"start":',
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: 'malformed_json', hint: expect.any(String) });
  });

  it("answers another organisation's project, task, tag and record ids with 404", async () => {
    const a = await orgWithProject(t);
    const b = await orgWithProject(t);
    const task = await a.api.post('/api/v1/tasks', { projectId: a.projectId, name: 'A' });
    const tag = await a.api.post('/api/v1/tags', { name: 'A' });
    const aRecord = await a.api.post('/api/v1/time-records', record(a.projectId, '2026-03-16T09:00:00Z', '2026-03-16T10:00:00Z'));
    const span = { start: '2026-03-16T09:00:00Z', end: '2026-03-16T10:00:00Z' };
    for (const body of [
      { projectId: a.projectId },
      { projectId: b.projectId, taskId: task.body.id },
      { projectId: b.projectId, tagIds: [tag.body.id] },
    ]) {
      const reply = await b.api.post('/api/v1/time-records', { ...span, ...body });
      expect(reply.status, JSON.stringify(body)).toBe(404);
      expect(reply.body.error.code).toBe('not_found');
    }
    expect((await b.api.get(`/api/v1/time-records/${aRecord.body.id}`)).status).toBe(404);
    expect((await b.api.patch(`/api/v1/time-records/${aRecord.body.id}`, { version: 1, description: 'x' })).status).toBe(404);
    expect((await b.api.del(`/api/v1/time-records/${aRecord.body.id}?version=1`)).status).toBe(404);
    expect((await b.api.get(`/api/v1/time-records?userId=${a.owner.userId}`)).status).toBe(404);
    expect((await b.api.get(`/api/v1/time-records?projectId=${a.projectId}`)).status).toBe(404);
    expect((await a.api.get(`/api/v1/time-records/${aRecord.body.id}`)).body.description).toBe('');
  });

  it('refuses a task of another project (400) and an archived project (400 project_archived)', async () => {
    const { api, projectId } = await orgWithProject(t);
    const other = await api.post('/api/v1/projects', { name: 'Other' });
    const task = await api.post('/api/v1/tasks', { projectId: other.body.id, name: 'Elsewhere' });
    const wrongTask = await api.post(
      '/api/v1/time-records',
      record(projectId, '2026-03-16T09:00:00Z', '2026-03-16T10:00:00Z', { taskId: task.body.id }),
    );
    expect(wrongTask.status).toBe(400);
    expect(wrongTask.body.error.details).toEqual([{ path: 'body.taskId', message: '"taskId" belongs to another project.' }]);
    await api.patch(`/api/v1/projects/${other.body.id}`, { version: 1, archived: true });
    const archived = await api.post('/api/v1/time-records', record(other.body.id, '2026-03-16T09:00:00Z', '2026-03-16T10:00:00Z'));
    expect(archived.status).toBe(400);
    expect(archived.body.error).toMatchObject({ code: 'project_archived', message: expect.stringContaining('Other') });
  });

  it('reports overlaps both ways, but not for back-to-back records', async () => {
    const { api, projectId } = await orgWithProject(t);
    const first = await api.post('/api/v1/time-records', record(projectId, '2026-03-16T09:00:00Z', '2026-03-16T10:00:00Z'));
    const second = await api.post('/api/v1/time-records', record(projectId, '2026-03-16T09:30:00Z', '2026-03-16T11:00:00Z'));
    const adjacent = await api.post('/api/v1/time-records', record(projectId, '2026-03-16T11:00:00Z', '2026-03-16T12:00:00Z'));
    expect(second.body.overlaps).toEqual([first.body.id]);
    expect(adjacent.body.overlaps).toEqual([]);
    const listed = await api.get('/api/v1/time-records?from=2026-03-16&to=2026-03-17');
    expect(listed.body.items.map((r: { overlaps: string[] }) => r.overlaps)).toEqual([[second.body.id], [first.body.id], []]);
    // a list's overlaps reach records it does not list: past its limit, ended before `from`, of another project
    const pairs = (reply: { body: { items: Array<{ id: string; overlaps: string[] }> } }) =>
      reply.body.items.map((r) => [r.id, r.overlaps]);
    expect(pairs(await api.get('/api/v1/time-records?from=2026-03-16&to=2026-03-17&limit=1'))).toEqual([[first.body.id, [second.body.id]]]);
    expect(pairs(await api.get('/api/v1/time-records?from=2026-03-16T10:30:00Z&to=2026-03-17'))).toEqual([
      [second.body.id, [first.body.id]],
      [adjacent.body.id, []],
    ]);
    const other = await api.post('/api/v1/projects', { name: 'Other' });
    const elsewhere = await api.post('/api/v1/time-records', record(other.body.id, '2026-03-16T11:30:00Z', '2026-03-16T12:30:00Z'));
    expect(pairs(await api.get(`/api/v1/time-records?from=2026-03-16T10:30:00Z&to=2026-03-17&projectId=${projectId}`))).toEqual([
      [second.body.id, [first.body.id]],
      [adjacent.body.id, [elsewhere.body.id]],
    ]);
  });

  it("lists records overlapping [from, to): dates are 00:00 in the viewer's zone", async () => {
    const { api, projectId } = await orgWithProject(t, { timeZone: 'Europe/Prague' });
    // 23:30Z on the 15th is 00:30 on the 16th in Prague
    const early = await api.post('/api/v1/time-records', record(projectId, '2026-03-15T23:30:00Z', '2026-03-16T00:30:00Z'));
    const spanning = await api.post('/api/v1/time-records', record(projectId, '2026-03-15T22:00:00Z', '2026-03-15T23:30:00Z'));
    await api.post('/api/v1/time-records', record(projectId, '2026-03-16T23:00:00Z', '2026-03-17T00:00:00Z'));
    const day = await api.get('/api/v1/time-records?from=2026-03-16&to=2026-03-17');
    expect(day.body.items.map((r: { id: string }) => r.id)).toEqual([spanning.body.id, early.body.id]);
    const instants = await api.get('/api/v1/time-records?from=2026-03-15T23:30:00Z&to=2026-03-16T00:00:00Z');
    expect(instants.body.items.map((r: { id: string }) => r.id)).toEqual([early.body.id]);
    const inverted = await api.get('/api/v1/time-records?from=2026-03-17&to=2026-03-16');
    expect(inverted.status).toBe(400);
    expect(inverted.body.error.code).toBe('invalid_range');
    for (const query of ['foo=1', 'limit=0', 'limit=abc', 'limit=501']) {
      const refused = await api.get(`/api/v1/time-records?${query}`);
      expect(refused.status, query).toBe(400);
      expect(refused.body.error.code).toBe('validation_failed');
    }
    const badDate = await api.get('/api/v1/time-records?from=2026-02-30');
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.details[0].path).toMatch(/^query\.from/);
  });

  it('pages 25 records by 10 in three pages without duplicates or gaps', async () => {
    const { api, projectId } = await orgWithProject(t);
    const ids: string[] = [];
    for (let i = 0; i < 25; i += 1) {
      // pairs share a start, so the id breaks the tie
      const start = new Date(Date.UTC(2026, 2, 2, 8) + Math.floor(i / 2) * 3600_000).toISOString().replace('.000', '');
      const end = new Date(Date.parse(start) + 1800_000).toISOString().replace('.000', '');
      ids.push((await api.post('/api/v1/time-records', record(projectId, start, end))).body.id);
    }
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const reply = await api.get(`/api/v1/time-records?limit=10${cursor ? `&cursor=${cursor}` : ''}`);
      expect(reply.status).toBe(200);
      pages.push(reply.body.items.map((r: { id: string }) => r.id));
      cursor = reply.body.nextCursor;
    } while (cursor);
    expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
    expect(new Set(pages.flat()).size).toBe(25);
    expect(pages.flat().sort()).toEqual([...ids].sort());
    const bad = await api.get('/api/v1/time-records?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('query.cursor');
  });

  it('answers a stale version with 409 version_conflict and changes nothing', async () => {
    const { api, projectId, owner } = await orgWithProject(t);
    const created = await api.post('/api/v1/time-records', record(projectId, '2026-03-16T09:00:00Z', '2026-03-16T10:00:00Z'));
    const id = created.body.id as string;
    expect((await api.patch(`/api/v1/time-records/${id}`, { version: 1, description: 'first' })).status).toBe(200);
    const stale = await api.patch(`/api/v1/time-records/${id}`, { version: 1, description: 'second', end: '2026-03-16T12:00:00Z' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'version_conflict', message: expect.stringContaining('2') });
    const staleDelete = await api.del(`/api/v1/time-records/${id}`, { version: 1 });
    expect(staleDelete.status).toBe(409);
    const [row] = await rowsOf(owner.userId);
    expect(row).toMatchObject({ description: 'first', version: 2, endsAt: new Date('2026-03-16T10:00:00Z') });
  });

  it('refuses every write touching a locked period with 423 period_locked and changes nothing', async () => {
    const { api, projectId, owner } = await orgWithProject(t, { timeZone: 'Europe/Prague' });
    const before = await api.post('/api/v1/time-records', record(projectId, '2026-03-13T09:00:00Z', '2026-03-13T10:00:00Z'));
    const after = await api.post('/api/v1/time-records', record(projectId, '2026-03-17T09:00:00Z', '2026-03-17T10:00:00Z'));
    expect((await api.patch('/api/v1/organization', { version: 1, lockedUntil: '2026-03-16' })).status).toBe(200);
    const snapshot = await rowsOf(owner.userId);
    // 23:30Z on the 15th is already the 16th in Prague: not locked; 22:30Z is the 15th: locked
    const attempts = [
      await api.post('/api/v1/time-records', record(projectId, '2026-03-15T22:30:00Z', '2026-03-15T23:30:00Z')),
      await api.patch(`/api/v1/time-records/${before.body.id}`, { version: 1, description: 'edit a locked record' }),
      await api.patch(`/api/v1/time-records/${after.body.id}`, { version: 1, start: '2026-03-14T09:00:00Z' }),
      await api.del(`/api/v1/time-records/${before.body.id}?version=1`),
    ];
    for (const reply of attempts) {
      expect(reply.status).toBe(423);
      expect(reply.body.error).toMatchObject({
        code: 'period_locked',
        message: expect.stringContaining('2026-03-16'),
        hint: expect.any(String),
      });
    }
    expect(await rowsOf(owner.userId)).toEqual(snapshot);
    const open = await api.post('/api/v1/time-records', record(projectId, '2026-03-15T23:30:00Z', '2026-03-16T00:30:00Z'));
    expect(open.status).toBe(201);
  });

  it('creates one record for 10 parallel creates with one Idempotency-Key, and refuses the key for another body', async () => {
    const { api, projectId, owner } = await orgWithProject(t);
    const body = record(projectId, '2026-03-16T09:00:00Z', '2026-03-16T10:00:00Z');
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => api.post('/api/v1/time-records', body, { 'idempotency-key': 'create-once' })),
    );
    expect(replies.map((reply) => reply.status)).toEqual(Array(10).fill(201));
    expect(new Set(replies.map((reply) => reply.body.id)).size).toBe(1);
    expect(await rowsOf(owner.userId)).toHaveLength(1);
    const other = await api.post('/api/v1/time-records', { ...body, description: 'different' }, { 'idempotency-key': 'create-once' });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_conflict');
    expect(await rowsOf(owner.userId)).toHaveLength(1);
  });

  it('refuses a cookie-authenticated create without the CSRF header (403) and lists the endpoints in the OpenAPI document', async () => {
    const { owner, projectId } = await orgWithProject(t);
    const body = record(projectId, '2026-03-16T09:00:00Z', '2026-03-16T10:00:00Z');
    const refused = await t.call('POST', '/api/v1/time-records', { session: owner.session, headers: { 'x-csrf-token': 'wrong' }, body });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('csrf_failed');
    expect((await t.call('POST', '/api/v1/time-records', { session: owner.session, body })).status).toBe(201);
    const paths = Object.keys((await t.call('GET', '/api/v1/openapi.json')).body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/time-records',
        '/api/v1/time-records/{id}',
        '/api/v1/time-records/totals',
        '/api/v1/timer',
        '/api/v1/timer/start',
        '/api/v1/timer/stop',
        '/api/v1/clients',
        '/api/v1/projects/{id}/members/{userId}',
        '/api/v1/tasks',
        '/api/v1/tags/{id}',
      ]),
    );
  });

  it('answers in Czech for a Czech profile', async () => {
    const { api, projectId } = await orgWithProject(t, { language: 'cs' });
    await api.patch('/api/v1/organization', { version: 1, lockedUntil: '2026-03-16' });
    const reply = await api.post('/api/v1/time-records', record(projectId, '2026-03-10T09:00:00Z', '2026-03-10T10:00:00Z'));
    expect(reply.body.error.message).toBe('Časové záznamy před 2026-03-16 jsou uzamčené.');
  });
});
