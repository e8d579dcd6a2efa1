import { Draggable } from '@fullcalendar/react/interaction';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { wallTime } from '../../../src/i18n/format.ts';
import type { ApiResult } from '../../../src/contract/client.ts';
import {
  createRecord,
  deleteRecord,
  getState,
  type Impulse,
  projectLabel,
  startTimerFromImpulse,
  startTimerWith,
  type TimeRecord,
  track,
} from '../data/store.ts';
import { useI18n } from '../i18n.tsx';
import { openRecordDialog } from '../records/dialogs.ts';
import { useSignedIn } from '../session.tsx';
import { type ToastAction, useAnnounce } from '../ui/announcer.tsx';
import type { PendingDrop } from './calendar-events.ts';
import { type DropPoint, type DropSubject, dropTimes, meetingTooFarAhead, parseDragValue } from './drop-rules.ts';
import { lastLockedDay } from './grid-time.ts';
import { undoSwitch, updateRunningTimer } from './timer-actions.ts';

// Drag and drop from the impulses panel (UX.md B5). FullCalendar's Draggable gives the calendar its
// preview and drop; the stopwatch is no calendar, so the drag is also tracked here with pointer
// events and the stopwatch found under the pointer with elementsFromPoint on release.

type DragState = { active: boolean; overStopwatch: boolean; lockedHover: boolean };
let dragState: DragState = { active: false, overStopwatch: false, lockedHover: false };
const listeners = new Set<() => void>();

function setDrag(patch: Partial<DragState>): void {
  const next = { ...dragState, ...patch };
  if (next.active === dragState.active && next.overStopwatch === dragState.overStopwatch && next.lockedHover === dragState.lockedHover)
    return;
  dragState = next;
  for (const listener of listeners) listener();
}

export function useDragState(): DragState {
  return useSyncExternalStore(
    (callback) => {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    () => dragState,
  );
}

// Only whether an impulse is being dragged (the calendar need not re-render as the hover moves)
export function useImpulseDragActive(): boolean {
  return useSyncExternalStore(
    (callback) => {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    () => dragState.active,
  );
}

export function isImpulseDragActive(): boolean {
  return dragState.active;
}

// The calendar says, while hovering, whether the slot under the pointer is in a locked period.
export function reportLockedHover(locked: boolean): void {
  if (dragState.active) setDrag({ lockedHover: locked });
}

export function isTouchOnly(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
}

const DRAG_SELECTOR = '[data-impulse-drag]';
const MIN_DISTANCE_PX = 5;

// What the calendar previews while an item is dragged over it.
function eventDataFor(element: HTMLElement, zone: string, defaultMinutes: number) {
  const value = element.getAttribute('data-impulse-drag') ?? '';
  const parsed = parseDragValue(value);
  const state = getState();
  const base = { create: false, duration: { minutes: defaultMinutes }, className: 'kairos-drop-preview' };
  if (parsed.kind !== 'impulse') {
    const project =
      parsed.kind === 'project'
        ? state.projects.find((item) => item.id === parsed.id)
        : state.projects.find((item) => item.id === state.tasks.find((task) => task.id === parsed.id)?.projectId);
    const task = parsed.kind === 'task' ? state.tasks.find((item) => item.id === parsed.id) : undefined;
    return { ...base, title: [projectLabel(project, state.clients), task?.name].filter(Boolean).join(' › ') };
  }
  const impulse = state.impulses.find((item) => item.id === parsed.id);
  if (!impulse) return base;
  if (impulse.kind === 'meeting' && !impulse.allDay && impulse.start && impulse.end) {
    const own = wallTime(impulse.start, zone);
    return {
      ...base,
      title: impulse.summary,
      duration: { milliseconds: Date.parse(impulse.end) - Date.parse(impulse.start) },
      startTime: { hours: own.hour, minutes: own.minute },
    };
  }
  return {
    ...base,
    title:
      impulse.kind === 'recent'
        ? impulse.description ||
          projectLabel(
            state.projects.find((p) => p.id === impulse.projectId),
            state.clients,
          )
        : impulse.summary,
  };
}

function subjectOf(
  value: string,
): { subject: DropSubject; impulse: Impulse | null; projectId: string | null; taskId: string | null } | null {
  const parsed = parseDragValue(value);
  const state = getState();
  if (parsed.kind === 'project')
    return { subject: { kind: 'project', projectId: parsed.id }, impulse: null, projectId: parsed.id, taskId: null };
  if (parsed.kind === 'task') {
    const task = state.tasks.find((item) => item.id === parsed.id);
    return task ? { subject: { kind: 'task', taskId: task.id }, impulse: null, projectId: task.projectId, taskId: task.id } : null;
  }
  const impulse = state.impulses.find((item) => item.id === parsed.id);
  if (!impulse) return null;
  if (impulse.kind === 'meeting') {
    return {
      subject: { kind: 'meeting', start: impulse.start, end: impulse.end, allDay: impulse.allDay },
      impulse,
      projectId: impulse.suggestedProjectId,
      taskId: null,
    };
  }
  return { subject: { kind: 'recent' }, impulse, projectId: impulse.projectId, taskId: impulse.taskId };
}

// Drops onto the calendar and the stopwatch: the same outcomes as the panel's menu and dialogs.
export function useDropActions() {
  const { t, zone, time, timeRange, date } = useI18n();
  const { profile, organization } = useSignedIn();
  const announce = useAnnounce();
  const preferences = profile.preferences;

  const refuse = (error: { message: string; hint?: string | undefined }) =>
    announce(error.message, { tone: 'error', ...(error.hint && { hint: error.hint }) });

  const label = (record: TimeRecord) => {
    const state = getState();
    return projectLabel(
      state.projects.find((project) => project.id === record.projectId),
      state.clients,
    );
  };

  const announceLocked = () => {
    if (organization.lockedUntil) refuse({ message: t('calendar.locked', { date: date(lastLockedDay(organization.lockedUntil)) }) });
  };

  async function dropOnCalendar(
    value: string,
    point: DropPoint,
    pending: { show: (drop: PendingDrop) => void; clear: (key: string) => void },
  ): Promise<void> {
    const found = subjectOf(value);
    if (!found) return;
    const { start, end } = dropTimes(found.subject, point, {
      zone,
      defaultRecordMinutes: preferences.defaultRecordMinutes,
      dayStartTime: preferences.dayStartTime,
    });
    if (found.impulse?.kind === 'meeting' && !found.projectId) {
      openRecordDialog({ kind: 'quickTrack', impulseId: found.impulse.id, start, end });
      return;
    }
    if (!found.projectId) {
      openRecordDialog({ kind: 'new', start, end, ...(found.impulse?.description && { description: found.impulse.description }) });
      return;
    }
    const key = `drop-${Date.now()}`;
    const state = getState();
    const title =
      found.impulse?.kind === 'meeting'
        ? found.impulse.summary
        : found.impulse?.description ||
          projectLabel(
            state.projects.find((project) => project.id === found.projectId),
            state.clients,
          );
    pending.show({ key, start, end, title });
    let result: ApiResult<TimeRecord>;
    if (found.impulse?.kind === 'meeting') {
      result = await track(found.impulse.id, { start, end, projectId: found.projectId, ...(found.taskId && { taskId: found.taskId }) });
    } else {
      result = await createRecord({
        start,
        end,
        projectId: found.projectId,
        taskId: found.taskId,
        ...(found.impulse?.description && { description: found.impulse.description }),
      });
    }
    pending.clear(key);
    if (!result.ok) {
      refuse(result.error);
      return;
    }
    const record = result.data;
    announce(
      t(found.impulse?.kind === 'meeting' ? 'calendar.meetingTracked' : 'calendar.created', {
        time: timeRange(record.start, record.end),
        project: label(record),
      }),
      {
        undo: async () => {
          const current = getState().records.find((item) => item.id === record.id) ?? record;
          const undone = await deleteRecord(current);
          if (!undone.ok) refuse(undone.error);
        },
      },
    );
  }

  async function dropOnStopwatch(value: string): Promise<void> {
    const found = subjectOf(value);
    if (!found) return;
    const previous = getState().timer;
    if (found.impulse?.kind === 'meeting') {
      if (meetingTooFarAhead(found.impulse.start, new Date())) {
        refuse({ message: t('stopwatch.notStarted'), hint: t('stopwatch.notStartedHint') });
        return;
      }
      const result = await startTimerFromImpulse(found.impulse.id, found.projectId ? { projectId: found.projectId } : {});
      if (!result.ok) return refuse(result.error);
      const meetingStart = found.impulse.start;
      // a meeting in progress starts now; the toast offers its own start instead (UX.md B2)
      const inProgress = !found.impulse.allDay && meetingStart !== null && Date.parse(meetingStart) < Date.now() - 60_000;
      announceStart(
        found.impulse.summary,
        result.data.stopped,
        previous,
        inProgress && meetingStart
          ? [
              {
                label: t('stopwatch.startAtMeeting', { time: time(meetingStart) }),
                run: async () => {
                  const moved = await updateRunningTimer({ startedAt: meetingStart });
                  if (!moved.ok) refuse(moved.error);
                },
              },
            ]
          : undefined,
      );
      return;
    }
    const result = await startTimerWith({
      ...(found.projectId && { projectId: found.projectId }),
      ...(found.taskId && { taskId: found.taskId }),
      ...(found.impulse?.description && { description: found.impulse.description }),
    });
    if (!result.ok) return refuse(result.error);
    const state = getState();
    announceStart(
      found.impulse?.description ||
        projectLabel(
          state.projects.find((project) => project.id === found.projectId),
          state.clients,
        ),
      result.data.stopped,
      previous,
    );
  }

  function announceStart(what: string, stopped: TimeRecord | null, previous: ReturnType<typeof getState>['timer'], offers?: ToastAction[]) {
    if (stopped && previous) {
      announce(t('stopwatch.switched', { what, time: timeRange(stopped.start, stopped.end) }), {
        ...(offers && { actions: offers }),
        undo: async () => {
          const undone = await undoSwitch(stopped, previous);
          if (!undone.ok) refuse(undone.error);
        },
      });
      return;
    }
    announce(t('stopwatch.started', { what }), offers ? { actions: offers } : {});
  }

  return { dropOnCalendar, dropOnStopwatch, announceLocked, refuse };
}

// The panel calls this on its list container: every `data-impulse-drag` element in it can be dragged
// onto the calendar and the stopwatch. Not on touch screens (UX.md B12): a tap opens the menu there.
export function useImpulseDraggable(container: HTMLElement | null): void {
  const { zone } = useI18n();
  const { profile } = useSignedIn();
  const actions = useDropActions();
  const latest = useRef(actions);
  latest.current = actions;
  const defaultMinutes = profile.preferences.defaultRecordMinutes;

  useEffect(() => {
    if (!container || isTouchOnly()) return;
    const draggable = new Draggable(container, {
      itemSelector: DRAG_SELECTOR,
      minDistance: MIN_DISTANCE_PX,
      eventData: (element) => eventDataFor(element, zone, defaultMinutes),
    });
    let tracking: { value: string; x: number; y: number; started: boolean } | null = null;

    const overStopwatch = (x: number, y: number) => document.elementsFromPoint(x, y).some((element) => element.closest('#stopwatch'));
    const overCalendar = (x: number, y: number) => document.elementsFromPoint(x, y).some((element) => element.closest('#calendar'));

    const onMove = (event: PointerEvent) => {
      if (!tracking) return;
      if (!tracking.started) {
        if (Math.hypot(event.clientX - tracking.x, event.clientY - tracking.y) < MIN_DISTANCE_PX) return;
        tracking.started = true;
        setDrag({ active: true, lockedHover: false });
        document.body.classList.add('kairos-dragging');
        window.getSelection()?.removeAllRanges();
      }
      setDrag({ overStopwatch: overStopwatch(event.clientX, event.clientY) });
    };
    const finish = () => {
      const wasDragging = tracking?.started ?? false;
      tracking = null;
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      window.removeEventListener('keydown', onKey, true);
      document.body.classList.remove('kairos-dragging');
      // a drag that started on text leaves a selection behind
      if (wasDragging) window.getSelection()?.removeAllRanges();
      setDrag({ active: false, overStopwatch: false, lockedHover: false });
    };
    const onUp = (event: PointerEvent) => {
      const drag = tracking;
      const lockedHover = dragState.lockedHover;
      finish();
      if (!drag?.started) return;
      if (overStopwatch(event.clientX, event.clientY)) void latest.current.dropOnStopwatch(drag.value);
      else if (lockedHover && overCalendar(event.clientX, event.clientY)) latest.current.announceLocked();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !tracking) return;
      // Esc cancels the drag (UX.md B0): FullCalendar is told the pointer moved far outside any
      // calendar and was released there, so it drops nothing and takes its preview back.
      event.preventDefault();
      event.stopPropagation();
      const started = tracking.started;
      finish();
      if (!started) return;
      const away = { bubbles: true, button: 0, clientX: -10_000, clientY: -10_000 };
      document.dispatchEvent(new MouseEvent('mousemove', away));
      document.dispatchEvent(new MouseEvent('mouseup', away));
    };
    const onDown = (event: PointerEvent) => {
      if (event.button !== 0 || event.pointerType === 'touch') return;
      const item = (event.target as Element | null)?.closest(DRAG_SELECTOR);
      if (!item || !container.contains(item)) return;
      tracking = { value: item.getAttribute('data-impulse-drag') ?? '', x: event.clientX, y: event.clientY, started: false };
      window.addEventListener('pointermove', onMove);
      window.addEventListener('pointerup', onUp);
      window.addEventListener('keydown', onKey, true);
    };
    container.addEventListener('pointerdown', onDown);
    return () => {
      container.removeEventListener('pointerdown', onDown);
      finish();
      draggable.destroy();
    };
  }, [container, zone, defaultMinutes]);
}
