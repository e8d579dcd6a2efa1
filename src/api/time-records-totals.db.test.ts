import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { orgWithProject, record } from '../../test/support/tracking-callers.ts';

// Days and weeks are cut in the caller's zone and by their week start, across DST changes.
describe('day and week totals', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-20T12:00:00Z') });
  });
  afterAll(() => t.close());

  const perPeriod = (body: { items: { date: string; seconds: number }[] }) =>
    Object.fromEntries(body.items.filter((item) => item.seconds > 0).map((item) => [item.date, item.seconds / 3600]));

  it('splits a Prague record 22:00–02:00 on the October DST night at local midnight: 2 h + 3 h', async () => {
    const { api, projectId } = await orgWithProject(t, { timeZone: 'Europe/Prague' });
    // 22:00 CEST (20:00Z) to 02:00 CET (01:00Z): the clock went back at 03:00
    await api.post('/api/v1/time-records', record(projectId, '2026-10-24T20:00:00Z', '2026-10-25T01:00:00Z'));
    const days = await api.get('/api/v1/time-records/totals?from=2026-10-24&to=2026-10-26&groupBy=day');
    expect(days.status).toBe(200);
    expect(days.body).toMatchObject({ groupBy: 'day', timeZone: 'Europe/Prague', totalSeconds: 5 * 3600 });
    expect(days.body.items).toEqual([
      { date: '2026-10-24', end: '2026-10-25', seconds: 2 * 3600 },
      { date: '2026-10-25', end: '2026-10-26', seconds: 3 * 3600 },
    ]);
  });

  it('splits a Prague record across the March DST night (22:00 CET to 04:00 CEST is 5 h)', async () => {
    const { api, projectId } = await orgWithProject(t, { timeZone: 'Europe/Prague' });
    await api.post('/api/v1/time-records', record(projectId, '2026-03-28T21:00:00Z', '2026-03-29T02:00:00Z'));
    const days = await api.get('/api/v1/time-records/totals?from=2026-03-28&to=2026-03-30');
    expect(perPeriod(days.body)).toEqual({ '2026-03-28': 2, '2026-03-29': 3 });
  });

  it('gives the short March day in Prague 23 hours and the long October day 25', async () => {
    const { api, projectId } = await orgWithProject(t, { timeZone: 'Europe/Prague' });
    // midnight to midnight, local: 23:00Z to 22:00Z in March, 22:00Z to 23:00Z in October
    await api.post('/api/v1/time-records', record(projectId, '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z'));
    await api.post('/api/v1/time-records', record(projectId, '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z'));
    const march = await api.get('/api/v1/time-records/totals?from=2026-03-28&to=2026-03-31');
    expect(perPeriod(march.body)).toEqual({ '2026-03-29': 23 });
    const october = await api.get('/api/v1/time-records/totals?from=2026-10-24&to=2026-10-27');
    expect(perPeriod(october.body)).toEqual({ '2026-10-25': 25 });
  });

  it('splits a Los Angeles record 22:00–02:00 on the November DST night: 2 h + 3 h', async () => {
    const { api, projectId } = await orgWithProject(t, { timeZone: 'America/Los_Angeles' });
    // 22:00 PDT (05:00Z) to 02:00 PST (10:00Z)
    await api.post('/api/v1/time-records', record(projectId, '2026-11-01T05:00:00Z', '2026-11-01T10:00:00Z'));
    const days = await api.get('/api/v1/time-records/totals?from=2026-10-31&to=2026-11-02&groupBy=day');
    expect(perPeriod(days.body)).toEqual({ '2026-10-31': 2, '2026-11-01': 3 });
  });

  it('splits a Los Angeles record across the March DST night (22:00 PST to 03:00 PDT is 4 h)', async () => {
    const { api, projectId } = await orgWithProject(t, { timeZone: 'America/Los_Angeles' });
    await api.post('/api/v1/time-records', record(projectId, '2026-03-08T06:00:00Z', '2026-03-08T10:00:00Z'));
    const days = await api.get('/api/v1/time-records/totals?from=2026-03-07&to=2026-03-09');
    expect(perPeriod(days.body)).toEqual({ '2026-03-07': 2, '2026-03-08': 2 });
  });

  it("cuts weeks by the user's week start: one Monday week, two Sunday weeks", async () => {
    const { api, projectId } = await orgWithProject(t, { timeZone: 'Europe/Prague' });
    await api.post('/api/v1/time-records', record(projectId, '2026-10-24T20:00:00Z', '2026-10-25T01:00:00Z'));
    const monday = await api.get('/api/v1/time-records/totals?from=2026-10-19&to=2026-11-02&groupBy=week');
    expect(monday.body.weekStart).toBe(1);
    expect(monday.body.items).toEqual([
      { date: '2026-10-19', end: '2026-10-26', seconds: 5 * 3600 },
      { date: '2026-10-26', end: '2026-11-02', seconds: 0 },
    ]);
    const me = await api.get('/api/v1/me');
    expect((await api.patch('/api/v1/me', { version: me.body.version, weekStart: 7 })).status).toBe(200);
    const sunday = await api.get('/api/v1/time-records/totals?from=2026-10-18&to=2026-11-01&groupBy=week');
    expect(sunday.body.items).toEqual([
      { date: '2026-10-18', end: '2026-10-25', seconds: 2 * 3600 },
      { date: '2026-10-25', end: '2026-11-01', seconds: 3 * 3600 },
    ]);
  });

  it('cuts Los Angeles weeks starting Sunday across the November change', async () => {
    const { api, projectId } = await orgWithProject(t, { timeZone: 'America/Los_Angeles' });
    const me = await api.get('/api/v1/me');
    await api.patch('/api/v1/me', { version: me.body.version, weekStart: 7 });
    await api.post('/api/v1/time-records', record(projectId, '2026-11-01T05:00:00Z', '2026-11-01T10:00:00Z'));
    const weeks = await api.get('/api/v1/time-records/totals?from=2026-10-25&to=2026-11-08&groupBy=week');
    expect(perPeriod(weeks.body)).toEqual({ '2026-10-25': 2, '2026-11-01': 3 });
  });

  it('refuses a missing, inverted or over-long range', async () => {
    const { api } = await orgWithProject(t);
    expect((await api.get('/api/v1/time-records/totals?from=2026-10-24')).body.error.details[0].path).toBe('query.to');
    expect((await api.get('/api/v1/time-records/totals?from=2026-10-24&to=2026-10-24')).body.error.code).toBe('invalid_range');
    expect((await api.get('/api/v1/time-records/totals?from=2020-01-01&to=2026-01-01')).body.error.details[0].path).toBe('query.to');
    expect((await api.get('/api/v1/time-records/totals?from=2026-10-01&to=2026-10-02&groupBy=month')).status).toBe(400);
  });
});
