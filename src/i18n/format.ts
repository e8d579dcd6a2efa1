// One formatting module for every number, date, time and duration the screens show (UX.md A4):
// Czech dates "16. 3. 2026", 24-hour times, Czech plurals (1 hodina, 2 hodiny, 5 hodin, 1,5 hodiny).
// Pure: zones and languages are arguments, nothing reads the clock or the browser.
import type { UiLanguage } from './ui.ts';

const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

const LOCALE: Record<UiLanguage, string> = { en: 'en-GB', cs: 'cs-CZ' };

export type PluralForms = { one: string; few?: string; many?: string; other: string };

// Intl's categories: cs has one (1), few (2-4), many (fractions: 1,5) and other (0, 5+).
export function plural(language: UiLanguage, count: number, forms: PluralForms): string {
  const category = new Intl.PluralRules(LOCALE[language]).select(count) as keyof PluralForms;
  return forms[category] ?? forms.other;
}

export function formatNumber(language: UiLanguage, value: number, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat(LOCALE[language], { maximumFractionDigits }).format(value);
}

function parts(date: Date, zone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of dtf('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(date)) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return out;
}

export type WallTime = { year: number; month: number; day: number; hour: number; minute: number; second: number };

// The wall-clock reading of an instant in a zone.
export function wallTime(instant: Date | string, zone: string): WallTime {
  const p = parts(new Date(instant), zone);
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour! % 24, minute: p.minute!, second: p.second! };
}

// The instant a wall-clock reading means in a zone. A reading skipped by a DST gap moves forward
// by the gap, a repeated one takes the earlier instant (RFC 5545 / Temporal "compatible").
export function instantFromWall(wall: Omit<WallTime, 'second'> & { second?: number }, zone: string): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second ?? 0);
  const offsetAt = (ms: number) => {
    const w = wallTime(new Date(ms), zone);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
  };
  const before = offsetAt(asUtc - 86_400_000);
  const after = offsetAt(asUtc + 86_400_000);
  const candidates = [...new Set([before, after])]
    .map((offset) => asUtc - offset)
    .filter((ms) => {
      const w = wallTime(new Date(ms), zone);
      return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) === asUtc;
    });
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  // in a gap: the reading with the offset from before the gap
  return new Date(asUtc - before);
}

export function isoDate(wall: Pick<WallTime, 'year' | 'month' | 'day'>): string {
  return `${String(wall.year).padStart(4, '0')}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
}

// The calendar date (YYYY-MM-DD) of an instant in a zone.
export function dateInZone(instant: Date | string, zone: string): string {
  return isoDate(wallTime(instant, zone));
}

function dateFromIso(date: string): Date {
  return new Date(`${date}T12:00:00Z`);
}

// "16. 3. 2026" / "16/03/2026"
export function formatDate(language: UiLanguage, date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return language === 'cs'
    ? `${d}. ${m}. ${y}`
    : dtf('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(dateFromIso(date));
}

// "po 16. 3." / "Mon 16 Mar"
export function formatDayShort(language: UiLanguage, date: string): string {
  const d = dateFromIso(date);
  if (language === 'cs') {
    const weekday = dtf('cs-CZ', { timeZone: 'UTC', weekday: 'short' }).format(d);
    return `${weekday} ${d.getUTCDate()}. ${d.getUTCMonth() + 1}.`;
  }
  return dtf('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(d);
}

// "pondělí 16. března" / "Monday 16 March"
export function formatDayLong(language: UiLanguage, date: string): string {
  return dtf(LOCALE[language], { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' }).format(dateFromIso(date));
}

// "9:05": 24-hour clock in both languages (UX.md A4.1)
export function formatTime(instant: Date | string, zone: string): string {
  const w = wallTime(instant, zone);
  return `${w.hour}:${String(w.minute).padStart(2, '0')}`;
}

export function formatTimeRange(start: Date | string, end: Date | string, zone: string): string {
  return `${formatTime(start, zone)}–${formatTime(end, zone)}`;
}

export type DurationStyle = 'hm' | 'clock' | 'decimal';

// 'hm' "6 h 30 min", 'clock' "6:30", 'decimal' "6,5 h" / "6.5 h"
export function formatDuration(language: UiLanguage, seconds: number, style: DurationStyle = 'hm'): string {
  const sign = seconds < 0 ? '-' : '';
  const total = Math.round(Math.abs(seconds) / 60);
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  if (style === 'clock') return `${sign}${hours}:${String(minutes).padStart(2, '0')}`;
  if (style === 'decimal') return `${sign}${formatNumber(language, total / 60, 2)} h`;
  if (hours === 0) return `${sign}${minutes} min`;
  return minutes === 0 ? `${sign}${hours} h` : `${sign}${hours} h ${minutes} min`;
}

// The running stopwatch: "0:42:10"
export function formatElapsed(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

// Spoken duration for screen readers: "1 hodina", "2 hodiny", "1,5 hodiny", "45 minut"
export function spokenDuration(language: UiLanguage, seconds: number): string {
  const minutesTotal = Math.round(seconds / 60);
  if (minutesTotal < 60) {
    return `${minutesTotal} ${plural(
      language,
      minutesTotal,
      language === 'cs' ? { one: 'minuta', few: 'minuty', many: 'minuty', other: 'minut' } : { one: 'minute', other: 'minutes' },
    )}`;
  }
  const hours = minutesTotal / 60;
  const rounded = Math.round(hours * 100) / 100;
  return `${formatNumber(language, rounded)} ${plural(
    language,
    rounded,
    language === 'cs' ? { one: 'hodina', few: 'hodiny', many: 'hodiny', other: 'hodin' } : { one: 'hour', other: 'hours' },
  )}`;
}

// Typed times: "9", "9:05", "905", "9.05", "09:05" → minutes after midnight; null when not a time.
export function parseTimeOfDay(text: string): number | null {
  const value = text.trim();
  let match = /^(\d{1,2})(?:[:.](\d{2}))?$/.exec(value);
  if (!match) {
    match = /^(\d{1,2})(\d{2})$/.exec(value);
  }
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? 0);
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) return null;
  return hours * 60 + minutes;
}

// Typed durations: "1,5", "1.5", "1:30", "90m", "1 h 30 min", "45 min" → seconds; null when not one.
export function parseDuration(text: string): number | null {
  const value = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (value === '') return null;
  let match = /^(\d+):(\d{1,2})$/.exec(value);
  if (match) return Number(match[2]) < 60 ? (Number(match[1]) * 60 + Number(match[2])) * 60 : null;
  match = /^(\d+(?:[.,]\d+)?) ?h?$/.exec(value);
  if (match) return Math.round(Number(match[1]!.replace(',', '.')) * 3600);
  match = /^(\d+) ?(?:m|min|minut[ay]?|minutes?)$/.exec(value);
  if (match) return Number(match[1]) * 60;
  match = /^(\d+(?:[.,]\d+)?) ?(?:h|hod|hours?|hodin[ay]?) ?(\d+) ?(?:m|min|minut[ay]?|minutes?)?$/.exec(value);
  if (match) return Math.round(Number(match[1]!.replace(',', '.')) * 3600) + Number(match[2]) * 60;
  return null;
}

// Typed dates: "16. 3. 2026", "16.3.2026", "2026-03-16", "16/03/2026" → "2026-03-16"; null when not a real date.
export function parseDate(text: string): string | null {
  const value = text.trim();
  let y: number;
  let m: number;
  let d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (match) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    match = /^(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{4})$/.exec(value);
    if (!match) return null;
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return isoDate({ year: y, month: m, day: d });
}

export function addDays(date: string, days: number): string {
  const d = dateFromIso(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// ISO weekday 1 (Monday) .. 7 (Sunday) of a date
export function isoWeekday(date: string): number {
  const day = dateFromIso(date).getUTCDay();
  return day === 0 ? 7 : day;
}
