// The end-of-day nudge (UX.md B9): at the profile's nudge time on a working day, when today still
// has something to close and the person has not waved the nudge away today. Pure: the clock is an
// argument (tested in test/web/close-day-queue.test.ts).
import type { Workday } from '../../../src/contract/account.ts';
import { dateInZone, isoWeekday, wallTime } from '../../../src/i18n/format.ts';
import type { QueueItem } from './close-day-queue.ts';

export type Nudge = { day: string; meetings: number; items: number };

export function nudgeFor(input: {
  now: Date;
  zone: string;
  workday: Pick<Workday, 'days' | 'nudgeAt'>;
  todayQueue: readonly QueueItem[] | null;
  dismissedOn: string | null;
}): Nudge | null {
  const { nudgeAt } = input.workday;
  if (nudgeAt === null || input.todayQueue === null) return null;
  const day = dateInZone(input.now, input.zone);
  if (!input.workday.days.includes(isoWeekday(day)) || input.dismissedOn === day) return null;
  const wall = wallTime(input.now, input.zone);
  if (wall.hour * 60 + wall.minute < Number(nudgeAt.slice(0, 2)) * 60 + Number(nudgeAt.slice(3, 5))) return null;
  if (input.todayQueue.length === 0) return null;
  return { day, meetings: input.todayQueue.filter((item) => item.kind === 'meeting').length, items: input.todayQueue.length };
}
