import { colourOfName, isLockedStart, toGrid } from './grid-time.ts';

// What the calendar draws (UX.md B1): the person's records coloured by project or client, drops
// waiting for the server, the running stopwatch as a growing block, and untracked meetings as
// faint background blocks that drops line up with. Pure (tested in test/web/dashboard-events.test.ts):
// the shapes below are the parts of the store's records, impulses and catalog it reads.
type RecordLike = { id: string; start: string; end: string; projectId: string; description: string; overlaps: string[]; source?: string };
type ImpulseLike = {
  id: string;
  kind: 'meeting' | 'recent';
  state: 'open' | 'tracked' | 'dismissed';
  cancelled: boolean;
  removed: boolean;
  busyStatus: string | null;
  allDay: boolean;
  start: string | null;
  end: string | null;
  summary: string;
};
type ProjectLike = { id: string; clientId: string | null; name: string; color: string };
type ClientLike = { id: string; name: string };
type TimerLike = { projectId: string | null; description: string; startedAt: string };

// A drop from the impulses panel waiting for the server
export type PendingDrop = { key: string; start: string; end: string; title: string };

// The FullCalendar event input fields the dashboard uses
export type CalendarEvent = {
  id: string;
  title: string;
  start: Date;
  end: Date;
  color?: string;
  className: string;
  editable?: boolean;
  interactive: boolean;
  display?: 'background';
  extendedProps: Record<string, unknown>;
};

function labelOf(project: ProjectLike | undefined, clients: ClientLike[]): string {
  if (!project) return '';
  const client = clients.find((item) => item.id === project.clientId);
  return client ? `${client.name} › ${project.name}` : project.name;
}

export type EventKind = 'record' | 'pending' | 'timer' | 'ghost';

export type BuildInput = {
  records: RecordLike[];
  // a move or resize waiting for the server: shown where it was dropped
  overrides: Record<string, { start: string; end: string }>;
  pending: PendingDrop[];
  timer: TimerLike | null;
  now: Date;
  impulses: ImpulseLike[];
  projects: ProjectLike[];
  clients: ClientLike[];
  colorBy: 'project' | 'client';
  showGhosts: boolean;
  lockedUntil: string | null;
  zone: string;
  untitled: string;
};

const NEUTRAL = '#64748b';

export function recordColour(
  projectId: string | null,
  projects: ProjectLike[],
  clients: ClientLike[],
  colorBy: 'project' | 'client',
): string {
  const project = projects.find((item) => item.id === projectId);
  if (!project) return NEUTRAL;
  if (colorBy === 'client') {
    const client = clients.find((item) => item.id === project.clientId);
    if (client) return colourOfName(client.name);
  }
  return project.color || NEUTRAL;
}

export function isGhostMeeting(impulse: ImpulseLike): boolean {
  return (
    impulse.kind === 'meeting' &&
    impulse.state === 'open' &&
    !impulse.cancelled &&
    !impulse.removed &&
    impulse.busyStatus !== 'free' &&
    !impulse.allDay &&
    impulse.start !== null &&
    impulse.end !== null
  );
}

export function buildEvents(input: BuildInput): CalendarEvent[] {
  const { zone } = input;
  const events: CalendarEvent[] = [];
  for (const record of input.records) {
    const times = input.overrides[record.id] ?? record;
    const locked = isLockedStart(record.start, input.lockedUntil, zone);
    const project = input.projects.find((item) => item.id === record.projectId);
    const label = labelOf(project, input.clients);
    events.push({
      id: record.id,
      title: record.description || label || input.untitled,
      start: toGrid(times.start, zone),
      end: toGrid(times.end, zone),
      color: recordColour(record.projectId, input.projects, input.clients, input.colorBy),
      className: [
        'kairos-record',
        record.overlaps.length > 0 && 'kairos-overlap',
        locked && 'kairos-record-locked',
        record.source === 'rule' && 'kairos-auto',
      ]
        .filter(Boolean)
        .join(' '),
      editable: !locked,
      interactive: true,
      // made by one of the person's rules (source 'rule'): marked with the auto-record icon
      extendedProps: {
        kind: 'record' satisfies EventKind,
        recordId: record.id,
        projectLabel: label,
        overlaps: record.overlaps.length > 0,
        auto: record.source === 'rule',
      },
    });
  }
  for (const drop of input.pending) {
    events.push({
      id: drop.key,
      title: drop.title,
      start: toGrid(drop.start, zone),
      end: toGrid(drop.end, zone),
      className: 'kairos-record kairos-pending',
      editable: false,
      interactive: false,
      extendedProps: { kind: 'pending' satisfies EventKind },
    });
  }
  if (input.timer) {
    const startMs = Date.parse(input.timer.startedAt);
    // at least a few minutes tall, so a stopwatch started a moment ago is visible
    const endMs = Math.max(input.now.getTime(), startMs + 5 * 60_000);
    const project = input.projects.find((item) => item.id === input.timer?.projectId);
    const label = labelOf(project, input.clients);
    events.push({
      id: 'timer',
      title: input.timer.description || label || input.untitled,
      start: toGrid(new Date(startMs), zone),
      end: toGrid(new Date(endMs), zone),
      color: recordColour(input.timer.projectId, input.projects, input.clients, input.colorBy),
      className: 'kairos-record kairos-running',
      editable: false,
      interactive: true,
      extendedProps: { kind: 'timer' satisfies EventKind, projectLabel: label },
    });
  }
  if (input.showGhosts) {
    for (const impulse of input.impulses) {
      if (!isGhostMeeting(impulse)) continue;
      events.push({
        id: `ghost-${impulse.id}`,
        title: impulse.summary,
        start: toGrid(impulse.start!, zone),
        end: toGrid(impulse.end!, zone),
        display: 'background',
        className: 'kairos-ghost',
        interactive: false,
        extendedProps: { kind: 'ghost' satisfies EventKind, impulseId: impulse.id },
      });
    }
  }
  return events;
}
