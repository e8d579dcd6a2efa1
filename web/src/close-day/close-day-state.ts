import { useMemo, useSyncExternalStore } from 'react';
import { type State, useStore } from '../data/store.ts';
import { buildQueue, type ClosedDays, dayBounds, dayFingerprint, isDayClosed, type QueueItem, trackedSeconds } from './close-day-queue.ts';

// Which day's sheet is open, and what this browser remembers of closing days: the items skipped per
// day (a gap taken as a break, a rule record kept, a changed record left as it is), the fingerprint
// of each closed day (the header's check) and the day the nudge was waved away. Meetings that are
// skipped are dismissed on the server; the rest is a person's own review state, kept per user here.
export type Memory = { skipped: Record<string, string[]>; closed: ClosedDays; nudgeDismissed: string | null };

const KEEP_DAYS = 62;
let openDay: string | null = null;
let version = 0;
const listeners = new Set<() => void>();
const cache = new Map<string, Memory>();

function changed(): void {
  version += 1;
  for (const listener of listeners) listener();
}

const storageKey = (userId: string) => `kairos.closeDay.${userId}`;

function memory(userId: string): Memory {
  const cached = cache.get(userId);
  if (cached) return cached;
  let read: Memory = { skipped: {}, closed: {}, nudgeDismissed: null };
  try {
    const parsed = JSON.parse(localStorage.getItem(storageKey(userId)) ?? 'null') as Partial<Memory> | null;
    if (parsed && typeof parsed === 'object') {
      read = { skipped: parsed.skipped ?? {}, closed: parsed.closed ?? {}, nudgeDismissed: parsed.nudgeDismissed ?? null };
    }
  } catch {
    // an unreadable entry is as good as none
  }
  cache.set(userId, read);
  return read;
}

// only the latest days are kept, so the entry stays small
function newest<T>(byDay: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(byDay)
      .sort(([a], [b]) => b.localeCompare(a))
      .slice(0, KEEP_DAYS),
  );
}

function write(userId: string, next: Memory): void {
  const kept = { ...next, skipped: newest(next.skipped), closed: newest(next.closed) };
  cache.set(userId, kept);
  try {
    localStorage.setItem(storageKey(userId), JSON.stringify(kept));
  } catch {
    // private mode or a full quota: the review still works for this visit
  }
  changed();
}

export function skip(userId: string, day: string, key: string): void {
  const current = memory(userId);
  write(userId, { ...current, skipped: { ...current.skipped, [day]: [...new Set([...(current.skipped[day] ?? []), key])] } });
}

export function unskip(userId: string, day: string, key: string): void {
  const current = memory(userId);
  write(userId, { ...current, skipped: { ...current.skipped, [day]: (current.skipped[day] ?? []).filter((item) => item !== key) } });
}

export function markClosed(userId: string, day: string, fingerprint: string): void {
  const current = memory(userId);
  if (current.closed[day] === fingerprint) return;
  write(userId, { ...current, closed: { ...current.closed, [day]: fingerprint } });
}

export function dismissNudge(userId: string, day: string): void {
  write(userId, { ...memory(userId), nudgeDismissed: day });
}

export function openCloseDay(day: string): void {
  openDay = day;
  changed();
}

export function closeCloseDay(): void {
  openDay = null;
  changed();
}

function subscribe(callback: () => void): () => void {
  listeners.add(callback);
  return () => listeners.delete(callback);
}

export function useCloseDayOpen(): string | null {
  return useSyncExternalStore(subscribe, () => openDay);
}

export function useCloseDayMemory(userId: string): Memory {
  useSyncExternalStore(subscribe, () => version);
  return memory(userId);
}

export type DayReview = { queue: QueueItem[]; tracked: number; fingerprint: string; closed: boolean; loaded: boolean };

type ReviewInput = {
  day: string;
  zone: string;
  workday: Parameters<typeof buildQueue>[0]['workday'];
  now: Date;
  state: Pick<State, 'records' | 'impulses' | 'timer' | 'recordsRange'>;
  memory: Memory;
};

// The queue of one day from what the dashboard has loaded; `loaded` is false while the day is
// outside the loaded range (nothing can be said about it then)
export function reviewOf({ day, zone, workday, now, state, memory: remembered }: ReviewInput): DayReview {
  const { records, impulses, timer, recordsRange: range } = state;
  const loaded = Boolean(range && range.from <= day && day < range.to);
  const queue = buildQueue({ day, zone, workday, now, records, impulses, timer, skipped: new Set(remembered.skipped[day] ?? []) });
  const fingerprint = dayFingerprint(day, zone, records, impulses, timer);
  const bounds = dayBounds(day, zone);
  const onDay = records.filter((record) => Date.parse(record.end) > bounds.start && Date.parse(record.start) < bounds.end);
  const tracked = trackedSeconds(day, zone, onDay, timer, now);
  return { queue, tracked, fingerprint, closed: loaded && isDayClosed(remembered.closed, day, fingerprint, queue.length), loaded };
}

export function useDayReview(
  userId: string,
  day: string | null,
  zone: string,
  workday: ReviewInput['workday'],
  now: Date,
): DayReview | null {
  const records = useStore((s) => s.records);
  const impulses = useStore((s) => s.impulses);
  const timer = useStore((s) => s.timer);
  const recordsRange = useStore((s) => s.recordsRange);
  const remembered = useCloseDayMemory(userId);
  return useMemo(
    () => (day ? reviewOf({ day, zone, workday, now, state: { records, impulses, timer, recordsRange }, memory: remembered }) : null),
    [day, zone, workday, now, records, impulses, timer, recordsRange, remembered],
  );
}
