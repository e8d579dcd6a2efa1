import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportFormatError, parseImportFile } from '../../src/services/import-parse.ts';

// The shared Toggl and Clockify samples give exactly their expected results (../shared/fixtures/imports).
const dir = path.resolve('../shared/fixtures/imports');
const available = existsSync(dir);
const files = [
  'toggl-detailed-en',
  'toggl-detailed-variant',
  'clockify-detailed-en',
  'clockify-detailed-12h',
  'toggl-broken-rows',
  'clockify-broken-rows',
];

describe.skipIf(!available)('reading Toggl Track and Clockify exports', () => {
  for (const name of files) {
    it(`${name}.csv gives its expected entries and rejections`, () => {
      const expected = JSON.parse(readFileSync(path.join(dir, 'expected', `${name}.json`), 'utf8'));
      const parsed = parseImportFile(readFileSync(path.join(dir, `${name}.csv`)), { zone: expected.assumedTimeZone });
      expect(parsed.vendor).toBe(expected.vendor);
      expect({ bom: parsed.dialect.bom, lineEnding: parsed.dialect.lineEnding, dateFormat: parsed.dialect.dateFormat }).toEqual({
        bom: expected.dialect.bom,
        lineEnding: expected.dialect.lineEnding,
        dateFormat: expected.dialect.dateFormat,
      });
      expect(parsed.rejected.map(({ row, reason }) => ({ row, reason }))).toEqual(
        expected.rejected.map(({ row, reason }: { row: number; reason: string }) => ({ row, reason })),
      );
      expect(parsed.entries).toHaveLength(expected.records);
      const seconds = (entry: { start: Date; end: Date }) => (entry.end.getTime() - entry.start.getTime()) / 1000;
      expect(parsed.entries.reduce((sum, entry) => sum + seconds(entry), 0)).toBe(expected.totalSeconds);
      expect(parsed.entries.filter((entry) => entry.billable).reduce((sum, entry) => sum + seconds(entry), 0)).toBe(
        expected.billableSeconds,
      );
      for (const [email, user] of Object.entries(expected.perUser as Record<string, { records: number; seconds: number }>)) {
        const mine = parsed.entries.filter((entry) => entry.email === email);
        expect({ records: mine.length, seconds: mine.reduce((sum, entry) => sum + seconds(entry), 0) }, email).toEqual({
          records: user.records,
          seconds: user.seconds,
        });
      }
      for (const want of expected.entries ?? []) {
        const got = parsed.entries.find((entry) => entry.row === want.row)!;
        expect(
          {
            user: got.user,
            email: got.email,
            client: got.client,
            project: got.project,
            task: got.task,
            description: got.description,
            billable: got.billable,
            tags: got.tags,
            localStart: got.localStart,
            localEnd: got.localEnd,
            start: got.start.toISOString().replace('.000Z', 'Z'),
            end: got.end.toISOString().replace('.000Z', 'Z'),
          },
          `row ${want.row}`,
        ).toEqual({
          user: want.user,
          email: want.email,
          client: want.client,
          project: want.project,
          task: want.task,
          description: want.description,
          billable: want.billable,
          tags: want.tags,
          localStart: want.localStart,
          localEnd: want.localEnd,
          start: want.start,
          end: want.end,
        });
      }
    });
  }

  it('refuses a file of neither vendor as a whole', () => {
    const bytes = readFileSync(path.join(dir, 'unrecognized-header.csv'));
    expect(() => parseImportFile(bytes, { zone: 'Europe/Prague' })).toThrow(ImportFormatError);
    try {
      parseImportFile(bytes, { zone: 'Europe/Prague' });
    } catch (error) {
      expect((error as ImportFormatError).code).toBe('unrecognized_format');
    }
    expect(() =>
      parseImportFile(readFileSync(path.join(dir, 'toggl-detailed-en.csv')), { zone: 'Europe/Prague', vendor: 'clockify' }),
    ).toThrow(/Toggl Track file/);
  });
});

describe('import dialects', () => {
  const header =
    '"Project","Client","Description","Task","User","Group","Email","Tags","Billable","Start Date","Start Time","End Date","End Time","Duration (h)","Duration (decimal)"';
  const row = (date: string) => `"P","","d","","U","","u@x.test","","Yes","${date}","09:00:00","${date}","10:00:00","01:00:00","1.00"`;

  it('asks for the date order when no date settles it', () => {
    const bytes = new TextEncoder().encode([header, row('03/04/2026'), row('05/06/2026')].join('\n'));
    expect(() => parseImportFile(bytes, { zone: 'UTC' })).toThrow(expect.objectContaining({ code: 'ambiguous_date_order' }));
    const parsed = parseImportFile(bytes, { zone: 'UTC', dateOrder: 'MDY' });
    expect(parsed.entries.map((entry) => entry.localStart)).toEqual(['2026-03-04T09:00:00', '2026-05-06T09:00:00']);
  });

  it('reads UTF-16 files and refuses times a DST change skips', () => {
    const text = [header, row('29/03/2026').replace('"09:00:00"', '"02:30:00"'), row('30/03/2026')].join('\r\n');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const parsed = parseImportFile(utf16, { zone: 'Europe/Prague' });
    expect(parsed.dialect.encoding).toBe('utf-16le');
    expect(parsed.rejected).toEqual([
      { row: 2, reason: 'invalid_date', detail: expect.stringContaining('does not exist in Europe/Prague') },
    ]);
    expect(parsed.entries).toHaveLength(1);
  });
});
