// A deterministic Exchange 2010 / Office 365 style published calendar for the ICS benchmark:
// weekly series with EXDATEs, RECURRENCE-ID overrides (some listed before their master, some
// moved into the measured window), all-day items, Windows TZIDs with 1601 VTIMEZONEs, CRLF
// and lines folded at 75 octets (also inside UTF-8 sequences).

export type ExchangeFeedOptions = { events: number; seed?: number };

type ZoneSpec = { tzid: string; standard: [string, string, string, string]; daylight: [string, string, string, string] };

// [DTSTART, TZOFFSETFROM, TZOFFSETTO, RRULE] as Exchange writes them
const ZONES: ZoneSpec[] = [
  {
    tzid: 'W. Europe Standard Time',
    standard: ['16010101T030000', '+0200', '+0100', 'BYDAY=-1SU;BYMONTH=10'],
    daylight: ['16010101T020000', '+0100', '+0200', 'BYDAY=-1SU;BYMONTH=3'],
  },
  {
    tzid: 'Central Europe Standard Time',
    standard: ['16010101T030000', '+0200', '+0100', 'BYDAY=-1SU;BYMONTH=10'],
    daylight: ['16010101T020000', '+0100', '+0200', 'BYDAY=-1SU;BYMONTH=3'],
  },
  {
    tzid: 'GMT Standard Time',
    standard: ['16010101T020000', '+0100', '+0000', 'BYDAY=-1SU;BYMONTH=10'],
    daylight: ['16010101T010000', '+0000', '+0100', 'BYDAY=-1SU;BYMONTH=3'],
  },
  {
    tzid: 'Eastern Standard Time',
    standard: ['16010101T020000', '-0400', '-0500', 'BYDAY=1SU;BYMONTH=11'],
    daylight: ['16010101T020000', '-0500', '-0400', 'BYDAY=2SU;BYMONTH=3'],
  },
  {
    tzid: 'Pacific Standard Time',
    standard: ['16010101T020000', '-0700', '-0800', 'BYDAY=1SU;BYMONTH=11'],
    daylight: ['16010101T020000', '-0800', '-0700', 'BYDAY=2SU;BYMONTH=3'],
  },
];

const SUBJECTS = [
  'Týmová porada',
  'Weekly sync',
  'Projektbesprechung',
  'Revue de sprint',
  'Kundentermin – Angebot',
  'Školení bezpečnosti práce a požární ochrany pro nové zaměstnance',
  '1:1',
  'Budget review\\, Q3',
  'Přepnutí serverů\\; záloha',
  'Standup',
];
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR'];
const STATUSES = ['BUSY', 'BUSY', 'BUSY', 'TENTATIVE', 'FREE', 'OOF', 'WORKINGELSEWHERE'];
const DAY_MS = 86_400_000;
// the benchmark window (4 weeks around the EU and US autumn changes of 2026)
export const BENCH_WINDOW = { from: '2026-10-19T00:00:00Z', to: '2026-11-16T00:00:00Z' };
const SPAN_START_MS = Date.UTC(2025, 0, 6);
const SPAN_DAYS = 730;

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const CRLF_SPACE = Buffer.from('\r\n ');
const CRLF = Buffer.from('\r\n');

function fold(line: string): Buffer {
  const bytes = Buffer.from(line, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += i === 0 ? 75 : 74) {
    if (i > 0) parts.push(CRLF_SPACE);
    parts.push(bytes.subarray(i, i + (i === 0 ? 75 : 74)));
  }
  parts.push(CRLF);
  return Buffer.concat(parts);
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function local(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}00`;
}

function dateOnly(ms: number): string {
  return local(ms).slice(0, 8);
}

function offsetMinutes(zone: ZoneSpec, wallMs: number): number {
  // enough for the generator: both Exchange rule shapes used above
  const year = new Date(wallMs).getUTCFullYear();
  const nthSunday = (month: number, n: number) => {
    if (n > 0) {
      const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
      return Date.UTC(year, month - 1, 1 + ((7 - first) % 7) + (n - 1) * 7);
    }
    const last = new Date(Date.UTC(year, month, 0));
    return Date.UTC(year, month - 1, last.getUTCDate() - last.getUTCDay());
  };
  const parse = (rule: string) => {
    const match = /BYDAY=(-?\d)SU;BYMONTH=(\d+)/.exec(rule) as RegExpExecArray;
    return nthSunday(Number(match[2]), Number(match[1]));
  };
  const toMinutes = (offset: string) => (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5)));
  const dstStart = parse(zone.daylight[3]) + Number(zone.daylight[0].slice(9, 11)) * 3_600_000;
  const dstEnd = parse(zone.standard[3]) + Number(zone.standard[0].slice(9, 11)) * 3_600_000;
  return wallMs >= dstStart && wallMs < dstEnd ? toMinutes(zone.daylight[2]) : toMinutes(zone.standard[2]);
}

function utcStamp(ms: number): string {
  return `${local(ms)}Z`;
}

export function generateExchangeFeed(options: ExchangeFeedOptions): Buffer {
  const rand = random(options.seed ?? 20_261_026);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const scale = options.events / 5000;
  const seriesCount = Math.round(500 * scale);
  const overrideTarget = Math.round(300 * scale);
  const allDayCount = Math.round(300 * scale);
  let uidCounter = 0;
  const uid = () =>
    `040000008200E00074C5B7101A82E00800000000${(++uidCounter).toString(16).toUpperCase().padStart(16, '0')}00000000000000000100000000${((uidCounter * 2_654_435_761) >>> 0).toString(16).toUpperCase().padStart(24, '0')}`;
  const out: Buffer[] = [];
  const put = (...texts: string[]) => {
    for (const text of texts) out.push(Buffer.from(text, 'utf8'));
  };
  put(
    'BEGIN:VCALENDAR\r\n',
    'METHOD:PUBLISH\r\n',
    'PRODID:Microsoft Exchange Server 2010\r\n',
    'VERSION:2.0\r\n',
    'X-WR-CALNAME:Kalendář\r\n',
  );
  for (const zone of ZONES) {
    put(`BEGIN:VTIMEZONE\r\nTZID:${zone.tzid}\r\n`);
    for (const [kind, spec] of [
      ['STANDARD', zone.standard],
      ['DAYLIGHT', zone.daylight],
    ] as const) {
      put(
        `BEGIN:${kind}\r\nDTSTART:${spec[0]}\r\nTZOFFSETFROM:${spec[1]}\r\nTZOFFSETTO:${spec[2]}\r\nRRULE:FREQ=YEARLY;INTERVAL=1;${spec[3]}\r\nEND:${kind}\r\n`,
      );
    }
    put('END:VTIMEZONE\r\n');
  }
  const event = (fields: string[], status: string, allDay: boolean) => {
    put('BEGIN:VEVENT\r\n');
    for (const field of fields) out.push(fold(field));
    put('CLASS:PUBLIC\r\nPRIORITY:5\r\nDTSTAMP:20261001T080000Z\r\n', status === 'FREE' ? 'TRANSP:TRANSPARENT\r\n' : 'TRANSP:OPAQUE\r\n');
    put(
      'STATUS:CONFIRMED\r\nSEQUENCE:0\r\nLOCATION:Zasedačka Morava\r\nX-MICROSOFT-CDO-APPT-SEQUENCE:0\r\n',
      `X-MICROSOFT-CDO-BUSYSTATUS:${status}\r\n`,
    );
    put(
      `X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY\r\nX-MICROSOFT-CDO-ALLDAYEVENT:${allDay ? 'TRUE' : 'FALSE'}\r\nX-MICROSOFT-CDO-IMPORTANCE:1\r\nX-MICROSOFT-CDO-INSTTYPE:0\r\n`,
    );
    put('X-MICROSOFT-DONOTFORWARDMEETING:FALSE\r\nX-MICROSOFT-DISALLOW-COUNTER:FALSE\r\nEND:VEVENT\r\n');
  };
  const pending: string[][] = [];
  let overrides = 0;
  for (let s = 0; s < seriesCount; s++) {
    const zone = pick(ZONES);
    const id = uid();
    const weekday = Math.floor(rand() * 5);
    const startDay = Math.floor(rand() * (SPAN_DAYS - 200));
    const monday = SPAN_START_MS + (startDay - ((new Date(SPAN_START_MS + startDay * DAY_MS).getUTCDay() + 6) % 7)) * DAY_MS;
    const startWall = monday + weekday * DAY_MS + (8 + Math.floor(rand() * 9)) * 3_600_000 + (rand() < 0.3 ? 1_800_000 : 0);
    const interval = rand() < 0.2 ? 2 : 1;
    const weeks = 20 + Math.floor(rand() * 80);
    const lastWall = startWall + (weeks - 1) * interval * 7 * DAY_MS;
    const end = rand();
    const bound = end < 0.4 ? `UNTIL=${utcStamp(lastWall - offsetMinutes(zone, lastWall) * 60_000)}` : end < 0.6 ? `COUNT=${weeks}` : '';
    const rule = `RRULE:FREQ=WEEKLY;${bound ? `${bound};` : ''}INTERVAL=${interval};BYDAY=${WEEKDAYS[weekday]};WKST=MO`;
    const exdates = Array.from({ length: Math.floor(rand() * 4) }, () => startWall + Math.floor(rand() * weeks) * interval * 7 * DAY_MS);
    const subject = pick(SUBJECTS);
    const status = pick(STATUSES.slice(0, 4));
    const fields = [rule];
    if (exdates.length) fields.push(`EXDATE;TZID=${zone.tzid}:${[...new Set(exdates.map(local))].sort().join(',')}`);
    fields.push(
      `UID:${id}`,
      `SUMMARY:${subject}`,
      `DTSTART;TZID=${zone.tzid}:${local(startWall)}`,
      `DTEND;TZID=${zone.tzid}:${local(startWall + 3_600_000)}`,
    );
    const overrideFields: string[][] = [];
    while (overrides < overrideTarget && overrideFields.length < 3 && rand() < 0.75) {
      const index = 1 + Math.floor(rand() * (weeks - 1));
      const original = startWall + index * interval * 7 * DAY_MS;
      if (exdates.includes(original) || overrideFields.some((f) => f[1]?.endsWith(local(original)))) break;
      const moved = original + (Math.floor(rand() * 5) - 2) * DAY_MS + Math.floor(rand() * 4) * 3_600_000;
      overrideFields.push([
        `UID:${id}`,
        `RECURRENCE-ID;TZID=${zone.tzid}:${local(original)}`,
        `SUMMARY:${subject} (přesunuto)`,
        `DTSTART;TZID=${zone.tzid}:${local(moved)}`,
        `DTEND;TZID=${zone.tzid}:${local(moved + 5_400_000)}`,
      ]);
      overrides++;
    }
    const before = rand() < 0.3;
    if (before) for (const f of overrideFields) event(f, status, false);
    event(fields, status, false);
    if (!before) for (const f of overrideFields) pending.push(f);
  }
  for (let a = 0; a < allDayCount; a++) {
    const day = SPAN_START_MS + Math.floor(rand() * SPAN_DAYS) * DAY_MS;
    const length = 1 + Math.floor(rand() * 3);
    event(
      [
        `UID:${uid()}`,
        `SUMMARY:${pick(['Dovolená', 'Homeoffice', 'Urlaub', 'Feiertag'])}`,
        `DTSTART;VALUE=DATE:${dateOnly(day)}`,
        `DTEND;VALUE=DATE:${dateOnly(day + length * DAY_MS)}`,
      ],
      pick(['OOF', 'FREE', 'WORKINGELSEWHERE']),
      true,
    );
  }
  const singles = options.events - seriesCount - overrides - allDayCount;
  for (let i = 0; i < singles; i++) {
    if (pending.length && rand() < 0.1) event(pending.pop() as string[], 'BUSY', false);
    const zone = pick(ZONES);
    const wall =
      SPAN_START_MS +
      Math.floor(rand() * SPAN_DAYS) * DAY_MS +
      (7 + Math.floor(rand() * 12)) * 3_600_000 +
      Math.floor(rand() * 4) * 900_000;
    const length = (1 + Math.floor(rand() * 8)) * 1_800_000;
    event(
      [
        `UID:${uid()}`,
        `SUMMARY:${pick(SUBJECTS)}`,
        `DTSTART;TZID=${zone.tzid}:${local(wall)}`,
        `DTEND;TZID=${zone.tzid}:${local(wall + length)}`,
      ],
      pick(STATUSES),
      false,
    );
  }
  for (const f of pending) event(f, 'BUSY', false);
  put('END:VCALENDAR\r\n');
  return Buffer.concat(out);
}
