import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { isoWeekday } from '../../../src/i18n/format.ts';
import {
  createRecord,
  deleteRecord,
  dismiss,
  getState,
  projectLabel,
  restore,
  stopRunningTimer,
  type TimeRecord,
  track,
  addProjectUnderClient,
  useStore,
} from '../data/store.ts';
import { typedInstant } from '../dashboard/grid-time.ts';
import { useI18n } from '../i18n.tsx';
import { updateToNewTimeWithUndo } from '../impulses/impulse-actions.ts';
import { displaySummary } from '../impulses/impulse-view.ts';
import { openRecordDialog, useRecordDialog } from '../records/dialogs.ts';
import { ProjectCombobox } from '../records/ProjectCombobox.tsx';
import { recentProjectIds } from '../records/project-options.ts';
import { useSignedIn } from '../session.tsx';
import { isTyping } from '../shell/shortcuts.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { type QueueItem, targetProgress, withSuggestions } from './close-day-queue.ts';
import { closeCloseDay, markClosed, skip, unskip, useCloseDayOpen, useDayReview } from './close-day-state.ts';
import './close-day.css';

// Close the day / Uzavřít den (UX.md B9): a side sheet over the dashboard (the calendar stays in
// sight) with the day's queue. Each item takes its keys while it has focus: Enter tracks, F fills a
// gap, S stops the stopwatch at a time, U updates a changed record, Delete skips, ↑/↓ move. After
// each answer focus goes to the item now in the same place, and to Done once nothing is left.
export function CloseDaySheet() {
  const day = useCloseDayOpen();
  if (!day) return null;
  return <Sheet key={day} day={day} />;
}

type Expanded = { key: string; mode: 'fill' | 'stop' };

function Sheet({ day }: { day: string }) {
  const { t, tp, dayShort, duration, timeRange, time, lang, zone, dateOf } = useI18n();
  const { profile } = useSignedIn();
  const announce = useAnnounce();
  const projects = useStore((s) => s.projects);
  const clients = useStore((s) => s.clients);
  const records = useStore((s) => s.records);
  const [now, setNow] = useState(() => new Date());
  const review = useDayReview(profile.id, day, zone, profile.workday, now)!;
  // nothing is asked about before the day's records are there
  const queue = review.loaded ? review.queue : [];
  const [active, setActive] = useState(0);
  const [expanded, setExpanded] = useState<Expanded | null>(null);
  const [justTracked, setJustTracked] = useState<TimeRecord[]>([]);
  const [busy, setBusy] = useState(false);
  const listRef = useRef<HTMLOListElement>(null);
  const doneRef = useRef<HTMLButtonElement>(null);
  const headingId = useId();

  // gaps up to now grow while the sheet is open
  useEffect(() => {
    const id = window.setInterval(() => setNow(new Date()), 60_000);
    return () => window.clearInterval(id);
  }, []);

  useEffect(() => {
    if (review.loaded && queue.length === 0) markClosed(profile.id, day, review.fingerprint);
  }, [review.loaded, queue.length, review.fingerprint, profile.id, day]);

  const activeIndex = Math.min(active, Math.max(0, queue.length - 1));
  const queueLength = useRef(queue.length);
  queueLength.current = queue.length;

  // focus to the item now at `index` (or Done when the queue is empty), once the store's change has
  // rendered; nothing happens while a record dialog on top holds focus
  const focusAt = (index: number) => {
    window.requestAnimationFrame(() =>
      window.requestAnimationFrame(() => {
        const last = queueLength.current - 1;
        const target = last >= 0 ? listRef.current?.querySelector<HTMLElement>(`[data-index="${Math.min(index, last)}"]`) : null;
        (target ?? doneRef.current)?.focus();
      }),
    );
  };

  // focus to the queue once the day is there, and back to it when a change of the queue took the
  // focused item away (a record the dashboard loaded again)
  const queueKeys = queue.map((item) => item.key).join('\n');
  const placedFocus = useRef(false);
  useEffect(() => {
    if (!review.loaded) return;
    const focusedNow = document.activeElement;
    if (!placedFocus.current || !focusedNow || focusedNow === document.body) {
      placedFocus.current = true;
      focusAt(activeIndex);
    }
    // when the queue or its loading changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queueKeys, review.loaded]);

  // a record dialog opened from the sheet (Track without a suggestion, Edit, Stop without a
  // project) gives focus back to the queue when it closes
  const recordDialog = useRecordDialog();
  const hadRecordDialog = useRef(false);
  useEffect(() => {
    if (recordDialog) hadRecordDialog.current = true;
    else if (hadRecordDialog.current) {
      hadRecordDialog.current = false;
      focusAt(activeIndex);
    }
    // only when the record dialog opens or closes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [recordDialog]);

  const refuse = (error: { message: string; hint?: string | undefined }) =>
    announce(error.message, { tone: 'error', ...(error.hint && { hint: error.hint }) });
  const label = (projectId: string | null) =>
    projectLabel(
      projects.find((project) => project.id === projectId),
      clients,
    );
  const describe = (item: QueueItem) => itemTitle(item);

  function itemTitle(item: QueueItem): string {
    switch (item.kind) {
      case 'meeting':
        return t('closeDay.meeting', { time: timeRange(item.start, item.end), summary: displaySummary(lang, item.impulse) });
      case 'gap':
        return t('closeDay.gap', { time: timeRange(item.start, item.end) });
      case 'timer':
        return dateOf(item.start) === day
          ? t('closeDay.timer', { time: time(item.start) })
          : t('closeDay.timerSinceDay', { day: dayShort(dateOf(item.start)), time: time(item.start) });
      case 'changed':
        return t('closeDay.changed', { summary: displaySummary(lang, item.impulse) });
      case 'rule':
        return t('closeDay.rule', {
          description: item.record.description || label(item.record.projectId),
          time: timeRange(item.start, item.end),
        });
    }
  }

  function itemDetail(item: QueueItem): string {
    switch (item.kind) {
      case 'meeting':
        return item.suggested ? t('closeDay.suggestion', { project: label(item.impulse.suggestedProjectId) }) : t('closeDay.noSuggestion');
      case 'gap':
        return t('closeDay.gapLength', { duration: duration((Date.parse(item.end) - Date.parse(item.start)) / 1000, 'hm') });
      case 'timer':
        return [item.timer.description, label(item.timer.projectId)].filter(Boolean).join(' · ');
      case 'changed': {
        const change = item.impulse.changedSinceTracked!;
        const before = timeRange(item.start, item.end);
        if (change.cancelled) return t('closeDay.changedCancelled', { before });
        if (change.removed || !change.after) return t('closeDay.changedRemoved', { before });
        return t('closeDay.changedMoved', { before, after: timeRange(change.after.start, change.after.end) });
      }
      case 'rule':
        return label(item.record.projectId);
    }
  }

  // every answer: busy while it runs, then focus to the item now at this place
  async function answer(index: number, run: () => Promise<void> | void) {
    if (busy) return;
    setBusy(true);
    setActive(index);
    try {
      await run();
    } finally {
      setBusy(false);
      focusAt(index);
    }
  }

  async function trackMeeting(item: Extract<QueueItem, { kind: 'meeting' }>) {
    if (!item.suggested) {
      openRecordDialog({ kind: 'quickTrack', impulseId: item.impulse.id });
      return;
    }
    const impulse = item.impulse;
    const result = await track(impulse.id, {
      projectId: impulse.suggestedProjectId!,
      ...(impulse.suggestedTaskId && { taskId: impulse.suggestedTaskId }),
      ...(impulse.suggestedTagIds.length > 0 && { tagIds: impulse.suggestedTagIds }),
    });
    if (!result.ok) return refuse(result.error);
    const record = result.data;
    announce(
      t('impulses.tracked', {
        description: record.description || displaySummary(lang, impulse),
        time: timeRange(record.start, record.end),
        project: label(record.projectId),
      }),
      {
        undo: async () => {
          const undone = await deleteRecord(getState().records.find((candidate) => candidate.id === record.id) ?? record);
          if (!undone.ok) refuse(undone.error);
        },
      },
    );
  }

  async function skipItem(item: QueueItem) {
    const what = describe(item);
    if (item.kind === 'meeting') {
      const result = await dismiss(item.impulse.id);
      if (!result.ok) return refuse(result.error);
      announce(t('closeDay.skipped', { what }), {
        undo: async () => {
          const undone = await restore(item.impulse.id);
          if (!undone.ok) refuse(undone.error);
        },
      });
      return;
    }
    skip(profile.id, day, item.key);
    announce(t(item.kind === 'rule' ? 'closeDay.kept' : 'closeDay.skipped', { what }), { undo: () => unskip(profile.id, day, item.key) });
  }

  function takeAsBreak(item: Extract<QueueItem, { kind: 'gap' }>) {
    skip(profile.id, day, item.key);
    setExpanded(null);
    announce(t('closeDay.gapBreak', { time: timeRange(item.start, item.end) }), { undo: () => unskip(profile.id, day, item.key) });
  }

  async function fillGap(item: Extract<QueueItem, { kind: 'gap' }>, projectId: string) {
    const result = await createRecord({ start: item.start, end: item.end, projectId });
    if (!result.ok) return refuse(result.error);
    setExpanded(null);
    const record = result.data;
    announce(t('closeDay.gapFilled', { time: timeRange(item.start, item.end), project: label(projectId) }), {
      undo: async () => {
        const undone = await deleteRecord(getState().records.find((candidate) => candidate.id === record.id) ?? record);
        if (!undone.ok) refuse(undone.error);
      },
    });
  }

  async function stopAt(item: Extract<QueueItem, { kind: 'timer' }>, end: string) {
    setExpanded(null);
    if (!item.timer.projectId) {
      openRecordDialog({ kind: 'stopTimer', end });
      return;
    }
    const result = await stopRunningTimer(end);
    if (!result.ok) return refuse(result.error);
    announce(t('record.timerStopped', { duration: duration(result.data.durationSeconds), project: label(result.data.projectId) }), {
      actions: [{ label: t('action.edit'), run: () => openRecordDialog({ kind: 'edit', recordId: result.data.id }) }],
    });
  }

  async function updateChanged(item: Extract<QueueItem, { kind: 'changed' }>) {
    if (!item.impulse.changedSinceTracked?.after) return;
    await updateToNewTimeWithUndo(item.impulse.id, item.record, { t, timeRange, announce, refuse });
  }

  const suggested = withSuggestions(queue);
  async function trackAll() {
    if (busy || suggested.length === 0) return;
    setBusy(true);
    const made: TimeRecord[] = [];
    for (const item of suggested) {
      const impulse = item.impulse;
      const result = await track(impulse.id, {
        projectId: impulse.suggestedProjectId!,
        ...(impulse.suggestedTaskId && { taskId: impulse.suggestedTaskId }),
        ...(impulse.suggestedTagIds.length > 0 && { tagIds: impulse.suggestedTagIds }),
      });
      if (!result.ok) {
        refuse(result.error);
        break;
      }
      made.push(result.data);
    }
    setBusy(false);
    if (made.length === 0) return;
    setJustTracked(made);
    focusAt(0);
    const undoAll = async () => {
      setJustTracked([]);
      for (const record of made) {
        const undone = await deleteRecord(getState().records.find((candidate) => candidate.id === record.id) ?? record);
        if (!undone.ok) return refuse(undone.error);
      }
      announce(t('closeDay.undone'));
    };
    announce(tp('closeDay.trackedAll', made.length), { undo: undoAll });
    undoAllRef.current = undoAll;
  }
  const undoAllRef = useRef<(() => Promise<void>) | null>(null);

  function primary(item: QueueItem, index: number) {
    switch (item.kind) {
      case 'meeting':
        return void answer(index, () => trackMeeting(item));
      case 'gap':
        return setExpanded({ key: item.key, mode: 'fill' });
      case 'timer':
        return setExpanded({ key: item.key, mode: 'stop' });
      case 'changed':
        return item.impulse.changedSinceTracked?.after
          ? void answer(index, () => updateChanged(item))
          : void answer(index, () => skipItem(item));
      case 'rule':
        return void answer(index, () => skipItem(item));
    }
  }

  function onItemKey(event: KeyboardEvent<HTMLLIElement>, item: QueueItem, index: number) {
    if (event.target !== event.currentTarget || isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const move = (to: number) => {
      event.preventDefault();
      const next = Math.max(0, Math.min(queue.length - 1, to));
      setActive(next);
      listRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus();
    };
    if (key === 'ArrowDown') return move(index + 1);
    if (key === 'ArrowUp') return move(index - 1);
    if (key === 'Home') return move(0);
    if (key === 'End') return move(queue.length - 1);
    if (key === 'Enter') {
      event.preventDefault();
      return primary(item, index);
    }
    if (key === 'Delete' || key === 'Backspace') {
      event.preventDefault();
      return void answer(index, () => skipItem(item));
    }
    if (key === 'f' && item.kind === 'gap') {
      event.preventDefault();
      return setExpanded({ key: item.key, mode: 'fill' });
    }
    if (key === 's' && item.kind === 'timer') {
      event.preventDefault();
      return setExpanded({ key: item.key, mode: 'stop' });
    }
    if (key === 'u' && item.kind === 'changed' && item.impulse.changedSinceTracked?.after) {
      event.preventDefault();
      return void answer(index, () => updateChanged(item));
    }
  }

  const workingDay = profile.workday.days.includes(isoWeekday(day));
  const progress = targetProgress(review.tracked, profile.workday.targetMinutes, workingDay);
  const trackedText = duration(review.tracked, 'hm');
  const recentIds = useMemo(() => recentProjectIds(records), [records]);

  return (
    <Dialog
      title={t('closeDay.title', { day: dayShort(day) })}
      onClose={closeCloseDay}
      className="close-day-sheet"
      initialFocus=".close-day-item[tabindex='0'], .close-day-done-button"
    >
      <div className="close-day-summary" data-testid="close-day-summary">
        <p>
          {progress === null
            ? t('closeDay.summaryNoTarget', { tracked: trackedText })
            : t('closeDay.summary', { tracked: trackedText, target: duration(profile.workday.targetMinutes! * 60, 'hm') })}
        </p>
        {progress !== null && <progress className="close-day-progress" max={1} value={progress} aria-label={t('closeDay.progress')} />}
      </div>
      {!review.loaded && (
        <p className="muted" aria-live="polite">
          {t('closeDay.loading')}
        </p>
      )}
      {suggested.length > 0 && (
        <button type="button" className="close-day-track-all" disabled={busy} onClick={() => void trackAll()}>
          {t('closeDay.trackAll', { count: suggested.length })}
        </button>
      )}
      {justTracked.length > 0 && (
        <section className="close-day-just" aria-label={t('closeDay.trackedAllList')}>
          <h3>{t('closeDay.trackedAllList')}</h3>
          <ul>
            {justTracked.map((record) => (
              <li key={record.id}>
                {timeRange(record.start, record.end)} {record.description} · {label(record.projectId)}
              </li>
            ))}
          </ul>
          <button type="button" className="link-button" onClick={() => void undoAllRef.current?.()}>
            {t('action.undo')}
          </button>
        </section>
      )}
      {queue.length > 0 && (
        <>
          <h3 id={headingId} className="close-day-queue-title">
            {tp('closeDay.count', queue.length)}
          </h3>
          <p className="field-help close-day-keys">{t('closeDay.keys')}</p>
          <ol ref={listRef} className="close-day-queue" aria-labelledby={headingId}>
            {queue.map((item, index) => (
              <li
                key={item.key}
                className={`close-day-item close-day-${item.kind}`}
                data-index={index}
                data-kind={item.kind}
                tabIndex={index === activeIndex ? 0 : -1}
                aria-label={`${itemTitle(item)}. ${itemDetail(item)}`}
                aria-keyshortcuts={shortcutsOf(item)}
                onFocus={() => setActive(index)}
                onKeyDown={(event) => onItemKey(event, item, index)}
              >
                <span className="close-day-item-title" aria-hidden="true">
                  {itemTitle(item)}
                </span>
                <span className="close-day-item-detail muted" aria-hidden="true">
                  {itemDetail(item)}
                </span>
                <ItemActions
                  item={item}
                  busy={busy}
                  expanded={expanded?.key === item.key ? expanded.mode : null}
                  onTrack={() => void answer(index, () => trackMeeting(item as Extract<QueueItem, { kind: 'meeting' }>))}
                  onSkip={() => void answer(index, () => skipItem(item))}
                  onExpand={(mode) => setExpanded({ key: item.key, mode })}
                  onCollapse={() => {
                    setExpanded(null);
                    listRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus();
                  }}
                  onUpdate={() => void answer(index, () => updateChanged(item as Extract<QueueItem, { kind: 'changed' }>))}
                  onEdit={() => item.kind === 'rule' && openRecordDialog({ kind: 'edit', recordId: item.record.id })}
                  onBreak={() => void answer(index, () => takeAsBreak(item as Extract<QueueItem, { kind: 'gap' }>))}
                  onFill={(projectId) => void answer(index, () => fillGap(item as Extract<QueueItem, { kind: 'gap' }>, projectId))}
                  onStop={(end) => void answer(index, () => stopAt(item as Extract<QueueItem, { kind: 'timer' }>, end))}
                  label={label}
                  day={day}
                  recentIds={recentIds}
                />
              </li>
            ))}
          </ol>
        </>
      )}
      {review.loaded && queue.length === 0 && (
        <p className="close-day-done" role="status">
          {t('closeDay.done', { tracked: trackedText })}
        </p>
      )}
      <div className="form-actions">
        <button ref={doneRef} type="button" className="primary close-day-done-button" onClick={closeCloseDay}>
          {t('closeDay.doneButton')}
        </button>
      </div>
    </Dialog>
  );
}

function shortcutsOf(item: QueueItem): string {
  switch (item.kind) {
    case 'meeting':
      return 'Enter Delete';
    case 'gap':
      return 'Enter F Delete';
    case 'timer':
      return 'Enter S Delete';
    case 'changed':
      return item.impulse.changedSinceTracked?.after ? 'Enter U Delete' : 'Enter Delete';
    case 'rule':
      return 'Enter Delete';
  }
}

function ItemActions({
  item,
  busy,
  expanded,
  onTrack,
  onSkip,
  onExpand,
  onCollapse,
  onUpdate,
  onEdit,
  onBreak,
  onFill,
  onStop,
  label,
  day,
  recentIds,
}: {
  item: QueueItem;
  busy: boolean;
  expanded: 'fill' | 'stop' | null;
  onTrack: () => void;
  onSkip: () => void;
  onExpand: (mode: 'fill' | 'stop') => void;
  onCollapse: () => void;
  onUpdate: () => void;
  onEdit: () => void;
  onBreak: () => void;
  onFill: (projectId: string) => void;
  onStop: (end: string) => void;
  label: (projectId: string | null) => string;
  day: string;
  recentIds: readonly string[];
}) {
  const { t } = useI18n();
  if (item.kind === 'gap' && expanded === 'fill')
    return <FillForm item={item} onFill={onFill} onBreak={onBreak} onCancel={onCollapse} busy={busy} recentIds={recentIds} />;
  if (item.kind === 'timer' && expanded === 'stop')
    return <StopForm item={item} day={day} onStop={onStop} onCancel={onCollapse} busy={busy} />;
  return (
    <span className="close-day-actions">
      {item.kind === 'meeting' && (
        <button type="button" className="primary" disabled={busy} onClick={onTrack}>
          {item.suggested ? t('closeDay.action.trackAs', { project: label(item.impulse.suggestedProjectId) }) : t('closeDay.action.track')}
        </button>
      )}
      {item.kind === 'gap' && (
        <button type="button" className="primary" disabled={busy} onClick={() => onExpand('fill')}>
          {t('closeDay.action.fill')}
        </button>
      )}
      {item.kind === 'timer' && (
        <button type="button" className="primary" disabled={busy} onClick={() => onExpand('stop')}>
          {t('closeDay.action.stopAt')}
        </button>
      )}
      {item.kind === 'changed' && item.impulse.changedSinceTracked?.after && (
        <button type="button" className="primary" disabled={busy} onClick={onUpdate}>
          {t('closeDay.action.update')}
        </button>
      )}
      {item.kind === 'rule' && (
        <button type="button" className="primary" disabled={busy} onClick={onSkip}>
          {t('closeDay.action.keep')}
        </button>
      )}
      {item.kind === 'rule' && (
        <button type="button" disabled={busy} onClick={onEdit}>
          {t('closeDay.action.edit')}
        </button>
      )}
      {item.kind !== 'rule' && (
        <button type="button" disabled={busy} onClick={onSkip}>
          {t('closeDay.action.skip')}
        </button>
      )}
    </span>
  );
}

function FillForm({
  item,
  onFill,
  onBreak,
  onCancel,
  busy,
  recentIds,
}: {
  item: Extract<QueueItem, { kind: 'gap' }>;
  onFill: (projectId: string) => void;
  onBreak: () => void;
  onCancel: () => void;
  busy: boolean;
  recentIds: readonly string[];
}) {
  const { t, timeRange } = useI18n();
  const projects = useStore((s) => s.projects);
  const clients = useStore((s) => s.clients);
  const [projectId, setProjectId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [missing, setMissing] = useState(false);
  const id = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    rootRef.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, []);
  const active = projects.filter((project) => !project.archived);
  return (
    <div
      ref={rootRef}
      className="close-day-form"
      role="group"
      aria-label={t('closeDay.action.fill')}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onCancel();
        }
      }}
    >
      <label htmlFor={`${id}-project`}>{t('closeDay.fill.project', { time: timeRange(item.start, item.end) })}</label>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!projectId) return setMissing(true);
          onFill(projectId);
        }}
      >
        <ProjectCombobox
          id={`${id}-project`}
          value={projectId}
          onChange={(next) => {
            setProjectId(next);
            setMissing(false);
          }}
          onCreate={(name, clientName) => {
            setCreating(true);
            void addProjectUnderClient(name, clientName).then((made) => {
              setCreating(false);
              if (made.ok) setProjectId(made.data.id);
            });
          }}
          projects={active}
          clients={clients}
          recentIds={recentIds}
          invalid={missing}
          {...(missing && { describedBy: `${id}-missing` })}
          creating={creating}
        />
        {missing && (
          <p id={`${id}-missing`} className="field-error">
            {t('closeDay.fill.required')}
          </p>
        )}
        <span className="close-day-actions">
          <button type="submit" className="primary" disabled={busy || creating}>
            {t('closeDay.action.fillSubmit')}
          </button>
          <button type="button" disabled={busy} onClick={onBreak}>
            {t('closeDay.action.break')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('closeDay.action.cancel')}
          </button>
        </span>
      </form>
    </div>
  );
}

function StopForm({
  item,
  day,
  onStop,
  onCancel,
  busy,
}: {
  item: Extract<QueueItem, { kind: 'timer' }>;
  day: string;
  onStop: (end: string) => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const { t, time, zone } = useI18n();
  const { profile } = useSignedIn();
  const [text, setText] = useState(() => {
    // the end of working hours when that has passed, else now
    const now = new Date();
    const workEnd = typedInstant(profile.workday.end, day, zone, now);
    const end =
      workEnd && Date.parse(workEnd) > Date.parse(item.start) && Date.parse(workEnd) <= now.getTime() ? workEnd : now.toISOString();
    return time(end);
  });
  const [invalid, setInvalid] = useState(false);
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);
  return (
    <form
      className="close-day-form"
      aria-label={t('closeDay.action.stopAt')}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onCancel();
        }
      }}
      onSubmit={(event) => {
        event.preventDefault();
        const end = typedInstant(text, day, zone, new Date());
        if (!end || Date.parse(end) <= Date.parse(item.start)) return setInvalid(true);
        onStop(end);
      }}
    >
      <label htmlFor={`${id}-end`}>{t('closeDay.stopAt.label')}</label>
      <input
        ref={inputRef}
        id={`${id}-end`}
        inputMode="numeric"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setInvalid(false);
        }}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${id}-invalid` : undefined}
      />
      {invalid && (
        <p id={`${id}-invalid`} className="field-error">
          {t('closeDay.stopAt.invalid')}
        </p>
      )}
      <span className="close-day-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('closeDay.action.stop')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('closeDay.action.cancel')}
        </button>
      </span>
    </form>
  );
}
