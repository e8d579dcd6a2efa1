// Issue 11 in Chromium: Close the day / Uzavřít den clears a day holding a meeting (from a feed served
// on loopback), a gap inside working hours and a running stopwatch — once by clicks alone, once by
// the keyboard alone — and the day header shows the check; the end-of-day nudge opens the sheet;
// the accessibility check of the sheet in English and Czech.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getMe, updateMe } from '../../src/contract/account.ts';
import type { Client } from '../../src/contract/client.ts';
import { createConnection } from '../../src/contract/connections.ts';
import { listImpulses } from '../../src/contract/impulses.ts';
import { createRule } from '../../src/contract/rules.ts';
import { createProject, createTimeRecord, getTimer, listTimeRecords, startTimer } from '../../src/contract/tracking.ts';
import { addDays, formatDayShort } from '../../src/i18n/format.ts';
import { accessibilityProblems, describeInBrowser, launchBrowser, stepByStep } from '../support/browser.ts';
import { ui } from '../support/e2e-dashboard.ts';
import { type KairosServer, startKairos } from '../support/e2e-server.ts';
import { at, data, hhmm, meetingsFeed, signUpInContext, thisWeek, ZONE } from '../support/e2e-world.ts';

const FEED = '/owa/calendar/c105e/da7/calendar.ics';
const { today } = thisWeek();
// two past days, whatever weekday today is: every day is a working day for this person (9:00–12:00)
const byClicks = addDays(today, -2);
const byKeyboard = addDays(today, -1);
const meetings = [
  { uid: 'cd1', summary: 'Design review', date: byClicks, from: '09:00', to: '10:00' },
  { uid: 'cd2', summary: 'Design review', date: byKeyboard, from: '09:00', to: '10:00' },
];

type Focus = { kind: string | null; name: string; tag: string; inSheet: boolean };
const FOCUS = `(() => {
  const el = document.activeElement;
  const item = el && el.closest('.close-day-item');
  return { kind: item && item === el ? item.getAttribute('data-kind') : null, tag: el ? el.tagName.toLowerCase() : '',
    name: el ? (el.getAttribute('aria-label') || el.textContent || '').replace(/\\s+/g, ' ').trim() : '',
    inSheet: !!(el && el.closest('.close-day-sheet')) };
})()`;
const focused = (page: Page) => page.evaluate<Focus>(FOCUS);
// waits for a state (a loaded 2-core machine may take a few seconds), never a fixed time
const poll = <T>(read: () => Promise<T> | T, options: { timeout?: number } = {}) => expect.poll(read, { timeout: 15_000, ...options });

describeInBrowser('closing the day', () => {
  let kairos: KairosServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: Client;
  let website: string;

  const sheet = () => page.getByRole('dialog', { name: new RegExp(`^${ui('en', 'closeDay.open')}`) });
  const queueKinds = () =>
    sheet()
      .locator('.close-day-item')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-kind')));
  const dayOf = async (day: string) => {
    const from = at(day, '00:00').toISOString();
    const to = at(addDays(day, 1), '00:00').toISOString();
    return data(await api.call(listTimeRecords, { query: { from, to } }))
      .items.map((record) => ({ from: hhmm(record.start), to: hhmm(record.end), projectId: record.projectId, source: record.source }))
      .sort((a, b) => a.from.localeCompare(b.from));
  };

  beforeAll(async () => {
    [kairos, browser] = await Promise.all([startKairos(), launchBrowser()]);
    kairos.feed.route(FEED, { body: meetingsFeed(meetings) });
    context = await browser.newContext({ baseURL: kairos.url, locale: 'en-GB', timezoneId: ZONE, viewport: { width: 1440, height: 900 } });
    context.setDefaultTimeout(30_000);
    api = await signUpInContext(context, kairos.url, { email: 'closer@example.com', name: 'Kateřina Nováková' });
    const me = data(await api.call(getMe));
    data(
      await api.call(updateMe, {
        body: { version: me.version, workday: { start: '09:00', end: '12:00', days: [1, 2, 3, 4, 5, 6, 7], targetMinutes: 180 } },
      }),
    );
    website = data(await api.call(createProject, { body: { name: 'Website' } })).id;
    data(await api.call(createProject, { body: { name: 'Support' } }));
    // the design review is suggested as Website: "Track all with suggestions" has something to do
    data(await api.call(createRule, { body: { kind: 'subject', pattern: 'Design review', projectId: website, mode: 'suggest' } }));
    data(await api.call(createConnection, { body: { url: kairos.feedUrl(FEED) } }));
    // each day: the meeting 9:00–10:00, a record 10:00–10:30, a gap 10:30–11:00, then the stopwatch
    for (const day of [byClicks, byKeyboard]) {
      data(
        await api.call(createTimeRecord, {
          body: { start: at(day, '10:00').toISOString(), end: at(day, '10:30').toISOString(), projectId: website, description: 'Mockups' },
        }),
      );
    }
    data(
      await api.call(startTimer, {
        body: { projectId: website, description: 'Release notes', startedAt: at(byClicks, '11:00').toISOString() },
      }),
    );
    page = await context.newPage();
  }, 300_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await kairos?.close();
  });
  stepByStep(() => page);

  /** Day view, then back day by day to `day` with the calendar's ‹ button */
  async function showDay(day: string) {
    await page.getByRole('button', { name: ui('en', 'calendar.view.day'), exact: true }).click();
    for (let shown = today; shown > day; shown = addDays(shown, -1)) {
      await page.getByRole('button', { name: ui('en', 'calendar.prev', { unit: ui('en', 'calendar.unit.day') }) }).click();
    }
    await page.locator(`[data-close-day="${day}"]`).waitFor();
  }

  it('clears a day by clicks: track all with suggestions (undone and done again), fill the gap, stop the stopwatch at 12:00', async () => {
    await poll(
      async () =>
        data(await api.call(listImpulses, { query: { from: byClicks, to: today } })).items.filter((item) => item.kind === 'meeting').length,
      { timeout: 30_000 },
    ).toBe(2);
    await page.goto('/');
    await showDay(byClicks);
    await page.locator(`[data-close-day="${byClicks}"]`).click();
    await poll(() => sheet().isVisible()).toBe(true);
    await poll(async () => await sheet().getByRole('heading', { level: 2 }).textContent()).toBe(
      ui('en', 'closeDay.title', { day: formatDayShort('en', byClicks) }),
    );
    await poll(queueKinds).toEqual(['meeting', 'gap', 'timer']);
    // 10:00–10:30 tracked, and the stopwatch's hour up to now counts too
    await poll(async () => sheet().getByTestId('close-day-summary').textContent()).toMatch(/^Tracked .+ of 3 h/);
    expect(await accessibilityProblems(page)).toBe('');

    const trackAll = sheet().getByRole('button', { name: ui('en', 'closeDay.trackAll', { count: 1 }) });
    await trackAll.click();
    await poll(queueKinds).toEqual(['gap', 'timer']);
    await poll(async () => (await dayOf(byClicks)).map((record) => record.from)).toEqual(['09:00', '10:00']);
    // one step back: the meeting is in the queue again and its record is gone
    await sheet()
      .locator('.close-day-just')
      .getByRole('button', { name: ui('en', 'action.undo') })
      .click();
    await poll(queueKinds).toEqual(['meeting', 'gap', 'timer']);
    await poll(async () => (await dayOf(byClicks)).map((record) => record.from)).toEqual(['10:00']);
    await trackAll.click();
    await poll(queueKinds).toEqual(['gap', 'timer']);

    const gap = sheet().locator('.close-day-item[data-kind="gap"]');
    await gap.getByRole('button', { name: ui('en', 'closeDay.action.fill') }).click();
    await gap.getByRole('combobox').click();
    await gap.getByRole('option', { name: 'Support' }).click();
    await gap.getByRole('button', { name: ui('en', 'closeDay.action.fillSubmit'), exact: true }).click();
    await poll(queueKinds).toEqual(['timer']);

    const timer = sheet().locator('.close-day-item[data-kind="timer"]');
    await timer.getByRole('button', { name: ui('en', 'closeDay.action.stopAt') }).click();
    // offered: the end of working hours, which has passed
    await poll(() => timer.getByLabel(ui('en', 'closeDay.stopAt.label')).inputValue()).toBe('12:00');
    await timer.getByRole('button', { name: ui('en', 'closeDay.action.stop'), exact: true }).click();
    await poll(queueKinds).toEqual([]);
    await poll(() => sheet().getByRole('status').textContent()).toBe(ui('en', 'closeDay.done', { tracked: '3 h' }));
    expect(await dayOf(byClicks)).toEqual([
      { from: '09:00', to: '10:00', projectId: website, source: 'impulse' },
      { from: '10:00', to: '10:30', projectId: website, source: 'manual' },
      expect.objectContaining({ from: '10:30', to: '11:00', source: 'manual' }),
      { from: '11:00', to: '12:00', projectId: website, source: 'timer' },
    ]);
    expect(data(await api.call(getTimer)).running).toBeNull();

    await sheet()
      .getByRole('button', { name: ui('en', 'closeDay.doneButton') })
      .click();
    await poll(() => sheet().count()).toBe(0);
    const header = page.locator(`[data-close-day="${byClicks}"]`);
    await poll(() => header.getAttribute('data-closed')).toBe('true');
    expect(await header.getAttribute('aria-label')).toBe(ui('en', 'closeDay.closedFor', { day: formatDayShort('en', byClicks) }));
  });

  it('drops the check when the day changes, and brings it back once the day is closed again', async () => {
    // a record added from the API (another device): the day is no longer as it was closed
    data(
      await api.call(createTimeRecord, {
        body: { start: at(byClicks, '13:00').toISOString(), end: at(byClicks, '13:30').toISOString(), projectId: website },
      }),
    );
    await page.reload();
    await showDay(byClicks);
    const header = page.locator(`[data-close-day="${byClicks}"]`);
    await poll(() => header.getAttribute('data-closed')).toBeNull();
    await header.click();
    await poll(queueKinds).toEqual([]);
    await page.keyboard.press('Escape');
    await poll(() => header.getAttribute('data-closed')).toBe('true');
  });

  it('clears a day by the keyboard alone: D opens the day in view, Enter tracks, F fills, S stops', async () => {
    data(
      await api.call(startTimer, { body: { projectId: website, description: 'Hotfix', startedAt: at(byKeyboard, '11:00').toISOString() } }),
    );
    await page.reload();
    await page.getByTestId('close-day-button').waitFor();
    // 1 = Day view (today), Alt+← = the day before, D = Close the day for the day in view
    await page.keyboard.press('1');
    await poll(() => page.locator('#calendar').getAttribute('data-view')).toBe('day');
    await page.keyboard.press('Alt+ArrowLeft');
    await page.locator(`[data-close-day="${byKeyboard}"]`).waitFor();
    await page.keyboard.press('d');
    // the sheet takes focus on its first item
    await poll(async () => (await focused(page)).kind).toBe('meeting');
    await poll(queueKinds).toEqual(['meeting', 'gap', 'timer']);

    await page.keyboard.press('Enter');
    await poll(queueKinds).toEqual(['gap', 'timer']);
    await poll(async () => (await focused(page)).kind).toBe('gap');

    await page.keyboard.press('f');
    await poll(async () => (await focused(page)).tag).toBe('input');
    await page.keyboard.type('Supp');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await poll(queueKinds).toEqual(['timer']);
    await poll(async () => (await focused(page)).kind).toBe('timer');

    await page.keyboard.press('s');
    await poll(async () => (await focused(page)).tag).toBe('input');
    await page.keyboard.press('Control+A');
    // 11:50–12:00 stays untracked: a gap under 15 minutes is not asked about
    await page.keyboard.type('11:50');
    await page.keyboard.press('Enter');
    await poll(queueKinds).toEqual([]);
    await poll(async () => (await focused(page)).name).toBe(ui('en', 'closeDay.doneButton'));
    expect((await dayOf(byKeyboard)).map((record) => `${record.from}-${record.to} ${record.source}`)).toEqual([
      '09:00-10:00 impulse',
      '10:00-10:30 manual',
      '10:30-11:00 manual',
      '11:00-11:50 timer',
    ]);
    await page.keyboard.press('Enter');
    await poll(() => sheet().count()).toBe(0);
    await poll(() => page.locator(`[data-close-day="${byKeyboard}"]`).getAttribute('data-closed')).toBe('true');
    // the toolbar's button says so too (the day header's content is hidden from screen readers)
    await poll(() => page.getByTestId('close-day-button').getAttribute('aria-label')).toBe(
      ui('en', 'closeDay.closedFor', { day: formatDayShort('en', byKeyboard) }),
    );
  });

  it('nudges at the end-of-day time when today has something untracked, and the nudge opens the sheet', async () => {
    const me = data(await api.call(getMe));
    // the nudge time (0:00) has passed whenever this runs, and a stopwatch runs today (working hours
    // 0:00–0:10 hold no gap of 15 minutes: the stopwatch is all there is to close)
    data(await api.call(updateMe, { body: { version: me.version, workday: { start: '00:00', end: '00:10', nudgeAt: '00:00' } } }));
    data(await api.call(startTimer, { body: { projectId: website, description: 'Today' } }));
    await page.reload();
    const nudge = page.getByTestId('close-day-nudge');
    await poll(() => nudge.textContent()).toContain(ui('en', 'closeDay.nudge.items.one', { count: 1 }));
    await nudge.getByRole('button', { name: ui('en', 'closeDay.nudge.action') }).click();
    await poll(async () => sheet().getByRole('heading', { level: 2 }).textContent()).toBe(
      ui('en', 'closeDay.title', { day: formatDayShort('en', today) }),
    );
    await poll(queueKinds).toEqual(['timer']);
    await page.keyboard.press('Escape');
    await nudge.getByRole('button', { name: ui('en', 'closeDay.nudge.dismiss') }).click();
    await poll(() => nudge.count()).toBe(0);
    await page.reload();
    await page.getByTestId('close-day-button').waitFor();
    expect(await nudge.count()).toBe(0);
  });

  it('passes the accessibility check in English and Czech, with the Stop at… form open', async () => {
    for (const lang of ['en', 'cs'] as const) {
      const me = data(await api.call(getMe));
      data(await api.call(updateMe, { body: { version: me.version, language: lang } }));
      await page.reload();
      const toolbarButton = page.getByRole('button', {
        name: ui(lang, 'closeDay.openFor', { day: formatDayShort(lang, today) }),
        exact: true,
      });
      await toolbarButton.click();
      const dialog = page.getByRole('dialog', { name: new RegExp(`^${ui(lang, 'closeDay.open')}`) });
      await poll(() => dialog.locator('.close-day-item[data-kind="timer"]').count()).toBe(1);
      expect(await dialog.getByRole('heading', { level: 2 }).textContent()).toBe(
        ui(lang, 'closeDay.title', { day: formatDayShort(lang, today) }),
      );
      await dialog
        .locator('.close-day-item[data-kind="timer"]')
        .getByRole('button', { name: ui(lang, 'closeDay.action.stopAt') })
        .click();
      await dialog.getByLabel(ui(lang, 'closeDay.stopAt.label')).waitFor();
      expect(await accessibilityProblems(page), lang).toBe('');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await poll(() => dialog.count()).toBe(0);
    }
  });
});
