import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secret-box.ts';
import { occurrenceId } from './occurrence-key.ts';
import { type OccurrenceFields, reconcile, type StoredOccurrence } from './reconcile.ts';
import { nextRegularSync, nextRetry } from '../domain/sync-schedule.ts';

const occurrence = (uid: string, start: string, extra: Partial<OccurrenceFields> = {}): OccurrenceFields => ({
  id: occurrenceId('c1', uid, null),
  uid,
  recurrenceId: null,
  start,
  end: start.replace('T09', 'T10'),
  allDay: false,
  summary: uid,
  location: null,
  busyStatus: 'busy',
  private: false,
  cancelled: false,
  ...extra,
});
const stored = (fields: OccurrenceFields, removedAt: Date | null = null): StoredOccurrence => ({
  ...fields,
  startsAt: new Date(fields.start),
  removedAt,
});
const window = { from: new Date('2027-03-01T00:00:00Z'), to: new Date('2027-04-01T00:00:00Z') };

describe('reconciling stored occurrences with a feed', () => {
  it('inserts new ones, updates changed ones, counts the rest and marks the vanished inside the window', () => {
    const kept = occurrence('kept', '2027-03-10T09:00:00Z');
    const moved = occurrence('moved', '2027-03-11T09:00:00Z');
    const gone = occurrence('gone', '2027-03-12T09:00:00Z');
    const old = occurrence('old', '2027-01-05T09:00:00Z');
    const fresh = occurrence('fresh', '2027-03-13T09:00:00Z');
    const result = reconcile(
      [stored(kept), stored(moved), stored(gone), stored(old)],
      [kept, { ...moved, start: '2027-03-11T09:30:00Z' }, fresh],
      window,
    );
    expect(result.upserts.map((row) => row.uid)).toEqual(['moved', 'fresh']);
    expect(result.removals).toEqual([gone.id]);
    expect(result.unchanged).toBe(1);
  });

  it('brings back an occurrence that reappears, and counts a duplicate instance once', () => {
    const back = occurrence('back', '2027-03-10T09:00:00Z');
    const result = reconcile([stored(back, new Date('2027-03-02T00:00:00Z'))], [back, back], window);
    expect(result.upserts).toEqual([back]);
    expect(result.removals).toEqual([]);
  });

  it('derives one stable id per occurrence key', () => {
    expect(occurrenceId('c1', 'uid', '2027-03-10T09:00:00Z')).toBe(occurrenceId('c1', 'uid', '2027-03-10T09:00:00Z'));
    expect(occurrenceId('c1', 'uid', null)).not.toBe(occurrenceId('c2', 'uid', null));
    expect(occurrenceId('c1', 'uid', null)).toMatch(/^m_[\w-]{27}$/);
  });
});

describe('scheduling', () => {
  const now = new Date('2027-03-10T08:00:00Z');
  it('adds up to 10% jitter to the interval', () => {
    expect(nextRegularSync(now, 900, () => 0).getTime() - now.getTime()).toBe(900_000);
    expect(nextRegularSync(now, 900, () => 1).getTime() - now.getTime()).toBe(990_000);
  });
  it('doubles the wait with each failure in a row up to the cap, and honours a longer Retry-After', () => {
    const waits = [1, 2, 3, 4, 10].map((failures) => nextRetry(now, failures, 900, 3600, null, () => 0).getTime() - now.getTime());
    expect(waits).toEqual([900_000, 1_800_000, 3_600_000, 3_600_000, 3_600_000]);
    expect(nextRetry(now, 1, 900, 3600, 7_200_000, () => 0).getTime() - now.getTime()).toBe(7_200_000);
  });
});

describe('the secret box', () => {
  it('round-trips a link, never stores it readable, and refuses another key or a tampered value', () => {
    const box = createSecretBox(new Uint8Array(32).fill(7));
    const link = 'https://outlook.office365.com/owa/calendar/abc@contoso.com/s3cr3t/calendar.ics';
    const sealed = box.seal(link);
    expect(sealed).not.toContain('s3cr3t');
    expect(box.seal(link)).not.toBe(sealed);
    expect(box.open(sealed)).toBe(link);
    expect(() => createSecretBox(new Uint8Array(32).fill(8)).open(sealed)).toThrow();
    const parts = sealed.split('.');
    parts[3] = `${parts[3]!.startsWith('A') ? 'B' : 'A'}${parts[3]!.slice(1)}`;
    expect(() => box.open(parts.join('.'))).toThrow();
    expect(() => createSecretBox(new Uint8Array(16))).toThrow(/32 bytes/);
  });
});
