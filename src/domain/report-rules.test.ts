import { describe, expect, it } from 'vitest';
import { amountMinor, countRecord, effectiveRate, periodOf, roundRow, roundUp, splitAcrossDays } from './report-rules.ts';

describe('report rules', () => {
  it('rounds up to the increment and leaves exact multiples alone', () => {
    expect(roundUp(61, 1)).toBe(120);
    expect(roundUp(7 * 60, 15)).toBe(15 * 60);
    expect(roundUp(15 * 60, 15)).toBe(15 * 60);
    expect(roundUp(16 * 60, 6)).toBe(18 * 60);
    expect(roundUp(1, 30)).toBe(30 * 60);
    expect(roundUp(1234, 0)).toBe(1234);
  });

  it('prices in whole minor units, rounding half up, and takes the member, then project, then organisation rate', () => {
    expect(amountMinor(3600, 1000)).toBe(1000);
    expect(amountMinor(7 * 60, 1000)).toBe(117); // 116.67
    expect(amountMinor(9, 1000)).toBe(3); // 2.5 → 3
    expect(amountMinor(3600, null)).toBe(0);
    expect(effectiveRate(1200, 1000, 800)).toBe(1200);
    expect(effectiveRate(null, 1000, 800)).toBe(1000);
    expect(effectiveRate(null, null, 800)).toBe(800);
    expect(effectiveRate(null, null, null)).toBeNull();
  });

  it('counts a record rounded before it is priced, and a non-billable one at zero', () => {
    expect(countRecord(7 * 60, true, 1000, { minutes: 15, scope: 'record' })).toEqual({
      seconds: 420,
      roundedSeconds: 900,
      billableSeconds: 900,
      amount: 250,
    });
    expect(countRecord(7 * 60, false, 1000, { minutes: 15, scope: 'record' })).toEqual({
      seconds: 420,
      roundedSeconds: 900,
      billableSeconds: 0,
      amount: 0,
    });
    expect(countRecord(7 * 60, true, 1000, { minutes: 15, scope: 'total' }).roundedSeconds).toBe(420);
  });

  it('splits a record over days so that the pieces add up to it exactly', () => {
    const counted = countRecord(50 * 60 + 200 * 60, true, 800, { minutes: 15, scope: 'record' });
    const pieces = splitAcrossDays([50 * 60, 200 * 60], counted);
    expect(pieces.reduce((sum, piece) => sum + piece.seconds, 0)).toBe(counted.roundedSeconds);
    expect(pieces.reduce((sum, piece) => sum + piece.amount, 0)).toBe(counted.amount);
    expect(pieces[0]!.seconds).toBe(50 * 60);
    for (let amount = 0; amount < 200; amount++) {
      const split = splitAcrossDays([100, 200, 300], { seconds: 600, roundedSeconds: 600, billableSeconds: 600, amount });
      expect(split.reduce((sum, piece) => sum + piece.amount, 0)).toBe(amount);
    }
  });

  it('rounds a whole row in total scope and scales its amount with it', () => {
    expect(roundRow({ seconds: 7 * 60, billableSeconds: 7 * 60, exactAmount: 116.67 }, { minutes: 15, scope: 'total' })).toEqual({
      seconds: 900,
      billableSeconds: 900,
      amount: 250,
    });
    expect(roundRow({ seconds: 7 * 60, billableSeconds: 0, exactAmount: 0 }, { minutes: 15, scope: 'total' })).toEqual({
      seconds: 900,
      billableSeconds: 0,
      amount: 0,
    });
    expect(roundRow({ seconds: 420, billableSeconds: 420, exactAmount: 116.67 }, { minutes: 15, scope: 'record' })).toEqual({
      seconds: 420,
      billableSeconds: 420,
      amount: 117,
    });
  });

  it('finds the period a day falls in by the week start', () => {
    expect(periodOf('2026-03-18', 'week', 1)).toBe('2026-03-16');
    expect(periodOf('2026-03-22', 'week', 1)).toBe('2026-03-16');
    expect(periodOf('2026-03-22', 'week', 7)).toBe('2026-03-22');
    expect(periodOf('2026-03-21', 'week', 7)).toBe('2026-03-15');
    expect(periodOf('2026-03-21', 'month', 1)).toBe('2026-03-01');
    expect(periodOf('2026-03-21', 'day', 1)).toBe('2026-03-21');
  });
});

describe('calendar vs tracked', () => {
  const meeting = { start: 0, end: 3_600_000 };
  it('calls a meeting tracked when a record is linked at its time or records cover 80 %', async () => {
    const { classifyMeeting } = await import('./report-rules.ts');
    expect(classifyMeeting({ ...meeting, linked: { start: 0, end: 3_600_000 }, coveredSeconds: 3600 })).toBe('tracked');
    expect(classifyMeeting({ ...meeting, linked: { start: 0, end: 1_800_000 }, coveredSeconds: 1800 })).toBe('trackedDifferently');
    expect(classifyMeeting({ ...meeting, linked: null, coveredSeconds: 2880 })).toBe('tracked');
    expect(classifyMeeting({ ...meeting, linked: null, coveredSeconds: 2879 })).toBe('trackedDifferently');
    expect(classifyMeeting({ ...meeting, linked: null, coveredSeconds: 0 })).toBe('untracked');
  });
});
