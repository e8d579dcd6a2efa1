import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKDAY } from '../contract/account.ts';
import { users } from '../db/schema.ts';
import { createTestApp, type SignedUp, type TestApp } from '../../test/support/test-app.ts';

// The workday of "Close the day" (issue 11): working hours, days, daily target and nudge time.
describe('profile workday', () => {
  let t: TestApp;
  let ada: SignedUp;
  beforeAll(async () => {
    t = await createTestApp();
    ada = await t.signup('ada@workday.test');
  });
  afterAll(() => t.close());

  const me = async () => (await t.call('GET', '/api/v1/me', { token: ada.token })).body;
  const patch = async (body: Record<string, unknown>) =>
    t.call('PATCH', '/api/v1/me', { token: ada.token, body: { version: (await me()).version, ...body } });

  it('starts with 9:00–17:00 on Monday to Friday, an 8 h target and the nudge at 17:00', async () => {
    expect((await me()).workday).toEqual({ start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5], targetMinutes: 480, nudgeAt: '17:00' });
    expect(DEFAULT_WORKDAY).toEqual((await me()).workday);
  });

  it('merges a partial workday, keeps the days in weekday order, and stores it in its columns', async () => {
    const first = await patch({ workday: { start: '08:30', days: [6, 1, 3] } });
    expect(first.status).toBe(200);
    expect(first.body.workday).toEqual({ start: '08:30', end: '17:00', days: [1, 3, 6], targetMinutes: 480, nudgeAt: '17:00' });
    const second = await patch({ workday: { targetMinutes: null, nudgeAt: null, end: '16:15' } });
    expect(second.body.workday).toEqual({ start: '08:30', end: '16:15', days: [1, 3, 6], targetMinutes: null, nudgeAt: null });
    expect((await me()).workday).toEqual(second.body.workday);
    const [row] = await t.deps.db
      .select({ start: users.workStart, end: users.workEnd, days: users.workDays, target: users.dailyTargetMinutes, nudge: users.nudgeAt })
      .from(users)
      .where(eq(users.id, ada.userId));
    expect(row).toEqual({ start: '08:30', end: '16:15', days: [1, 3, 6], target: null, nudge: null });
    // the other settings are untouched
    expect((await me()).preferences.snapMinutes).toBe(15);
  });

  it('refuses bad values with field details, message and hint in English and Czech, and changes nothing', async () => {
    const before = await me();
    const cases = [
      { name: 'start 24:00', workday: { start: '24:00' }, path: 'body.workday.start' },
      { name: 'nudge at 7 pm', workday: { nudgeAt: '7pm' }, path: 'body.workday.nudgeAt' },
      { name: 'no days', workday: { days: [] }, path: 'body.workday.days' },
      { name: 'day 8', workday: { days: [1, 8] }, path: 'body.workday.days.1' },
      { name: 'Monday twice', workday: { days: [1, 1, 2] }, path: 'body.workday.days' },
      { name: 'target of 10 minutes', workday: { targetMinutes: 10 }, path: 'body.workday.targetMinutes' },
      { name: 'target of 25 hours', workday: { targetMinutes: 1500 }, path: 'body.workday.targetMinutes' },
      { name: 'unknown field', workday: { lunch: '12:00' }, path: 'body.workday' },
      { name: 'end before start', workday: { start: '18:00' }, path: 'body.workday.end' },
      { name: 'end equal to start', workday: { start: '10:00', end: '10:00' }, path: 'body.workday.end' },
    ];
    for (const { name, workday, path } of cases) {
      const reply = await patch({ workday });
      expect(reply.status, name).toBe(400);
      expect(reply.body.error.code, name).toBe('validation_failed');
      expect(reply.body.error.message, name).toBe('Some fields are not valid.');
      expect(reply.body.error.hint, name).toMatch(/\S/);
      expect(
        reply.body.error.details.map((issue: { path: string }) => issue.path),
        name,
      ).toContain(path);
    }
    expect(await me()).toEqual(before);
  });

  it("words the refusal in the profile's language: Czech for a Czech user", async () => {
    const jana = await t.signup('jana@workday.test', 'Firma', { language: 'cs' });
    const version = (await t.call('GET', '/api/v1/me', { token: jana.token })).body.version;
    const czech = (workday: Record<string, unknown>) => t.call('PATCH', '/api/v1/me', { token: jana.token, body: { version, workday } });
    const twice = await czech({ days: [2, 2] });
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toBe('Některá pole nejsou platná.');
    expect(twice.body.error.hint).toMatch(/\S/);
    expect(twice.body.error.details[0].message).toContain('musí uvést každý den v týdnu nejvýše jednou');
    const early = await czech({ end: '07:00' });
    expect(early.body.error.details).toEqual([
      expect.objectContaining({ path: 'body.workday.end', message: expect.stringContaining('musí být po začátku') }),
    ]);
    const english = await patch({ workday: { end: '07:00' } });
    expect(english.body.error.details[0].message).toContain('must be after start');
  });

  it('needs the version it read', async () => {
    const stale = await t.call('PATCH', '/api/v1/me', { token: ada.token, body: { version: 1, workday: { start: '07:00' } } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    expect((await me()).workday.start).toBe('08:30');
  });

  it('the database itself refuses a workday that ends before it starts', async () => {
    await expect(t.deps.db.update(users).set({ workStart: '18:00', workEnd: '09:00' }).where(eq(users.id, ada.userId))).rejects.toThrow();
  });
});
