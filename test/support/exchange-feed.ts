// Builds Exchange-style published calendars (CRLF, PRODID of Exchange 2010, a Windows TZID
// with its VTIMEZONE, X-MICROSOFT-CDO-BUSYSTATUS) for sync and impulse tests.
export type FeedEvent = {
  uid: string;
  summary: string;
  /** local wall time in W. Europe Standard Time, e.g. 20270315T090000, or a date 20270315 for all-day */
  start: string;
  end: string;
  rrule?: string;
  recurrenceId?: string;
  status?: 'CONFIRMED' | 'CANCELLED' | 'TENTATIVE';
  busy?: 'BUSY' | 'TENTATIVE' | 'FREE' | 'OOF';
  class?: 'PUBLIC' | 'PRIVATE';
  location?: string;
};

const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:W. Europe Standard Time',
  'BEGIN:STANDARD',
  'DTSTART:16010101T030000',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:16010101T020000',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
];

function time(name: string, value: string): string {
  return value.length === 8 ? `${name};VALUE=DATE:${value}` : `${name};TZID=W. Europe Standard Time:${value}`;
}

export function exchangeFeed(events: FeedEvent[], options: { name?: string; stamp?: string } = {}): string {
  const stamp = options.stamp ?? '20270301T080000Z';
  const lines = [
    'BEGIN:VCALENDAR',
    'METHOD:PUBLISH',
    'PRODID:Microsoft Exchange Server 2010',
    'VERSION:2.0',
    `X-WR-CALNAME:${options.name ?? 'Calendar'}`,
    ...VTIMEZONE,
  ];
  for (const event of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${event.uid}`,
      `SUMMARY;LANGUAGE=en-US:${event.summary}`,
      time('DTSTART', event.start),
      time('DTEND', event.end),
      ...(event.rrule ? [`RRULE:${event.rrule}`] : []),
      ...(event.recurrenceId ? [time('RECURRENCE-ID', event.recurrenceId)] : []),
      `CLASS:${event.class ?? 'PUBLIC'}`,
      'PRIORITY:5',
      `DTSTAMP:${stamp}`,
      'TRANSP:OPAQUE',
      `STATUS:${event.status ?? 'CONFIRMED'}`,
      'SEQUENCE:0',
      ...(event.location ? [`LOCATION;LANGUAGE=en-US:${event.location}`] : []),
      `X-MICROSOFT-CDO-BUSYSTATUS:${event.busy ?? 'BUSY'}`,
      ...(event.start.length === 8 ? ['X-MICROSOFT-CDO-ALLDAYEVENT:TRUE'] : []),
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR', '');
  return lines.join('\r\n');
}
