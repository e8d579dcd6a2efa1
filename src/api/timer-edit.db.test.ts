import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as contract from '../contract/index.ts';
import { timeRecords, timers } from '../db/schema.ts';
import { createTestApp, type SignedUp, type TestApp, type TestClient } from '../../test/support/test-app.ts';

// The stopwatch as the web app drives it: started before a project is chosen, edited while it
// runs, stopped with the project, or discarded.
describe('the timer without a project, edited and discarded', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-03-16T09:00:00Z') });
  });
  afterAll(() => t.close());

  const at = (instant: string) => {
    t.clock.now = new Date(instant);
  };
  let n = 0;
  async function owner(
    extra: Record<string, unknown> = {},
  ): Promise<{ who: SignedUp; api: TestClient; projectId: string; unbilled: string }> {
    n += 1;
    const who = await t.signup(`timer-edit${n}@example.test`, undefined, extra);
    const api = t.client({ token: who.token });
    const projectId = (await api.ok(contract.createProject, { body: { name: 'Engine' } })).id;
    const unbilled = (await api.ok(contract.createProject, { body: { name: 'Internal', billable: false } })).id;
    return { who, api, projectId, unbilled };
  }
  const recordsOf = (userId: string) => t.deps.db.select().from(timeRecords).where(eq(timeRecords.userId, userId));
  const timerOf = async (userId: string) => (await t.deps.db.select().from(timers).where(eq(timers.userId, userId)))[0] ?? null;

  it('runs without a project; stopping asks for one (400 project_required), then saves with the one given', async () => {
    const { who, api, unbilled } = await owner();
    at('2026-03-16T09:00:00Z');
    const started = await api.ok(contract.startTimer, { body: { description: 'Thinking' } });
    expect(started.running).toMatchObject({ projectId: null, taskId: null, billable: true, description: 'Thinking' });
    at('2026-03-16T09:30:00Z');
    const refused = await api.call(contract.stopTimer, { body: {} });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error).toMatchObject({
      status: 400,
      code: 'project_required',
      message: 'This record has no project yet.',
      hint: 'Choose a project for this record, then stop the stopwatch.',
    });
    expect(await timerOf(who.userId)).not.toBeNull();
    const saved = await api.ok(contract.stopTimer, { body: { projectId: unbilled } });
    // the project chosen at the end brings its billable default
    expect(saved).toMatchObject({
      projectId: unbilled,
      start: '2026-03-16T09:00:00Z',
      end: '2026-03-16T09:30:00Z',
      billable: false,
      source: 'timer',
    });
    expect(await timerOf(who.userId)).toBeNull();
  });

  it('says project_required in Czech to a Czech profile', async () => {
    const { api } = await owner({ language: 'cs' });
    at('2026-03-16T10:00:00Z');
    await api.ok(contract.startTimer, { body: {} });
    at('2026-03-16T10:05:00Z');
    const refused = await api.call(contract.stopTimer);
    expect(refused.ok ? null : refused.error).toMatchObject({
      code: 'project_required',
      message: 'Tento záznam zatím nemá projekt.',
      hint: 'Vyberte pro záznam projekt a pak stopky zastavte.',
    });
  });

  it('will not replace a timer without a project by starting another, and keeps it running', async () => {
    const { who, api, projectId } = await owner();
    at('2026-03-16T11:00:00Z');
    await api.ok(contract.startTimer, { body: { description: 'first' } });
    at('2026-03-16T11:20:00Z');
    const replaced = await api.call(contract.startTimer, { body: { projectId } });
    expect(replaced.ok ? null : replaced.error.code).toBe('project_required');
    expect(await timerOf(who.userId)).toMatchObject({ description: 'first', projectId: null });
    expect(await recordsOf(who.userId)).toHaveLength(0);
  });

  it('edits the running timer: description, project (clearing the old task), task, tags and start', async () => {
    const { api, projectId, unbilled } = await owner();
    const task = await api.ok(contract.createTask, { body: { projectId, name: 'Design' } });
    const tag = await api.ok(contract.createTag, { body: { name: 'deep work' } });
    at('2026-03-16T12:00:00Z');
    await api.ok(contract.startTimer, { body: {} });
    at('2026-03-16T12:10:00Z');
    const chosen = await api.ok(contract.updateTimer, { body: { projectId, taskId: task.id, description: 'Sketches', tagIds: [tag.id] } });
    expect(chosen.running).toMatchObject({
      projectId,
      taskId: task.id,
      description: 'Sketches',
      tagIds: [tag.id],
      billable: true,
      elapsedSeconds: 600,
    });
    const moved = await api.ok(contract.updateTimer, { body: { projectId: unbilled, startedAt: '2026-03-16T11:45:00Z' } });
    // another project: its task is gone, billable stays what the timer had
    expect(moved.running).toMatchObject({
      projectId: unbilled,
      taskId: null,
      billable: true,
      startedAt: '2026-03-16T11:45:00Z',
      elapsedSeconds: 1500,
    });
    expect((await api.ok(contract.getTimer)).running).toEqual(moved.running);
  });

  it('refuses a start in the future, a task without a project, and a start in a locked period (423), changing nothing', async () => {
    const { who, api, projectId } = await owner();
    const task = await api.ok(contract.createTask, { body: { projectId, name: 'Ops' } });
    at('2026-03-16T13:00:00Z');
    await api.ok(contract.startTimer, { body: { description: 'kept' } });
    const future = await api.call(contract.updateTimer, { body: { startedAt: '2026-03-16T13:30:00Z' } });
    expect(future.ok ? null : future.error.details).toEqual([
      { path: 'body.startedAt', message: '"startedAt" must not be in the future.' },
    ]);
    const orphan = await api.call(contract.updateTimer, { body: { taskId: task.id } });
    expect(orphan.ok ? null : orphan.error.details).toEqual([
      { path: 'body.taskId', message: '"taskId" needs a project: choose the project first.' },
    ]);
    const org = await api.ok(contract.getOrganization);
    await api.ok(contract.updateOrganization, { body: { version: org.version, lockedUntil: '2026-03-16' } });
    const locked = await api.call(contract.updateTimer, { body: { startedAt: '2026-03-15T23:00:00Z', description: 'changed' } });
    expect(locked.ok ? null : locked.error).toMatchObject({ status: 423, code: 'period_locked' });
    expect(await timerOf(who.userId)).toMatchObject({ description: 'kept', startedAt: new Date('2026-03-16T13:00:00Z') });
  });

  it('discards the running timer without a record; with none running, edit and discard answer 409 timer_not_running', async () => {
    const { who, api, projectId } = await owner();
    at('2026-03-16T14:00:00Z');
    await api.ok(contract.startTimer, { body: { projectId } });
    at('2026-03-16T14:40:00Z');
    expect(await api.ok(contract.discardTimer)).toEqual({ ok: true });
    expect(await timerOf(who.userId)).toBeNull();
    expect(await recordsOf(who.userId)).toHaveLength(0);
    const again = await api.call(contract.discardTimer);
    expect(again.ok ? null : again.error).toMatchObject({ status: 409, code: 'timer_not_running' });
    const edit = await api.call(contract.updateTimer, { body: { description: 'nothing' } });
    expect(edit.ok ? null : edit.error.code).toBe('timer_not_running');
  });

  it('saves a stop with another project than the timer had, and a session (cookie + CSRF) may do all of it', async () => {
    const { who, projectId, unbilled } = await owner();
    const browser = t.client({ session: who.session });
    at('2026-03-16T15:00:00Z');
    await browser.ok(contract.startTimer, { body: { projectId } });
    await browser.ok(contract.updateTimer, { body: { description: 'from the browser' } });
    at('2026-03-16T15:15:00Z');
    const saved = await browser.ok(contract.stopTimer, { body: { projectId: unbilled } });
    expect(saved).toMatchObject({ projectId: unbilled, description: 'from the browser', durationSeconds: 900 });
    const anonymous = await t.client(null).call(contract.discardTimer);
    expect(anonymous.ok ? null : anonymous.error.status).toBe(401);
  });
});
