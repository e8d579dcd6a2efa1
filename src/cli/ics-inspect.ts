import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Temporal } from 'temporal-polyfill';
import type { fetchFeedOnce } from '../calendar/fetch-feed.ts';
import { SECONDS_PER_DAY, parseDate, parseInstant } from '../calendar/civil-time.ts';
import { expandOccurrencesWithWarnings, parseFeed } from '../calendar/read-feed.ts';
import type { FeedWarning, Occurrence, ParsedFeed } from '../calendar/types.ts';
import { ianaZone, wallToUtc } from '../calendar/zone.ts';

export type InspectIo = { stdout: (s: string) => void; stderr: (s: string) => void };
export type InspectDeps = { fetchFeed: typeof fetchFeedOnce };

const USAGE = `Usage: kairos ics inspect <file|https-url> --from <instant|date> --to <instant|date> [--tz <iana>] [--json]

Prints what Kairos reads from an iCalendar feed: the calendar's name, time zone and detail
level, every warning (with its line), and every occurrence overlapping [from, to).

  --from, --to   an instant such as 2027-03-01T09:00:00Z, or a date (00:00 of that day in --tz)
  --tz           IANA time zone for dates and floating times (default UTC)
  --json         machine-readable output (what support asks for)
  -h, --help     this text

Exit codes: 0 done, 2 wrong arguments, or the input is no usable calendar (or could not be fetched);
with --json every outcome is JSON, a failure {"error": {"code", "message", "hint"}}.`;

type Problem = { code: string; message: string; hint: string };
type Parsed =
  | { source: string; from: string; to: string; tz: string; json: boolean }
  | { help: true; json: boolean }
  | { problem: Problem; json: boolean };

const usageProblem = (message: string, hint: string): Problem => ({ code: 'invalid_arguments', message, hint });
const RANGE_HINT = 'Give --from and --to as a date such as 2027-03-01 or an instant such as 2027-03-01T09:00:00Z, with --from before --to.';

/** An instant with Z, or a real calendar date read as 00:00 in `tz`; null for anything else (2027-02-30 too). */
function toEpochSeconds(text: string, tz: string): number | null {
  const instant = parseInstant(text);
  if (instant !== null) return instant;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? parseDate(text) : null;
  const zone = ianaZone(tz);
  return date === null || zone === null ? null : wallToUtc(zone, date * SECONDS_PER_DAY);
}

function readArgs(args: string[]): Parsed {
  // tolerate the command words, whether or not the caller strips them
  const rest = args[0] === 'ics' && args[1] === 'inspect' ? args.slice(2) : args[0] === 'inspect' ? args.slice(1) : args;
  // known before parsing, so that even an unparsable command line answers in JSON
  const json = rest.includes('--json');
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        tz: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { json, problem: usageProblem((error as Error).message, 'Run "kairos ics inspect --help" for the options.') };
  }
  if (values.help) return { help: true, json };
  if (positionals.length !== 1)
    return {
      json,
      problem: usageProblem(
        'give exactly one file or https URL',
        'Name one .ics file or one https:// (or webcal://) link, e.g. kairos ics inspect calendar.ics --from 2027-03-01 --to 2027-04-01.',
      ),
    };
  const { from, to } = values;
  const tz = values.tz ?? 'UTC';
  if (!from || !to) return { json, problem: usageProblem('--from and --to are required', RANGE_HINT) };
  if (!ianaZone(tz))
    return {
      json,
      problem: usageProblem(
        `--tz must be an IANA time zone such as Europe/Prague, got "${tz}"`,
        'Use a name from the IANA time zone database, such as Europe/Prague or UTC.',
      ),
    };
  const fromSeconds = toEpochSeconds(from, tz),
    toSeconds = toEpochSeconds(to, tz);
  for (const [name, value, seconds] of [
    ['--from', from, fromSeconds],
    ['--to', to, toSeconds],
  ] as const) {
    if (seconds === null)
      return {
        json,
        problem: usageProblem(
          `${name} must be an existing date (2027-03-01) or an instant with Z (2027-03-01T09:00:00Z), got "${value}"`,
          RANGE_HINT,
        ),
      };
  }
  // [from, to) is empty unless from comes first: say so instead of printing nothing
  if ((fromSeconds as number) >= (toSeconds as number))
    return { json, problem: usageProblem(`--from (${from}) must come before --to (${to})`, RANGE_HINT) };
  return { source: positionals[0] as string, from, to, tz, json: values.json ?? false };
}

async function readSource(
  source: string,
  deps: InspectDeps,
): Promise<{ ok: true; body: Uint8Array } | { ok: false; code: string; message: string }> {
  // CONVENTIONS.md: webcal:// is https:// in disguise
  const url = source.replace(/^webcal:\/\//i, 'https://');
  if (/^https:\/\//i.test(url)) return deps.fetchFeed(url);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url))
    return { ok: false, code: 'https_required', message: 'only https:// (or webcal://) links can be fetched' };
  try {
    // a Buffer is a Uint8Array: no copy of a feed of many megabytes
    return { ok: true, body: await readFile(source) };
  } catch (error) {
    return { ok: false, code: 'file_unreadable', message: `cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? 'error'}` };
  }
}

const DEFAULT_SOURCE_HINT = 'Check the link in a browser; if the calendar was unpublished, publish it again with "Limited details".';
const SOURCE_HINTS: Record<string, string> = {
  https_required: 'Use the https:// (or webcal://) subscription link of the calendar.',
  file_unreadable: 'Check the file name and that you may read the file.',
  not_ics: 'Use the ICS subscription link or file, not the HTML view or a sign-in page.',
  invalid_ics: 'The file is no readable iCalendar: publish the calendar again and send this output to support.',
};

function localTime(instant: string, timeZone: string): string {
  const zoned = Temporal.Instant.from(instant).toZonedDateTimeISO(timeZone);
  return `${zoned.toPlainDate().toString()} ${zoned.toPlainTime().toString({ smallestUnit: 'minute' })} ${zoned.offset}`;
}

function table(
  feed: ParsedFeed,
  warnings: FeedWarning[],
  occurrences: Occurrence[],
  window: { from: string; to: string; tz: string },
): string {
  const lines = [
    `Calendar:     ${feed.calendar.name ?? '(no name)'}`,
    `Time zone:    ${feed.calendar.timeZone ?? '(none)'}`,
    `Detail level: ${feed.calendar.detailLevel}`,
    `Events (VEVENT): ${feed.calendar.eventCount}`,
    `Window:       ${window.from} .. ${window.to} (${window.tz})`,
    '',
    warnings.length ? `Warnings (${warnings.length}):` : 'Warnings: none',
    ...warnings.map((warning) => `  line ${warning.line ?? '-'}: ${warning.message} [${warning.code}]`),
    '',
    `Occurrences in window (${occurrences.length}):`,
  ];
  // a support person compares with what the user sees in Outlook: local wall time in --tz
  const local = (value: string, allDay: boolean) => (allDay ? value : localTime(value, window.tz));
  const rows = occurrences.map((occurrence) => [
    local(occurrence.start, occurrence.allDay),
    local(occurrence.end, occurrence.allDay),
    occurrence.busyStatus,
    [occurrence.allDay ? 'all-day' : '', occurrence.private ? 'private' : '', occurrence.cancelled ? 'cancelled' : '']
      .filter(Boolean)
      .join(','),
    occurrence.summary.replace(/\s+/g, ' '),
    `${occurrence.uid.length > 24 ? `…${occurrence.uid.slice(-23)}` : occurrence.uid}${occurrence.recurrenceId ? ` @ ${occurrence.recurrenceId}` : ''}`,
  ]);
  const header = [`START (${window.tz})`, 'END', 'STATUS', 'FLAGS', 'SUMMARY', 'UID @ RECURRENCE-ID'];
  const widths = header.map((title, column) => Math.min(Math.max(title.length, ...rows.map((row) => (row[column] as string).length)), 48));
  const format = (row: string[]) =>
    row
      .map((cell, column) => (cell.length > 48 ? `${cell.slice(0, 47)}…` : cell).padEnd(widths[column] as number))
      .join('  ')
      .trimEnd();
  if (rows.length) lines.push(`  ${format(header)}`, ...rows.map((row) => `  ${format(row)}`));
  return `${lines.join('\n')}\n`;
}

/**
 * `kairos ics inspect`: `args` are the words after `kairos ics inspect` (the command words
 * themselves are tolerated). Returns the exit code.
 */
export async function icsInspect(
  args: string[],
  io: InspectIo,
  deps: InspectDeps = { fetchFeed: async (url, options) => (await import('../calendar/fetch-feed.ts')).fetchFeedOnce(url, options) },
): Promise<number> {
  const parsed = readArgs(args);
  const fail = (problem: Problem) => {
    if (parsed.json) io.stdout(`${JSON.stringify({ error: problem })}\n`);
    else io.stderr(`kairos ics inspect: ${problem.message} [${problem.code}]\n${problem.hint}\n`);
    return 2;
  };
  if ('help' in parsed) {
    io.stdout(parsed.json ? `${JSON.stringify({ usage: USAGE })}\n` : `${USAGE}\n`);
    return 0;
  }
  if ('problem' in parsed) return fail(parsed.problem);
  const source = await readSource(parsed.source, deps);
  if (!source.ok) return fail({ code: source.code, message: source.message, hint: SOURCE_HINTS[source.code] ?? DEFAULT_SOURCE_HINT });
  const result = parseFeed(source.body);
  if (!result.ok) {
    const message = result.error.line === null ? result.error.message : `line ${result.error.line}: ${result.error.message}`;
    return fail({ code: result.error.code, message, hint: SOURCE_HINTS[result.error.code] ?? DEFAULT_SOURCE_HINT });
  }
  const { feed } = result;
  const expanded = expandOccurrencesWithWarnings(feed, { from: parsed.from, to: parsed.to }, { viewerTimeZone: parsed.tz });
  const warnings = [...feed.warnings, ...expanded.warnings];
  if (!parsed.json) {
    io.stdout(table(feed, warnings, expanded.occurrences, parsed));
    return 0;
  }
  const occurrences = expanded.occurrences.map((o) => ({
    uid: o.uid,
    recurrenceId: o.recurrenceId,
    start: o.start,
    end: o.end,
    allDay: o.allDay,
    summary: o.summary,
    location: o.location,
    busyStatus: o.busyStatus,
    private: o.private,
    cancelled: o.cancelled,
  }));
  io.stdout(`${JSON.stringify({ calendar: feed.calendar, warnings, occurrences }, null, 2)}\n`);
  return 0;
}
