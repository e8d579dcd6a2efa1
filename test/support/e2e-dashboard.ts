// Finding things on the dashboard in the browser tests: by role and accessible name first, the
// calendar's cells by FullCalendar's data-date / data-time, records by data-record-id and
// impulses by data-impulse-id (FullCalendar's own class names are hashed).
import type { Locator, Page } from 'playwright-core';
import type { Client } from '../../src/contract/client.ts';
import { listImpulses } from '../../src/contract/impulses.ts';
import { getTimer, listTimeRecords, type TimeRecord } from '../../src/contract/tracking.ts';
import { uiTexts, type UiLanguage } from '../../src/i18n/ui.ts';
import { addDays } from '../../src/i18n/format.ts';
import { data } from './e2e-world.ts';

/** a UI text from the tables (placeholders filled); a key that does not exist fails loudly */
export function ui(lang: UiLanguage, key: string, params: Record<string, string | number> = {}): string {
  const template = uiTexts[lang][key];
  if (template === undefined) throw new Error(`no UI text ${key} (${lang})`);
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const panel = (page: Page, lang: UiLanguage = 'en') => page.getByRole('complementary', { name: ui(lang, 'impulses.title') });
export const stopwatch = (page: Page, lang: UiLanguage = 'en') => page.getByRole('region', { name: ui(lang, 'stopwatch.region') });

/** the panel's item of a meeting (the element with data-impulse-id) by its button, whose accessible name starts with the subject */
export function impulse(page: Page, summary: string): Locator {
  const button = page.getByRole('button', { name: new RegExp(`^${escape(summary)}(?=$|[,\\s])`) });
  const items = page.locator('[data-impulse-id]');
  return items.filter({ has: button }).or(items.and(button)).first();
}

/** the button of a panel item (what a click, a tap or the keyboard activates) */
export function impulseButton(page: Page, summary: string): Locator {
  return page
    .locator('[data-impulse-id]')
    .getByRole('button', { name: new RegExp(`^${escape(summary)}(?=$|[,\\s])`) })
    .or(page.locator('[data-impulse-id]').and(page.getByRole('button', { name: new RegExp(`^${escape(summary)}(?=$|[,\\s])`) })))
    .first();
}

export async function impulseIdOf(item: Locator): Promise<string> {
  const id = await item.getAttribute('data-impulse-id');
  if (!id) throw new Error('impulse without data-impulse-id');
  return id;
}

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error(`${locator} is not visible`);
  return found;
}

/** the middle of a Week/Day time slot: the day's column (data-date) across the slot's row (data-time) */
export async function slotPoint(page: Page, date: string, time: string): Promise<{ x: number; y: number }> {
  const row = page.locator(`[data-time="${time}:00"]`).last();
  await row.scrollIntoViewIfNeeded();
  const columns = await visibleBoxes(page.locator(`[data-date="${date}"]`));
  const column = columns.sort((a, b) => b.height - a.height)[0];
  if (!column) throw new Error(`no column for ${date}`);
  const slot = await box(row);
  // a quarter of the slot's height below its top line, safely inside the slot
  return { x: column.x + column.width / 2, y: slot.y + Math.min(slot.height / 4, 4) + 1 };
}

/** the all-day cell of a date in the Week view: FullCalendar's first day cell of that date (the all-day row comes before the timed one) */
export async function allDayPoint(page: Page, date: string): Promise<{ x: number; y: number }> {
  const cell = await box(page.locator(`[role="cell"][data-date="${date}"]`).first());
  return { x: cell.x + cell.width / 2, y: cell.y + cell.height / 2 };
}

/** the middle of a Month view day cell (its lower part, away from the day number link) */
export async function monthCellPoint(page: Page, date: string): Promise<{ x: number; y: number }> {
  const cells = await visibleBoxes(page.locator(`[data-date="${date}"]`));
  const cell = cells.sort((a, b) => b.width * b.height - a.width * a.height)[0];
  if (!cell) throw new Error(`no month cell for ${date}`);
  return { x: cell.x + cell.width / 2, y: cell.y + cell.height * 0.7 };
}

async function visibleBoxes(locator: Locator) {
  const boxes = [];
  for (const item of await locator.all()) {
    const found = (await item.isVisible()) ? await item.boundingBox() : null;
    if (found && found.width > 0 && found.height > 0) boxes.push(found);
  }
  return boxes;
}

/** the records of the week that starts on monday, through the API */
export async function recordsOfWeek(api: Client, monday: string): Promise<TimeRecord[]> {
  return data(await api.call(listTimeRecords, { query: { from: addDays(monday, -7), to: addDays(monday, 14), limit: 500 } })).items;
}

/** the record linked to a meeting, waiting for it to be saved (the screen shows it optimistically) */
export async function recordOf(api: Client, monday: string, impulseId: string): Promise<TimeRecord> {
  const deadline = Date.now() + 30_000;
  let wait = 50;
  for (;;) {
    const found = (await recordsOfWeek(api, monday)).find((record) => record.impulseId === impulseId);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no time record linked to impulse ${impulseId}`);
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(wait * 2, 1000);
  }
}

export async function suggestedProjectOf(api: Client, monday: string, impulseId: string): Promise<string | null> {
  const items = data(await api.call(listImpulses, { query: { from: addDays(monday, -7), to: addDays(monday, 14) } })).items;
  const found = items.find((item) => item.id === impulseId);
  if (!found) throw new Error(`impulse ${impulseId} is not listed`);
  return found.suggestedProjectId;
}

export async function runningTimer(api: Client) {
  return data(await api.call(getTimer)).running;
}

/** waits until the running stopwatch has run for a second: the API refuses to save less */
export async function timerRanASecond(api: Client): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const running = await runningTimer(api);
    if (!running) throw new Error('no stopwatch is running');
    if (Date.now() - Date.parse(running.startedAt) >= 1500) return;
    if (Date.now() > deadline) throw new Error('the stopwatch never ran for a second');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
