import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { as, type Caller, orgWithProject, record } from '../../test/support/tracking-callers.ts';

// The weekly timesheet API: one request for the week, one per cell change (issue 11, UX.md B10).
describe('timesheet', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-20T12:00:00Z') });
  });
  afterAll(() => t.close());

  const H = 3600;
  const cell = (api: Caller, projectId: string, date: string, seconds: number, extra: Record<string, unknown> = {}) =>
    api.put('/api/v1/timesheet/cells', { date, projectId, seconds, ...extra });
  const records = async (api: Caller, from: string, to: string) =>
    (await api.get(`/api/v1/time-records?from=${from}&to=${to}&limit=500`)).body.items.map((r: { start: string; end: string }) => [
      r.start,
      r.end,
    ]);

  it("answers the week of the profile's zone and week start, with the 25-hour DST Sunday", async () => {
    const { api } = await orgWithProject(t, { timeZone: 'Europe/Prague' });
    const week = await api.get('/api/v1/timesheet?week=2026-10-22');
    expect(week.status).toBe(200);
    expect(week.body).toMatchObject({
      from: '2026-10-19',
      to: '2026-10-26',
      timeZone: 'Europe/Prague',
      weekStart: 1,
      rows: [],
      totalSeconds: 0,
      lockedUntil: null,
    });
    expect(week.body.days.map((d: { lengthSeconds: number }) => d.lengthSeconds / H)).toEqual([24, 24, 24, 24, 24, 24, 25]);
    const today = await api.get('/api/v1/timesheet');
    expect(today.body.from).toBe('2026-11-16');
  });

  it("appends after the row's last record of the day and shortens the latest", async () => {
    const { api, projectId } = await orgWithProject(t, { timeZone: 'Europe/Prague' });
    const first = await cell(api, projectId, '2026-11-17', 1.5 * H);
    expect(first.status).toBe(200);
    expect(first.body.rows).toMatchObject([
      { projectId, taskId: null, billable: true, cells: [0, 5400, 0, 0, 0, 0, 0], totalSeconds: 5400 },
    ]);
    // 09:00 Prague (the profile's day start) is 08:00Z in November
    expect(await records(api, '2026-11-17', '2026-11-18')).toEqual([['2026-11-17T08:00:00Z', '2026-11-17T09:30:00Z']]);
    await cell(api, projectId, '2026-11-17', 2.5 * H);
    expect(await records(api, '2026-11-17', '2026-11-18')).toEqual([
      ['2026-11-17T08:00:00Z', '2026-11-17T09:30:00Z'],
      ['2026-11-17T09:30:00Z', '2026-11-17T10:30:00Z'],
    ]);
    const shorter = await cell(api, projectId, '2026-11-17', 1 * H);
    expect(shorter.body.days[1].seconds).toBe(H);
    expect(await records(api, '2026-11-17', '2026-11-18')).toEqual([['2026-11-17T08:00:00Z', '2026-11-17T09:00:00Z']]);
    const cleared = await cell(api, projectId, '2026-11-17', 0);
    expect(cleared.body.rows[0].totalSeconds).toBe(0);
    expect(await records(api, '2026-11-17', '2026-11-18')).toEqual([]);
  });

  it('two simultaneous changes of one cell leave the value of one of them, not their sum', async () => {
    const { api, projectId } = await orgWithProject(t, { timeZone: 'Europe/Prague' });
    const answers = await Promise.all([cell(api, projectId, '2026-11-19', H), cell(api, projectId, '2026-11-19', H)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect((await api.get('/api/v1/timesheet?week=2026-11-19')).body.days[3].seconds).toBe(H);
  });

  it("places an appended record after another row's records instead of overlapping them", async () => {
    const { api, projectId } = await orgWithProject(t, { timeZone: 'Europe/Prague' });
    const task = await api.post('/api/v1/tasks', { projectId, name: 'Design' });
    await api.post('/api/v1/time-records', record(projectId, '2026-11-18T08:00:00Z', '2026-11-18T10:00:00Z'));
    const put = await cell(api, projectId, '2026-11-18', H, { taskId: task.body.id, billable: false });
    expect(
      put.body.rows.map((row: { taskName: string | null; billable: boolean; cells: number[] }) => [
        row.taskName,
        row.billable,
        row.cells[2],
      ]),
    ).toEqual([
      [null, true, 2 * H],
      ['Design', false, H],
    ]);
    const items = (await api.get('/api/v1/time-records?from=2026-11-18&to=2026-11-19')).body.items;
    expect(items.map((r: { start: string; overlaps: string[] }) => [r.start, r.overlaps.length])).toEqual([
      ['2026-11-18T08:00:00Z', 0],
      ['2026-11-18T10:00:00Z', 0],
    ]);
  });

  it("refuses more than the day holds, a locked day and others' projects, with texts in English and Czech", async () => {
    const { owner, api, projectId } = await orgWithProject(t, { timeZone: 'Europe/Prague' });
    const tooLong = await cell(api, projectId, '2026-10-25', 25 * H + 60);
    expect(tooLong.status).toBe(400);
    const dstOk = await cell(api, projectId, '2026-10-25', 25 * H);
    expect(dstOk.status).toBe(200);
    const short = await cell(api, projectId, '2026-03-29', 24 * H);
    expect(short.body.error).toMatchObject({ code: 'timesheet_day_too_long', message: '2026-03-29 has only 23 hours.' });
    expect(short.body.error.hint).toContain('23');
    const org = await api.get('/api/v1/organization');
    expect((await api.patch('/api/v1/organization', { version: org.body.version, lockedUntil: '2026-11-18' })).status).toBe(200);
    const locked = await cell(api, projectId, '2026-11-17', H);
    expect(locked.status).toBe(423);
    expect(locked.body.error).toMatchObject({
      code: 'period_locked',
      message: expect.stringContaining('2026-11-18'),
      hint: expect.any(String),
    });
    const week = await api.get('/api/v1/timesheet?week=2026-11-17');
    expect(week.body.days.map((d: { locked: boolean }) => d.locked)).toEqual([true, true, false, false, false, false, false]);
    expect(week.body.lockedUntil).toBe('2026-11-18');
    expect((await cell(api, projectId, '2026-11-18', H)).status).toBe(200);

    const czech = as(t, await t.addMember(owner, `cs${Math.random()}@example.test`, 'member'));
    const me = await czech.get('/api/v1/me');
    await czech.patch('/api/v1/me', { version: me.body.version, language: 'cs', timeZone: 'Europe/Prague' });
    const hidden = await cell(czech, projectId, '2026-11-19', H);
    expect(hidden.status).toBe(404);
    await api.put(`/api/v1/projects/${projectId}/members/${me.body.id}`, { role: 'member' });
    const lockedCs = await cell(czech, projectId, '2026-11-17', H);
    expect(lockedCs.body.error).toMatchObject({ code: 'period_locked', message: 'Časové záznamy před 2026-11-18 jsou uzamčené.' });
    expect(lockedCs.body.error.hint).toContain('uzamčení');
    const longCs = await cell(czech, projectId, '2026-11-19', 24 * H + 60);
    expect(longCs.body.error).toMatchObject({ code: 'timesheet_day_too_long', message: 'Den 2026-11-19 má jen 24 hodin.' });
    const bad = await cell(czech, projectId, '2026-11-19', -1);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(bad.body.error.hint).toEqual(expect.any(String));
    // nothing was written by the refused requests
    expect((await czech.get('/api/v1/timesheet?week=2026-11-19')).body.totalSeconds).toBe(0);
  });

  it('shortening a record that started on a locked day is refused and changes nothing', async () => {
    const { api, projectId } = await orgWithProject(t, { timeZone: 'Europe/Prague' });
    // Monday 23:00 to Tuesday 02:00 Prague
    await api.post('/api/v1/time-records', record(projectId, '2026-11-16T22:00:00Z', '2026-11-17T01:00:00Z'));
    const org = await api.get('/api/v1/organization');
    await api.patch('/api/v1/organization', { version: org.body.version, lockedUntil: '2026-11-17' });
    const week = await api.get('/api/v1/timesheet?week=2026-11-17');
    expect(week.body.rows[0].cells.slice(0, 2)).toEqual([H, 2 * H]);
    expect((await cell(api, projectId, '2026-11-17', H)).status).toBe(423);
    expect(await records(api, '2026-11-16', '2026-11-18')).toEqual([['2026-11-16T22:00:00Z', '2026-11-17T01:00:00Z']]);
  });

  it("deletes a row's records inside the week, keeping the parts outside it", async () => {
    const { api, projectId } = await orgWithProject(t, { timeZone: 'Europe/Prague' });
    const other = await api.post('/api/v1/projects', { name: 'Other' });
    await cell(api, projectId, '2026-11-16', 2 * H);
    await cell(api, projectId, '2026-11-20', 3 * H);
    await cell(api, other.body.id, '2026-11-20', H);
    // Sunday 23:00 into next Monday 01:00
    await api.post('/api/v1/time-records', record(projectId, '2026-11-22T22:00:00Z', '2026-11-23T00:00:00Z'));
    const gone = await api.del(`/api/v1/timesheet/rows?week=2026-11-18&projectId=${projectId}&billable=true`);
    expect(gone.status).toBe(200);
    expect(gone.body.rows.map((row: { projectName: string; totalSeconds: number }) => [row.projectName, row.totalSeconds])).toEqual([
      ['Other', H],
    ]);
    expect((await api.get('/api/v1/timesheet?week=2026-11-23')).body.rows[0].cells[0]).toBe(H);
    expect((await api.del(`/api/v1/timesheet/rows?week=2026-11-18&projectId=nope&billable=true`)).status).toBe(404);
    expect((await api.del(`/api/v1/timesheet/rows?week=2026-11-18&projectId=${projectId}&billable=maybe`)).status).toBe(400);
  });

  it("copies last week's rows, and with hours fills the empty cells", async () => {
    const { api, projectId } = await orgWithProject(t, { timeZone: 'Europe/Prague' });
    const task = await api.post('/api/v1/tasks', { projectId, name: 'Support' });
    await cell(api, projectId, '2026-11-09', 2 * H);
    await cell(api, projectId, '2026-11-10', H, { taskId: task.body.id });
    await cell(api, projectId, '2026-11-17', 30 * 60);
    const rowsOnly = await api.post('/api/v1/timesheet/copy-previous-week', { week: '2026-11-16' });
    expect(rowsOnly.status).toBe(200);
    expect(rowsOnly.body.rows.map((row: { taskName: string | null; cells: number[] }) => [row.taskName, row.cells])).toEqual([
      [null, [0, 1800, 0, 0, 0, 0, 0]],
      ['Support', [0, 0, 0, 0, 0, 0, 0]],
    ]);
    const withHours = await api.post('/api/v1/timesheet/copy-previous-week', { week: '2026-11-16', withHours: true });
    expect(withHours.body.rows.map((row: { cells: number[] }) => row.cells)).toEqual([
      [2 * H, 1800, 0, 0, 0, 0, 0],
      [0, H, 0, 0, 0, 0, 0],
    ]);
    expect(withHours.body.totalSeconds).toBe(3.5 * H);
  });

  // Day and week totals of the grid are the API's totals, across DST weeks in two zones.
  describe.each([
    { zone: 'Europe/Prague', weekStart: 1, week: '2026-10-19', night: ['2026-10-24T20:00:00Z', '2026-10-25T01:00:00Z'] },
    { zone: 'America/Los_Angeles', weekStart: 7, week: '2026-11-01', night: ['2026-11-01T05:00:00Z', '2026-11-01T10:00:00Z'] },
    { zone: 'America/Los_Angeles', weekStart: 1, week: '2026-03-02', night: ['2026-03-08T06:00:00Z', '2026-03-08T10:00:00Z'] },
  ])('in $zone, week of $week', ({ zone, weekStart, week, night }) => {
    it('has the day and week totals of /time-records/totals and /reports/summary', async () => {
      const { api, projectId } = await orgWithProject(t, { timeZone: zone });
      const me = await api.get('/api/v1/me');
      await api.patch('/api/v1/me', { version: me.body.version, weekStart });
      const task = await api.post('/api/v1/tasks', { projectId, name: 'Build' });
      await api.post('/api/v1/time-records', record(projectId, night[0]!, night[1]!));
      const grid = (await api.get(`/api/v1/timesheet?week=${week}`)).body;
      for (const [index, day] of grid.days.entries()) {
        await cell(api, projectId, day.date, (index + 1) * 1800, { taskId: task.body.id });
        if (index % 2 === 0) await cell(api, projectId, day.date, (index + 2) * 1800 + 600, { billable: false });
      }
      await cell(api, projectId, grid.days[6].date, H, { taskId: task.body.id });
      const sheet = (await api.get(`/api/v1/timesheet?week=${week}`)).body;
      const days = (await api.get(`/api/v1/time-records/totals?from=${sheet.from}&to=${sheet.to}&groupBy=day`)).body;
      expect(sheet.days.map((d: { date: string; seconds: number }) => [d.date, d.seconds])).toEqual(
        days.items.map((d: { date: string; seconds: number }) => [d.date, d.seconds]),
      );
      const weeks = (await api.get(`/api/v1/time-records/totals?from=${sheet.from}&to=${sheet.to}&groupBy=week`)).body;
      expect(weeks.items).toHaveLength(1);
      expect(sheet.totalSeconds).toBe(weeks.items[0].seconds);
      const summary = (await api.get(`/api/v1/reports/summary?from=${sheet.from}&to=${sheet.to}&groupBy=day`)).body;
      expect(summary.total.seconds).toBe(sheet.totalSeconds);
      const rowSum = sheet.rows.reduce((sum: number, row: { totalSeconds: number }) => sum + row.totalSeconds, 0);
      expect(rowSum).toBe(sheet.totalSeconds);
      expect(sheet.days.some((d: { lengthSeconds: number }) => d.lengthSeconds !== 24 * H)).toBe(true);
    });
  });
});
