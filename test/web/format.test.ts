import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateInZone,
  formatDate,
  formatDayShort,
  formatDuration,
  formatElapsed,
  formatTime,
  instantFromWall,
  isoWeekday,
  parseDate,
  parseDuration,
  parseTimeOfDay,
  plural,
  spokenDuration,
  wallTime,
} from '../../src/i18n/format.ts';

describe('formatting for people (UX.md A4)', () => {
  it('writes Czech dates as 16. 3. 2026 and short days as po 16. 3.', () => {
    expect(formatDate('cs', '2026-03-16')).toBe('16. 3. 2026');
    expect(formatDayShort('cs', '2026-03-16')).toBe('po 16. 3.');
    expect(formatDate('en', '2026-03-16')).toBe('16 Mar 2026');
  });

  it("uses the 24-hour clock in the zone asked for, not the machine's", () => {
    expect(formatTime('2026-03-16T08:05:00Z', 'Europe/Prague')).toBe('9:05');
    expect(formatTime('2026-03-16T08:05:00Z', 'America/Los_Angeles')).toBe('1:05');
    expect(formatTime('2026-03-16T16:30:00Z', 'Europe/Prague')).toBe('17:30');
  });

  it('says Czech hours with the right plural: 1 hodina, 2 hodiny, 5 hodin, 1,5 hodiny', () => {
    expect(spokenDuration('cs', 3600)).toBe('1 hodina');
    expect(spokenDuration('cs', 7200)).toBe('2 hodiny');
    expect(spokenDuration('cs', 18000)).toBe('5 hodin');
    expect(spokenDuration('cs', 5400)).toBe('1,5 hodiny');
    expect(spokenDuration('cs', 45 * 60)).toBe('45 minut');
    expect(spokenDuration('en', 3600)).toBe('1 hour');
    expect(spokenDuration('en', 5400)).toBe('1.5 hours');
    expect(plural('cs', 3, { one: 'schůzka', few: 'schůzky', many: 'schůzky', other: 'schůzek' })).toBe('schůzky');
  });

  it('formats durations as 6 h 30 min, 6:30 or 6,5 h', () => {
    expect(formatDuration('cs', 6.5 * 3600)).toBe('6 h 30 min');
    expect(formatDuration('cs', 6.5 * 3600, 'clock')).toBe('6:30');
    expect(formatDuration('cs', 6.5 * 3600, 'decimal')).toBe('6,5 h');
    expect(formatDuration('en', 6.5 * 3600, 'decimal')).toBe('6.5 h');
    expect(formatDuration('en', 45 * 60)).toBe('45 min');
    expect(formatDuration('en', 2 * 3600)).toBe('2 h');
    expect(formatElapsed(42 * 60 + 10)).toBe('0:42:10');
  });

  it('reads typed times, durations and dates the way people type them', () => {
    for (const [text, minutes] of [
      ['9', 540],
      ['9:05', 545],
      ['905', 545],
      ['9.05', 545],
      ['09:05', 545],
      ['0', 0],
      ['24', 1440],
    ] as const) {
      expect(parseTimeOfDay(text), text).toBe(minutes);
    }
    for (const text of ['25', '9:60', 'nine', '', '12345']) expect(parseTimeOfDay(text), text).toBeNull();
    for (const [text, seconds] of [
      ['1,5', 5400],
      ['1.5', 5400],
      ['1:30', 5400],
      ['90m', 5400],
      ['1 h 30 min', 5400],
      ['45 min', 2700],
      ['2', 7200],
      ['2h', 7200],
    ] as const) {
      expect(parseDuration(text), text).toBe(seconds);
    }
    for (const text of ['abc', '1:75', '']) expect(parseDuration(text), text).toBeNull();
    expect(parseDate('16. 3. 2026')).toBe('2026-03-16');
    expect(parseDate('16.3.2026')).toBe('2026-03-16');
    expect(parseDate('2026-03-16')).toBe('2026-03-16');
    expect(parseDate('30. 2. 2026')).toBeNull();
  });

  it('turns wall-clock readings into instants across DST changes', () => {
    // Prague: 29 March 2026 02:00 → 03:00 (gap), 25 October 2026 03:00 → 02:00 (repeat)
    expect(instantFromWall({ year: 2026, month: 3, day: 28, hour: 9, minute: 0 }, 'Europe/Prague').toISOString()).toBe(
      '2026-03-28T08:00:00.000Z',
    );
    expect(instantFromWall({ year: 2026, month: 3, day: 30, hour: 9, minute: 0 }, 'Europe/Prague').toISOString()).toBe(
      '2026-03-30T07:00:00.000Z',
    );
    expect(instantFromWall({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Prague').toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(instantFromWall({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Prague').toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    expect(instantFromWall({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/Los_Angeles').toISOString()).toBe(
      '2026-11-01T08:30:00.000Z',
    );
    for (const instant of ['2026-03-29T00:59:00Z', '2026-03-29T01:00:00Z', '2026-10-25T01:30:00Z', '2026-07-01T12:00:00Z']) {
      const wall = wallTime(instant, 'Europe/Prague');
      const back = instantFromWall(wall, 'Europe/Prague');
      expect(Math.abs(back.getTime() - Date.parse(instant)) === 0 || wall.hour === 2).toBe(true);
    }
    expect(dateInZone('2026-03-15T23:30:00Z', 'Europe/Prague')).toBe('2026-03-16');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(isoWeekday('2026-03-16')).toBe(1);
    expect(isoWeekday('2026-03-22')).toBe(7);
  });
});
