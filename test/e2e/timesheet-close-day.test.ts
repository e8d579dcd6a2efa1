// Issue 11 in Chromium: the weekly timesheet with the keyboard only (values typed into cells in
// every accepted form, a refused value that stays where it was typed, copy last week with and
// without hours, a row added through the project picker, totals equal to GET /timesheet), and the
// accessibility check of the screen in English and Czech.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getMe, updateMe } from '../../src/contract/account.ts';
import type { Client } from '../../src/contract/client.ts';
import { getTimesheet, putTimesheetCell } from '../../src/contract/timesheet.ts';
import { createClient, createProject } from '../../src/contract/tracking.ts';
import { accessibilityProblems, describeInBrowser, launchBrowser, stepByStep } from '../support/browser.ts';
import { ui } from '../support/e2e-dashboard.ts';
import { type KairosServer, startKairos } from '../support/e2e-server.ts';
import { data, signUpInContext, thisWeek, ZONE } from '../support/e2e-world.ts';

const week = thisWeek();
const H = 3600;

type Focus = { pos: string | null; tag: string; name: string; text: string };
const FOCUS = `(() => {
  const el = document.activeElement;
  const cell = el && el.closest('[data-pos]');
  return { pos: cell ? cell.getAttribute('data-pos') : null, tag: el ? el.tagName.toLowerCase() : '',
    name: el ? (el.getAttribute('aria-label') || (el.labels && el.labels[0] ? el.labels[0].textContent : '') || el.textContent || '').replace(/\\s+/g, ' ').trim() : '',
    text: el && 'value' in el ? String(el.value) : '' };
})()`;
const focused = (page: Page) => page.evaluate<Focus>(FOCUS);

async function pressUntil(page: Page, key: string, done: (focus: Focus) => boolean, what: string, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    if (done(await focused(page))) return;
    await page.keyboard.press(key);
  }
  if (!done(await focused(page)))
    throw new Error(`pressing ${key} ${limit} times never reached ${what}; focus is on ${JSON.stringify(await focused(page))}`);
}

/** what the grid shows: the day totals of the footer and the week total, in seconds */
async function shownTotals(page: Page): Promise<{ days: number[]; week: number }> {
  const days = await page
    .locator('[data-day-total]')
    .evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-seconds'))));
  const total = Number(await page.getByTestId('week-total').getAttribute('data-seconds'));
  return { days, week: total };
}

async function apiTotals(api: Client): Promise<{ days: number[]; week: number }> {
  const sheet = data(await api.call(getTimesheet, { query: {} }));
  return { days: sheet.days.map((day) => day.seconds), week: sheet.totalSeconds };
}

describeInBrowser('the timesheet and closing the day', () => {
  let kairos: KairosServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: Client;
  let website: string;

  beforeAll(async () => {
    [kairos, browser] = await Promise.all([startKairos(), launchBrowser()]);
    context = await browser.newContext({ baseURL: kairos.url, locale: 'en-GB', timezoneId: ZONE, viewport: { width: 1440, height: 900 } });
    context.setDefaultTimeout(30_000);
    api = await signUpInContext(context, kairos.url, { email: 'timesheet@example.com', name: 'Tereza Veselá' });
    const acme = data(await api.call(createClient, { body: { name: 'ACME' } })).id;
    website = data(await api.call(createProject, { body: { name: 'Website', clientId: acme } })).id;
    const audit = data(await api.call(createProject, { body: { name: 'Audit' } })).id;
    data(await api.call(createProject, { body: { name: 'Internal' } }));
    // last week: ACME › Website on Monday and Tuesday, Audit on Wednesday
    for (const [projectId, day, seconds] of [
      [website, -7, 2 * H],
      [website, -6, 1.5 * H],
      [audit, -5, H],
    ] as const) {
      data(await api.call(putTimesheetCell, { body: { projectId, date: week.day(day), seconds } }));
    }
    page = await context.newPage();
  }, 300_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await kairos?.close();
  });
  stepByStep(() => page);

  it("copies last week's rows and takes typed hours in every form, by keyboard alone", async () => {
    await page.goto('/timesheet');
    await page.getByText(ui('en', 'timesheet.empty')).waitFor();
    await pressUntil(page, 'Tab', (focus) => focus.name === ui('en', 'timesheet.copy'), 'Copy last week');
    await page.keyboard.press('Enter');
    await page.locator('[data-row-key]').nth(1).waitFor();
    expect(await page.locator('[data-row-key] .ts-project').allTextContents()).toEqual(['Audit', 'Website']);
    expect((await shownTotals(page)).week).toBe(0);

    // one Tab stop into the grid: Audit's Monday
    await pressUntil(page, 'Tab', (focus) => focus.pos !== null, 'the grid');
    expect((await focused(page)).pos).toBe('0:1');
    await page.keyboard.type('1,5');
    await page.keyboard.press('Enter');
    // Enter saves and moves down: Website's Monday
    await expect.poll(async () => (await focused(page)).pos).toBe('1:1');
    await page.keyboard.type('90m');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowRight');
    expect((await focused(page)).pos).toBe('0:2');
    await page.keyboard.type('1:30');
    await page.keyboard.press('Enter');
    await page.keyboard.type('0.25');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await shownTotals(page)).week).toBe(4.75 * H);
    expect(await shownTotals(page)).toEqual(await apiTotals(api));
    expect((await shownTotals(page)).days.slice(0, 2)).toEqual([3 * H, 1.75 * H]);
    // the cells read as the profile shows durations (1:30)
    expect(await page.locator('[data-pos="0:1"] .ts-value').textContent()).toBe('1:30');
  });

  it('keeps a refused value in its cell with the reason, and Esc gives the old value back', async () => {
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowRight');
    expect((await focused(page)).pos).toBe('0:3');
    await page.keyboard.type('abc');
    await page.keyboard.press('Enter');
    await page
      .getByRole('alert')
      .filter({ hasText: ui('en', 'timesheet.invalid') })
      .waitFor();
    expect(await focused(page)).toMatchObject({ pos: '0:3', tag: 'input', text: 'abc' });
    // more than the day holds: the server's reason, in English, and the typed value stays
    await page.keyboard.press('Control+A');
    await page.keyboard.type('24:30');
    await page.keyboard.press('Enter');
    await page
      .getByRole('alert')
      .filter({ hasText: /has only 24 hours/ })
      .waitFor();
    expect(await focused(page)).toMatchObject({ pos: '0:3', tag: 'input', text: '24:30' });
    await page.keyboard.press('Escape');
    expect(await focused(page)).toMatchObject({ pos: '0:3', tag: 'td' });
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    expect(await shownTotals(page)).toEqual(await apiTotals(api));
  });

  it('adds a row through the project picker and copies last week with its hours', async () => {
    await pressUntil(page, 'Shift+Tab', (focus) => focus.name.includes(ui('en', 'timesheet.addRow')), 'Add row');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: ui('en', 'timesheet.addRow.title') });
    await dialog.waitFor();
    await page.keyboard.type('Intern');
    await page.keyboard.press('Enter');
    await pressUntil(page, 'Tab', (focus) => focus.name === ui('en', 'timesheet.addRow.submit'), 'the Add row button');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    // the focus is on the new row's first day
    await expect.poll(async () => (await focused(page)).pos).toBe('1:1');
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await shownTotals(page)).week).toBe(6.75 * H);

    await pressUntil(page, 'Shift+Tab', (focus) => focus.name === ui('en', 'timesheet.copy.withHours'), 'with hours');
    await page.keyboard.press('Space');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    // Audit's empty Wednesday got last week's hour; the cells typed this week stay as they are
    await expect.poll(async () => (await shownTotals(page)).week).toBe(7.75 * H);
    expect(await shownTotals(page)).toEqual(await apiTotals(api));
    const sheet = data(await api.call(getTimesheet, { query: {} }));
    expect(sheet.rows.map((row) => [row.projectName, row.cells.slice(0, 3)])).toEqual([
      ['Audit', [1.5 * H, 1.5 * H, H]],
      ['Internal', [2 * H, 0, 0]],
      ['Website', [1.5 * H, 0.25 * H, 0]],
    ]);
  });

  it('passes the accessibility check in English and Czech, also while a value is refused', async () => {
    const problems: string[] = [];
    for (const lang of ['en', 'cs'] as const) {
      const me = data(await api.call(getMe));
      data(await api.call(updateMe, { body: { version: me.version, language: lang } }));
      await page.goto('/timesheet');
      await page.getByRole('grid').waitFor();
      await page.getByRole('heading', { name: ui(lang, 'timesheet.title') }).waitFor();
      const found = await accessibilityProblems(page);
      if (found) problems.push(`timesheet (${lang}):\n${found}`);
      await page.locator('[data-pos="0:4"]').click();
      await page.keyboard.type('x');
      await page.keyboard.press('Enter');
      await page
        .getByRole('alert')
        .filter({ hasText: ui(lang, 'timesheet.invalid') })
        .waitFor();
      const refused = await accessibilityProblems(page);
      if (refused) problems.push(`timesheet with a refused value (${lang}):\n${refused}`);
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: ui(lang, 'timesheet.addRow') }).click();
      await page.getByRole('dialog').waitFor();
      const dialog = await accessibilityProblems(page);
      if (dialog) problems.push(`add row dialog (${lang}):\n${dialog}`);
      await page.keyboard.press('Escape');
    }
    expect(problems.join('\n\n')).toBe('');
  });
});
