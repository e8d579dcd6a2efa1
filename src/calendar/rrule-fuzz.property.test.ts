import { describe, expect, it } from 'vitest';
import { MAX_FEED_WORK, OCCURRENCE_WORK, occurrenceKey } from './expand-occurrences.ts';
import { FUZZ_WINDOW, randomRuleFeed, seededRandom } from './random-rule-feed.ts';
import { expandOccurrencesWithWarnings, parseFeed } from './read-feed.ts';

// The small version of bench/rrule-fuzz.ts (100,000 feeds): same generator, fixed seed.
const CASES = 200;
const SEED = 8_2026;

describe('generated hostile rules', () => {
  it(`parses and expands ${CASES} generated feeds within the work budget, without an exception`, () => {
    const random = seededRandom(SEED);
    const from = Date.parse(FUZZ_WINDOW.from),
      to = Date.parse(FUZZ_WINDOW.to);
    for (let index = 0; index < CASES; index++) {
      const { body, rules } = randomRuleFeed(random);
      const context = `case ${index}: ${rules.join(' | ').slice(0, 400)}`;
      const parsed = parseFeed(body);
      if (!parsed.ok) continue;
      const { occurrences, workUsed } = expandOccurrencesWithWarnings(parsed.feed, FUZZ_WINDOW, { viewerTimeZone: 'Europe/Prague' });
      // a series may overshoot by its last kept occurrence
      expect(workUsed, context).toBeLessThanOrEqual(MAX_FEED_WORK + OCCURRENCE_WORK);
      expect(new Set(occurrences.map(occurrenceKey)).size, context).toBe(occurrences.length);
      for (const occurrence of occurrences) {
        if (occurrence.allDay) continue;
        const start = Date.parse(occurrence.start),
          end = Date.parse(occurrence.end);
        expect(start < to && (end > from || (end === start && start >= from)), `${context}: ${occurrence.start}`).toBe(true);
      }
    }
    // about 5 s on an idle machine: a budget that holds on a loaded one
  }, 120_000);
});
