import { existsSync, readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandOccurrencesWithWarnings, occurrenceKey, parseFeed } from './read-feed.ts';

// Random damage to every fixture: the engine answers an error code, or occurrences it can
// account for, within a second, and never throws or hangs.
const INVENTED = new URL('../../test/fixtures/ics/', import.meta.url);
const REAL = new URL('../../../shared/fixtures/ics-real/', import.meta.url);
const RUNS = Number(process.env.KAIROS_PROPERTY_RUNS ?? 300);
const WINDOW = { from: '2019-01-01T00:00:00Z', to: '2028-01-01T00:00:00Z' };
// overrides move instances by days, never by months: keys of a wider window cover them
const WIDE_WINDOW = { from: '2018-11-01T00:00:00Z', to: '2028-03-01T00:00:00Z' };

function fixtures(): { name: string; bytes: Uint8Array }[] {
  const list = (dir: URL) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((name) => name.endsWith('.ics'))
          .map((name) => ({ name, bytes: new Uint8Array(readFileSync(new URL(name, dir))) }))
      : [];
  return [...list(INVENTED), ...list(REAL)].filter((fixture) => !fixture.name.startsWith('not-ics'));
}

type Mutation =
  | { kind: 'drop' | 'duplicate'; at: number; count: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'huge'; at: number; value: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('drop' as const, 'duplicate' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    count: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  // bytes that can never be UTF-8, so a flip is always detectable
  fc.record({
    kind: fc.constant('flip' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    byte: fc.integer({ min: 0xf8, max: 0xff }),
  }),
  fc.record({
    kind: fc.constant('huge' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    value: fc.constantFrom(
      '999999999999',
      '-1',
      '9'.repeat(400),
      'x'.repeat(200_000),
      '20270301T090000Z,'.repeat(5000),
      'FREQ=SECONDLY;INTERVAL=1',
      '00000000T000000',
    ),
  }),
);

function mutate(bytes: Uint8Array, change: Mutation): Uint8Array {
  const position = Math.floor(change.at * bytes.length);
  if (change.kind === 'truncate') return bytes.subarray(0, position);
  if (change.kind === 'flip') {
    const copy = bytes.slice();
    copy[Math.min(position, copy.length - 1)] = change.byte;
    return copy;
  }
  // content lines (RFC 5545 3.1), folds included: half a folded UID is another UID, not damage
  const lines = new TextDecoder().decode(bytes).split(/\n(?![ \t])/);
  const index = Math.floor(change.at * lines.length);
  if (change.kind === 'huge') {
    const line = lines[index] ?? '';
    // a different but valid UID is a different event, not damage anyone could notice
    if (/^(UID|[ \t])/i.test(line)) return bytes;
    const colon = line.indexOf(':');
    // numbers are the usual target; otherwise the whole value is replaced
    lines[index] = /\d{2,}/.test(line.slice(colon + 1))
      ? line.slice(0, colon + 1) + line.slice(colon + 1).replace(/\d{2,}/, change.value)
      : `${line.slice(0, colon + 1)}${change.value}`;
  } else if (change.kind === 'drop') {
    lines.splice(index, change.count);
  } else {
    lines.splice(index, 0, ...lines.slice(index, index + change.count));
  }
  return new TextEncoder().encode(lines.join('\n'));
}

describe('damaged feeds (fast-check, fixed seed)', () => {
  const all = fixtures();
  const baseline = new Map(
    all.map(({ name, bytes }) => {
      const result = parseFeed(bytes);
      if (!result.ok) throw new Error(`${name} must parse`);
      const keys = new Set(expandOccurrencesWithWarnings(result.feed, WIDE_WINDOW).occurrences.map(occurrenceKey));
      return [name, { keys, uids: new Set(result.feed.series.map((series) => series.uid)) }];
    }),
  );

  it(`answers an error or accountable occurrences within 1 s (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...all), mutation, (fixture, change) => {
        const started = performance.now();
        const result = parseFeed(mutate(fixture.bytes, change));
        if (!result.ok) {
          expect(['not_ics', 'invalid_ics']).toContain(result.error.code);
          return;
        }
        const { occurrences, warnings } = expandOccurrencesWithWarnings(result.feed, WINDOW);
        expect(performance.now() - started).toBeLessThan(1000);
        const known = baseline.get(fixture.name) as { keys: Set<string>; uids: Set<string> };
        const unknown = occurrences.filter((occurrence) => !known.keys.has(occurrenceKey(occurrence)));
        if (change.kind === 'truncate') {
          expect(unknown).toEqual([]);
          return;
        }
        // a new key must belong to a series of the original (a dropped EXDATE or RRULE line
        // cannot be noticed) or come with a warning
        const reported = result.feed.warnings.length + warnings.length > 0;
        for (const occurrence of unknown) expect(reported || known.uids.has(occurrence.uid)).toBe(true);
      }),
      { seed: 20_261_126, numRuns: RUNS },
    );
  });
});
