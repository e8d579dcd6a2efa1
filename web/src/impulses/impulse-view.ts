// What the impulses panel shows (UX.md B3/B4): filters that count what they hide, day groups, the
// state and change texts and the accessible name of an item. Pure: language, zone and the clock are
// arguments (tested in test/web/impulse-view.test.ts).
import type { Impulse } from '../../../src/contract/impulses.ts';
import { addDays, dateInZone, formatDayLong, formatDayShort, formatTime, spokenDuration } from '../../../src/i18n/format.ts';
import { type UiKey, type UiLanguage, uiText } from '../../../src/i18n/ui.ts';

export type Filters = {
  meetings: boolean;
  recent: boolean;
  dismissed: boolean;
  showCancelled: boolean;
  showAllDay: boolean;
  showFree: boolean;
  showTracked: boolean;
};

export function defaultFilters(preferences: { hideCancelled: boolean; hideAllDay: boolean; hideFree: boolean }): Filters {
  return {
    meetings: true,
    recent: true,
    dismissed: false,
    showTracked: true,
    showCancelled: !preferences.hideCancelled,
    showAllDay: !preferences.hideAllDay,
    showFree: !preferences.hideFree,
  };
}

export const ALL_SHOWN: Filters = {
  meetings: true,
  recent: true,
  dismissed: true,
  showCancelled: true,
  showAllDay: true,
  showFree: true,
  showTracked: true,
};

export function isUntracked(impulse: Impulse): boolean {
  return impulse.kind === 'meeting' && impulse.state === 'open' && !impulse.removed && !impulse.cancelled;
}

function passes(impulse: Impulse, filters: Filters): boolean {
  if (impulse.state === 'dismissed') return filters.dismissed;
  if (impulse.kind === 'recent') return filters.recent;
  if (!filters.meetings) return false;
  if (impulse.cancelled && !filters.showCancelled) return false;
  if (impulse.allDay && !filters.showAllDay) return false;
  if (impulse.busyStatus === 'free' && !filters.showFree) return false;
  // a tracked meeting the feed changed stays in sight: it needs an answer
  if (impulse.state === 'tracked' && !filters.showTracked && !impulse.changedSinceTracked) return false;
  return true;
}

// What the filters let through, and how many they hold back (never silently dropped).
export function applyFilters(impulses: readonly Impulse[], filters: Filters): { shown: Impulse[]; hidden: number } {
  const shown = impulses.filter((impulse) => passes(impulse, filters));
  return { shown, hidden: impulses.length - shown.length };
}

export type DayGroup = { key: string; date: string | null; items: Impulse[] };

// The calendar date a meeting belongs to in the zone (an all-day meeting carries its date)
export function impulseDate(impulse: Impulse, zone: string): string | null {
  if (!impulse.start) return null;
  return impulse.allDay ? impulse.start.slice(0, 10) : dateInZone(impulse.start, zone);
}

// Meetings by day: today first, then the days before it newest first, then the days ahead; recent
// work (no date) last. Within a day: all-day first, then by start.
export function groupByDay(impulses: readonly Impulse[], zone: string, today: string): DayGroup[] {
  const byDate = new Map<string, Impulse[]>();
  const recent: Impulse[] = [];
  for (const impulse of impulses) {
    const date = impulseDate(impulse, zone);
    if (!date) {
      recent.push(impulse);
      continue;
    }
    byDate.set(date, [...(byDate.get(date) ?? []), impulse]);
  }
  const dates = [...byDate.keys()];
  const ordered = [
    ...dates.filter((date) => date === today),
    ...dates
      .filter((date) => date < today)
      .sort()
      .reverse(),
    ...dates.filter((date) => date > today).sort(),
  ];
  const groups: DayGroup[] = ordered.map((date) => ({
    key: date,
    date,
    items: byDate.get(date)!.sort((a, b) => Number(b.allDay) - Number(a.allDay) || (a.start ?? '').localeCompare(b.start ?? '')),
  }));
  if (recent.length > 0) groups.push({ key: 'recent', date: null, items: recent });
  return groups;
}

export type ItemState = 'untracked' | 'tracked' | 'changed' | 'dismissed' | 'removed' | 'recent';

export function itemState(impulse: Impulse): ItemState {
  if (impulse.kind === 'recent') return impulse.state === 'dismissed' ? 'dismissed' : 'recent';
  if (impulse.state === 'dismissed') return 'dismissed';
  if (impulse.state === 'tracked') {
    if (impulse.changedSinceTracked?.removed || (impulse.removed && impulse.changedSinceTracked)) return 'removed';
    return impulse.changedSinceTracked ? 'changed' : 'tracked';
  }
  return impulse.removed ? 'removed' : 'untracked';
}

// "moved 10:00→11:00", "renamed to “Retro”", "cancelled in the calendar"
export function changeText(language: UiLanguage, impulse: Impulse, zone: string): string | null {
  const change = impulse.changedSinceTracked;
  if (!change) return null;
  if (change.removed || !change.after) return uiText(language, 'impulses.change.removed');
  const parts: string[] = [];
  if (change.before.start !== change.after.start || change.before.end !== change.after.end) {
    const sameDay = dateInZone(change.before.start, zone) === dateInZone(change.after.start, zone);
    const at = (instant: string) =>
      sameDay ? formatTime(instant, zone) : `${formatDayShort(language, dateInZone(instant, zone))} ${formatTime(instant, zone)}`;
    parts.push(uiText(language, 'impulses.change.moved', { before: at(change.before.start), after: at(change.after.start) }));
    const beforeLength = Date.parse(change.before.end) - Date.parse(change.before.start);
    const afterLength = Date.parse(change.after.end) - Date.parse(change.after.start);
    if (beforeLength !== afterLength)
      parts.push(uiText(language, 'impulses.change.length', { duration: spokenDuration(language, afterLength / 1000) }));
  }
  if (change.before.summary !== change.after.summary && !impulse.private)
    parts.push(uiText(language, 'impulses.change.renamed', { summary: change.after.summary }));
  if (change.cancelled) parts.push(uiText(language, 'impulses.change.cancelled'));
  return parts.join(', ') || null;
}

export function displaySummary(language: UiLanguage, impulse: Impulse): string {
  if (impulse.private) return uiText(language, 'impulses.private');
  return impulse.summary || uiText(language, 'impulses.noSubject');
}

const STATE_SPOKEN: Record<ItemState, UiKey> = {
  untracked: 'impulses.state.untracked.spoken',
  tracked: 'impulses.state.tracked.spoken',
  changed: 'impulses.state.changed.spoken',
  dismissed: 'impulses.state.dismissed.spoken',
  removed: 'impulses.state.removed.spoken',
  recent: 'impulses.state.recent.spoken',
};

// The item's accessible name, subject first (UX.md B4): "Team meeting, Monday 16 March, 9:00 to
// 10:00, 1 hour, Outlook, untracked, suggested project ACME Web".
export function accessibleName(language: UiLanguage, impulse: Impulse, zone: string, projectName: string | null): string {
  const parts: string[] = [displaySummary(language, impulse)];
  if (impulse.kind === 'recent') {
    if (projectName) parts.push(projectName);
    parts.push(uiText(language, STATE_SPOKEN.recent));
    return parts.join(', ');
  }
  const date = impulseDate(impulse, zone);
  if (date) parts.push(formatDayLong(language, date));
  if (impulse.allDay) parts.push(uiText(language, 'impulses.badge.allDay').toLowerCase());
  else if (impulse.start && impulse.end) {
    parts.push(uiText(language, 'impulses.name.time', { from: formatTime(impulse.start, zone), to: formatTime(impulse.end, zone) }));
    parts.push(spokenDuration(language, (Date.parse(impulse.end) - Date.parse(impulse.start)) / 1000));
  }
  if (impulse.source?.name) parts.push(impulse.source.name);
  for (const badge of badges(impulse)) parts.push(uiText(language, BADGE_TEXT[badge]).toLowerCase());
  const state = itemState(impulse);
  parts.push(uiText(language, STATE_SPOKEN[state]));
  const change = changeText(language, impulse, zone);
  if (change) parts.push(change);
  if (state === 'untracked' && projectName) parts.push(uiText(language, 'impulses.name.suggested', { project: projectName }));
  return parts.join(', ');
}

export type Badge = 'recurring' | 'tentative' | 'cancelled' | 'free' | 'private' | 'busy';

export const BADGE_TEXT: Record<Badge | 'allDay', UiKey> = {
  recurring: 'impulses.badge.recurring',
  tentative: 'impulses.badge.tentative',
  cancelled: 'impulses.badge.cancelled',
  free: 'impulses.badge.free',
  private: 'impulses.badge.private',
  busy: 'impulses.badge.busy',
  allDay: 'impulses.badge.allDay',
};

// All-day is shown in the time column, so it is no badge here.
export function badges(impulse: Impulse, availabilityOnly = false): Badge[] {
  const out: Badge[] = [];
  if (impulse.recurring) out.push('recurring');
  if (impulse.busyStatus === 'tentative') out.push('tentative');
  if (impulse.cancelled) out.push('cancelled');
  if (impulse.busyStatus === 'free') out.push('free');
  if (impulse.private) out.push('private');
  if (availabilityOnly) out.push('busy');
  return out;
}

export const STOPWATCH_LOOKAHEAD_MS = 60 * 60_000;

// Whether "Start stopwatch" makes sense now: a meeting in progress or starting within 60 minutes,
// or recent work (UX.md B4). Otherwise the reason.
export function stopwatchAvailability(impulse: Impulse, nowMs: number): 'ok' | 'notStarted' | 'over' {
  if (impulse.kind === 'recent') return 'ok';
  if (!impulse.start || !impulse.end || impulse.allDay) return 'notStarted';
  if (Date.parse(impulse.start) - nowMs > STOPWATCH_LOOKAHEAD_MS) return 'notStarted';
  if (Date.parse(impulse.end) <= nowMs) return 'over';
  return 'ok';
}

// Whether today's date is in the range the panel shows ([from, to) dates or instants).
export function rangeHasToday(range: { from: string; to: string } | null, today: string, zone: string): boolean {
  if (!range) return true;
  const from = range.from.length === 10 ? range.from : dateInZone(range.from, zone);
  const lastInstant = range.to.length === 10 ? addDays(range.to, -1) : dateInZone(new Date(Date.parse(range.to) - 1), zone);
  return from <= today && today <= lastInstant;
}

// The heading's "12 untracked": meetings that wait for a record (all-day and free ones are noise)
export function untrackedCount(impulses: readonly Impulse[]): number {
  return impulses.filter((impulse) => isUntracked(impulse) && !impulse.allDay && impulse.busyStatus !== 'free').length;
}
