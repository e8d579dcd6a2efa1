// Seeded generator of hostile feeds for the RRULE fuzz (bench/rrule-fuzz.ts, 100,000 cases)
// and its small property test: every frequency, every rule part, extreme values (full BYxxx
// lists, COUNT and INTERVAL near 10^9, years 1601 to 2200), RDATE periods, EXDATEs,
// THISANDFUTURE overrides and VTIMEZONEs whose own rules are random too.

/** mulberry32: small, fast and the same on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// every frequency, the ones a calendar really uses more often
const FREQUENCIES = [
  'SECONDLY',
  'MINUTELY',
  'HOURLY',
  'DAILY',
  'DAILY',
  'WEEKLY',
  'WEEKLY',
  'WEEKLY',
  'MONTHLY',
  'MONTHLY',
  'YEARLY',
  'YEARLY',
] as const;
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
/** The window the fuzz expands: the default sync horizon (90 days back, 180 ahead) of 3 December 2026. */
export const FUZZ_WINDOW = { from: '2026-09-04T00:00:00Z', to: '2027-06-01T00:00:00Z' };

type Random = () => number;

const pick = <T>(random: Random, values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
const chance = (random: Random, p: number) => random() < p;
const int = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** A list part: sometimes every allowed value (the extreme), else a few, negatives where the RFC allows them. */
function numberList(random: Random, min: number, max: number, negative: boolean): string {
  const values = new Set<number>();
  if (chance(random, 0.1)) {
    for (let value = min; value <= max; value++) values.add(value);
    if (negative && chance(random, 0.5)) for (let value = min; value <= max; value++) values.add(-value);
  } else {
    for (let count = int(random, 1, 4); count > 0; count--) values.add((negative && chance(random, 0.3) ? -1 : 1) * int(random, min, max));
  }
  return [...values].join(',');
}

function byDay(random: Random): string {
  if (chance(random, 0.3)) return WEEKDAYS.join(',');
  const days = new Set<string>();
  for (let count = int(random, 1, 4); count > 0; count--) {
    const position = chance(random, 0.4) ? pick(random, [1, 2, 3, 4, 5, -1, -2, 53, -53, 20]) : 0;
    days.add(`${position === 0 ? '' : position}${pick(random, WEEKDAYS)}`);
  }
  return [...days].join(',');
}

function year(random: Random): number {
  return pick(random, [1601, 1900, 1970, 1999, 2020, 2025, 2026, 2026, 2026, 2027, 2027, 2028, 2100, 2200]);
}

function dateText(random: Random): string {
  return `${year(random)}${pad(int(random, 1, 12))}${pad(int(random, 1, 28))}`;
}

function timeText(random: Random): string {
  return `T${pad(int(random, 0, 23))}${pad(pick(random, [0, 0, 15, 30, 59]))}${pad(pick(random, [0, 0, 0, 30, 59]))}`;
}

export function randomRule(random: Random): string {
  const parts = [`FREQ=${pick(random, FREQUENCIES)}`];
  if (chance(random, 0.3)) parts.push(`INTERVAL=${pick(random, [1, 2, 3, 7, 52, 1000, 999_999_999])}`);
  if (chance(random, 0.35)) parts.push(`COUNT=${pick(random, [1, 2, 10, 1000, 100_000, 999_999_999])}`);
  else if (chance(random, 0.3)) parts.push(`UNTIL=${dateText(random)}${chance(random, 0.7) ? `${timeText(random)}Z` : ''}`);
  if (chance(random, 0.3)) parts.push(`BYMONTH=${numberList(random, 1, 12, false)}`);
  if (chance(random, 0.15)) parts.push(`BYWEEKNO=${numberList(random, 1, 53, true)}`);
  if (chance(random, 0.15)) parts.push(`BYYEARDAY=${numberList(random, 1, 366, true)}`);
  if (chance(random, 0.3)) parts.push(`BYMONTHDAY=${numberList(random, 1, 31, true)}`);
  if (chance(random, 0.45)) parts.push(`BYDAY=${byDay(random)}`);
  if (chance(random, 0.3)) parts.push(`BYHOUR=${numberList(random, 0, 23, false)}`);
  if (chance(random, 0.3)) parts.push(`BYMINUTE=${numberList(random, 0, 59, false)}`);
  if (chance(random, 0.3)) parts.push(`BYSECOND=${numberList(random, 0, 60, false)}`);
  if (chance(random, 0.15)) parts.push(`BYSETPOS=${numberList(random, 1, 366, true)}`);
  if (chance(random, 0.15)) parts.push(`WKST=${pick(random, WEEKDAYS)}`);
  // the parts in any order: the RFC does not fix one
  for (let index = parts.length - 1; index > 1; index--) {
    const other = int(random, 1, index);
    [parts[index], parts[other]] = [parts[other] as string, parts[index] as string];
  }
  return parts.join(';');
}

function vtimezone(random: Random): string[] {
  const observance = (name: string) => [
    `BEGIN:${name}`,
    `DTSTART:${pick(random, ['16010101', '19700101', '20260101'])}T020000`,
    `TZOFFSETFROM:${pick(random, ['+0100', '+0200', '-0500', '+1400'])}`,
    `TZOFFSETTO:${pick(random, ['+0100', '+0200', '-0400', '-1200'])}`,
    `RRULE:${chance(random, 0.5) ? `FREQ=YEARLY;BYDAY=${pick(random, ['-1SU', '1SU', '2SU'])};BYMONTH=${int(random, 1, 12)}` : randomRule(random)}`,
    `END:${name}`,
  ];
  return [
    'BEGIN:VTIMEZONE',
    'TZID:Fuzz Zone',
    ...observance('STANDARD'),
    ...(chance(random, 0.7) ? observance('DAYLIGHT') : []),
    'END:VTIMEZONE',
  ];
}

/** One feed of 1 to 16 events with generated rules; `rules` lists them for a failure report. */
export function randomRuleFeed(random: Random): { body: Uint8Array; rules: string[] } {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Kairos fuzz//EN'];
  const zoned = chance(random, 0.2);
  if (zoned) lines.push(...vtimezone(random));
  const rules: string[] = [];
  const events = chance(random, 0.03) ? 16 : int(random, 1, 3);
  for (let index = 0; index < events; index++) {
    const allDay = chance(random, 0.15);
    const date = dateText(random);
    const zone =
      zoned && chance(random, 0.6) ? 'Fuzz Zone' : pick(random, [null, 'Europe/Prague', 'America/New_York', 'W. Europe Standard Time']);
    const start = allDay
      ? `DTSTART;VALUE=DATE:${date}`
      : `DTSTART${zone ? `;TZID=${zone}` : ''}:${date}${timeText(random)}${zone ? '' : 'Z'}`;
    const rule = randomRule(random);
    rules.push(`${start} ${rule}`);
    lines.push(
      'BEGIN:VEVENT',
      `UID:fuzz-${index}`,
      start,
      `DURATION:${pick(random, ['PT1H', 'PT0S', 'P1D', 'PT30M', 'P10000W'])}`,
      `RRULE:${rule}`,
      `SUMMARY:Fuzz ${index}`,
    );
    if (chance(random, 0.15))
      lines.push(`EXDATE:${Array.from({ length: int(random, 1, 50) }, () => `${dateText(random)}${timeText(random)}Z`).join(',')}`);
    if (chance(random, 0.15))
      lines.push(
        `RDATE;VALUE=PERIOD:${Array.from({ length: int(random, 1, 20) }, () => `${dateText(random)}${timeText(random)}Z/${pick(random, ['PT2H', 'P1W', 'PT0S'])}`).join(',')}`,
      );
    lines.push('END:VEVENT');
    if (chance(random, 0.1)) {
      lines.push(
        'BEGIN:VEVENT',
        `UID:fuzz-${index}`,
        `RECURRENCE-ID;RANGE=THISANDFUTURE:${dateText(random)}${timeText(random)}Z`,
        `DTSTART:${dateText(random)}${timeText(random)}Z`,
        'DURATION:PT2H',
        'SUMMARY:Moved',
        'END:VEVENT',
      );
    }
  }
  lines.push('END:VCALENDAR', '');
  return { body: new TextEncoder().encode(lines.join('\r\n')), rules };
}
