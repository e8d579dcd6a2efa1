import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { icsInspect, type InspectDeps } from './ics-inspect.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/ics/${name}`, import.meta.url));
const PRAGUE = fixture('limited-prague-cz-2027.ics');

async function run(args: string[], deps?: InspectDeps) {
  let stdout = '',
    stderr = '';
  const code = await icsInspect(
    args,
    {
      stdout: (s) => {
        stdout += s;
      },
      stderr: (s) => {
        stderr += s;
      },
    },
    deps,
  );
  return { code, stdout, stderr };
}

describe('kairos ics inspect', () => {
  it('prints the expected occurrences of a fixture as JSON', async () => {
    const { code, stdout } = await run([PRAGUE, '--from', '2027-03-01', '--to', '2027-04-12', '--json']);
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    const expected = JSON.parse(readFileSync(fixture('expected/limited-prague-cz-2027.json'), 'utf8'));
    // CLDR's territory-001 zone for "Central Europe Standard Time" is Budapest (same rules as Prague)
    expect(output.calendar).toEqual({ name: 'Kalendář', timeZone: 'Europe/Budapest', detailLevel: 'limited', eventCount: 8 });
    expect(output.warnings).toEqual([]);
    expect(output.occurrences.map(({ location: _location, ...rest }: Record<string, unknown>) => rest)).toEqual(expected.occurrences);
    expect(Object.keys(output.occurrences[0])).toEqual([
      'uid',
      'recurrenceId',
      'start',
      'end',
      'allDay',
      'summary',
      'location',
      'busyStatus',
      'private',
      'cancelled',
    ]);
  });

  it('reads a date as 00:00 in --tz', async () => {
    const { stdout } = await run([PRAGUE, '--from', '2027-03-18', '--to', '2027-03-19', '--tz', 'Asia/Tokyo', '--json']);
    // 18 Mar 00:00 Tokyo = 17 Mar 15:00Z .. 18 Mar 15:00Z: only the 16:00Z private meeting falls outside
    expect(JSON.parse(stdout).occurrences).toEqual([]);
    const later = await run([PRAGUE, '--from', '2027-03-19', '--to', '2027-03-20', '--tz', 'Asia/Tokyo', '--json']);
    expect(JSON.parse(later.stdout).occurrences.map((o: { summary: string }) => o.summary)).toEqual(['Soukromá schůzka']);
  });

  it('prints a readable table with warnings and flags', async () => {
    const { code, stdout } = await run([
      'ics',
      'inspect',
      fixture('malformed-recoverable-2027.ics'),
      '--from',
      '2027-03-01',
      '--to',
      '2027-04-12',
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('Detail level: limited');
    expect(stdout).toMatch(/line \d+: skipped a line that is no "NAME:value" content line \[invalid_line\]/);
    expect(stdout).toMatch(/^Events \(VEVENT\): \d+$/m);
    expect(stdout).toContain('Occurrences in window (2):');
    expect(stdout).toContain('2027-03-04 12:00 +00:00  2027-03-04 13:00 +00:00  busy');
  });

  it('shows times as wall-clock time in --tz, with the offset, across the March change', async () => {
    const { code, stdout } = await run([PRAGUE, '--from', '2027-03-22', '--to', '2027-03-29', '--tz', 'Europe/Prague']);
    expect(code).toBe(0);
    expect(stdout).toContain('START (Europe/Prague)');
    expect(stdout).toContain('2027-03-27 23:00 +01:00  2027-03-28 05:00 +02:00  busy');
  });

  it('answers an HTML page with {"error"} and exit code 2', async () => {
    const { code, stdout } = await run([fixture('not-ics-html-2027.ics'), '--from', '2027-03-01', '--to', '2027-04-12', '--json']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({ error: { code: 'not_ics', message: expect.any(String), hint: expect.stringContaining('ICS') } });
  });

  it('fetches https and webcal links through fetchFeedOnce and reports fetch failures', async () => {
    const urls: string[] = [];
    const body = new Uint8Array(readFileSync(PRAGUE));
    const ok = await run(['webcal://outlook.example/owa/calendar.ics', '--from', '2027-03-01', '--to', '2027-03-03', '--json'], {
      fetchFeed: async (url) => {
        urls.push(url);
        return { ok: true, body };
      },
    });
    expect(urls).toEqual(['https://outlook.example/owa/calendar.ics']);
    expect(JSON.parse(ok.stdout).occurrences).toHaveLength(1);
    const failed = await run(['https://outlook.example/x.ics', '--from', '2027-03-01', '--to', '2027-03-03', '--json'], {
      fetchFeed: async () => ({ ok: false, code: 'unpublished', message: 'HTTP 404' }),
    });
    expect(failed.code).toBe(2);
    expect(JSON.parse(failed.stdout)).toEqual({ error: { code: 'unpublished', message: 'HTTP 404', hint: expect.any(String) } });
    const plain = await run(['http://outlook.example/x.ics', '--from', '2027-03-01', '--to', '2027-03-03', '--json']);
    expect(JSON.parse(plain.stdout).error.code).toBe('https_required');
  });

  it('explains wrong usage with a message, a hint and exit code 2, and prints help with 0', async () => {
    const yesterday = await run([PRAGUE, '--from', 'yesterday', '--to', '2027-04-12']);
    expect(yesterday.code).toBe(2);
    expect(yesterday.stderr).toContain('--from must be an existing date');
    expect(yesterday.stderr).toContain('Give --from and --to as a date');
    expect((await run([PRAGUE, '--from', '2027-03-01'])).stderr).toContain('--from and --to are required');
    expect((await run([PRAGUE, '--from', '2027-03-01', '--to', '2027-04-12', '--tz', 'Mars/Base'])).code).toBe(2);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: kairos ics inspect');
  });

  it.each([
    {
      name: 'a date that does not exist (crashed with a stack trace)',
      args: ['--from', '2027-02-30', '--to', '2027-03-10'],
      message: '--from must be an existing date',
    },
    {
      name: 'an impossible instant',
      args: ['--from', '2027-03-01', '--to', '2027-03-10T25:00:00Z'],
      message: '--to must be an existing date',
    },
    {
      name: '--from after --to (was silently empty)',
      args: ['--from', '2027-04-12', '--to', '2027-03-01'],
      message: '--from (2027-04-12) must come before --to (2027-03-01)',
    },
    { name: 'an empty range', args: ['--from', '2027-03-01T09:00:00Z', '--to', '2027-03-01T09:00:00Z'], message: 'must come before --to' },
    {
      name: 'an unknown option',
      args: ['--from', '2027-03-01', '--to', '2027-03-10', '--since', 'x'],
      message: "Unknown option '--since'",
    },
    { name: 'two sources', args: [PRAGUE, '--from', '2027-03-01', '--to', '2027-03-10'], message: 'give exactly one file or https URL' },
  ])('refuses $name with a message and a hint, as text or as JSON', async ({ args, message }) => {
    const text = await run([PRAGUE, ...args]);
    expect(text).toMatchObject({ code: 2, stdout: '' });
    expect(text.stderr).toContain(message);
    expect(text.stderr).not.toMatch(/\n\s+at /);
    const json = await run([PRAGUE, ...args, '--json']);
    expect(json.code).toBe(2);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toEqual({
      error: { code: 'invalid_arguments', message: expect.stringContaining(message), hint: expect.any(String) },
    });
  });

  it('answers --help in JSON when --json is given', async () => {
    const help = await run(['--help', '--json']);
    expect(help.code).toBe(0);
    expect(JSON.parse(help.stdout).usage).toContain('Usage: kairos ics inspect');
  });
});
