// Issue 9: what happens to meetings and calendars after the first day, in Chromium against
// `kairos serve`: a tracked meeting moved and renamed in Outlook ("changed since tracked",
// Update record), dismiss and restore, a locked day refusing a drop, a feed that stops being
// published (the card and the panel in English, then in Czech after switching the language in
// Profile without a reload), and an availability-only feed caught by the link check.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getOrganization, updateOrganization } from '../../src/contract/account.ts';
import type { Client } from '../../src/contract/client.ts';
import { createConnection, listConnections, syncConnection } from '../../src/contract/connections.ts';
import { listImpulses, trackImpulse } from '../../src/contract/impulses.ts';
import { createProject, getTimeRecord } from '../../src/contract/tracking.ts';
import { cs as serverCs } from '../../src/i18n/cs.ts';
import { en as serverEn } from '../../src/i18n/en.ts';
import { addDays, formatDate } from '../../src/i18n/format.ts';
import { describeInBrowser, launchBrowser, pointerDrag, stepByStep } from '../support/browser.ts';
import { impulse, impulseButton, impulseIdOf, panel, recordsOfWeek, slotPoint, ui } from '../support/e2e-dashboard.ts';
import { type KairosServer, startKairos } from '../support/e2e-server.ts';
import { at, data, type Meeting, meetingsFeed, signUpInContext, thisWeek, ZONE } from '../support/e2e-world.ts';

const FEED = '/owa/calendar/c0ffee/d00d/calendar.ics';
const BUSY_FEED = '/owa/calendar/busy/only/calendar.ics';
const week = thisWeek();
const moved: Meeting = { uid: 'moved', summary: 'Board meeting', date: week.day(2), from: '09:00', to: '10:00' };
const meetings: Meeting[] = [
  moved,
  { uid: 'dismiss', summary: 'Optional webinar', date: week.day(3), from: '12:00', to: '13:00' },
  { uid: 'locked', summary: 'Vendor demo', date: week.day(4), from: '10:00', to: '11:00' },
];

describeInBrowser('meetings and calendars over time', () => {
  let kairos: KairosServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: Client;
  let projectId: string;

  beforeAll(async () => {
    [kairos, browser] = await Promise.all([startKairos(), launchBrowser()]);
    kairos.feed.route(FEED, { body: meetingsFeed(meetings) });
    context = await browser.newContext({ baseURL: kairos.url, locale: 'en-GB', timezoneId: ZONE, viewport: { width: 1440, height: 900 } });
    context.setDefaultTimeout(30_000);
    api = await signUpInContext(context, kairos.url, { email: 'ada@example.com', name: 'Ada Lovelace' });
    projectId = data(await api.call(createProject, { body: { name: 'Engine' } })).id;
    data(await api.call(createConnection, { body: { url: kairos.feedUrl(FEED) } }));
    page = await context.newPage();
    await page.goto('/');
    for (const meeting of meetings) await impulse(page, meeting.summary).waitFor();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await kairos?.close();
  });
  stepByStep(() => page);

  async function syncFeed(): Promise<void> {
    const [connection] = data(await api.call(listConnections)).items;
    data(await api.call(syncConnection, { params: { id: connection!.id } }));
  }

  it('a tracked meeting moved and renamed in the feed is "changed since tracked"; Update record applies the new time', async () => {
    const id = await impulseIdOf(impulse(page, moved.summary));
    const record = data(await api.call(trackImpulse, { params: { id }, body: { projectId } }));
    expect(new Date(record.start)).toEqual(at(moved.date, moved.from));
    kairos.feed.route(FEED, {
      body: meetingsFeed([{ ...moved, summary: 'Board meeting (moved)', from: '11:00', to: '12:30' }, ...meetings.slice(1)]),
    });
    await syncFeed();
    await page.reload();

    const item = impulse(page, 'Board meeting (moved)');
    await expect.poll(() => item.getAttribute('data-impulse-state')).toBe('changed');
    await item.getByText(ui('en', 'impulses.state.changed')).waitFor();
    await item.getByText(ui('en', 'impulses.change.moved', { before: '9:00', after: '11:00' })).waitFor();
    await impulseButton(page, 'Board meeting (moved)').click();
    await page.getByRole('menuitem', { name: ui('en', 'impulses.action.updateRecord') }).click();
    await expect
      .poll(async () => Date.parse(data(await api.call(getTimeRecord, { params: { id: record.id } })).start))
      .toBe(at(moved.date, '11:00').getTime());
    const updated = data(await api.call(getTimeRecord, { params: { id: record.id } }));
    expect(new Date(updated.end)).toEqual(at(moved.date, '12:30'));
    await expect.poll(() => item.getAttribute('data-impulse-state')).toBe('tracked');
  });

  it('dismisses a meeting and restores it from the Dismissed filter', async () => {
    const summary = meetings[1]!.summary;
    const id = await impulseIdOf(impulse(page, summary));
    await impulseButton(page, summary).click();
    await page.getByRole('menuitem', { name: ui('en', 'impulses.action.dismiss'), exact: true }).click();
    await expect.poll(() => impulse(page, summary).count()).toBe(0);
    await expect.poll(async () => stateOf(api, id)).toBe('dismissed');

    await panel(page)
      .getByRole('button', { name: ui('en', 'impulses.filter.dismissed') })
      .click();
    const item = impulse(page, summary);
    await expect.poll(() => item.getAttribute('data-impulse-state')).toBe('dismissed');
    await impulseButton(page, summary).click();
    await page.getByRole('menuitem', { name: ui('en', 'impulses.action.restore') }).click();
    await expect.poll(async () => stateOf(api, id)).toBe('open');
    await panel(page)
      .getByRole('button', { name: ui('en', 'impulses.filter.dismissed') })
      .click();
    await expect.poll(() => impulse(page, summary).getAttribute('data-impulse-state')).toBe('open');
  });

  it('a locked day refuses a drop with the lock message', async () => {
    const organization = data(await api.call(getOrganization));
    // records starting before Tuesday are locked: Monday is
    data(await api.call(updateOrganization, { body: { version: organization.version, lockedUntil: week.day(1) } }));
    await page.reload();
    const summary = meetings[2]!.summary;
    const id = await impulseIdOf(impulse(page, summary));
    await pointerDrag(page, impulse(page, summary), await slotPoint(page, week.day(0), '10:00'));
    const message = ui('en', 'calendar.locked', { date: formatDate('en', week.day(0)) });
    await page.getByTestId('toast').filter({ hasText: message }).waitFor();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect((await recordsOfWeek(api, week.monday)).filter((record) => record.impulseId === id)).toEqual([]);
    data(await api.call(updateOrganization, { body: { version: organization.version + 1, lockedUntil: null } }));
  });

  it('a feed that stops being published: after Sync now the card and the panel say so with the hint, in English, then in Czech', async () => {
    kairos.feed.route(FEED, { status: 404, body: 'Not Found', contentType: 'text/plain' });
    await page.goto('/connected-services');
    const card = page.getByRole('region', { name: ui('en', 'connections.card.exchange') });
    await card.getByRole('button', { name: ui('en', 'connections.syncNow') }).click();
    await card.getByText(serverEn['feed.unpublished.message']).waitFor();
    await card.getByText(serverEn['feed.unpublished.hint']).waitFor();
    await card.getByText(ui('en', 'connections.state.failing.safe')).waitFor();
    await expectPanelBanner('en', serverEn);

    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: ui('en', 'avatar.profile') }).click();
    await page.getByLabel(ui('en', 'profile.language')).selectOption('cs');
    await page
      .getByRole('heading', { level: 1 })
      .filter({ hasText: ui('cs', 'profile.title') })
      .waitFor();
    await page.getByRole('button', { name: /Nabídka účtu/ }).click();
    await page.getByRole('menuitem', { name: ui('cs', 'avatar.connectedServices') }).click();
    const karta = page.getByRole('region', { name: ui('cs', 'connections.card.exchange') });
    await karta.getByText(serverCs['feed.unpublished.message']).waitFor();
    await karta.getByText(serverCs['feed.unpublished.hint']).waitFor();
    await karta.getByText(ui('cs', 'connections.state.failing.safe')).waitFor();
    await expectPanelBanner('cs', serverCs);
  });

  /** the dashboard panel's banner: the failing status, and under Details the feed problem with its hint */
  async function expectPanelBanner(
    lang: 'en' | 'cs',
    texts: Record<'feed.unpublished.message' | 'feed.unpublished.hint', string>,
  ): Promise<void> {
    await page
      .getByRole('navigation')
      .getByRole('link', { name: ui(lang, 'nav.dashboard'), exact: true })
      .click();
    const banner = panel(page, lang).locator('[data-connection-id]');
    // "Calendar: not updated since 8:22 — the link stopped working": the part before the time
    const status = ui(lang, 'impulses.banner.failing', { name: 'Calendar' }).split('{time}')[0]!.trim();
    await banner.getByText(status).waitFor();
    await banner.getByRole('button', { name: ui(lang, 'impulses.banner.details') }).click();
    await banner.getByText(texts['feed.unpublished.message']).waitFor();
    await banner.getByText(texts['feed.unpublished.hint']).waitFor();
  }

  it('an availability-only feed is caught at the link check and shows the fix', async () => {
    kairos.feed.route(BUSY_FEED, { body: meetingsFeed(meetings, { busyOnly: true }) });
    await page.goto('/connected-services');
    // still in Czech: back to English for the rest
    await page.getByRole('button', { name: /Nabídka účtu/ }).click();
    await page.getByRole('menuitem', { name: ui('cs', 'avatar.profile') }).click();
    await page.getByLabel(ui('cs', 'profile.language')).selectOption('en');
    await page
      .getByRole('heading', { level: 1 })
      .filter({ hasText: ui('en', 'profile.title') })
      .waitFor();
    await page.goto('/connected-services');
    const card = page.getByRole('region', { name: ui('en', 'connections.card.ics') });
    await card.getByRole('button', { name: ui('en', 'connections.edit'), exact: true }).click();
    await card.getByLabel(ui('en', 'connections.field')).fill(kairos.feedUrl(BUSY_FEED));
    await card.getByText(ui('en', 'connections.check.availability')).waitFor();
    await card
      .getByText(/Publish it again with/)
      .first()
      .waitFor();
    await card.getByText(ui('en', 'connections.fix.outlook')).waitFor();
    await card.getByRole('button', { name: ui('en', 'connections.saveAnyway') }).waitFor();
  });
});

async function stateOf(api: Client, impulseId: string): Promise<string | undefined> {
  const week = thisWeek();
  const items = data(await api.call(listImpulses, { query: { from: addDays(week.monday, -7), to: addDays(week.monday, 14) } })).items;
  return items.find((item) => item.id === impulseId)?.state;
}
