import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expandOccurrences, parseFeed } from './read-feed.ts';

const FIXTURES = new URL('../../test/fixtures/ics/', import.meta.url);

type Expected = {
  window: { from: string; to: string };
  tz: string;
  error?: string;
  warnings?: boolean;
  calendar?: { detailLevel: string };
  occurrences?: Record<string, unknown>[];
};

const names = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.ics'))
  .map((name) => name.slice(0, -4));

describe('invented Exchange fixtures (test/fixtures/ics)', () => {
  it('has all eleven fixtures', () => expect(names).toHaveLength(11));

  for (const name of names) {
    it(`gives exactly the expected answer for ${name}`, () => {
      const expected = JSON.parse(readFileSync(new URL(`expected/${name}.json`, FIXTURES), 'utf8')) as Expected;
      const result = parseFeed(readFileSync(new URL(`${name}.ics`, FIXTURES)));
      if (expected.error) {
        expect(result.ok ? null : result.error.code).toBe(expected.error);
        return;
      }
      if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
      const { feed } = result;
      expect(feed.calendar.detailLevel).toBe(expected.calendar?.detailLevel);
      if (expected.warnings) expect(feed.warnings.length).toBeGreaterThan(0);
      else expect(feed.warnings).toEqual([]);
      const occurrences = expandOccurrences(feed, expected.window, { viewerTimeZone: expected.tz }).map(
        ({ location: _location, ...rest }) => rest,
      );
      expect(occurrences).toEqual(expected.occurrences);
    });
  }
});
