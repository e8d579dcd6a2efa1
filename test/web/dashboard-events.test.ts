import { describe, expect, it } from 'vitest';
import { buildEvents, isGhostMeeting, recordColour } from '../../web/src/dashboard/calendar-events.ts';

const zone = 'Europe/Prague';
const project = { id: 'p1', clientId: 'c1', name: 'Web', color: '#2563eb', billable: true, hourlyRate: null, archived: false, version: 1 };
const record = (id: string, start: string, end: string, overlaps: string[] = []) => ({
  id,
  userId: 'u',
  start,
  end,
  durationSeconds: (Date.parse(end) - Date.parse(start)) / 1000,
  projectId: 'p1',
  taskId: null,
  description: '',
  billable: true,
  tagIds: [],
  source: 'manual' as const,
  impulseId: null,
  overlaps,
  version: 1,
});
type Meeting = Parameters<typeof isGhostMeeting>[0];
const meeting = (patch: Partial<Meeting>): Meeting => ({
  id: 'm1',
  kind: 'meeting',
  start: '2026-12-03T12:00:00Z',
  end: '2026-12-03T13:00:00Z',
  allDay: false,
  summary: 'Client call',
  busyStatus: 'busy',
  cancelled: false,
  removed: false,
  state: 'open',
  ...patch,
});
const base = {
  overrides: {},
  pending: [],
  timer: null,
  now: new Date('2026-12-02T08:00:00Z'),
  impulses: [],
  projects: [project],
  clients: [{ id: 'c1', name: 'ACME', archived: false, version: 1 }],
  colorBy: 'project' as const,
  showGhosts: true,
  lockedUntil: null,
  zone,
  untitled: '—',
};

describe('what the dashboard calendar draws', () => {
  it('shows records at their profile-zone wall times, titled by project when undescribed, marked when they overlap', () => {
    const [event] = buildEvents({ ...base, records: [record('r1', '2026-12-01T08:00:00Z', '2026-12-01T09:30:00Z', ['r2'])] });
    expect(event).toMatchObject({
      id: 'r1',
      title: 'ACME › Web',
      start: new Date('2026-12-01T09:00:00Z'),
      end: new Date('2026-12-01T10:30:00Z'),
      color: '#2563eb',
      editable: true,
      className: 'kairos-record kairos-overlap',
    });
  });

  it('keeps records of locked days in place', () => {
    const [event] = buildEvents({
      ...base,
      lockedUntil: '2026-12-01',
      records: [record('r1', '2026-11-30T08:00:00Z', '2026-11-30T09:00:00Z')],
    });
    expect(event).toMatchObject({ editable: false, className: 'kairos-record kairos-record-locked' });
  });

  it("marks a record one of the person's rules made, and only that one", () => {
    const [byRule, byHand] = buildEvents({
      ...base,
      records: [
        { ...record('r1', '2026-12-01T08:00:00Z', '2026-12-01T08:15:00Z'), source: 'rule' as const },
        record('r2', '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z'),
      ],
    });
    expect(byRule).toMatchObject({ className: 'kairos-record kairos-auto', extendedProps: { auto: true } });
    expect(byHand).toMatchObject({ className: 'kairos-record', extendedProps: { auto: false } });
  });

  it('shows a move waiting for the server where it was dropped', () => {
    const [event] = buildEvents({
      ...base,
      overrides: { r1: { start: '2026-12-01T10:00:00Z', end: '2026-12-01T11:00:00Z' } },
      records: [record('r1', '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z')],
    });
    expect(event?.start).toEqual(new Date('2026-12-01T11:00:00Z'));
  });

  it('grows the running stopwatch to now', () => {
    const timer = {
      projectId: 'p1',
      taskId: null,
      description: 'Landing page',
      billable: true,
      tagIds: [],
      startedAt: '2026-12-02T06:05:00Z',
      impulseId: null,
      elapsedSeconds: 0,
    };
    const [event] = buildEvents({ ...base, records: [], timer });
    expect(event).toMatchObject({
      id: 'timer',
      title: 'Landing page',
      start: new Date('2026-12-02T07:05:00Z'),
      end: new Date('2026-12-02T09:00:00Z'),
      editable: false,
    });
  });

  it('draws only untracked, non-cancelled, non-free timed meetings as background ghosts, and none when switched off', () => {
    const impulses = [
      meeting({ id: 'a' }),
      meeting({ id: 'b', state: 'tracked' }),
      meeting({ id: 'c', cancelled: true }),
      meeting({ id: 'd', busyStatus: 'free' }),
      meeting({ id: 'e', allDay: true, start: '2026-12-03', end: '2026-12-04' }),
    ];
    expect(impulses.filter(isGhostMeeting).map((item) => item.id)).toEqual(['a']);
    expect(buildEvents({ ...base, records: [], impulses })).toEqual([
      expect.objectContaining({ id: 'ghost-a', display: 'background', start: new Date('2026-12-03T13:00:00Z') }),
    ]);
    expect(buildEvents({ ...base, records: [], impulses, showGhosts: false })).toEqual([]);
  });

  it('colours by client when asked, from the client name', () => {
    const byClient = recordColour('p1', [project], base.clients, 'client');
    expect(byClient).toMatch(/^hsl\(/);
    expect(recordColour('p1', [project], base.clients, 'client')).toBe(byClient);
    expect(recordColour('p1', [project], base.clients, 'project')).toBe('#2563eb');
  });
});
