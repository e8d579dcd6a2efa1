// Issue 9, the screens as a whole in Chromium: the automated accessibility check (axe-core, no
// serious or critical violation) on every screen and open dialog in English and in Czech, the
// profile's time zone winning over the browser's, and the 390 px phone layout (the panel as a
// bottom sheet, a tap tracks a meeting).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getMe, updateMe } from '../../src/contract/account.ts';
import type { Client } from '../../src/contract/client.ts';
import { createConnection, listConnections, syncConnection } from '../../src/contract/connections.ts';
import { createProject, createTimeRecord } from '../../src/contract/tracking.ts';
import type { UiLanguage } from '../../src/i18n/ui.ts';
import { accessibilityProblems, describeInBrowser, launchBrowser } from '../support/browser.ts';
import { impulse, impulseButton, impulseIdOf, panel, recordOf, ui } from '../support/e2e-dashboard.ts';
import { type KairosServer, startKairos } from '../support/e2e-server.ts';
import { at, data, type Meeting, meetingsFeed, PASSWORD, signUpInContext, thisWeek, ZONE } from '../support/e2e-world.ts';

const FEED = '/owa/calendar/5ee/5ee/calendar.ics';
const BUSY_FEED = '/owa/calendar/busy/5ee/calendar.ics';
const week = thisWeek();
const meetings: Meeting[] = [
  { uid: 'a', summary: 'Team meeting', date: week.day(1), from: '10:00', to: '11:30' },
  { uid: 'b', summary: 'Client workshop', date: week.day(2), from: '13:00', to: '15:00' },
  { uid: 'c', summary: 'One-to-one', date: week.day(3), from: '09:30', to: '10:00' },
  { uid: 'd', summary: 'Private', date: week.day(3), from: '12:00', to: '13:00', private: true },
  // on a phone the calendar shows one day and the panel that day's meetings: one is always today
  { uid: 'e', summary: 'Design review', date: week.today, from: '16:00', to: '16:45' },
];

describeInBrowser('the screens', () => {
  let kairos: KairosServer;
  let browser: Browser;

  beforeAll(async () => {
    [kairos, browser] = await Promise.all([startKairos(), launchBrowser()]);
    kairos.feed.route(FEED, { body: meetingsFeed(meetings) });
    kairos.feed.route(BUSY_FEED, { body: meetingsFeed(meetings, { busyOnly: true }) });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await kairos?.close();
  });

  async function newContext(options: { locale?: string; timezoneId?: string; phone?: boolean } = {}): Promise<BrowserContext> {
    const context = await browser.newContext({
      baseURL: kairos.url,
      locale: options.locale ?? 'en-GB',
      timezoneId: options.timezoneId ?? ZONE,
      ...(options.phone
        ? { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true }
        : { viewport: { width: 1440, height: 900 } }),
    });
    context.setDefaultTimeout(30_000);
    return context;
  }

  /** a user with a project, a record and the connected calendar */
  async function seededUser(context: BrowserContext, email: string): Promise<{ api: Client; projectId: string }> {
    const api = await signUpInContext(context, kairos.url, { email, name: 'Ada Lovelace' });
    const projectId = data(await api.call(createProject, { body: { name: 'Website' } })).id;
    data(
      await api.call(createTimeRecord, {
        body: {
          start: at(week.day(2), '09:00').toISOString(),
          end: at(week.day(2), '10:00').toISOString(),
          projectId,
          description: 'Code review',
        },
      }),
    );
    data(await api.call(createConnection, { body: { url: kairos.feedUrl(FEED) } }));
    return { api, projectId };
  }

  it('every screen and dialog passes the accessibility check in English and in Czech', async () => {
    const problems: string[] = [];
    const check = async (page: Page, screen: string) => {
      const found = await accessibilityProblems(page);
      if (found) problems.push(`${screen}:\n${found}`);
    };
    for (const lang of ['en', 'cs'] as const) {
      const anonymous = await newContext({ locale: lang === 'cs' ? 'cs-CZ' : 'en-GB' });
      const page = await anonymous.newPage();
      await page.goto('/login');
      await page.getByRole('button', { name: ui(lang, 'auth.login.submit') }).waitFor();
      await check(page, `login (${lang})`);
      await page.getByLabel(ui(lang, 'auth.email')).fill('nobody@example.com');
      await page.getByLabel(ui(lang, 'auth.password'), { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: ui(lang, 'auth.login.submit') }).click();
      await page.getByRole('alert').or(page.locator('.problem')).first().waitFor();
      await check(page, `login with a refusal (${lang})`);
      await page.goto('/signup');
      await page.getByRole('button', { name: ui(lang, 'auth.signup.submit') }).waitFor();
      await check(page, `sign-up (${lang})`);
      await anonymous.close();

      const context = await newContext({ locale: lang === 'cs' ? 'cs-CZ' : 'en-GB' });
      const { api } = await seededUser(context, `a11y-${lang}@example.com`);
      const me = data(await api.call(getMe));
      data(await api.call(updateMe, { body: { version: me.version, language: lang } }));
      const signedIn = await context.newPage();
      await screensOf(signedIn, lang, api, check);
      await context.close();
    }
    expect(problems.join('\n\n')).toBe('');
  });

  async function screensOf(page: Page, lang: UiLanguage, api: Client, check: (page: Page, screen: string) => Promise<void>): Promise<void> {
    await page.goto('/');
    await impulse(page, meetings[0]!.summary).waitFor();
    await page.locator('[data-record-id]').first().waitFor();
    await check(page, `dashboard with records and meetings (${lang})`);

    await impulseButton(page, meetings[0]!.summary).click();
    await page.getByRole('menu').waitFor();
    await check(page, `impulse action menu (${lang})`);
    await page.getByRole('menuitem', { name: ui(lang, 'impulses.action.track') }).click();
    await page.getByRole('dialog', { name: ui(lang, 'quickTrack.title') }).waitFor();
    await check(page, `quick-track dialog (${lang})`);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

    await page.locator('[data-record-id]').first().click();
    await page.getByRole('dialog', { name: ui(lang, 'record.title.edit') }).waitFor();
    await check(page, `record dialog (${lang})`);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

    for (const view of ['month', 'list'] as const) {
      await page.getByRole('button', { name: ui(lang, `calendar.view.${view}`), exact: true }).click();
      await check(page, `dashboard, ${view} view (${lang})`);
    }
    await page.getByRole('button', { name: ui(lang, 'calendar.view.week'), exact: true }).click();
    await page.keyboard.press('?');
    await page.getByRole('dialog').waitFor();
    await check(page, `keyboard shortcuts dialog (${lang})`);
    await page.keyboard.press('Escape');

    await page.goto('/connected-services');
    const exchange = page.getByRole('region', { name: ui(lang, 'connections.card.exchange') });
    await exchange.getByRole('button', { name: ui(lang, 'connections.syncNow') }).waitFor();
    await check(page, `connected services, connected (${lang})`);
    await exchange.getByRole('button', { name: ui(lang, 'connections.disconnect') }).click();
    await page.getByRole('dialog').waitFor();
    await check(page, `disconnect dialog (${lang})`);
    await page.keyboard.press('Escape');
    const other = page.getByRole('region', { name: ui(lang, 'connections.card.ics') });
    await other.getByRole('button', { name: ui(lang, 'connections.edit'), exact: true }).click();
    await other.getByLabel(ui(lang, 'connections.field')).fill(kairos.feedUrl(BUSY_FEED));
    await other.getByText(ui(lang, 'connections.check.availability')).waitFor();
    await check(page, `connected services, availability-only link check (${lang})`);
    await other.getByLabel(ui(lang, 'connections.field')).fill('http://example.com/calendar.html');
    await other.getByText(ui(lang, 'connections.checking')).waitFor({ state: 'detached' });
    await check(page, `connected services, a refused link (${lang})`);

    kairos.feed.route(FEED, { status: 404, body: 'Not Found', contentType: 'text/plain' });
    const [connection] = data(await api.call(listConnections)).items;
    data(await api.call(syncConnection, { params: { id: connection!.id } }));
    kairos.feed.route(FEED, { body: meetingsFeed(meetings) });
    await page.reload();
    await page
      .getByRole('region', { name: ui(lang, 'connections.card.exchange') })
      .getByText(ui(lang, 'connections.state.failing.safe'))
      .waitFor();
    await check(page, `connected services, failing (${lang})`);
    await page.goto('/');
    await panel(page, lang).locator('[data-connection-id]').waitFor();
    await check(page, `dashboard with a failing calendar (${lang})`);

    await page.goto('/profile');
    await page.getByLabel(ui(lang, 'profile.language')).waitFor();
    await check(page, `profile (${lang})`);
  }

  it('shows the profile’s times (Europe/Prague) in a browser set to America/New_York', async () => {
    const context = await newContext({ timezoneId: 'America/New_York', locale: 'en-US' });
    await seededUser(context, 'traveller@example.com');
    const page = await context.newPage();
    await page.goto('/');
    expect(await page.evaluate<string>('Intl.DateTimeFormat().resolvedOptions().timeZone')).toBe('America/New_York');
    const record = page.locator('[data-record-id]').first();
    await record.getByText('9:00–10:00').waitFor();
    // the record sits in the 9:00 row of the grid, not at 3:00 (New York)
    const [recordBox, row] = await Promise.all([record.boundingBox(), page.locator('[data-time="09:00:00"]').last().boundingBox()]);
    expect(Math.abs(recordBox!.y - row!.y)).toBeLessThan(6);
    await impulse(page, meetings[0]!.summary).getByText('10:00–11:30').waitFor();
    await context.close();
  });

  it('at 390 px the panel opens as a bottom sheet and a tap tracks a meeting', async () => {
    const context = await newContext({ phone: true });
    const { api } = await seededUser(context, 'phone@example.com');
    const page = await context.newPage();
    await page.goto('/');
    const sheetButton = page.getByRole('button', {
      name: new RegExp(`^${ui('en', 'impulses.sheetButton', { count: '\\d+' }).replace(/[()]/g, '\\$&')}$`),
    });
    await sheetButton.tap();
    const sheet = panel(page);
    await expect.poll(() => sheet.isVisible()).toBe(true);
    const box = await sheet.boundingBox();
    // a bottom sheet: across the screen, reaching its bottom edge
    expect(box!.width).toBeGreaterThan(380);
    expect(box!.y + box!.height).toBeGreaterThan(800);

    const meeting = meetings.find((candidate) => candidate.uid === 'e')!;
    const id = await impulseIdOf(impulse(page, meeting.summary));
    await impulseButton(page, meeting.summary).tap();
    await page.getByRole('menuitem', { name: ui('en', 'impulses.action.track') }).tap();
    const dialog = page.getByRole('dialog', { name: ui('en', 'quickTrack.title') });
    const combobox = dialog.getByRole('combobox', { name: ui('en', 'record.project') });
    if ((await combobox.inputValue()) === '') {
      await combobox.tap();
      await combobox.fill('Web');
      await dialog
        .getByRole('listbox')
        .getByRole('option', { name: /Website/ })
        .first()
        .tap();
    }
    await dialog.getByRole('button', { name: ui('en', 'action.save'), exact: true }).tap();
    const record = await recordOf(api, week.monday, id);
    expect(new Date(record.start)).toEqual(at(meeting.date, meeting.from));
    expect(new Date(record.end)).toEqual(at(meeting.date, meeting.to));
    await context.close();
  });
});
