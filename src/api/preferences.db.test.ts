import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES } from '../contract/account.ts';
import { users } from '../db/schema.ts';
import { createTestApp, type SignedUp, type TestApp } from '../../test/support/test-app.ts';

describe('profile preferences', () => {
  let t: TestApp;
  let ada: SignedUp;
  beforeAll(async () => {
    t = await createTestApp();
    ada = await t.signup('ada@preferences.test');
  });
  afterAll(() => t.close());

  const me = async () => (await t.call('GET', '/api/v1/me', { token: ada.token })).body;
  const patch = async (body: Record<string, unknown>) =>
    t.call('PATCH', '/api/v1/me', { token: ada.token, body: { version: (await me()).version, ...body } });

  it('starts with the defaults: 1 h records, 15 min snap, cancelled, free and all-day hidden, shortcuts on', async () => {
    expect((await me()).preferences).toEqual({
      timeFormat: 'hm',
      defaultRecordMinutes: 60,
      snapMinutes: 15,
      hideCancelled: true,
      hideFree: true,
      hideAllDay: true,
      shortcuts: true,
      guideHidden: false,
      colorBy: 'project',
      dayStartTime: '09:00',
      showMeetingsInGrid: true,
    });
  });

  it('merges a partial object into the stored one, keeping what it leaves out', async () => {
    const first = await patch({ preferences: { snapMinutes: 30, timeFormat: 'decimal' } });
    expect(first.status).toBe(200);
    const second = await patch({ preferences: { guideHidden: true } });
    expect(second.body.preferences).toEqual({ ...DEFAULT_PREFERENCES, snapMinutes: 30, timeFormat: 'decimal', guideHidden: true });
    expect((await me()).preferences).toEqual(second.body.preferences);
    const [row] = await t.deps.db.select({ preferences: users.preferences }).from(users).where(eq(users.id, ada.userId));
    expect(row!.preferences).toEqual({ snapMinutes: 30, timeFormat: 'decimal', guideHidden: true });
  });

  it('refuses values outside the settings with field details, and unknown settings', async () => {
    const cases = [
      { name: 'snap of 20 minutes', preferences: { snapMinutes: 20 }, path: 'body.preferences.snapMinutes' },
      { name: 'record of 10 minutes', preferences: { defaultRecordMinutes: 10 }, path: 'body.preferences.defaultRecordMinutes' },
      { name: 'day start 25:00', preferences: { dayStartTime: '25:00' }, path: 'body.preferences.dayStartTime' },
      { name: 'colour by tag', preferences: { colorBy: 'tag' }, path: 'body.preferences.colorBy' },
    ];
    for (const { name, preferences, path } of cases) {
      const reply = await patch({ preferences });
      expect(reply.status, name).toBe(400);
      expect(reply.body.error.code, name).toBe('validation_failed');
      expect(
        reply.body.error.details.map((issue: { path: string }) => issue.path),
        name,
      ).toContain(path);
    }
    const unknown = await patch({ preferences: { theme: 'dark' } });
    expect(unknown.status).toBe(400);
    expect((await me()).preferences.snapMinutes).toBe(30);
  });

  it('needs the version it read, like every other profile change', async () => {
    const stale = await t.call('PATCH', '/api/v1/me', { token: ada.token, body: { version: 1, preferences: { shortcuts: false } } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    expect((await me()).preferences.shortcuts).toBe(true);
  });

  it('reads a stored value that no longer fits as its default', async () => {
    await t.deps.db
      .update(users)
      .set({ preferences: { snapMinutes: 7, hideFree: false, colorBy: 'tag' } })
      .where(eq(users.id, ada.userId));
    expect((await me()).preferences).toEqual({ ...DEFAULT_PREFERENCES, hideFree: false });
  });
});
