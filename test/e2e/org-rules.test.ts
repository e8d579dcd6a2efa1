// Issue 11 in Chromium: the organisation settings and the rules for recurring work. The owner
// changes the settings from the avatar menu (an API refusal is shown at its field with the API's
// hint; a lock date set there refuses a record in the locked period); a member neither sees nor
// reaches the screen. A rule made on the Rules screen, after its preview, tracks a recurring
// meeting of a calendar served on loopback once the sync runs, and the dashboard marks the record
// as automatic; "Make a rule" on a meeting opens the screen prefilled; a match-everything pattern
// is refused in the API's words. The accessibility check of both screens in English and Czech.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMe, getOrganization, updateMe, updateOrganization } from '../../src/contract/account.ts';
import type { Client } from '../../src/contract/client.ts';
import { createConnection, syncConnection } from '../../src/contract/connections.ts';
import { listImpulses } from '../../src/contract/impulses.ts';
import { listRules } from '../../src/contract/rules.ts';
import { createClient, createProject, createTag, createTask, createTimeRecord, listTimeRecords } from '../../src/contract/tracking.ts';
import { addDays, dateInZone, formatDate } from '../../src/i18n/format.ts';
import { exchangeFeed } from '../support/exchange-feed.ts';
import type { UiLanguage } from '../../src/i18n/ui.ts';
import { accessibilityProblems, describeInBrowser, launchBrowser, stepByStep } from '../support/browser.ts';
import { ui } from '../support/e2e-dashboard.ts';
import { type KairosServer, startKairos } from '../support/e2e-server.ts';
import { apiAs, at, data, hhmm, PASSWORD, signUpInContext, thisWeek, ZONE } from '../support/e2e-world.ts';
import { impulseButton } from '../support/e2e-dashboard.ts';

const week = thisWeek();
/** a date as an English reader types it: 31/03/2026 */
const typed = (date: string) => date.split('-').reverse().join('/');

// A daily stand-up whose latest meeting ended 45 minutes ago (three before it, three to come), and
// a one-off review after it that ended 10 minutes ago; times as Exchange publishes them (Prague).
const FEED = '/owa/calendar/5c8e1a/reachcalendar.ics';
const now = Date.now();
const standupStart = new Date(Math.floor((now - 60 * 60_000) / 300_000) * 300_000);
const standupEnd = new Date(standupStart.getTime() + 15 * 60_000);
const standupDay = dateInZone(standupStart, ZONE);
const compact = (date: string, time: string) => `${date.replaceAll('-', '')}T${time.replace(':', '')}00`;
const wall = (instant: Date) => compact(dateInZone(instant, ZONE), hhmm(instant));
const feed = exchangeFeed(
  [
    {
      uid: 'standup',
      summary: 'Team stand-up',
      start: compact(addDays(standupDay, -3), hhmm(standupStart)),
      end: compact(addDays(dateInZone(standupEnd, ZONE), -3), hhmm(standupEnd)),
      rrule: 'FREQ=DAILY;COUNT=7',
    },
    {
      uid: 'review',
      summary: 'ACME website review',
      start: wall(new Date(standupStart.getTime() + 20 * 60_000)),
      end: wall(new Date(standupStart.getTime() + 50 * 60_000)),
    },
  ],
  { name: 'Calendar' },
);

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
  let website: string;
  let connectionId: string;

  beforeAll(async () => {
    [kairos, browser] = await Promise.all([startKairos(), launchBrowser()]);
    owner = await newContext();
    ownerApi = await signUpInContext(owner, kairos.url, {
      email: 'jana.novakova@example.com',
      name: 'Jana Nováková',
      organizationName: 'Nováková Studio',
    });
    internal = data(await ownerApi.call(createProject, { body: { name: 'Internal' } })).id;
    const acme = data(await ownerApi.call(createClient, { body: { name: 'ACME' } })).id;
    website = data(await ownerApi.call(createProject, { body: { name: 'Website', clientId: acme } })).id;
    data(await ownerApi.call(createTask, { body: { projectId: internal, name: 'Meetings' } }));
    data(await ownerApi.call(createTag, { body: { name: 'standup' } }));
    kairos.feed.route(FEED, { body: feed });
    connectionId = data(await ownerApi.call(createConnection, { body: { url: kairos.feedUrl(FEED), name: 'Outlook' } })).id;
    data(
      await ownerApi.call(createTimeRecord, {
        body: {
          start: at(week.today, '07:00').toISOString(),
          end: at(week.today, '08:00').toISOString(),
          projectId: internal,
          description: 'E-mail',
        },
      }),
    );
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

    it("a value the API refuses is shown at its field with the API's message and hint, and nothing is saved", async () => {
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
      await page
        .getByTestId('lock-state')
        .getByText(ui('en', 'org.lock.now', { date: formatDate('en', week.today) }))
        .waitFor();
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
      const refused = await ownerApi.call(createTimeRecord, {
        body: { start: at(week.today, '09:00').toISOString(), end: at(week.today, '10:00').toISOString(), projectId: internal },
      });
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
      data(
        await ownerApi.call(createTimeRecord, {
          body: { start: at(week.today, '06:00').toISOString(), end: at(week.today, '06:30').toISOString(), projectId: internal },
        }),
      );
    });

    it('a member neither sees nor reaches the organisation settings', async () => {
      await memberPage.goto('/');
      await memberPage.getByTestId('avatar-button').click();
      await memberPage.getByRole('menuitem', { name: ui('cs', 'avatar.profile') }).waitFor();
      expect(await memberPage.getByRole('menuitem', { name: ui('cs', 'avatar.organization') }).count()).toBe(0);
      await memberPage.keyboard.press('Escape');
      await memberPage.goto('/settings/organization');
      await memberPage
        .getByTestId('not-allowed')
        .getByRole('heading', { name: ui('cs', 'admin.notAllowed.title') })
        .waitFor();
      expect(await orgForm(memberPage, 'cs').count()).toBe(0);
      // and the API refuses them too
      const organization = data(await memberApi.call(getOrganization));
      const refused = await memberApi.call(updateOrganization, { body: { version: organization.version, lockedUntil: null } });
      expect(refused.ok ? refused.status : refused.error.code).toBe('forbidden');
    });
  });

  describe('Rules', () => {
    const editor = () => page.getByRole('region', { name: ui('en', 'rules.new') });
    const ruleRecords = async () =>
      data(await ownerApi.call(listTimeRecords, { query: { from: addDays(week.today, -14), to: addDays(week.today, 1) } })).items.filter(
        (record) => record.source === 'rule',
      );

    it('opens from the avatar menu, with no rules yet', async () => {
      await page.goto('/');
      await page.getByTestId('avatar-button').click();
      await page.getByRole('menuitem', { name: ui('en', 'avatar.rules') }).click();
      await page.waitForURL(`${kairos.url}/rules`);
      await page.getByRole('heading', { name: ui('en', 'rules.title'), level: 1 }).waitFor();
      await page.getByText(ui('en', 'rules.empty')).waitFor();
    });

    it("refuses a pattern that would match everything, in the API's words, and saves nothing", async () => {
      await page.getByRole('button', { name: ui('en', 'rules.new') }).click();
      const form = editor();
      await form.getByText(ui('en', 'rules.preview.waiting')).waitFor();
      const pattern = form.getByLabel(ui('en', 'rules.pattern'));
      await pattern.fill('*');
      // the preview already says so at the pattern
      await form.getByRole('alert').getByText('This rule would match nearly every meeting.').waitFor();
      await form
        .getByRole('alert')
        .getByText(/Enter at least \d+ letters or digits from the subject/)
        .waitFor();
      expect(await pattern.getAttribute('aria-invalid')).toBe('true');
      await form.getByRole('combobox', { name: ui('en', 'rules.project') }).fill('Internal');
      await form
        .getByRole('listbox')
        .getByRole('option', { name: /Internal/ })
        .first()
        .click();
      await form.getByRole('button', { name: ui('en', 'rules.create') }).click();
      await form.getByRole('alert').getByText('This rule would match nearly every meeting.').waitFor();
      expect(data(await ownerApi.call(listRules)).items).toEqual([]);
    });

    it('a series rule shows the past and coming meetings it matches before it is saved', async () => {
      const form = editor();
      await form.getByLabel(ui('en', 'rules.kind.series')).check();
      await form.getByLabel(ui('en', 'rules.series'), { exact: true }).selectOption({ label: 'Team stand-up' });
      await form
        .getByTestId('preview-status')
        .getByText(ui('en', 'rules.preview.count.other', { count: 7 }))
        .waitFor();
      const past = form.locator('.rule-match.tone-ok');
      expect(await past.count()).toBe(4);
      expect(await past.first().locator('.rule-match-outcome').textContent()).toBe(ui('en', 'rules.outcome.track_now'));
      expect(
        await form
          .locator('.rule-match')
          .filter({ hasText: ui('en', 'rules.outcome.track_when_ended') })
          .count(),
      ).toBe(3);
      // nothing is saved by looking
      expect(data(await ownerApi.call(listRules)).items).toEqual([]);

      await form.getByLabel(ui('en', 'rules.task'), { exact: true }).selectOption({ label: 'Meetings' });
      await form.getByLabel('standup', { exact: true }).check();
      expect(await form.getByLabel(ui('en', 'rules.mode.track')).isChecked()).toBe(true);
      await form.getByRole('button', { name: ui('en', 'rules.create') }).click();
      await page
        .getByTestId('live-region')
        .getByText(ui('en', 'rules.created', { rule: ui('en', 'rules.describe.series', { series: 'Team stand-up' }) }))
        .waitFor();
      const item = page.locator('[data-rule="Team stand-up"]');
      await item.getByText(ui('en', 'rules.badge.track')).waitFor();
      await item.getByText(/Internal · Meetings/).waitFor();
      const [rule] = data(await ownerApi.call(listRules)).items;
      expect(rule).toMatchObject({ kind: 'series', seriesLabel: 'Team stand-up', projectId: internal, mode: 'track' });
      // saving makes no record: the sync does
      expect(await ruleRecords()).toEqual([]);
    });

    it('the sync tracks the ended meetings of the series, and the dashboard marks the records as automatic', async () => {
      expect(data(await ownerApi.call(syncConnection, { params: { id: connectionId } })).status).toBe('ok');
      const made = await ruleRecords();
      expect(made.map((record) => [record.description, hhmm(record.start)])).toEqual(
        [3, 2, 1, 0].map(() => ['Team stand-up', hhmm(standupStart)]),
      );
      const latest = made.find((record) => dateInZone(record.start, ZONE) === standupDay)!;
      expect(Date.parse(latest.start)).toBe(standupStart.getTime());

      await page.goto('/');
      if (standupDay < week.monday)
        await page.getByRole('button', { name: ui('en', 'calendar.prev', { unit: ui('en', 'calendar.unit.week') }) }).click();
      const block = page.locator(`[data-record-id="${latest.id}"]`);
      await block.getByTestId('auto-record').waitFor();
      expect(await block.getByTestId('auto-record').getAttribute('title')).toBe(ui('en', 'calendar.autoRecord'));
      expect((await block.textContent())!.replace(/\s+/g, ' ')).toContain(`, ${ui('en', 'calendar.autoRecord')}`);
      // the meeting in the panel says who tracked it
      await page
        .locator('.impulse-state-link')
        .filter({ hasText: ui('en', 'impulses.state.autoTracked') })
        .first()
        .waitFor();
      // a record made by hand has no such mark
      expect(await page.locator('[data-record-id]').filter({ hasText: 'E-mail' }).getByTestId('auto-record').count()).toBe(0);
    });

    it('"Make a rule" on a meeting opens the Rules screen prefilled with its subject', async () => {
      await impulseButton(page, 'ACME website review').click();
      await page.getByRole('menuitem', { name: ui('en', 'impulses.action.makeRule') }).click();
      await page.waitForURL(/\/rules\?new=subject/);
      const form = editor();
      expect(await form.getByLabel(ui('en', 'rules.kind.subject')).isChecked()).toBe(true);
      expect(await form.getByLabel(ui('en', 'rules.pattern')).inputValue()).toBe('ACME website review');
      await form.locator('[data-match="ACME website review"]').waitFor();
      await form.getByLabel(ui('en', 'rules.mode.suggest')).check();
      await form.locator('[data-match="ACME website review"]').getByText(ui('en', 'rules.outcome.suggest')).waitFor();
      await form.getByRole('combobox', { name: ui('en', 'rules.project') }).fill('Website');
      await form
        .getByRole('listbox')
        .getByRole('option', { name: /Website/ })
        .first()
        .click();
      await form.getByRole('button', { name: ui('en', 'rules.create') }).click();
      await page.locator('[data-rule="ACME website review"]').getByText(ui('en', 'rules.badge.suggest')).waitFor();
      // the address no longer asks for a new rule
      await page.waitForURL(`${kairos.url}/rules`);
      const review = data(
        await ownerApi.call(listImpulses, { query: { from: addDays(week.today, -7), to: addDays(week.today, 7) } }),
      ).items.find((item) => item.summary === 'ACME website review');
      expect(review).toMatchObject({ suggestedProjectId: website, suggestionSource: 'rule' });
    });

    it('a rule is edited and deleted; the records it made stay', async () => {
      const item = page.locator('[data-rule="ACME website review"]');
      await item.getByRole('button', { name: new RegExp(`^${ui('en', 'rules.edit')}`) }).click();
      const form = page.getByRole('region', { name: ui('en', 'rules.edit.title') });
      await form.getByLabel(ui('en', 'rules.pattern')).fill('website review');
      await form.locator('[data-match="ACME website review"]').waitFor();
      await form.getByRole('button', { name: ui('en', 'rules.save') }).click();
      await page.locator('[data-rule="website review"]').waitFor();
      expect(data(await ownerApi.call(listRules)).items.map((rule) => rule.pattern ?? rule.seriesLabel)).toEqual([
        'Team stand-up',
        'website review',
      ]);

      const made = (await ruleRecords()).length;
      await page
        .locator('[data-rule="Team stand-up"]')
        .getByRole('button', { name: new RegExp(`^${ui('en', 'rules.delete')}`) })
        .click();
      await page
        .getByRole('dialog', { name: ui('en', 'rules.delete.title') })
        .getByRole('button', { name: ui('en', 'rules.delete'), exact: true })
        .click();
      await page.locator('[data-rule="Team stand-up"]').waitFor({ state: 'detached' });
      expect(data(await ownerApi.call(listRules)).items.map((rule) => rule.pattern)).toEqual(['website review']);
      expect((await ruleRecords()).length).toBe(made);
    });

    it('"Make a rule" on a recurring meeting asks for its series; the records made before read as tracked', async () => {
      await page.goto('/');
      // any stand-up of the series, tracked or not (this week always has one)
      await impulseButton(page, 'Team stand-up').click();
      await page.getByRole('menuitem', { name: ui('en', 'impulses.action.makeRule') }).click();
      await page.waitForURL(/\/rules\?new=series/);
      const form = editor();
      expect(await form.getByLabel(ui('en', 'rules.kind.series')).isChecked()).toBe(true);
      expect(await form.getByLabel(ui('en', 'rules.series'), { exact: true }).locator('option:checked').textContent()).toBe(
        'Team stand-up',
      );
      await form
        .getByTestId('preview-status')
        .getByText(ui('en', 'rules.preview.count.other', { count: 7 }))
        .waitFor();
      expect(
        await form
          .locator('.rule-match')
          .filter({ hasText: ui('en', 'rules.outcome.tracked') })
          .count(),
      ).toBe(4);
      // Cancel: nothing saved, and the address no longer asks for a rule
      await form.getByRole('button', { name: ui('en', 'action.cancel') }).click();
      await page.waitForURL(`${kairos.url}/rules`);
      await page.getByRole('button', { name: ui('en', 'rules.new') }).waitFor();
      expect(data(await ownerApi.call(listRules)).items.map((rule) => rule.pattern)).toEqual(['website review']);
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

      await page.goto('/rules');
      await page.locator('[data-rule="website review"]').waitFor();
      await page.getByRole('button', { name: ui(lang, 'rules.new') }).click();
      const rules = page.getByRole('region', { name: ui(lang, 'rules.new') });
      await rules.getByLabel(ui(lang, 'rules.pattern')).fill('stand-up');
      await rules.locator('.rule-match').first().waitFor();
      await check(page, `rules with a preview (${lang})`);
      await rules.getByLabel(ui(lang, 'rules.pattern')).fill('*');
      await rules.getByRole('alert').waitFor();
      await check(page, `rules with a refused pattern (${lang})`);

      await setLanguage(memberApi, lang);
      await memberPage.goto('/settings/organization');
      await memberPage
        .getByTestId('not-allowed')
        .getByRole('heading', { name: ui(lang, 'admin.notAllowed.title') })
        .waitFor();
      await check(memberPage, `organisation settings, not allowed (${lang})`);
    }
    expect(problems.join('\n\n')).toBe('');
  });
});

async function setLanguage(api: Client, language: UiLanguage): Promise<void> {
  const me = data(await api.call(getMe));
  if (me.language !== language) data(await api.call(updateMe, { body: { version: me.version, language } }));
}
