// Issue 11 in Chromium: the organisation settings and the rules for recurring work. The owner
// changes the settings from the avatar menu (an API refusal is shown at its field with the API's
// hint; a lock date set there refuses a record in the locked period); a member neither sees nor
// reaches the screen; the accessibility check of the screens in English and Czech.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMe, getOrganization, updateMe, updateOrganization } from '../../src/contract/account.ts';
import type { Client } from '../../src/contract/client.ts';
import { createProject, createTimeRecord } from '../../src/contract/tracking.ts';
import { addDays, formatDate } from '../../src/i18n/format.ts';
import type { UiLanguage } from '../../src/i18n/ui.ts';
import { accessibilityProblems, describeInBrowser, launchBrowser, stepByStep } from '../support/browser.ts';
import { ui } from '../support/e2e-dashboard.ts';
import { type KairosServer, startKairos } from '../support/e2e-server.ts';
import { apiAs, at, data, PASSWORD, signUpInContext, thisWeek, ZONE } from '../support/e2e-world.ts';

const week = thisWeek();
/** a date as an English reader types it: 31/03/2026 */
const typed = (date: string) => date.split('-').reverse().join('/');

describeInBrowser('organisation settings and rules', () => {
  let kairos: KairosServer;
  let browser: Browser;
  let owner: BrowserContext;
  let ownerApi: Client;
  let page: Page;
  let member: BrowserContext;
  let memberApi: Client;
  let memberPage: Page;
  let internal: string;

  beforeAll(async () => {
    [kairos, browser] = await Promise.all([startKairos(), launchBrowser()]);
    owner = await newContext();
    ownerApi = await signUpInContext(owner, kairos.url, { email: 'jana.novakova@example.com', name: 'Jana Nováková', organizationName: 'Nováková Studio' });
    internal = data(await ownerApi.call(createProject, { body: { name: 'Internal' } })).id;
    data(await ownerApi.call(createTimeRecord, { body: { start: at(week.today, '07:00').toISOString(), end: at(week.today, '08:00').toISOString(), projectId: internal, description: 'E-mail' } }));
    page = await owner.newPage();
    // a member of the organisation, invited by the owner
    member = await newContext('cs-CZ');
    const invite = await owner.request.post(`${kairos.url}/api/v1/invites`, {
      data: { email: 'petr@example.com', role: 'member' },
      headers: { 'x-csrf-token': (await owner.cookies()).find((cookie) => cookie.name === 'kairos_csrf')!.value, origin: kairos.url },
    });
    const token = ((await invite.json()) as { token: string }).token;
    const accepted = await member.request.post(`${kairos.url}/api/v1/auth/accept-invite`, {
      data: { token, name: 'Petr Dvořák', password: PASSWORD, timeZone: ZONE, language: 'cs' },
    });
    expect(accepted.status()).toBe(201);
    memberApi = await apiAs(member, kairos.url);
    memberPage = await member.newPage();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await kairos?.close();
  });
  stepByStep(() => page);

  async function newContext(locale = 'en-GB'): Promise<BrowserContext> {
    const context = await browser.newContext({ baseURL: kairos.url, locale, timezoneId: ZONE, viewport: { width: 1440, height: 900 } });
    context.setDefaultTimeout(30_000);
    return context;
  }

  const orgForm = (target: Page, lang: UiLanguage) => target.getByRole('form', { name: ui(lang, 'org.title') });

  describe('Organisation settings', () => {
    it('the owner opens them from the avatar menu and sees the current values', async () => {
      await page.goto('/');
      await page.getByTestId('avatar-button').click();
      await page.getByRole('menuitem', { name: ui('en', 'avatar.organization') }).click();
      await page.waitForURL(`${kairos.url}/settings/organization`);
      await page.getByRole('heading', { name: ui('en', 'org.title'), level: 1 }).waitFor();
      const form = orgForm(page, 'en');
      expect(await form.getByLabel(ui('en', 'org.name')).inputValue()).toBe('Nováková Studio');
      expect(await form.getByLabel(ui('en', 'org.currency')).inputValue()).toBe(data(await ownerApi.call(getOrganization)).currency);
      await page.getByTestId('lock-state').getByText(ui('en', 'org.lock.none')).waitFor();
      // nothing changed yet: nothing to save
      expect(await form.getByRole('button', { name: ui('en', 'org.save') }).isDisabled()).toBe(true);
    });

    it('a value the API refuses is shown at its field with the API\'s message and hint, and nothing is saved', async () => {
      const form = orgForm(page, 'en');
      const before = data(await ownerApi.call(getOrganization));
      await form.getByLabel(ui('en', 'org.rate')).fill('2000000');
      await form.getByRole('button', { name: ui('en', 'org.save') }).click();
      const alert = form.getByRole('alert');
      await alert.getByText('Some fields are not valid.').waitFor();
      // the field's own refusal is the hint: the marked field
      await alert.getByText(ui('en', 'auth.fieldsProblem')).waitFor();
      const rate = form.getByLabel(ui('en', 'org.rate'));
      expect(await rate.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await rate.getAttribute('aria-describedby'))!.split(' ')[0]!;
      expect(await page.locator(`[id="${describedBy}"]`).textContent()).toMatch(/1[\s,]?000[\s,]?000/);
      expect(data(await ownerApi.call(getOrganization)).version).toBe(before.version);
      // typing again takes the refusal away
      await rate.fill('2000');
      await alert.waitFor({ state: 'detached' });
      // a typed value that is no amount is caught before it is sent
      await rate.fill('12,345');
      await form.getByRole('button', { name: ui('en', 'org.save') }).click();
      await form.getByText(ui('en', 'org.rate.invalid')).waitFor();
      expect(data(await ownerApi.call(getOrganization)).version).toBe(before.version);
    });

    it('the owner changes name, currency, default rate and the lock date; the saved state is announced', async () => {
      const form = orgForm(page, 'en');
      await form.getByLabel(ui('en', 'org.name')).fill('Nováková Studio s.r.o.');
      await form.getByLabel(ui('en', 'org.currency')).selectOption('CZK');
      await form.getByLabel(ui('en', 'org.rate')).fill('85.50');
      // locked until today, inclusive, typed as the reader writes dates (not a date the browser formats)
      const lock = form.getByLabel(ui('en', 'org.lock'), { exact: true });
      await lock.fill('31/02/2026');
      await form.getByRole('button', { name: ui('en', 'org.save') }).click();
      await form.getByText(ui('en', 'org.lock.invalid')).waitFor();
      expect(await lock.getAttribute('aria-invalid')).toBe('true');
      await lock.fill(typed(week.today));
      await form.getByText(ui('en', 'org.unsaved')).waitFor();
      await form.getByRole('button', { name: ui('en', 'org.save') }).click();
      await page.getByTestId('live-region').getByText(ui('en', 'org.saved')).waitFor();
      await form.getByText(ui('en', 'org.saved')).waitFor();
      await page.getByTestId('lock-state').getByText(ui('en', 'org.lock.now', { date: formatDate('en', week.today) })).waitFor();
      const saved = data(await ownerApi.call(getOrganization));
      expect(saved).toMatchObject({ name: 'Nováková Studio s.r.o.', currency: 'CZK', defaultHourlyRate: 85.5 });
      // the API's lockedUntil is the first open day
      expect(saved.lockedUntil).toBe(addDays(week.today, 1));
      // what was saved is what a reload shows
      await page.reload();
      expect(await orgForm(page, 'en').getByLabel(ui('en', 'org.rate')).inputValue()).toBe('85.50');
      expect(await orgForm(page, 'en').getByLabel(ui('en', 'org.lock'), { exact: true }).inputValue()).toBe(typed(week.today));
    });

    it('a record in the locked period is refused, and the timesheet shows the day as Locked', async () => {
      const refused = await ownerApi.call(createTimeRecord, { body: { start: at(week.today, '09:00').toISOString(), end: at(week.today, '10:00').toISOString(), projectId: internal } });
      expect(refused.ok ? refused.status : [refused.error.status, refused.error.code]).toEqual([423, 'period_locked']);
      await page.goto('/timesheet');
      const todayColumn = page.locator('th.ts-day-col.is-today');
      await todayColumn.getByText(ui('en', 'timesheet.locked')).waitFor();
      await page.locator('[data-row-key] .ts-cell.is-locked').first().getByText(ui('en', 'timesheet.locked')).waitFor();
    });

    it('the owner removes the lock, and records can be made again', async () => {
      await page.goto('/settings/organization');
      const form = orgForm(page, 'en');
      await form.getByRole('button', { name: ui('en', 'org.lock.clear') }).click();
      expect(await form.getByLabel(ui('en', 'org.lock'), { exact: true }).inputValue()).toBe('');
      await form.getByRole('button', { name: ui('en', 'org.save') }).click();
      await page.getByTestId('lock-state').getByText(ui('en', 'org.lock.none')).waitFor();
      expect(data(await ownerApi.call(getOrganization)).lockedUntil).toBeNull();
      data(await ownerApi.call(createTimeRecord, { body: { start: at(week.today, '06:00').toISOString(), end: at(week.today, '06:30').toISOString(), projectId: internal } }));
    });

    it('a member neither sees nor reaches the organisation settings', async () => {
      await memberPage.goto('/');
      await memberPage.getByTestId('avatar-button').click();
      await memberPage.getByRole('menuitem', { name: ui('cs', 'avatar.profile') }).waitFor();
      expect(await memberPage.getByRole('menuitem', { name: ui('cs', 'avatar.organization') }).count()).toBe(0);
      await memberPage.keyboard.press('Escape');
      await memberPage.goto('/settings/organization');
      await memberPage.getByTestId('not-allowed').getByRole('heading', { name: ui('cs', 'admin.notAllowed.title') }).waitFor();
      expect(await orgForm(memberPage, 'cs').count()).toBe(0);
      // and the API refuses them too
      const organization = data(await memberApi.call(getOrganization));
      const refused = await memberApi.call(updateOrganization, { body: { version: organization.version, lockedUntil: null } });
      expect(refused.ok ? refused.status : refused.error.code).toBe('forbidden');
    });
  });

  it('the new screens pass the accessibility check in English and in Czech', async () => {
    const problems: string[] = [];
    const check = async (target: Page, screen: string) => {
      const found = await accessibilityProblems(target);
      if (found) problems.push(`${screen}:\n${found}`);
    };
    for (const lang of ['en', 'cs'] as const) {
      await setLanguage(ownerApi, lang);
      await page.goto('/settings/organization');
      const form = orgForm(page, lang);
      await form.getByLabel(ui(lang, 'org.rate')).fill('abc');
      await form.getByRole('button', { name: ui(lang, 'org.save') }).click();
      await form.getByText(ui(lang, 'org.rate.invalid')).waitFor();
      await form.getByLabel(ui(lang, 'org.lock'), { exact: true }).fill('32. 1. 2026');
      await form.getByRole('button', { name: ui(lang, 'org.save') }).click();
      await form.getByText(ui(lang, 'org.lock.invalid')).waitFor();
      await check(page, `organisation settings with a refused rate (${lang})`);

      await setLanguage(memberApi, lang);
      await memberPage.goto('/settings/organization');
      await memberPage.getByTestId('not-allowed').getByRole('heading', { name: ui(lang, 'admin.notAllowed.title') }).waitFor();
      await check(memberPage, `organisation settings, not allowed (${lang})`);
    }
    expect(problems.join('\n\n')).toBe('');
  });
});

async function setLanguage(api: Client, language: UiLanguage): Promise<void> {
  const me = data(await api.call(getMe));
  if (me.language !== language) data(await api.call(updateMe, { body: { version: me.version, language } }));
}
