// What the browser tests share: this week's meetings relative to the real "now" in the profile's
// zone (Europe/Prague) as an Exchange-published feed, and the typed API client signed in with the
// browser's own session cookie, to check what the screens did.
import type { BrowserContext } from 'playwright-core';
import { createClient, type Client } from '../../src/contract/client.ts';
import { addDays, dateInZone, instantFromWall, isoWeekday, wallTime } from '../../src/i18n/format.ts';
import { exchangeFeed, type FeedEvent } from './exchange-feed.ts';

export const ZONE = 'Europe/Prague';
export const PASSWORD = 'a long enough password';

export type Meeting = { uid: string; summary: string; date: string; from: string; to: string; private?: boolean };

/** today's date in the zone, and the Monday that starts its week */
export function thisWeek(now = new Date(), zone = ZONE): { today: string; monday: string; day(n: number): string } {
  const today = dateInZone(now, zone);
  const monday = addDays(today, 1 - isoWeekday(today));
  return { today, monday, day: (n) => addDays(monday, n) };
}

/** a date and HH:MM wall time in the zone as an instant */
export function at(date: string, hhmm: string, zone = ZONE): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = hhmm.split(':').map(Number) as [number, number];
  return instantFromWall({ year, month, day, hour, minute }, zone);
}

/** HH:MM of an instant in the zone */
export function hhmm(instant: Date | string, zone = ZONE): string {
  const wall = wallTime(instant, zone);
  return `${String(wall.hour).padStart(2, '0')}:${String(wall.minute).padStart(2, '0')}`;
}

const compact = (date: string, time: string) => `${date.replaceAll('-', '')}T${time.replace(':', '')}00`;

/** the meetings as Exchange publishes them (W. Europe Standard Time = Europe/Prague) */
export function meetingsFeed(meetings: Meeting[], options: { busyOnly?: boolean } = {}): string {
  const events: FeedEvent[] = meetings.map((meeting) => ({
    uid: meeting.uid,
    summary: options.busyOnly ? 'Busy' : meeting.summary,
    start: compact(meeting.date, meeting.from),
    end: compact(meeting.date, meeting.to),
    ...(meeting.private && { class: 'PRIVATE' as const }),
  }));
  // availability-only publishing ("Availability only" in Outlook) puts the status where the subject was
  return exchangeFeed(events, { name: 'Calendar' });
}

/** a meeting that is on now (started 15 minutes ago), so it can start the stopwatch */
export function meetingInProgress(uid: string, summary: string, now = new Date()): Meeting {
  const start = new Date(Math.floor((now.getTime() - 15 * 60_000) / 60_000) * 60_000);
  const end = new Date(start.getTime() + 60 * 60_000);
  const date = dateInZone(start, ZONE);
  // a meeting that would cross midnight keeps to its day
  const to = dateInZone(end, ZONE) === date ? hhmm(end) : '23:59';
  return { uid, summary, date, from: hhmm(start), to };
}

/** the typed API client, signed in as the browser context is (its session cookie, CSRF header and Origin) */
export async function apiAs(context: BrowserContext, baseUrl: string): Promise<Client> {
  const cookies = await context.cookies(baseUrl);
  const cookie = cookies.map((item) => `${item.name}=${item.value}`).join('; ');
  const csrf = cookies.find((item) => item.name === 'kairos_csrf')?.value ?? '';
  return createClient({ baseUrl, headers: () => ({ cookie, 'x-csrf-token': csrf, origin: baseUrl, 'accept-language': 'en' }) });
}

/** the answer's data, or a thrown error with the API's code and message */
export function data<T>(result: { ok: true; data: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!result.ok) throw new Error(`API refused: ${result.error.code}: ${result.error.message}`);
  return result.data;
}

/** signs a new user up through the API inside the browser context (its cookies are the session) */
export async function signUpInContext(
  context: BrowserContext,
  baseUrl: string,
  user: { email: string; name: string; organizationName?: string; language?: 'en' | 'cs'; timeZone?: string },
): Promise<Client> {
  const response = await context.request.post(`${baseUrl}/api/v1/auth/signup`, {
    data: { password: PASSWORD, organizationName: 'Analytical', timeZone: ZONE, language: 'en', ...user },
  });
  if (response.status() !== 201) throw new Error(`sign-up refused: ${response.status()} ${await response.text()}`);
  return apiAs(context, baseUrl);
}
