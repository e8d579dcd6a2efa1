// Issue 9: every drag has a keyboard path and a single-pointer path. The three outcomes of the
// pointer drags (a record at another time = Week slot, a record at the meeting's own time on
// another day = all-day row / Month cell, the stopwatch), first from the keyboard alone (no mouse
// event at all), then by clicks alone (menus and the quick-track dialog, no drag).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Client } from '../../src/contract/client.ts';
import { createConnection } from '../../src/contract/connections.ts';
import { createProject } from '../../src/contract/tracking.ts';
import { describeInBrowser, launchBrowser, stepByStep } from '../support/browser.ts';
import {
  impulse,
  impulseButton,
  impulseIdOf,
  panel,
  recordOf,
  runningTimer,
  stopwatch,
  timerRanASecond,
  ui,
} from '../support/e2e-dashboard.ts';
import { type KairosServer, startKairos } from '../support/e2e-server.ts';
import { at, data, type Meeting, meetingInProgress, meetingsFeed, signUpInContext, thisWeek, ZONE } from '../support/e2e-world.ts';

const FEED = '/owa/calendar/77aa/bb88/calendar.ics';
const week = thisWeek();
const meetings = {
  keyboardSlot: { uid: 'k1', summary: 'Architecture board', date: week.day(1), from: '09:00', to: '10:30' },
  keyboardOwnTime: { uid: 'k2', summary: 'Customer call', date: week.day(2), from: '11:00', to: '11:45' },
  keyboardStopwatch: meetingInProgress('k3', 'Incident review'),
  clickSlot: { uid: 'c1', summary: 'Hiring interview', date: week.day(3), from: '14:00', to: '15:00' },
  clickOwnTime: { uid: 'c2', summary: 'Quarterly planning', date: week.day(1), from: '16:00', to: '17:30' },
  clickStopwatch: meetingInProgress('c3', 'Support rotation'),
} satisfies Record<string, Meeting>;
const lengthMs = (meeting: Meeting) => at(meeting.date, meeting.to).getTime() - at(meeting.date, meeting.from).getTime();
// the date as the record form's date field takes it ("16/03/2026")
const typedDate = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

type Active = { impulseId: string | null; role: string | null; name: string; inDialog: boolean };
const ACTIVE = `(() => {
  const el = document.activeElement;
  if (!el) return { impulseId: null, role: null, name: '', inDialog: false };
  const label = el.labels && el.labels[0] ? el.labels[0].textContent : null;
  const named = el.getAttribute('aria-label') || label || el.textContent || '';
  const labelled = el.getAttribute('aria-labelledby');
  const name = labelled ? labelled.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ') : named;
  const item = el.closest('[data-impulse-id]');
  return { impulseId: item ? item.getAttribute('data-impulse-id') : null, role: el.getAttribute('role') || el.tagName.toLowerCase(),
    name: name.replace(/\\s+/g, ' ').trim(), inDialog: !!el.closest('dialog,[role=dialog]') };
})()`;
const active = (page: Page) => page.evaluate<Active>(ACTIVE);

/** presses a key until the focused element satisfies the test (a bounded number of times) */
async function pressUntil(page: Page, key: string, done: (focus: Active) => boolean, what: string, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    if (done(await active(page))) return;
    await page.keyboard.press(key);
  }
  if (!done(await active(page)))
    throw new Error(`pressing ${key} ${limit} times never reached ${what}; focus is on ${JSON.stringify(await active(page))}`);
}

/** P focuses the panel, Tab enters the list (one tab stop), Home goes to its first item, ↓ walks to the meeting */
async function focusMeeting(page: Page, id: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('p');
  // P moves focus to the panel's tab once the panel is there: Tab only after it did
  await expect.poll(async () => (await active(page)).role).toBe('tab');
  await pressUntil(page, 'Tab', (focus) => focus.impulseId !== null, 'the impulse list');
  await page.keyboard.press('Home');
  await pressUntil(page, 'ArrowDown', (focus) => focus.impulseId === id, `the meeting ${id}`);
}

/** Enter opens the item's menu; ↓ walks to the choice; Enter takes it */
async function chooseFromMenu(page: Page, label: string): Promise<void> {
  await page.keyboard.press('Enter');
  await pressUntil(page, 'ArrowDown', (focus) => focus.role === 'menuitem' && focus.name.startsWith(label), `the menu item ${label}`, 15);
  await page.keyboard.press('Enter');
}

/** Tab (within the open dialog) to the field with this label */
async function tabToField(page: Page, label: string): Promise<void> {
  await pressUntil(page, 'Tab', (focus) => focus.inDialog && focus.name === label, `the field ${label}`, 30);
}

async function typeOver(page: Page, text: string): Promise<void> {
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

describeInBrowser('tracking from the keyboard alone and by clicks alone', () => {
  let kairos: KairosServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: Client;

  beforeAll(async () => {
    [kairos, browser] = await Promise.all([startKairos(), launchBrowser()]);
    kairos.feed.route(FEED, { body: meetingsFeed(Object.values(meetings)) });
    context = await browser.newContext({ baseURL: kairos.url, locale: 'en-GB', timezoneId: ZONE, viewport: { width: 1440, height: 900 } });
    context.setDefaultTimeout(30_000);
    api = await signUpInContext(context, kairos.url, { email: 'grace@example.com', name: 'Grace Hopper' });
    data(await api.call(createProject, { body: { name: 'Compiler' } }));
    data(await api.call(createConnection, { body: { url: kairos.feedUrl(FEED) } }));
    page = await context.newPage();
    await page.goto('/');
    for (const meeting of Object.values(meetings)) await impulse(page, meeting.summary).waitFor();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await kairos?.close();
  });
  stepByStep(() => page);

  /** in the open dialog, from the keyboard: type into the project combobox unless a project is suggested, Enter picks the option */
  async function keyboardProject(): Promise<void> {
    const combobox = page.getByRole('dialog').getByRole('combobox', { name: ui('en', 'record.project') });
    await expect.poll(async () => (await active(page)).inDialog).toBe(true);
    if ((await combobox.inputValue()) !== '') return;
    await tabToField(page, ui('en', 'record.project'));
    await page.keyboard.type('Compiler');
    await page
      .getByRole('dialog')
      .getByRole('listbox')
      .getByRole('option', { name: /Compiler/ })
      .first()
      .waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => combobox.inputValue()).toMatch(/Compiler/);
  }

  it('keyboard: Track… with another date and time in the dialog = a Week slot drop', async () => {
    const meeting = meetings.keyboardSlot;
    const id = await impulseIdOf(impulse(page, meeting.summary));
    await focusMeeting(page, id);
    await chooseFromMenu(page, ui('en', 'impulses.action.track'));
    await page.getByRole('dialog', { name: ui('en', 'quickTrack.title') }).waitFor();
    await keyboardProject();
    await tabToField(page, ui('en', 'record.date'));
    await typeOver(page, typedDate(week.day(4)));
    await tabToField(page, ui('en', 'record.from'));
    await typeOver(page, '1315');
    await tabToField(page, ui('en', 'record.to'));
    await typeOver(page, '14:45');
    await page.keyboard.press('Enter');
    const record = await recordOf(api, week.monday, id);
    expect(new Date(record.start)).toEqual(at(week.day(4), '13:15'));
    expect(new Date(record.end).getTime() - new Date(record.start).getTime()).toBe(lengthMs(meeting));
  });

  it('keyboard: Track… with another date only = an all-day row or Month cell drop (the meeting’s own time)', async () => {
    const meeting = meetings.keyboardOwnTime;
    const id = await impulseIdOf(impulse(page, meeting.summary));
    await focusMeeting(page, id);
    // T on a focused item is Track…
    await page.keyboard.press('t');
    await page.getByRole('dialog', { name: ui('en', 'quickTrack.title') }).waitFor();
    await keyboardProject();
    await tabToField(page, ui('en', 'record.date'));
    await typeOver(page, typedDate(week.day(3)));
    await page.keyboard.press('Enter');
    const record = await recordOf(api, week.monday, id);
    expect(new Date(record.start)).toEqual(at(week.day(3), meeting.from));
    expect(new Date(record.end)).toEqual(at(week.day(3), meeting.to));
  });

  it('keyboard: Start stopwatch = a stopwatch drop; Stop, a project, Enter saves the record', async () => {
    const meeting = meetings.keyboardStopwatch;
    const id = await impulseIdOf(impulse(page, meeting.summary));
    await focusMeeting(page, id);
    await chooseFromMenu(page, ui('en', 'impulses.action.startStopwatch'));
    await stopwatch(page).getByRole('timer').waitFor();
    expect(await runningTimer(api)).toMatchObject({ impulseId: id, description: meeting.summary });
    await timerRanASecond(api);
    // back out of the panel to the stopwatch's Stop button (Shift+Tab), and press it
    await pressUntil(
      page,
      'Shift+Tab',
      (focus) => focus.name.replace(/^[^\p{L}]+/u, '') === ui('en', 'stopwatch.stop'),
      'the Stop button',
      80,
    );
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: ui('en', 'record.title.stopTimer') }).waitFor();
    await keyboardProject();
    await page.keyboard.press('Enter');
    const record = await recordOf(api, week.monday, id);
    expect(record).toMatchObject({ source: 'timer', description: meeting.summary });
    expect(await runningTimer(api)).toBeNull();
  });

  /** in the open dialog, by clicks: the project from the combobox's list unless one is suggested */
  async function clickProject(): Promise<void> {
    const dialog = page.getByRole('dialog');
    const combobox = dialog.getByRole('combobox', { name: ui('en', 'record.project') });
    if ((await combobox.inputValue()) !== '') return;
    await combobox.fill('Comp');
    await dialog
      .getByRole('listbox')
      .getByRole('option', { name: /Compiler/ })
      .first()
      .click();
  }

  it('clicks: the item’s menu, Track…, another date and time typed in the dialog, Save = a Week slot drop', async () => {
    const meeting = meetings.clickSlot;
    const id = await impulseIdOf(impulse(page, meeting.summary));
    await impulseButton(page, meeting.summary).click();
    await page.getByRole('menuitem', { name: ui('en', 'impulses.action.track') }).click();
    const dialog = page.getByRole('dialog', { name: ui('en', 'quickTrack.title') });
    await clickProject();
    await dialog.getByRole('textbox', { name: ui('en', 'record.date'), exact: true }).fill(typedDate(week.day(4)));
    await dialog.getByRole('textbox', { name: ui('en', 'record.from'), exact: true }).fill('8:30');
    await dialog.getByRole('textbox', { name: ui('en', 'record.to'), exact: true }).fill('9:30');
    await dialog.getByRole('button', { name: ui('en', 'action.save'), exact: true }).click();
    const record = await recordOf(api, week.monday, id);
    expect(new Date(record.start)).toEqual(at(week.day(4), '08:30'));
    expect(new Date(record.end).getTime() - new Date(record.start).getTime()).toBe(lengthMs(meeting));
  });

  it('clicks: the item’s menu, Track…, Save = the meeting’s own time', async () => {
    const meeting = meetings.clickOwnTime;
    const id = await impulseIdOf(impulse(page, meeting.summary));
    await impulseButton(page, meeting.summary).click();
    await page.getByRole('menuitem', { name: ui('en', 'impulses.action.track') }).click();
    const dialog = page.getByRole('dialog', { name: ui('en', 'quickTrack.title') });
    await clickProject();
    await dialog.getByRole('button', { name: ui('en', 'action.save'), exact: true }).click();
    const record = await recordOf(api, week.monday, id);
    expect(new Date(record.start)).toEqual(at(meeting.date, meeting.from));
    expect(new Date(record.end)).toEqual(at(meeting.date, meeting.to));
    await expect.poll(() => impulse(page, meeting.summary).getAttribute('data-impulse-state')).toBe('tracked');
  });

  it('clicks: the item’s menu, Start stopwatch; Stop, a project, Stop and save', async () => {
    const meeting = meetings.clickStopwatch;
    const id = await impulseIdOf(impulse(page, meeting.summary));
    await impulseButton(page, meeting.summary).click();
    await page.getByRole('menuitem', { name: ui('en', 'impulses.action.startStopwatch') }).click();
    await stopwatch(page).getByRole('timer').waitFor();
    expect(await runningTimer(api)).toMatchObject({ impulseId: id });
    await timerRanASecond(api);
    await stopwatch(page)
      .getByRole('button', { name: ui('en', 'stopwatch.stop'), exact: true })
      .click();
    const dialog = page.getByRole('dialog', { name: ui('en', 'record.title.stopTimer') });
    await clickProject();
    await dialog.getByRole('button', { name: ui('en', 'record.stopTimer.submit') }).click();
    const record = await recordOf(api, week.monday, id);
    expect(record).toMatchObject({ source: 'timer', description: meeting.summary });
    await expect
      .poll(() =>
        panel(page)
          .getByRole('button', { name: new RegExp(`^${meeting.summary}`) })
          .count(),
      )
      .toBeGreaterThan(0);
  });
});
