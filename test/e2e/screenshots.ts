// `npm run screenshots`: every screen in English and Czech, wide (1440×900) and at 390 px, into
// docs/screenshots/ (shown in the README). Not part of `npm test`. It starts `kairos serve` on a
// throwaway database with the local Exchange imitation, signs up, seeds a realistic week
// (clients, projects, records, a connected calendar with this week's meetings) and captures.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { getMe, getOrganization, updateMe, updateOrganization } from '../../src/contract/account.ts';
import type { Client } from '../../src/contract/client.ts';
import { createConnection, listConnections, syncConnection } from '../../src/contract/connections.ts';
import { listImpulses, trackImpulse } from '../../src/contract/impulses.ts';
import { createRule, listRules } from '../../src/contract/rules.ts';
import { createClient, createProject, createTimeRecord, discardTimer, listProjects, startTimer } from '../../src/contract/tracking.ts';
import { addDays, formatDate } from '../../src/i18n/format.ts';
import type { UiLanguage } from '../../src/i18n/ui.ts';
import { launchBrowser } from '../support/browser.ts';
import { impulse, impulseButton, panel, ui } from '../support/e2e-dashboard.ts';
import { type KairosServer, startKairos } from '../support/e2e-server.ts';
import { at, data, type Meeting, meetingInProgress, meetingsFeed, signUpInContext, thisWeek, ZONE } from '../support/e2e-world.ts';

const out = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const FEED = '/owa/calendar/3f2a9c/reachcalendar.ics';
const BUSY_FEED = '/owa/calendar/7b1d4e/busy/calendar.ics';
const week = thisWeek();
const meetings: Meeting[] = [
  { uid: 'standup-1', summary: 'Team stand-up', date: week.day(0), from: '09:00', to: '09:15' },
  { uid: 'standup-2', summary: 'Team stand-up', date: week.day(1), from: '09:00', to: '09:15' },
  { uid: 'standup-3', summary: 'Team stand-up', date: week.day(3), from: '09:00', to: '09:15' },
  { uid: 'standup-4', summary: 'Team stand-up', date: week.day(4), from: '09:00', to: '09:15' },
  { uid: 'acme-review', summary: 'ACME website review', date: week.day(1), from: '10:00', to: '11:30' },
  { uid: 'globex', summary: 'Globex audit kick-off', date: week.day(2), from: '13:00', to: '14:30' },
  { uid: 'one-to-one', summary: 'One-to-one with Jana', date: week.day(3), from: '15:00', to: '15:30' },
  { uid: 'doctor', summary: 'Doctor', date: week.day(3), from: '11:00', to: '12:00', private: true },
  { uid: 'planning', summary: 'Sprint planning', date: week.day(4), from: '10:00', to: '12:00' },
  meetingInProgress('now', 'Mobile app sync'),
];

async function seed(kairos: KairosServer, context: BrowserContext): Promise<Client> {
  const api = await signUpInContext(context, kairos.url, {
    email: 'jana.novakova@example.com',
    name: 'Jana Nováková',
    organizationName: 'Nováková Studio',
  });
  const organization = data(await api.call(getOrganization));
  data(await api.call(updateOrganization, { body: { version: organization.version, currency: 'CZK' } }));
  const acme = data(await api.call(createClient, { body: { name: 'ACME' } })).id;
  const globex = data(await api.call(createClient, { body: { name: 'Globex' } })).id;
  const website = data(await api.call(createProject, { body: { name: 'Website', clientId: acme, hourlyRate: 1200 } })).id;
  const mobile = data(await api.call(createProject, { body: { name: 'Mobile app', clientId: acme, hourlyRate: 1350 } })).id;
  const audit = data(await api.call(createProject, { body: { name: 'Audit', clientId: globex, hourlyRate: 990.5 } })).id;
  const internal = data(await api.call(createProject, { body: { name: 'Internal' } })).id;
  const records: Array<[number, string, string, string, string]> = [
    [0, '08:00', '08:55', website, 'Checkout page layout'],
    [0, '09:30', '12:00', website, 'Payment form validation'],
    [0, '13:00', '16:30', mobile, 'Push notifications'],
    [1, '08:30', '09:00', internal, 'E-mail and planning'],
    [1, '12:30', '15:00', audit, 'Access review'],
    [1, '15:15', '17:00', mobile, 'Release notes'],
    [2, '08:00', '10:00', website, 'Search results'],
    [2, '10:15', '12:00', audit, 'Interviews'],
  ];
  for (const [day, from, to, projectId, description] of records) {
    if (week.day(day) > week.today) continue;
    data(
      await api.call(createTimeRecord, {
        body: { start: at(week.day(day), from).toISOString(), end: at(week.day(day), to).toISOString(), projectId, description },
      }),
    );
  }
  // today has a record whatever the weekday (the phone's Day view shows today)
  data(
    await api.call(createTimeRecord, {
      body: {
        start: at(week.today, '07:30').toISOString(),
        end: at(week.today, '08:00').toISOString(),
        projectId: internal,
        description: 'E-mail',
      },
    }),
  );
  kairos.feed.route(FEED, { body: meetingsFeed(meetings) });
  kairos.feed.route(BUSY_FEED, { body: meetingsFeed(meetings, { busyOnly: true }) });
  data(await api.call(createConnection, { body: { url: kairos.feedUrl(FEED), name: 'Outlook' } }));
  // two meetings already tracked (one stand-up: the others get ACME › Website suggested)
  const items = data(await api.call(listImpulses, { query: { from: week.monday, to: week.day(7) } })).items;
  const first = items.find((item) => item.summary === 'Team stand-up' && item.start && item.start < at(week.day(1), '00:00').toISOString());
  if (first) data(await api.call(trackImpulse, { params: { id: first.id }, body: { projectId: internal } }));
  const review = items.find((item) => item.summary === 'ACME website review');
  if (review && review.start && review.start < new Date().toISOString())
    data(await api.call(trackImpulse, { params: { id: review.id }, body: { projectId: website } }));
  return api;
}

async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  // every answer in (the catalog colours the records, the impulses give the counts)
  await page.waitForLoadState('networkidle');
  // no caret blinking or transitions in the pictures
  await page
    .addStyleTag({
      content: '*, *::before, *::after { transition: none !important; animation: none !important; caret-color: transparent !important; }',
    })
    .catch(() => {});
  await page.screenshot({ path: path.join(out, `${name}.png`), ...options });
  console.log(`docs/screenshots/${name}.png`);
}

async function setLanguage(api: Client, language: UiLanguage): Promise<void> {
  const me = data(await api.call(getMe));
  if (me.language !== language) data(await api.call(updateMe, { body: { version: me.version, language } }));
}

type Cookies = Awaited<ReturnType<BrowserContext['cookies']>>;

function contextOptions(kairos: KairosServer, lang: UiLanguage, size: 'wide' | '390') {
  return {
    baseURL: kairos.url,
    locale: lang === 'cs' ? 'cs-CZ' : 'en-GB',
    timezoneId: ZONE,
    ...(size === '390'
      ? { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 }
      : { viewport: { width: 1440, height: 900 } }),
  };
}

// the organisation settings with a default rate and last month locked (the lock is taken away
// again afterwards, so that the other pictures show an open week)
async function organizationScreens(
  browser: Browser,
  kairos: KairosServer,
  api: Client,
  cookies: Cookies,
  lang: UiLanguage,
  size: 'wide' | '390',
): Promise<void> {
  const before = data(await api.call(getOrganization));
  const lastMonthEnd = addDays(`${week.today.slice(0, 8)}01`, -1);
  const locked = data(
    await api.call(updateOrganization, {
      body: { version: before.version, currency: 'CZK', defaultHourlyRate: 1250, lockedUntil: addDays(lastMonthEnd, 1) },
    }),
  );
  const context = await browser.newContext(contextOptions(kairos, lang, size));
  await context.addCookies(cookies);
  const page = await context.newPage();
  await page.goto('/settings/organization');
  await page
    .getByTestId('lock-state')
    .getByText(ui(lang, 'org.lock.now', { date: formatDate(lang, lastMonthEnd) }))
    .waitFor();
  await shoot(page, `organization-${lang}-${size}`);
  await context.close();
  data(await api.call(updateOrganization, { body: { version: locked.version, lockedUntil: null } }));
}

// the Rules screen: two rules (one tracks the sprint planning, one suggests for the ACME review)
// and a new rule for the stand-ups being made, with the past and coming meetings it matches
async function rulesScreens(
  browser: Browser,
  kairos: KairosServer,
  api: Client,
  cookies: Cookies,
  lang: UiLanguage,
  size: 'wide' | '390',
): Promise<void> {
  if (data(await api.call(listRules)).items.length === 0) {
    const projects = data(await api.call(listProjects)).items;
    const id = (name: string) => projects.find((project) => project.name === name)!.id;
    data(await api.call(createRule, { body: { kind: 'subject', pattern: 'sprint planning', projectId: id('Mobile app'), mode: 'track' } }));
    data(await api.call(createRule, { body: { kind: 'subject', pattern: 'website review', projectId: id('Website'), mode: 'suggest' } }));
  }
  const context = await browser.newContext(contextOptions(kairos, lang, size));
  await context.addCookies(cookies);
  const page = await context.newPage();
  await page.goto('/rules');
  await page.locator('[data-rule="sprint planning"]').waitFor();
  await page.getByRole('button', { name: ui(lang, 'rules.new') }).click();
  const editor = page.getByRole('region', { name: ui(lang, 'rules.new') });
  await editor.getByLabel(ui(lang, 'rules.pattern')).fill('stand-up');
  await editor.getByRole('combobox', { name: ui(lang, 'rules.project') }).fill('Internal');
  await editor
    .getByRole('listbox')
    .getByRole('option', { name: /Internal/ })
    .first()
    .click();
  await editor.locator('[data-match="Team stand-up"]').first().waitFor();
  // the whole page: the list of rules sits under the new one
  await shoot(page, `rules-${lang}-${size}`, { fullPage: true });
  await context.close();
}

async function screens(
  kairos: KairosServer,
  browser: Browser,
  api: Client,
  cookies: Cookies,
  lang: UiLanguage,
  size: 'wide' | '390',
): Promise<void> {
  const phone = size === '390';
  const options = contextOptions(kairos, lang, size);
  const anonymous = await browser.newContext(options);
  const login = await anonymous.newPage();
  await login.goto('/login');
  await login.getByRole('button', { name: ui(lang, 'auth.login.submit') }).waitFor();
  await shoot(login, `login-${lang}-${size}`);
  await anonymous.close();

  const context = await browser.newContext(options);
  context.setDefaultTimeout(30_000);
  await context.addCookies(cookies);
  const page = await context.newPage();
  await page.goto('/');
  await page.locator('[data-record-id]').first().waitFor();
  // the phone shows today (Day view), the panel follows it
  const subject = phone ? 'Mobile app sync' : 'Sprint planning';
  if (phone) {
    // the count depends on the weekday
    const sheetButton = page.getByRole('button', {
      name: new RegExp(`^${ui(lang, 'impulses.sheetButton', { count: 'X' }).split('(')[0]!.trim()} \\(\\d+\\)`),
    });
    await sheetButton.waitFor();
    await shoot(page, `dashboard-${lang}-${size}`);
    await sheetButton.tap();
    await panel(page, lang).waitFor();
    await impulse(page, subject).waitFor();
    await shoot(page, `impulses-sheet-${lang}-${size}`);
  } else {
    await impulse(page, subject).waitFor();
    await shoot(page, `dashboard-${lang}-${size}`);
  }
  await impulseButton(page, subject).click();
  await page.getByRole('menuitem', { name: ui(lang, 'impulses.action.track') }).click();
  await page.getByRole('dialog', { name: ui(lang, 'quickTrack.title') }).waitFor();
  await shoot(page, `quick-track-${lang}-${size}`);
  await page.keyboard.press('Escape');

  await page.goto('/connected-services');
  await page
    .getByRole('region', { name: ui(lang, 'connections.card.exchange') })
    .getByRole('button', { name: ui(lang, 'connections.syncNow') })
    .waitFor();
  await shoot(page, `connected-services-${lang}-${size}`);
  const other = page.getByRole('region', { name: ui(lang, 'connections.card.ics') });
  await other.getByRole('button', { name: ui(lang, 'connections.edit'), exact: true }).click();
  await other.getByLabel(ui(lang, 'connections.field')).fill(kairos.feedUrl(BUSY_FEED));
  await other.getByText(ui(lang, 'connections.check.availability')).waitFor();
  await other.scrollIntoViewIfNeeded();
  await shoot(page, `link-check-availability-${lang}-${size}`);

  kairos.feed.route(FEED, { status: 404, body: 'Not Found', contentType: 'text/plain' });
  const [connection] = data(await api.call(listConnections)).items;
  data(await api.call(syncConnection, { params: { id: connection!.id } }));
  await page.reload();
  await page
    .getByRole('region', { name: ui(lang, 'connections.card.exchange') })
    .getByText(ui(lang, 'connections.state.failing.safe'))
    .waitFor();
  await shoot(page, `connected-services-failing-${lang}-${size}`);
  kairos.feed.route(FEED, { body: meetingsFeed(meetings) });
  data(await api.call(syncConnection, { params: { id: connection!.id } }));

  await page.goto('/timesheet');
  await page.locator('[data-row-key]').first().waitFor();
  await shoot(page, `timesheet-${lang}-${size}`);

  await page.goto('/profile');
  await page.getByLabel(ui(lang, 'profile.language')).waitFor();
  await shoot(page, `profile-${lang}-${size}`);
  await context.close();
}

// the Reports screen over the seeded week: the top (filters, totals, chart) and Meetings vs tracked
async function reportScreens(
  browser: Browser,
  kairos: KairosServer,
  cookies: Cookies,
  lang: UiLanguage,
  size: 'wide' | '390',
): Promise<void> {
  const context = await browser.newContext(contextOptions(kairos, lang, size));
  context.setDefaultTimeout(30_000);
  await context.addCookies(cookies);
  const page = await context.newPage();
  await page.goto('/reports');
  await page.getByTestId('time-chart').waitFor();
  await shoot(page, `reports-${lang}-${size}`);
  await page.getByTestId('meetings-vs-tracked').evaluate((section) => section.scrollIntoView({ block: 'start' }));
  await shoot(page, `reports-meetings-${lang}-${size}`);
  await context.close();
}

// the Import screen after a dry run of a Toggl sample read where it lies (../shared/fixtures/imports)
async function importScreens(
  browser: Browser,
  kairos: KairosServer,
  cookies: Cookies,
  lang: UiLanguage,
  size: 'wide' | '390',
): Promise<void> {
  const sample = path.resolve('../shared/fixtures/imports/toggl-broken-rows.csv');
  if (!existsSync(sample)) {
    console.warn(`no import sample at ${sample}: the Import screen is left out`);
    return;
  }
  const context = await browser.newContext(contextOptions(kairos, lang, size));
  context.setDefaultTimeout(30_000);
  await context.addCookies(cookies);
  const page = await context.newPage();
  await page.goto('/settings/import');
  const form = page.getByRole('form', { name: ui(lang, 'import.form') });
  await form.getByLabel(ui(lang, 'import.file')).setInputFiles(sample);
  await form.getByRole('button', { name: ui(lang, 'import.check') }).click();
  await page.getByTestId('dry-run').waitFor();
  // the dry run's announcement would cover the results
  await page
    .locator('.toast')
    .getByRole('button', { name: ui(lang, 'action.close') })
    .click();
  await page.locator('.toast').waitFor({ state: 'detached' });
  await shoot(page, `import-${lang}-${size}`);
  await page.getByTestId('dry-run').evaluate((section) => section.scrollIntoView({ block: 'start' }));
  await shoot(page, `import-dry-run-${lang}-${size}`);
  await context.close();
}

// Close the day over today (UX.md B9): the seeded meetings of today, the gaps between them inside
// working hours, and a stopwatch still running since 12:05 (or since yesterday before noon; it is
// discarded again afterwards); on a phone the sheet is the whole screen
async function closeDayScreens(
  browser: Browser,
  kairos: KairosServer,
  api: Client,
  cookies: Cookies,
  lang: UiLanguage,
  size: 'wide' | '390',
): Promise<void> {
  const noon = at(week.today, '12:05');
  const startedAt = noon.getTime() < Date.now() ? noon : at(addDays(week.today, -1), '16:05');
  data(await api.call(startTimer, { body: { description: 'Release checklist', startedAt: startedAt.toISOString() } }));
  const context = await browser.newContext(contextOptions(kairos, lang, size));
  context.setDefaultTimeout(30_000);
  await context.addCookies(cookies);
  const page = await context.newPage();
  try {
    await page.goto('/');
    await page.locator('[data-record-id]').first().waitFor();
    await page.locator(`[data-close-day="${week.today}"]`).click();
    const sheet = page.getByRole('dialog', { name: new RegExp(`^${ui(lang, 'closeDay.open')}`) });
    await sheet.locator('.close-day-item[data-kind="timer"]').waitFor();
    await shoot(page, `close-day-${lang}-${size}`);
    const gap = sheet.locator('.close-day-item[data-kind="gap"]').first();
    if (await gap.count()) {
      await gap.getByRole('button', { name: ui(lang, 'closeDay.action.fill') }).click();
      await gap.getByRole('combobox').click();
      await gap.getByRole('option').first().waitFor();
      await shoot(page, `close-day-fill-${lang}-${size}`);
    }
    // where the working hours, the daily target and the nudge are set
    await page.goto('/profile');
    const workday = page.getByRole('heading', { name: ui(lang, 'profile.section.workday') });
    await workday.waitFor();
    // the section's top below the sticky top bar
    await workday.evaluate((heading) => {
      heading.scrollIntoView({ block: 'start' });
      heading.ownerDocument.defaultView?.scrollBy(0, -90);
    });
    await shoot(page, `profile-workday-${lang}-${size}`);
  } finally {
    await context.close();
    data(await api.call(discardTimer));
  }
}

// `npm run screenshots -- --only organization,rules,reports,import` captures only those screens (base = the others)
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set((process.argv[onlyAt + 1] ?? '').split(',')) : null;
const wanted = (section: 'base' | 'organization' | 'rules' | 'reports' | 'import' | 'closeday') => !only || only.has(section);

mkdirSync(out, { recursive: true });
const kairos = await startKairos();
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ baseURL: kairos.url });
  const api = await seed(kairos, context);
  const cookies = await context.cookies();
  for (const lang of ['en', 'cs'] as const) {
    await setLanguage(api, lang);
    for (const size of ['wide', '390'] as const) {
      if (wanted('base')) await screens(kairos, browser, api, cookies, lang, size);
      if (wanted('organization')) await organizationScreens(browser, kairos, api, cookies, lang, size);
      if (wanted('reports')) await reportScreens(browser, kairos, cookies, lang, size);
      if (wanted('import')) await importScreens(browser, kairos, cookies, lang, size);
      if (wanted('rules')) await rulesScreens(browser, kairos, api, cookies, lang, size);
      if (wanted('closeday')) await closeDayScreens(browser, kairos, api, cookies, lang, size);
    }
  }
} finally {
  await browser.close();
  await kairos.close();
}
