import { describe, expect, it } from 'vitest';
import { formatDurationCell, parseDurationInput } from './duration-input.ts';

describe('parseDurationInput', () => {
  it.each([
    { name: 'Czech decimal comma', text: '1,5', seconds: 5400 },
    { name: 'decimal point', text: '1.5', seconds: 5400 },
    { name: 'clock', text: '1:30', seconds: 5400 },
    { name: 'minutes', text: '90m', seconds: 5400 },
    { name: 'minutes spelled', text: '45 min', seconds: 2700 },
    { name: 'hours and minutes', text: '1h 30m', seconds: 5400 },
    { name: 'whole hours', text: '8', seconds: 8 * 3600 },
    { name: 'hours with h', text: '2h', seconds: 7200 },
    { name: 'leading comma', text: ',25', seconds: 900 },
    { name: 'a third of an hour to the minute', text: '0,33', seconds: 20 * 60 },
    { name: 'spaces around', text: '  0:45 ', seconds: 2700 },
    { name: 'empty clears the cell', text: '', seconds: 0 },
  ])('reads $name ("$text")', ({ text, seconds }) => {
    expect(parseDurationInput(text)).toBe(seconds);
  });

  it.each(['abc', '1:75', '-1', '1,5,5', '1h 75m', ':30', '1:3', '.'])('refuses "%s"', (text) => {
    expect(parseDurationInput(text)).toBeNull();
  });
});

describe('formatDurationCell', () => {
  it('shows 1:30 or the decimal in the language', () => {
    expect(formatDurationCell(5400, 'hm', 'cs')).toBe('1:30');
    expect(formatDurationCell(5400, 'decimal', 'cs')).toBe('1,5');
    expect(formatDurationCell(5400, 'decimal', 'en')).toBe('1.5');
    expect(formatDurationCell(20 * 60, 'decimal', 'en')).toBe('0.33');
    expect(formatDurationCell(25 * 3600, 'hm', 'en')).toBe('25:00');
    expect(formatDurationCell(0, 'hm', 'en')).toBe('');
  });
});
