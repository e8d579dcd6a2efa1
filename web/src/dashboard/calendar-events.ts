import type { EventInput } from '@fullcalendar/react';
import type { Client, Impulse, Project, RunningTimer, TimeRecord } from '../data/store.ts';
import { projectLabel } from '../data/store.ts';
import type { PendingDrop } from './drag.ts';
import { colourOfName, isLockedStart, toGrid } from './grid-time.ts';

// What the calendar draws (UX.md B1): the person's records coloured by project or client, drops
// waiting for the server, the running stopwatch as a growing block, and untracked meetings as
// faint background blocks that drops line up with.
export type EventKind = 'record' | 'pending' | 'timer' | 'ghost';

export type BuildInput = {
  records: TimeRecord[];
  // a move or resize waiting for the server: shown where it was dropped
  overrides: Record<string, { start: string; end: string }>;
  pending: PendingDrop[];
  timer: RunningTimer | null;
  now: Date;
  impulses: Impulse[];
  projects: Project[];
  clients: Client[];
  colorBy: 'project' | 'client';
  showGhosts: boolean;
  lockedUntil: string | null;
  zone: string;
  untitled: string;
};

const NEUTRAL = '#64748b';

export function recordColour(projectId: string | null, projects: Project[], clients: Client[], colorBy: 'project' | 'client'): string {
  const project = projects.find((item) => item.id === projectId);
  if (!project) return NEUTRAL;
  if (colorBy === 'client') {
    const client = clients.find((item) => item.id === project.clientId);
    if (client) return colourOfName(client.name);
  }
  return project.color || NEUTRAL;
}

export function isGhostMeeting(impulse: Impulse): boolean {
  return impulse.kind === 'meeting' && impulse.state === 'open' && !impulse.cancelled && !impulse.removed
    && impulse.busyStatus !== 'free' && !impulse.allDay && impulse.start !== null && impulse.end !== null;
}

export function buildEvents(input: BuildInput): EventInput[] {
  const { zone } = input;
  const events: EventInput[] = [];
  for (const record of input.records) {
    const times = input.overrides[record.id] ?? record;
    const locked = isLockedStart(record.start, input.lockedUntil, zone);
    const project = input.projects.find((item) => item.id === record.projectId);
    const label = projectLabel(project, input.clients);
    events.push({
      id: record.id,
      title: record.description || label || input.untitled,
      start: toGrid(times.start, zone),
      end: toGrid(times.end, zone),
      color: recordColour(record.projectId, input.projects, input.clients, input.colorBy),
      className: ['kairos-record', record.overlaps.length > 0 && 'kairos-overlap', locked && 'kairos-record-locked'].filter(Boolean).join(' '),
      editable: !locked,
      interactive: true,
      extendedProps: { kind: 'record' satisfies EventKind, recordId: record.id, projectLabel: label, overlaps: record.overlaps.length > 0 },
    });
  }
  for (const drop of input.pending) {
    events.push({
      id: drop.key, title: drop.title, start: toGrid(drop.start, zone), end: toGrid(drop.end, zone),
      className: 'kairos-record kairos-pending', editable: false, interactive: false, extendedProps: { kind: 'pending' satisfies EventKind },
    });
  }
  if (input.timer) {
    const startMs = Date.parse(input.timer.startedAt);
    // at least a few minutes tall, so a stopwatch started a moment ago is visible
    const endMs = Math.max(input.now.getTime(), startMs + 5 * 60_000);
    const project = input.projects.find((item) => item.id === input.timer?.projectId);
    const label = projectLabel(project, input.clients);
    events.push({
      id: 'timer', title: input.timer.description || label || input.untitled,
      start: toGrid(new Date(startMs), zone), end: toGrid(new Date(endMs), zone),
      color: recordColour(input.timer.projectId, input.projects, input.clients, input.colorBy),
      className: 'kairos-record kairos-running', editable: false, interactive: true,
      extendedProps: { kind: 'timer' satisfies EventKind, projectLabel: label },
    });
  }
  if (input.showGhosts) {
    for (const impulse of input.impulses) {
      if (!isGhostMeeting(impulse)) continue;
      events.push({
        id: `ghost-${impulse.id}`, title: impulse.summary, start: toGrid(impulse.start!, zone), end: toGrid(impulse.end!, zone),
        display: 'background', className: 'kairos-ghost', interactive: false, extendedProps: { kind: 'ghost' satisfies EventKind, impulseId: impulse.id },
      });
    }
  }
  return events;
}
