// Issue 10 in Chromium: the Reports screen over seeded records (totals, rows and the chart's table
// equal to the API's JSON, group-by changes, Show as table, the export downloads are the export
// endpoints' files, and Meetings vs tracked lists an untracked meeting that Track makes tracked);
// the accessibility check of the screens in English and Czech.
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getMe, getOrganization, updateMe, updateOrganization } from '../../src/contract/account.ts';
import type { Client } from '../../src/contract/client.ts';
import { createConnection } from '../../src/contract/connections.ts';
import { calendarVsTracked, summaryReport } from '../../src/contract/reports.ts';
import { createClient, createProject, createTag, createTimeRecord } from '../../src/contract/tracking.ts';
import { addDays, formatDuration } from '../../src/i18n/format.ts';
import type { UiLanguage } from '../../src/i18n/ui.ts';
import { formatMoney } from '../../web/src/reports/report-view.ts';
import { accessibilityProblems, describeInBrowser, launchBrowser, stepByStep } from '../support/browser.ts';
import { ui } from '../support/e2e-dashboard.ts';
import { type KairosServer, startKairos } from '../support/e2e-server.ts';
import { at, data, type Meeting, meetingsFeed, signUpInContext, thisWeek, ZONE } from '../support/e2e-world.ts';

const FEED = '/owa/calendar/r3p0rt/calendar.ics';
const week = thisWeek();
// last week: every record and meeting lies in the past whatever today is
const lastWeek = { from: addDays(week.monday, -7), to: week.monday, day: (n: number) => addDays(week.monday, n - 7) };
const meetings: Meeting[] = [
  // covered by the Tuesday audit record: tracked
  { uid: 'interview', summary: 'Audit interview', date: lastWeek.day(1), from: '13:00', to: '14:00' },
  // nothing at its time: untracked, and the one Track turns into a record
  { uid: 'budget', summary: 'Budget review', date: lastWeek.day(2), from: '14:00', to: '15:00' },
];

describeInBrowser('the Reports screen', () => {
  let kairos: KairosServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: Client;

  beforeAll(async () => {
    [kairos, browser] = await Promise.all([startKairos(), launchBrowser()]);
    context = await browser.newContext({ baseURL: kairos.url, locale: 'en-GB', timezoneId: ZONE, viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    context.setDefaultTimeout(30_000);
    api = await signUpInContext(context, kairos.url, { email: 'reports@example.com', name: 'Radka Horáková' });
    const organization = data(await api.call(getOrganization));
    data(await api.call(updateOrganization, { body: { version: organization.version, currency: 'CZK' } }));
    const acme = data(await api.call(createClient, { body: { name: 'ACME' } })).id;
    const website = data(await api.call(createProject, { body: { name: 'Website', clientId: acme, hourlyRate: 1250 } })).id;
    const audit = data(await api.call(createProject, { body: { name: 'Audit', hourlyRate: 990.5 } })).id;
    const review = data(await api.call(createTag, { body: { name: 'review' } })).id;
    const urgent = data(await api.call(createTag, { body: { name: 'urgent' } })).id;
    const records: Array<{ day: number; from: string; to: string; endDay?: number; projectId: string; tagIds: string[]; billable?: boolean; description: string }> = [
      { day: 0, from: '09:00', to: '11:30', projectId: website, tagIds: [review], description: 'Checkout page' },
      { day: 1, from: '13:00', to: '15:15', projectId: audit, tagIds: [review, urgent], description: 'Interviews' },
      // across midnight: split between Wednesday and Thursday
      { day: 2, from: '22:00', to: '01:00', endDay: 3, projectId: website, tagIds: [], description: 'Release night' },
      { day: 3, from: '10:00', to: '10:45', projectId: audit, tagIds: [], billable: false, description: 'Internal notes' },
    ];
    for (const record of records) {
      data(await api.call(createTimeRecord, { body: {
        start: at(lastWeek.day(record.day), record.from).toISOString(), end: at(lastWeek.day(record.endDay ?? record.day), record.to).toISOString(),
        projectId: record.projectId, tagIds: record.tagIds, description: record.description, ...(record.billable !== undefined && { billable: record.billable }),
      } }));
    }
    kairos.feed.route(FEED, { body: meetingsFeed(meetings) });
    data(await api.call(createConnection, { body: { url: kairos.feedUrl(FEED), name: 'Outlook' } }));
    page = await context.newPage();
  }, 300_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await kairos?.close();
  });
  stepByStep(() => page);

  const filters = () => page.getByRole('form', { name: ui('en', 'reports.filters') });
  const summaryTable = () => page.getByTestId('summary-table');
  const apiSummary = async (groupBy: string) => data(await api.call(summaryReport, { query: { from: lastWeek.from, to: lastWeek.to, groupBy } }));

  it('shows last week\'s totals and rows as the API computes them, in the profile\'s format and the organisation\'s currency', async () => {
    await page.goto('/');
    await page.getByRole('navigation', { name: ui('en', 'nav.main') }).getByRole('link', { name: ui('en', 'nav.reports') }).click();
    await page.getByRole('heading', { name: ui('en', 'reports.title'), level: 1 }).waitFor();
    await filters().getByLabel(ui('en', 'reports.period')).selectOption('lastWeek');
    const expected = await apiSummary('project');
    expect(expected.total.records).toBeGreaterThanOrEqual(4);
    const total = page.getByTestId('total-duration');
    await total.and(page.locator(`[data-seconds="${expected.total.seconds}"]`)).waitFor();
    expect(await total.textContent()).toBe(formatDuration('en', expected.total.seconds, 'hm'));
    expect(await page.getByTestId('total-billable').textContent()).toBe(formatDuration('en', expected.total.billableSeconds, 'hm'));
    expect(await page.getByTestId('total-amount').textContent()).toBe(formatMoney(expected.total.amount, 'CZK', 'en'));
    expect(expected.total.amount).toBeGreaterThan(0);
    // one row per project, each with the API's figures
    const rows = summaryTable().locator('tbody tr');
    expect(await rows.count()).toBe(expected.groups.length);
    for (const group of expected.groups) {
      const row = summaryTable().locator(`tr[data-group="${group.key}"]`);
      expect(await row.locator('[data-seconds]').getAttribute('data-seconds')).toBe(String(group.seconds));
      expect(await row.locator('[data-amount]').textContent()).toBe(formatMoney(group.amount, 'CZK', 'en'));
    }
    expect(await page.getByTestId('summary-total').locator('[data-seconds]').getAttribute('data-seconds')).toBe(String(expected.total.seconds));
  });

  it('sorts the summary by a column header', async () => {
    const expected = await apiSummary('project');
    const header = summaryTable().getByRole('columnheader', { name: new RegExp(`^${ui('en', 'reports.col.duration')}`) });
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    const shown = async () => summaryTable().locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-group')));
    const bySeconds = [...expected.groups].sort((a, b) => a.seconds - b.seconds).map((group) => group.key);
    expect(await shown()).toEqual([...bySeconds].reverse());
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    expect(await shown()).toEqual(bySeconds);
  });

  it('regroups by tag with the note that a record counts under each tag, and by tag then day', async () => {
    await filters().getByLabel(ui('en', 'reports.groupBy')).selectOption('tag');
    await page.getByRole('note').getByText(ui('en', 'reports.tagNote')).waitFor();
    const byTag = await apiSummary('tag');
    expect(byTag.tagsCountEachRecordOnce).toBe(false);
    await expect.poll(() => summaryTable().locator('tbody tr').count()).toBe(byTag.groups.length);
    // "no tag" is a group of its own, with the API's words
    await summaryTable().getByRole('rowheader', { name: 'No tag', exact: true }).waitFor();

    await filters().getByLabel(ui('en', 'reports.thenBy')).selectOption('day');
    const byTagDay = await apiSummary('tag,day');
    const children = byTagDay.groups.flatMap((group) => (group.groups ?? []).map((child) => `${group.key ?? ''}/${child.key ?? ''}`));
    await expect.poll(() => summaryTable().locator('tr.rp-child').count()).toBe(children.length);
    for (const key of children) {
      const [tag, day] = key.split('/');
      const expected = byTagDay.groups.find((group) => (group.key ?? '') === tag)!.groups!.find((child) => child.key === day)!;
      expect(await summaryTable().locator(`tr[data-group="${key}"] [data-seconds]`).getAttribute('data-seconds')).toBe(String(expected.seconds));
    }
    await filters().getByLabel(ui('en', 'reports.groupBy')).selectOption('project');
    await filters().getByLabel(ui('en', 'reports.thenBy')).selectOption('');
    await page.getByRole('note').waitFor({ state: 'detached' });
  });

  it('shows the chart of time per day as a table with the API\'s day totals', async () => {
    const byDay = await apiSummary('day,project');
    const chart = page.getByTestId('time-chart');
    await chart.waitFor();
    for (const group of byDay.groups) expect(await chart.locator(`[data-period="${group.key}"]`).getAttribute('data-seconds')).toBe(String(group.seconds));
    const toggle = page.getByRole('button', { name: ui('en', 'reports.chart.showTable') });
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    const table = page.getByTestId('chart-table');
    // every day of the week, the empty ones too
    expect(await table.locator('tbody tr').count()).toBe(7);
    for (let n = 0; n < 7; n += 1) {
      const day = lastWeek.day(n);
      const seconds = byDay.groups.find((group) => group.key === day)?.seconds ?? 0;
      expect(await table.locator(`tr[data-period="${day}"] [data-seconds]`).getAttribute('data-seconds')).toBe(String(seconds));
    }
    // the midnight record counts 2 h on Wednesday and 1 h on Thursday
    expect(byDay.groups.find((group) => group.key === lastWeek.day(3))?.seconds).toBe(3600 + 45 * 60);
    await toggle.click();
    await chart.waitFor();
  });

  it('downloads the exports, the very files of the export endpoints', async () => {
    for (const [label, extension] of [['reports.export.summaryCsv', 'csv'], ['reports.export.detailedXlsx', 'xlsx']] as const) {
      const link = page.getByRole('group', { name: ui('en', 'reports.export.title') }).getByRole('link', { name: ui('en', label) });
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`\\.${extension}$`));
      const file = readFileSync((await download.path())!);
      const href = (await link.getAttribute('href'))!;
      expect(href).toContain(`from=${lastWeek.from}`);
      const direct = await context.request.get(href);
      expect(direct.status()).toBe(200);
      if (extension === 'csv') {
        expect(file.toString('utf8')).toBe((await direct.body()).toString('utf8'));
        expect(file.toString('utf8')).toContain('Website');
      } else {
        // a zip (XLSX) of the same size; the bytes differ only in the zip's timestamps
        expect(file.subarray(0, 2).toString('latin1')).toBe('PK');
        expect(file.length).toBeGreaterThan(1000);
      }
    }
  });

  it('lists the untracked meeting under Meetings vs tracked, and Track makes it tracked', async () => {
    const section = page.getByTestId('meetings-vs-tracked');
    const coverage = data(await api.call(calendarVsTracked, { query: { from: lastWeek.from, to: lastWeek.to } }));
    expect(coverage.meetings.map((meeting) => [meeting.summary, meeting.class]).sort()).toEqual([['Audit interview', 'tracked'], ['Budget review', 'untracked']]);
    expect(await section.getByTestId('cvt-calendar').getAttribute('data-seconds')).toBe(String(coverage.total.meetingSeconds));
    expect(await section.getByTestId('cvt-tracked').getAttribute('data-seconds')).toBe(String(coverage.total.trackedSeconds));
    const item = section.getByRole('list', { name: ui('en', 'reports.cvt.untrackedList') }).getByRole('listitem').filter({ hasText: 'Budget review' });
    await item.getByRole('button', { name: `${ui('en', 'reports.cvt.track')} Budget review` }).click();
    const dialog = page.getByRole('dialog', { name: ui('en', 'quickTrack.title') });
    const combobox = dialog.getByRole('combobox', { name: ui('en', 'record.project') });
    await combobox.fill('Webs');
    await dialog.getByRole('listbox').getByRole('option', { name: /Website/ }).first().click();
    await dialog.getByRole('button', { name: ui('en', 'action.save'), exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await section.getByText(ui('en', 'reports.cvt.noneUntracked')).waitFor();
    await expect.poll(async () => data(await api.call(calendarVsTracked, { query: { from: lastWeek.from, to: lastWeek.to } }))
      .meetings.find((meeting) => meeting.summary === 'Budget review')?.class).toBe('tracked');
    // the new record is in the totals
    const after = await apiSummary('project');
    await page.getByTestId('total-duration').and(page.locator(`[data-seconds="${after.total.seconds}"]`)).waitFor();
  });

  it('says so when a period has no records', async () => {
    await filters().getByLabel(ui('en', 'reports.period')).selectOption('custom');
    const custom = filters().getByRole('group', { name: ui('en', 'reports.preset.custom') });
    await custom.getByLabel(ui('en', 'reports.from')).fill('1/1/2020');
    await custom.getByLabel(ui('en', 'reports.to')).fill('31/12/2019');
    await custom.getByRole('button', { name: ui('en', 'reports.apply') }).click();
    await custom.getByText(ui('en', 'reports.error.order')).waitFor();
    await custom.getByLabel(ui('en', 'reports.to')).fill('31/1/2020');
    await custom.getByRole('button', { name: ui('en', 'reports.apply') }).click();
    await page.getByTestId('report-empty').getByText(ui('en', 'reports.empty.title')).waitFor();
    expect(await page.getByTestId('total-duration').getAttribute('data-seconds')).toBe('0');
  });

  it('passes the accessibility check in English and in Czech', async () => {
    const problems: string[] = [];
    for (const lang of ['en', 'cs'] as const) {
      await setLanguage(api, lang);
      await page.goto('/reports');
      await page.getByRole('form', { name: ui(lang, 'reports.filters') }).getByLabel(ui(lang, 'reports.period')).selectOption('lastWeek');
      await page.getByTestId('time-chart').waitFor();
      await page.getByRole('form', { name: ui(lang, 'reports.filters') }).locator('summary', { hasText: ui(lang, 'reports.filter.projects') }).click();
      const found = await accessibilityProblems(page);
      if (found) problems.push(`reports (${lang}):\n${found}`);
      await page.getByRole('button', { name: ui(lang, 'reports.chart.showTable') }).click();
      await page.getByTestId('chart-table').waitFor();
      const table = await accessibilityProblems(page);
      if (table) problems.push(`reports as tables (${lang}):\n${table}`);
    }
    await setLanguage(api, 'en');
    expect(problems.join('\n\n')).toBe('');
  });
});

async function setLanguage(api: Client, language: UiLanguage): Promise<void> {
  const me = data(await api.call(getMe));
  if (me.language !== language) data(await api.call(updateMe, { body: { version: me.version, language } }));
}
