// Issue 9, in Chromium against `kairos serve`: a new person signs up, follows the first-run
// checklist (first project, the Exchange calendar connected inline), sees this week's meetings
// in the panel and tracks them with real pointer drags: onto a Week slot, the all-day row, a
// Month cell and the stopwatch. Every outcome is checked through the API.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Client } from '../../src/contract/client.ts';
import { describeInBrowser, launchBrowser, pointerDrag, stepByStep } from '../support/browser.ts';
import {
  allDayPoint,
  impulse,
  impulseIdOf,
  monthCellPoint,
  panel,
  recordOf,
  runningTimer,
  slotPoint,
  timerRanASecond,
  stopwatch,
  suggestedProjectOf,
  ui,
} from '../support/e2e-dashboard.ts';
import { type KairosServer, startKairos } from '../support/e2e-server.ts';
import { apiAs, at, type Meeting, meetingInProgress, meetingsFeed, PASSWORD, thisWeek, ZONE } from '../support/e2e-world.ts';

const FEED = '/owa/calendar/4f1c2b/aa11bb22cc33/calendar.ics';
const week = thisWeek();
// Tuesday to Thursday: always in the visible Week; the all-day and month drops move to Friday
const meetings: Meeting[] = [
  { uid: 'design-review', summary: 'Design review', date: week.day(1), from: '10:00', to: '11:30' },
  { uid: 'budget', summary: 'Budget planning', date: week.day(2), from: '13:00', to: '13:45' },
  { uid: 'retro', summary: 'Sprint retrospective', date: week.day(3), from: '15:00', to: '16:00' },
  meetingInProgress('standup', 'Daily standup'),
];
const minutes = (meeting: Meeting) => (at(meeting.date, meeting.to).getTime() - at(meeting.date, meeting.from).getTime()) / 60_000;

describeInBrowser('first run and pointer drags', () => {
  let kairos: KairosServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: Client;

  beforeAll(async () => {
    [kairos, browser] = await Promise.all([startKairos(), launchBrowser()]);
    kairos.feed.route(FEED, { body: meetingsFeed(meetings) });
    context = await browser.newContext({ baseURL: kairos.url, locale: 'en-GB', timezoneId: ZONE, viewport: { width: 1440, height: 900 } });
    context.setDefaultTimeout(30_000);
    page = await context.newPage();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await kairos?.close();
  });
  stepByStep(() => page);

  it('signs up, creates the first project and connects the Exchange calendar from the checklist; the meetings appear', async () => {
    await page.goto('/signup');
    await page.getByLabel(ui('en', 'auth.name')).fill('Ada Lovelace');
    await page.getByLabel(ui('en', 'auth.email')).fill('ada@example.com');
    await page.getByLabel(ui('en', 'auth.password.new'), { exact: true }).fill(PASSWORD);
    await page.getByLabel(ui('en', 'auth.organization')).fill('Analytical');
    await page.getByRole('button', { name: ui('en', 'auth.signup.submit') }).click();

    await page.waitForURL(`${kairos.url}/`);
    // the empty panel has loaded: no calendar yet
    await panel(page)
      .getByRole('button', { name: ui('en', 'impulses.empty.connect') })
      .waitFor();
    const guide = panel(page).getByRole('region', { name: ui('en', 'guide.title') });
    await guide.getByRole('button', { name: ui('en', 'guide.step.project') }).click();
    const dialog = page.getByRole('dialog', { name: ui('en', 'guide.project.title') });
    await dialog.getByLabel(ui('en', 'guide.project.label')).fill('ACME › Website');
    await dialog.getByRole('button', { name: ui('en', 'guide.project.create') }).click();
    await page
      .getByTestId('live-region')
      .getByText(ui('en', 'project.created', { name: 'ACME › Website' }))
      .waitFor({ state: 'attached' });
    await guide.getByRole('button', { name: `${ui('en', 'guide.step.project')} (${ui('en', 'guide.done')})` }).waitFor();

    await guide.getByRole('button', { name: ui('en', 'guide.step.calendar') }).click();
    await page.getByLabel(ui('en', 'connections.field')).fill(kairos.feedUrl(FEED));
    await page.getByText(ui('en', 'connections.check.ok.other', { count: meetings.length })).waitFor();
    await page.getByRole('button', { name: ui('en', 'connections.save'), exact: true }).click();

    for (const meeting of meetings) await impulse(page, meeting.summary).waitFor();
    api = await apiAs(context, kairos.url);
  });

  it('drops a meeting on a Week slot: the record starts at the slot with the meeting’s length, linked to it', async () => {
    const meeting = meetings[0]!;
    const item = impulse(page, meeting.summary);
    const id = await impulseIdOf(item);
    expect(await suggestedProjectOf(api, week.monday, id)).toBeNull();
    await pointerDrag(page, item, await slotPoint(page, week.day(2), '09:00'));
    // no project is known for this meeting yet: the quick-track dialog opens with the slot's times
    const dialog = page.getByRole('dialog', { name: ui('en', 'quickTrack.title') });
    await expect.poll(() => dialog.getByRole('textbox', { name: ui('en', 'record.from'), exact: true }).inputValue()).toBe('9:00');
    expect(await dialog.getByRole('textbox', { name: ui('en', 'record.to'), exact: true }).inputValue()).toBe('10:30');
    await chooseProject(page, 'Website');
    await dialog.getByRole('button', { name: ui('en', 'action.save'), exact: true }).click();

    const record = await recordOf(api, week.monday, id);
    expect(new Date(record.start)).toEqual(at(week.day(2), '09:00'));
    expect(record.durationSeconds).toBe(minutes(meeting) * 60);
    expect(record.description).toBe(meeting.summary);
    await page.locator(`[data-record-id="${record.id}"]`).waitFor();
    await expect.poll(() => item.getAttribute('data-impulse-state')).toBe('tracked');
  });

  it('drops a meeting on the all-day row of another day: the record keeps the meeting’s own time of day', async () => {
    const meeting = meetings[1]!;
    const item = impulse(page, meeting.summary);
    const id = await impulseIdOf(item);
    const suggested = await suggestedProjectOf(api, week.monday, id);
    await pointerDrag(page, item, await allDayPoint(page, week.day(4)));
    await completeTracking(page, suggested);
    const record = await recordOf(api, week.monday, id);
    expect(new Date(record.start)).toEqual(at(week.day(4), meeting.from));
    expect(new Date(record.end)).toEqual(at(week.day(4), meeting.to));
  });

  it('drops a meeting on a Month cell: the record keeps the meeting’s own time on that date', async () => {
    const meeting = meetings[2]!;
    const item = impulse(page, meeting.summary);
    const id = await impulseIdOf(item);
    const suggested = await suggestedProjectOf(api, week.monday, id);
    await page.getByRole('button', { name: ui('en', 'calendar.view.month'), exact: true }).click();
    const target = monthTarget();
    await pointerDrag(page, item, await monthCellPoint(page, target));
    await completeTracking(page, suggested);
    const record = await recordOf(api, week.monday, id);
    expect(new Date(record.start)).toEqual(at(target, meeting.from));
    expect(record.durationSeconds).toBe(minutes(meeting) * 60);
    await page.getByRole('button', { name: ui('en', 'calendar.view.week'), exact: true }).click();
  });

  it('drops a meeting on the stopwatch: it runs; stopping saves the record', async () => {
    const meeting = meetings[3]!;
    const item = impulse(page, meeting.summary);
    const id = await impulseIdOf(item);
    await pointerDrag(page, item, stopwatch(page));
    await stopwatch(page).getByRole('timer').waitFor();
    const running = await runningTimer(api);
    expect(running).toMatchObject({ impulseId: id, description: meeting.summary });

    await timerRanASecond(api);
    await stopwatch(page)
      .getByRole('button', { name: ui('en', 'stopwatch.stop') })
      .click();
    // the stopwatch has no project yet: stopping asks for one
    const dialog = page.getByRole('dialog', { name: ui('en', 'record.title.stopTimer') });
    await chooseProject(page, 'Website');
    await dialog.getByRole('button', { name: ui('en', 'record.stopTimer.submit') }).click();
    const record = await recordOf(api, week.monday, id);
    expect(record).toMatchObject({ source: 'timer', description: meeting.summary });
    expect(await runningTimer(api)).toBeNull();
  });
});

// Friday of this week when it is in this month, else the Monday (the Month view shows the month of today)
function monthTarget(): string {
  const friday = week.day(4);
  return friday.slice(0, 7) === week.today.slice(0, 7) ? friday : week.today;
}

/** picks a project in the open dialog's project combobox by typing part of its name */
export async function chooseProject(page: Page, name: string): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: ui('en', 'record.project') }).fill(name);
  await dialog
    .getByRole('listbox')
    .getByRole('option', { name: new RegExp(name) })
    .first()
    .click();
}

/** after a drop: a meeting with a suggested project is tracked at once, one without opens the dialog */
async function completeTracking(page: Page, suggested: string | null): Promise<void> {
  if (suggested) return;
  const dialog = page.getByRole('dialog', { name: ui('en', 'quickTrack.title') });
  await chooseProject(page, 'Website');
  await dialog.getByRole('button', { name: ui('en', 'action.save'), exact: true }).click();
}
