import { addDays, dateInZone, instantFromWall, parseTimeOfDay, wallTime } from '../../../src/i18n/format.ts';
import type { UiLanguage } from '../../../src/i18n/ui.ts';

// FullCalendar knows no named zones without a plugin, so the calendar runs in 'UTC' and is fed the
// profile zone's wall-clock readings as if they were UTC ("grid time"). Everything that leaves the
// grid (a selection, a drop, a move) goes back through instantFromWall, so a person in Prague sees
// 9:00 at 9:00 Prague whatever zone the browser is in, on both sides of a DST change.
export function toGrid(instant: Date | string, zone: string): Date {
  const w = wallTime(instant, zone);
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second));
}

export function fromGrid(grid: Date, zone: string): string {
  return instantFromWall(
    {
      year: grid.getUTCFullYear(),
      month: grid.getUTCMonth() + 1,
      day: grid.getUTCDate(),
      hour: grid.getUTCHours(),
      minute: grid.getUTCMinutes(),
      second: grid.getUTCSeconds(),
    },
    zone,
  ).toISOString();
}

// The calendar date a grid moment falls on
export function gridDate(grid: Date): string {
  return grid.toISOString().slice(0, 10);
}

export function gridOfDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

// 00:00 of a date in the zone, as an instant
export function startOfDay(date: string, zone: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return instantFromWall({ year, month, day, hour: 0, minute: 0 }, zone).toISOString();
}

// "HH:MM" wall time on a date in the zone, as an instant
export function atTimeOfDay(date: string, minutes: number, zone: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return instantFromWall({ year, month, day, hour: Math.floor(minutes / 60), minute: minutes % 60 }, zone).toISOString();
}

// A typed time of day ("9", "9:05", "905", "9.05") on `date`, a day earlier when that lies after
// `notAfter`: the stopwatch's start and "Stop at…" are never in the future.
export function typedInstant(text: string, date: string, zone: string, notAfter: Date): string | null {
  const minutes = parseTimeOfDay(text);
  if (minutes === null) return null;
  const instant = atTimeOfDay(date, minutes, zone);
  return Date.parse(instant) > notAfter.getTime() ? atTimeOfDay(addDays(date, -1), minutes, zone) : instant;
}

// The profile's ISO week start (1 = Monday .. 7 = Sunday) as FullCalendar's firstDay (0 = Sunday)
export function firstDayOf(weekStart: number): number {
  return weekStart % 7;
}

// Period titles: "16.–22. 3. 2026" / "March 16 – 22, 2026" (UX.md B1), across months and years too.
export function periodTitle(language: UiLanguage, view: 'day' | 'week' | 'month' | 'list', from: string, toExclusive: string): string {
  const last = addDays(toExclusive, -1);
  const [y1, m1, d1] = from.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = last.split('-').map(Number) as [number, number, number];
  const locale = language === 'cs' ? 'cs-CZ' : 'en-US';
  const at = (date: string, options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...options }).format(new Date(`${date}T12:00:00Z`));
  if (view === 'month') return at(from, { month: 'long', year: 'numeric' });
  if (view === 'day' || from === last) {
    return language === 'cs'
      ? `${at(from, { weekday: 'long' })} ${d1}. ${m1}. ${y1}`
      : at(from, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });
  }
  if (language === 'cs') {
    if (y1 !== y2) return `${d1}. ${m1}. ${y1} – ${d2}. ${m2}. ${y2}`;
    if (m1 !== m2) return `${d1}. ${m1}. – ${d2}. ${m2}. ${y2}`;
    return `${d1}.–${d2}. ${m2}. ${y2}`;
  }
  const month = (date: string) => at(date, { month: 'long' });
  if (y1 !== y2) return `${month(from)} ${d1}, ${y1} – ${month(last)} ${d2}, ${y2}`;
  if (m1 !== m2) return `${month(from)} ${d1} – ${month(last)} ${d2}, ${y2}`;
  return `${month(from)} ${d1} – ${d2}, ${y2}`;
}

type Span = { start: string; end: string };

// Seconds tracked per calendar day in the zone; a record past midnight counts on both days.
export function secondsPerDay(records: Span[], zone: string): Map<string, number> {
  const totals = new Map<string, number>();
  for (const record of records) {
    const endMs = Date.parse(record.end);
    let cursorMs = Date.parse(record.start);
    let day = dateInZone(record.start, zone);
    while (cursorMs < endMs) {
      const next = Date.parse(startOfDay(addDays(day, 1), zone));
      const pieceEnd = Math.min(next, endMs);
      totals.set(day, (totals.get(day) ?? 0) + Math.round((pieceEnd - cursorMs) / 1000));
      cursorMs = pieceEnd;
      day = addDays(day, 1);
    }
  }
  return totals;
}

// Records starting before 00:00 of lockedUntil (in the zone) are locked (CONVENTIONS "Locks").
export function isLockedStart(start: string | Date, lockedUntil: string | null | undefined, zone: string): boolean {
  if (!lockedUntil) return false;
  return new Date(start).getTime() < Date.parse(startOfDay(lockedUntil, zone));
}

// The last locked day, which the calendar names: "Locked until 31. 3. 2026" for lockedUntil 2026-04-01.
export function lastLockedDay(lockedUntil: string): string {
  return addDays(lockedUntil, -1);
}

// A stable colour for a name (clients have none of their own): hue from a string hash.
export function colourOfName(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return `hsl(${hash % 360} 55% 42%)`;
}
