// Issue 11, the admin screens in Chromium, as one story: the owner invites someone on the Team
// screen (the one-time link is shown to copy), the invitee accepts it in a second browser and
// appears, the owner changes their role and deactivates them; a member neither sees nor reaches
// the admin screens; a personal API token is shown once, works, and is refused once revoked; the
// accessibility check on each new screen in English and Czech.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMe, listInvites, listMembers, updateMe } from '../../src/contract/account.ts';
import type { Client } from '../../src/contract/client.ts';
import type { UiLanguage } from '../../src/i18n/ui.ts';
import { accessibilityProblems, describeInBrowser, launchBrowser, stepByStep } from '../support/browser.ts';
import { ui } from '../support/e2e-dashboard.ts';
import { type KairosServer, startKairos } from '../support/e2e-server.ts';
import { apiAs, data, PASSWORD, signUpInContext, ZONE } from '../support/e2e-world.ts';

const INVITEE = 'petra.svobodova@example.com';

describeInBrowser('the admin screens', () => {
  let kairos: KairosServer;
  let browser: Browser;
  let owner: BrowserContext;
  let ownerApi: Client;
  let page: Page;
  let invitee: BrowserContext | undefined;
  let inviteePage: Page;
  let inviteLink = '';

  beforeAll(async () => {
    [kairos, browser] = await Promise.all([startKairos(), launchBrowser()]);
    owner = await newContext();
    await owner.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: kairos.url });
    ownerApi = await signUpInContext(owner, kairos.url, {
      email: 'jana.novakova@example.com',
      name: 'Jana Nováková',
      organizationName: 'Nováková Studio',
    });
    page = await owner.newPage();
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

  const memberRow = (email: string) => page.locator(`[data-member="${email}"]`);

  describe('Team', () => {
    it('the owner invites someone by e-mail with a role, and the one-time link is shown with Copy', async () => {
      await page.goto('/team');
      await page.getByRole('heading', { name: ui('en', 'team.title'), level: 1 }).waitFor();
      // the owner is listed, with a role nobody can change
      await memberRow('jana.novakova@example.com').getByText(ui('en', 'team.ownerFixed')).waitFor();

      const form = page.getByRole('form', { name: ui('en', 'team.invite.title') });
      await form.getByLabel(ui('en', 'team.invite.email')).fill('not an address');
      await form.getByRole('button', { name: ui('en', 'team.invite.submit') }).click();
      await form.getByText(ui('en', 'team.invite.emailInvalid')).waitFor();

      await form.getByLabel(ui('en', 'team.invite.email')).fill(INVITEE);
      await form.getByLabel(ui('en', 'team.invite.role')).selectOption('member');
      await form.getByRole('button', { name: ui('en', 'team.invite.submit') }).click();
      const box = page.getByRole('group', { name: ui('en', 'team.invite.linkTitle', { email: INVITEE }) });
      const field = box.getByLabel(ui('en', 'team.invite.linkLabel'), { exact: true });
      inviteLink = await field.inputValue();
      expect(inviteLink).toMatch(/\/invite#.{20,}$/);
      await box.getByRole('button', { name: new RegExp(`^${ui('en', 'copy.button')}`) }).click();
      await box.getByText(ui('en', 'copy.done')).waitFor();
      expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(inviteLink);

      // listed as an open invitation, with its role
      const pending = page.locator(`[data-invite="${INVITEE}"]`);
      await pending.getByText(ui('en', 'role.member'), { exact: true }).waitFor();
      const invites = data(await ownerApi.call(listInvites)).items;
      expect(invites.map((invite) => [invite.email, invite.role])).toEqual([[INVITEE, 'member']]);

      // an address that already has an account is refused in words
      await form.getByLabel(ui('en', 'team.invite.email')).fill('jana.novakova@example.com');
      await form.getByRole('button', { name: ui('en', 'team.invite.submit') }).click();
      await form.getByRole('alert').getByText('An account with this e-mail already exists.').waitFor();
    });

    it('the invitee accepts the link in another browser and appears in the team', async () => {
      invitee = await newContext('cs-CZ');
      inviteePage = await invitee.newPage();
      const link = new URL(inviteLink);
      await inviteePage.goto(`${link.pathname}${link.hash}`);
      await inviteePage.getByLabel(ui('cs', 'auth.name')).fill('Petra Svobodová');
      await inviteePage.getByLabel(ui('cs', 'auth.password.new'), { exact: true }).fill(PASSWORD);
      await inviteePage.getByRole('button', { name: ui('cs', 'auth.invite.submit') }).click();
      await inviteePage.waitForURL(`${kairos.url}/`);
      await inviteePage.getByRole('button', { name: ui('cs', 'avatar.menu', { name: 'Petra Svobodová' }) }).waitFor();

      await page.reload();
      const row = memberRow(INVITEE);
      await row.locator('.item-title').getByText('Petra Svobodová').waitFor();
      await row.getByText(ui('en', 'team.status.active'), { exact: true }).waitFor();
      // an accepted invitation is no longer open
      await page.getByText(ui('en', 'team.invites.empty')).waitFor();
    });

    it('the owner changes the role', async () => {
      const row = memberRow(INVITEE);
      const role = row.getByRole('combobox', { name: `${ui('en', 'team.role')} Petra Svobodová` });
      expect(await role.inputValue()).toBe('member');
      await role.selectOption('manager');
      await row.getByRole('button', { name: new RegExp(`^${ui('en', 'team.saveRole')}`) }).click();
      await page
        .getByText(ui('en', 'team.roleSaved', { name: 'Petra Svobodová', role: ui('en', 'role.manager') }))
        .first()
        .waitFor();
      await expect
        .poll(async () => data(await ownerApi.call(listMembers)).items.find((member) => member.email === INVITEE)?.role)
        .toBe('manager');
      await role.selectOption('member');
      await row.getByRole('button', { name: new RegExp(`^${ui('en', 'team.saveRole')}`) }).click();
      await expect
        .poll(async () => data(await ownerApi.call(listMembers)).items.find((member) => member.email === INVITEE)?.role)
        .toBe('member');
    });

    it('a member neither sees nor reaches the Team screen', async () => {
      await inviteePage.goto('/');
      await inviteePage
        .getByRole('navigation', { name: ui('cs', 'nav.main') })
        .getByRole('link', { name: ui('cs', 'nav.projects') })
        .waitFor();
      expect(
        await inviteePage
          .getByRole('navigation', { name: ui('cs', 'nav.main') })
          .getByRole('link', { name: ui('cs', 'nav.team') })
          .count(),
      ).toBe(0);
      await inviteePage.getByTestId('avatar-button').click();
      await inviteePage.getByRole('menuitem', { name: ui('cs', 'avatar.profile') }).waitFor();
      expect(await inviteePage.getByRole('menuitem', { name: ui('cs', 'avatar.organization') }).count()).toBe(0);
      await inviteePage.keyboard.press('Escape');

      await inviteePage.goto('/team');
      await inviteePage
        .getByTestId('not-allowed')
        .getByRole('heading', { name: ui('cs', 'admin.notAllowed.title') })
        .waitFor();
      expect(await inviteePage.getByRole('form', { name: ui('cs', 'team.invite.title') }).count()).toBe(0);
    });

    it('the owner deactivates the member after a confirmation, and reactivates them', async () => {
      const row = memberRow(INVITEE);
      await row.getByRole('button', { name: new RegExp(`^${ui('en', 'team.deactivate')}`) }).click();
      const dialog = page.getByRole('dialog', { name: ui('en', 'team.deactivate.title', { name: 'Petra Svobodová' }) });
      // Cancel first: nothing changes
      await dialog.getByRole('button', { name: ui('en', 'action.cancel') }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(data(await ownerApi.call(listMembers)).items.find((member) => member.email === INVITEE)?.active).toBe(true);

      await row.getByRole('button', { name: new RegExp(`^${ui('en', 'team.deactivate')}`) }).click();
      await dialog.getByRole('button', { name: ui('en', 'team.deactivate'), exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await row.getByText(ui('en', 'team.status.inactive'), { exact: true }).waitFor();
      expect(data(await ownerApi.call(listMembers)).items.find((member) => member.email === INVITEE)?.active).toBe(false);
      // the deactivated person's session no longer works
      const inviteeApi = await apiAs(invitee!, kairos.url);
      const refused = await inviteeApi.call(getMe);
      expect(refused.ok ? 200 : refused.error.status).toBe(401);

      await row.getByRole('button', { name: new RegExp(`^${ui('en', 'team.reactivate')}`) }).click();
      await page
        .getByRole('dialog', { name: ui('en', 'team.reactivate.title', { name: 'Petra Svobodová' }) })
        .getByRole('button', { name: ui('en', 'team.reactivate'), exact: true })
        .click();
      await row.getByText(ui('en', 'team.status.active'), { exact: true }).waitFor();
      expect(data(await inviteeApi.call(getMe)).email).toBe(INVITEE);
    });

    it('the owner revokes an open invitation after a confirmation', async () => {
      const form = page.getByRole('form', { name: ui('en', 'team.invite.title') });
      await form.getByLabel(ui('en', 'team.invite.email')).fill('tomas@example.com');
      await form.getByLabel(ui('en', 'team.invite.role')).selectOption('admin');
      await form.getByRole('button', { name: ui('en', 'team.invite.submit') }).click();
      const pending = page.locator('[data-invite="tomas@example.com"]');
      await pending.getByText(ui('en', 'role.admin'), { exact: true }).waitFor();
      await pending.getByRole('button', { name: new RegExp(`^${ui('en', 'team.invites.revoke')}`) }).click();
      await page
        .getByRole('dialog', { name: ui('en', 'team.invites.revoke.title', { email: 'tomas@example.com' }) })
        .getByRole('button', { name: ui('en', 'team.invites.revoke'), exact: true })
        .click();
      await pending.waitFor({ state: 'detached' });
      // the link box of that invite is gone with it
      expect(await page.getByRole('group', { name: ui('en', 'team.invite.linkTitle', { email: 'tomas@example.com' }) }).count()).toBe(0);
      expect(data(await ownerApi.call(listInvites)).items).toEqual([]);
    });
  });

  describe('Personal API tokens', () => {
    let secret = '';
    const me = (token: string) => fetch(`${kairos.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    const section = () => page.getByRole('region', { name: ui('en', 'tokens.title') });

    it('a token is created with a name and shown once, with Copy and a warning', async () => {
      await page.goto('/profile');
      await section().getByText(ui('en', 'tokens.empty')).waitFor();
      await section()
        .getByRole('button', { name: ui('en', 'tokens.create') })
        .click();
      await section().getByText(ui('en', 'tokens.name.required')).waitFor();
      await section().getByLabel(ui('en', 'tokens.name')).fill('Invoicing script');
      await section()
        .getByRole('button', { name: ui('en', 'tokens.create') })
        .click();
      const box = page.getByRole('group', { name: ui('en', 'tokens.secretTitle', { name: 'Invoicing script' }) });
      await box.getByText(ui('en', 'tokens.secretWarning')).waitFor();
      secret = await box.getByLabel(ui('en', 'tokens.secretLabel'), { exact: true }).inputValue();
      expect(secret).toMatch(/^kairos_/);
      await box.getByRole('button', { name: new RegExp(`^${ui('en', 'copy.button')}`) }).click();
      expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(secret);
      await section().locator('[data-token="Invoicing script"]').getByText(ui('en', 'tokens.neverUsed')).waitFor();

      await box.getByRole('button', { name: ui('en', 'tokens.hide') }).click();
      await box.waitFor({ state: 'detached' });
      expect(await page.content()).not.toContain(secret);
      await page.reload();
      await section().locator('[data-token="Invoicing script"]').waitFor();
      expect(await page.content()).not.toContain(secret);
    });

    it('the token works against the API, and the list says when it was last used', async () => {
      const response = await me(secret);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { email: string }).email).toBe('jana.novakova@example.com');
      await page.reload();
      await section()
        .locator('[data-token="Invoicing script"]')
        .getByText(new RegExp(`^${ui('en', 'tokens.lastUsed', { date: '' })}`))
        .waitFor();
    });

    it('a revoked token is refused', async () => {
      const item = section().locator('[data-token="Invoicing script"]');
      await item.getByRole('button', { name: new RegExp(`^${ui('en', 'tokens.revoke')}`) }).click();
      await page
        .getByRole('dialog', { name: ui('en', 'tokens.revoke.title', { name: 'Invoicing script' }) })
        .getByRole('button', { name: ui('en', 'tokens.revoke'), exact: true })
        .click();
      await item.waitFor({ state: 'detached' });
      const refused = await me(secret);
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('invalid_token');
      // revoked tokens stay listed, one click away
      await section()
        .getByLabel(ui('en', 'tokens.showRevoked', { count: 1 }))
        .check();
      await item.getByText(new RegExp(`^${ui('en', 'tokens.revokedAt', { date: '' })}`)).waitFor();
    });
  });

  it('the new screens pass the accessibility check in English and in Czech', async () => {
    const problems: string[] = [];
    const check = async (screen: string) => {
      const found = await accessibilityProblems(page);
      if (found) problems.push(`${screen}:\n${found}`);
    };
    for (const lang of ['en', 'cs'] as const) {
      await setLanguage(ownerApi, lang);
      await page.goto('/team');
      const form = page.getByRole('form', { name: ui(lang, 'team.invite.title') });
      await form.getByLabel(ui(lang, 'team.invite.email')).fill(`a11y-${lang}@example.com`);
      await form.getByRole('button', { name: ui(lang, 'team.invite.submit') }).click();
      await page.getByLabel(ui(lang, 'team.invite.linkLabel'), { exact: true }).waitFor();
      await check(`team with an invite link (${lang})`);
      await memberRow(INVITEE)
        .getByRole('button', { name: new RegExp(`^${ui(lang, 'team.deactivate')}`) })
        .click();
      await page.getByRole('dialog').waitFor();
      await check(`deactivate dialog (${lang})`);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      await page.goto('/profile');
      const tokens = page.getByRole('region', { name: ui(lang, 'tokens.title') });
      await tokens.getByLabel(ui(lang, 'tokens.name')).fill(`Script ${lang}`);
      await tokens.getByRole('button', { name: ui(lang, 'tokens.create') }).click();
      await tokens.getByLabel(ui(lang, 'tokens.secretLabel'), { exact: true }).waitFor();
      await check(`profile with a new API token (${lang})`);
      await tokens
        .locator(`[data-token="Script ${lang}"]`)
        .getByRole('button', { name: new RegExp(`^${ui(lang, 'tokens.revoke')}`) })
        .click();
      await page.getByRole('dialog').waitFor();
      await check(`revoke token dialog (${lang})`);
      await page.keyboard.press('Escape');

      await setLanguage(await apiAs(invitee!, kairos.url), lang);
      await inviteePage.goto('/team');
      await inviteePage
        .getByTestId('not-allowed')
        .getByRole('heading', { name: ui(lang, 'admin.notAllowed.title') })
        .waitFor();
      const found = await accessibilityProblems(inviteePage);
      if (found) problems.push(`not allowed (${lang}):\n${found}`);
    }
    expect(problems.join('\n\n')).toBe('');
  });
});

async function setLanguage(api: Client, language: UiLanguage): Promise<void> {
  const me = data(await api.call(getMe));
  if (me.language !== language) data(await api.call(updateMe, { body: { version: me.version, language } }));
}
