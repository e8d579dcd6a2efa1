import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUser } from '../db/accounts-repository.ts';
import { timeRecords, timers } from '../db/schema.ts';
import { toActor } from '../services/accounts.ts';
import { createTimeRecord } from '../services/time-records.ts';
import { startTimer, stopTimer } from '../services/timer.ts';
import type { ApiResult } from '../contract/client.ts';
import * as contract from '../contract/index.ts';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { buildApp } from './app.ts';
import { orgWithProject, record } from '../../test/support/tracking-callers.ts';

describe('the timer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-03-16T09:00:00Z') });
  });
  afterAll(() => t.close());

  const at = (instant: string) => {
    t.clock.now = new Date(instant);
  };
  const recordsOf = (userId: string) =>
    t.deps.db.select().from(timeRecords).where(eq(timeRecords.userId, userId)).orderBy(timeRecords.startsAt);
  const timerOf = async (userId: string) => (await t.deps.db.select().from(timers).where(eq(timers.userId, userId)))[0] ?? null;
  // an organisation with a project, called through the contract's typed client
  const withProject = async () => {
    const { owner, projectId } = await orgWithProject(t);
    return { owner, projectId, api: t.client({ token: owner.token }) };
  };
  const refusal = <T>(result: ApiResult<T>) => (result.ok ? null : result.error);

  it('shows what runs since when, and saves a timer record when stopped', async () => {
    const { api, projectId } = await withProject();
    at('2026-03-16T09:00:00Z');
    expect(await api.ok(contract.getTimer)).toEqual({ running: null });
    const started = await api.call(contract.startTimer, { body: { projectId, description: 'Standup' } });
    expect(started.status).toBe(200);
    expect(started.ok && started.data).toEqual({
      running: {
        projectId,
        taskId: null,
        description: 'Standup',
        billable: true,
        tagIds: [],
        startedAt: '2026-03-16T09:00:00Z',
        impulseId: null,
        elapsedSeconds: 0,
      },
      stopped: null,
    });
    at('2026-03-16T09:25:30Z');
    expect((await api.ok(contract.getTimer)).running).toMatchObject({ startedAt: '2026-03-16T09:00:00Z', elapsedSeconds: 1530 });
    const stopped = await api.call(contract.stopTimer);
    expect(stopped.status).toBe(200);
    expect(stopped.ok && stopped.data).toMatchObject({
      start: '2026-03-16T09:00:00Z',
      end: '2026-03-16T09:25:30Z',
      durationSeconds: 1530,
      source: 'timer',
      description: 'Standup',
    });
    expect(await api.ok(contract.getTimer)).toEqual({ running: null });
  });

  it('stops and saves the running timer when another starts, keeping one timer per user', async () => {
    const { api, projectId, owner } = await withProject();
    const other = (await api.ok(contract.createProject, { body: { name: 'Second' } })).id;
    at('2026-03-16T10:00:00Z');
    await api.ok(contract.startTimer, { body: { projectId } });
    at('2026-03-16T10:45:00Z');
    const second = await api.ok(contract.startTimer, { body: { projectId: other } });
    expect(second.stopped).toMatchObject({ projectId, start: '2026-03-16T10:00:00Z', end: '2026-03-16T10:45:00Z', source: 'timer' });
    expect(second.running).toMatchObject({ projectId: other, startedAt: '2026-03-16T10:45:00Z' });
    expect(await recordsOf(owner.userId)).toHaveLength(1);
    expect((await timerOf(owner.userId))?.projectId).toBe(other);
  });

  it('refuses to stop a timer that is not running (409) or ran under a second (400), keeping it running', async () => {
    const { api, projectId, owner } = await withProject();
    const none = await api.call(contract.stopTimer);
    expect(none.status).toBe(409);
    expect(refusal(none)).toMatchObject({ code: 'timer_not_running', hint: expect.any(String) });
    at('2026-03-16T11:00:00Z');
    await api.ok(contract.startTimer, { body: { projectId } });
    t.clock.now = new Date('2026-03-16T11:00:00.400Z');
    const short = await api.call(contract.stopTimer);
    expect(short.status).toBe(400);
    expect(refusal(short)?.code).toBe('timer_too_short');
    expect(await timerOf(owner.userId)).not.toBeNull();
    expect(await recordsOf(owner.userId)).toHaveLength(0);
  });

  it('stops a forgotten timer at a given end, but not in the future', async () => {
    const { api, projectId } = await withProject();
    at('2026-03-16T08:00:00Z');
    await api.ok(contract.startTimer, { body: { projectId } });
    at('2026-03-17T08:00:00Z');
    expect(refusal(await api.call(contract.stopTimer, { body: { end: '2026-03-18T08:00:00Z' } }))?.details).toEqual([
      expect.objectContaining({ path: 'body.end' }),
    ]);
    const stopped = await api.ok(contract.stopTimer, { body: { end: '2026-03-16T12:00:00Z' } });
    expect(stopped).toMatchObject({ end: '2026-03-16T12:00:00Z', durationSeconds: 4 * 3600 });
  });

  it('asks to stop a timer running over 7 days with an end before starting another', async () => {
    const { api, projectId, owner } = await withProject();
    at('2026-03-01T08:00:00Z');
    await api.ok(contract.startTimer, { body: { projectId } });
    at('2026-03-16T08:00:00Z');
    const replace = await api.call(contract.startTimer, { body: { projectId } });
    expect(replace.status).toBe(400);
    expect(refusal(replace)?.details).toEqual([
      { path: 'timer.startedAt', message: '"startedAt" is too far away: a time record may last at most 7 days.' },
    ]);
    expect(refusal(await api.call(contract.stopTimer))?.details).toEqual([expect.objectContaining({ path: 'body.end' })]);
    expect((await api.ok(contract.stopTimer, { body: { end: '2026-03-01T17:00:00Z' } })).durationSeconds).toBe(9 * 3600);
    expect(await timerOf(owner.userId)).toBeNull();
  });

  it('refuses to stop, or replace, a timer started in a locked period (423) and changes nothing', async () => {
    const { api, projectId, owner } = await withProject();
    at('2026-03-15T20:00:00Z');
    await api.ok(contract.startTimer, { body: { projectId } });
    at('2026-03-16T09:00:00Z');
    await api.ok(contract.updateOrganization, { body: { version: 1, lockedUntil: '2026-03-16' } });
    const stop = await api.call(contract.stopTimer);
    expect(stop.status).toBe(423);
    expect(refusal(stop)).toMatchObject({ code: 'period_locked', message: expect.stringContaining('2026-03-16') });
    const replace = await api.call(contract.startTimer, { body: { projectId, description: 'new' } });
    expect(replace.status).toBe(423);
    expect(await recordsOf(owner.userId)).toHaveLength(0);
    expect(await timerOf(owner.userId)).toMatchObject({ startedAt: new Date('2026-03-15T20:00:00Z'), description: '' });
  });

  it('refuses a start in the future or on an archived project', async () => {
    const { api, projectId } = await withProject();
    at('2026-03-16T09:00:00Z');
    const future = await api.call(contract.startTimer, { body: { projectId, startedAt: '2026-03-16T10:00:00Z' } });
    expect(refusal(future)?.details).toEqual([{ path: 'body.startedAt', message: '"startedAt" must not be in the future.' }]);
    await api.ok(contract.updateProject, { params: { id: projectId }, body: { version: 1, archived: true } });
    expect(refusal(await api.call(contract.startTimer, { body: { projectId } }))?.code).toBe('project_archived');
  });

  it('replays a start and a stop sent twice with the same Idempotency-Key', async () => {
    const { api, projectId, owner } = await withProject();
    at('2026-03-16T14:00:00Z');
    const first = await api.ok(contract.startTimer, { body: { projectId }, headers: { 'idempotency-key': 'start-1' } });
    at('2026-03-16T14:30:00Z');
    // the replay header is no part of the contract's answer: read it off the raw reply
    const again = await t.call('POST', '/api/v1/timer/start', {
      token: owner.token,
      body: { projectId },
      headers: { 'idempotency-key': 'start-1' },
    });
    expect(again.body).toEqual(first);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const stops = await Promise.all([1, 2, 3].map(() => api.call(contract.stopTimer, { headers: { 'idempotency-key': 'stop-1' } })));
    expect(stops.map((reply) => reply.status)).toEqual([200, 200, 200]);
    expect(new Set(stops.map((reply) => (reply.ok ? reply.data.id : null))).size).toBe(1);
    expect(await recordsOf(owner.userId)).toHaveLength(1);
  });

  it('keeps a running timer across a restart of the app on the same database', async () => {
    const { api, projectId, owner } = await withProject();
    at('2026-03-16T13:00:00Z');
    await api.ok(contract.startTimer, { body: { projectId, description: 'Across restarts' } });
    await t.app.close();
    const restarted = await buildApp({ deps: t.deps });
    try {
      at('2026-03-16T13:10:00Z');
      const headers = { authorization: `Bearer ${owner.token}`, host: 'localhost:3000' };
      const running = await restarted.inject({ method: 'GET', url: '/api/v1/timer', headers });
      expect(running.json().running).toMatchObject({
        description: 'Across restarts',
        startedAt: '2026-03-16T13:00:00Z',
        elapsedSeconds: 600,
      });
      const stopped = await restarted.inject({ method: 'POST', url: '/api/v1/timer/stop', headers });
      expect(stopped.json()).toMatchObject({ durationSeconds: 600, source: 'timer' });
    } finally {
      await restarted.close();
    }
  });
});

describe('services the impulses feature calls', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-03-16T12:00:00Z') });
  });
  afterAll(() => t.close());

  it('tracks a meeting once per user (409 already_tracked with the record id), and keeps the impulse on a timer record', async () => {
    const { owner, projectId } = await orgWithProject(t);
    const actor = toActor((await findUser(t.deps.db, owner.orgId, owner.userId))!, 'token');
    const origin = { source: 'impulse' as const, impulseId: 'meeting-1' };
    const tracked = await createTimeRecord(t.deps, actor, record(projectId, '2026-03-16T09:00:00Z', '2026-03-16T10:00:00Z'), origin);
    expect(tracked).toMatchObject({ source: 'impulse', impulseId: 'meeting-1' });
    await expect(
      createTimeRecord(t.deps, actor, record(projectId, '2026-03-16T09:00:00Z', '2026-03-16T10:00:00Z'), origin),
    ).rejects.toMatchObject({ code: 'already_tracked', details: { timeRecordId: tracked.id } });
    const started = await startTimer(t.deps, actor, { projectId, impulseId: 'meeting-2', startedAt: '2026-03-16T11:00:00Z' });
    expect(started.running.impulseId).toBe('meeting-2');
    const saved = await stopTimer(t.deps, actor);
    expect(saved).toMatchObject({ source: 'timer', impulseId: 'meeting-2', durationSeconds: 3600 });
  });
});
