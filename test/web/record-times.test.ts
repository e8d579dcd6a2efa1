import { describe, expect, it } from 'vitest';
import {
  dateInputText,
  durationBetween,
  fieldsFromSpan,
  lockedDay,
  parseSpan,
  toAfterDuration,
} from '../../web/src/records/record-times.ts';
import { impulseSpan } from '../../web/src/records/record-defaults.ts';

const PRAGUE = 'Europe/Prague';
const lengths = { defaultRecordMinutes: 60, snapMinutes: 15, dayStartTime: '09:00' };

describe('record form fields', () => {
  it('shows a Prague morning as Prague wall time, in Czech and English date spellings', () => {
    expect(fieldsFromSpan('cs', '2026-03-16T08:00:00Z', '2026-03-16T09:30:00Z', PRAGUE)).toEqual({
      date: '16. 3. 2026',
      from: '9:00',
      to: '10:30',
      duration: '1 h 30 min',
    });
    expect(fieldsFromSpan('en', '2026-03-16T08:00:00Z', '2026-03-16T09:30:00Z', PRAGUE).date).toBe('16/03/2026');
  });

  it('reads a record ending at midnight as 24:00 and back', () => {
    const fields = fieldsFromSpan('cs', '2026-03-16T22:00:00Z', '2026-03-16T23:00:00Z', PRAGUE);
    expect(fields.to).toBe('24:00');
    expect(parseSpan(fields, PRAGUE)).toEqual({
      ok: true,
      start: '2026-03-16T22:00:00.000Z',
      end: '2026-03-16T23:00:00.000Z',
      date: '2026-03-16',
    });
  });

  it.each([
    { name: 'hour only', from: '9', to: '10' },
    { name: 'colon', from: '9:00', to: '10:00' },
    { name: 'dot', from: '9.00', to: '10.00' },
    { name: 'digits', from: '900', to: '1000' },
  ])('accepts typed times: $name', ({ from, to }) => {
    expect(parseSpan({ date: '16. 3. 2026', from, to, duration: '' }, PRAGUE)).toEqual({
      ok: true,
      start: '2026-03-16T08:00:00.000Z',
      end: '2026-03-16T09:00:00.000Z',
      date: '2026-03-16',
    });
  });

  it('uses the zone offset of the day itself across the spring DST change', () => {
    const span = parseSpan({ date: '29. 3. 2026', from: '9:00', to: '10:00', duration: '' }, PRAGUE);
    expect(span).toMatchObject({ ok: true, start: '2026-03-29T07:00:00.000Z' });
  });

  it('says which field is wrong, and that the end must follow the start', () => {
    expect(parseSpan({ date: '31. 2. 2026', from: 'x', to: '10', duration: 'soon' }, PRAGUE)).toEqual({
      ok: false,
      errors: { date: 'date', from: 'from', duration: 'duration' },
    });
    expect(parseSpan({ date: '16. 3. 2026', from: '10:00', to: '9:00', duration: '' }, PRAGUE)).toEqual({
      ok: false,
      errors: { to: 'order' },
    });
    expect(parseSpan({ date: '32. 13. 2026', from: '10:00', to: '8', duration: '1 h' }, PRAGUE)).toEqual({
      ok: false,
      errors: { date: 'date', to: 'order' },
    });
  });

  it.each([
    { name: 'Czech decimal', duration: '1,5', to: '10:30' },
    { name: 'decimal point', duration: '1.5', to: '10:30' },
    { name: 'clock', duration: '1:30', to: '10:30' },
    { name: 'minutes', duration: '90m', to: '10:30' },
    { name: 'words', duration: '1 h 30 min', to: '10:30' },
  ])('editing the duration moves To: $name', ({ duration, to }) => {
    expect(toAfterDuration('9:00', duration)).toBe(to);
  });

  it('does not move To past midnight or for nonsense', () => {
    expect(toAfterDuration('23:00', '2 h')).toBeNull();
    expect(toAfterDuration('9:00', 'later')).toBeNull();
    expect(durationBetween('cs', '9:00', '10:45')).toBe('1 h 45 min');
    expect(durationBetween('cs', '10:00', '9:00')).toBeNull();
  });

  it('knows the last locked day', () => {
    expect(lockedDay('2026-03-31', '2026-04-01')).toBe('2026-03-31');
    expect(lockedDay('2026-04-01', '2026-04-01')).toBeNull();
    expect(lockedDay('2026-03-01', null)).toBeNull();
    expect(dateInputText('cs', '2026-03-31')).toBe('31. 3. 2026');
  });
});

describe('where a record from an impulse starts', () => {
  const meeting = { kind: 'meeting' as const, start: '2026-03-16T08:00:00Z', end: '2026-03-16T09:00:00Z', allDay: false };
  const now = Date.parse('2026-03-16T10:07:00Z');

  it('is the meeting itself, or its own time of day on another date', () => {
    expect(impulseSpan(meeting, {}, lengths, PRAGUE, now)).toEqual({ start: meeting.start, end: meeting.end });
    expect(impulseSpan(meeting, { date: '2026-03-18' }, lengths, PRAGUE, now)).toEqual({
      start: '2026-03-18T08:00:00.000Z',
      end: '2026-03-18T09:00:00.000Z',
    });
  });

  it('keeps the meeting length from a chosen start', () => {
    expect(impulseSpan(meeting, { start: '2026-03-16T12:00:00Z' }, lengths, PRAGUE, now)).toEqual({
      start: '2026-03-16T12:00:00Z',
      end: '2026-03-16T13:00:00.000Z',
    });
  });

  it('puts an all-day meeting at the day start with the default length', () => {
    expect(impulseSpan({ kind: 'meeting', start: '2026-03-16', end: '2026-03-17', allDay: true }, {}, lengths, PRAGUE, now)).toEqual({
      start: '2026-03-16T08:00:00.000Z',
      end: '2026-03-16T09:00:00.000Z',
    });
  });

  it('ends recent work now on the snap grid', () => {
    expect(impulseSpan({ kind: 'recent', start: null, end: null, allDay: false }, {}, lengths, PRAGUE, now)).toEqual({
      start: '2026-03-16T09:00:00.000Z',
      end: '2026-03-16T10:00:00.000Z',
    });
  });
});
