import FullCalendar, { type CalendarRef, type EventApi, type EventDisplayInfo } from '@fullcalendar/react';
import csLocale from '@fullcalendar/react/locales/cs';
import dayGridPlugin from '@fullcalendar/react/daygrid';
import interactionPlugin from '@fullcalendar/react/interaction';
import listPlugin from '@fullcalendar/react/list';
import classicTheme from '@fullcalendar/react/themes/classic';
import timeGridPlugin from '@fullcalendar/react/timegrid';
import '@fullcalendar/react/skeleton.css';
import '@fullcalendar/react/themes/classic/theme.css';
import '@fullcalendar/react/themes/classic/palette.css';
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { addDays, dateInZone } from '../../../src/i18n/format.ts';
import { openCloseDay, reviewOf, useCloseDayMemory } from '../close-day/close-day-state.ts';
import { getState, impulseRange, loadImpulses, loadRecords, type TimeRecord, updateRecord, useStore } from '../data/store.ts';
import { useI18n } from '../i18n.tsx';
import { openRecordDialog } from '../records/dialogs.ts';
import { useSignedIn } from '../session.tsx';
import { useGlobalShortcut } from '../shell/shortcuts.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import { buildEvents, isGhostMeeting, type PendingDrop } from './calendar-events.ts';
import { DeleteRecordDialog } from './DeleteRecordDialog.tsx';
import { isImpulseDragActive, isTouchOnly, reportLockedHover, useDropActions, useImpulseDragActive } from './drag.ts';
import {
  firstDayOf,
  fromGrid,
  gridDate,
  gridOfDate,
  isLockedStart,
  lastLockedDay,
  periodTitle,
  secondsPerDay,
  startOfDay,
  toGrid,
} from './grid-time.ts';
import { useMediaQuery } from './use-media-query.ts';
import './calendar.css';

type ViewKind = 'day' | 'week' | 'month' | 'list';
const VIEW_TYPES: Record<ViewKind, string> = { day: 'timeGridDay', week: 'timeGridWeek', month: 'dayGridMonth', list: 'listWeek' };
const kindOf = (type: string): ViewKind =>
  (Object.entries(VIEW_TYPES).find(([, value]) => value === type)?.[0] as ViewKind | undefined) ?? 'week';

type Visible = { kind: ViewKind; from: string; to: string; currentFrom: string; currentTo: string };

const pad = (n: number) => String(n).padStart(2, '0');
// grid moments are wall times: their UTC fields are what the person reads
const gridClock = (grid: Date) => `${grid.getUTCHours()}:${pad(grid.getUTCMinutes())}`;

function LockIcon() {
  return (
    <svg className="kairos-lock-icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M4 7V5a4 4 0 1 1 8 0v2h1a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h1zm2 0h4V5a2 2 0 1 0-4 0v2z"
      />
    </svg>
  );
}

// In a day header: opens Close the day for that day with a click; a check while the day stays
// closed. FullCalendar hides a header's content from assistive technology (the column header
// carries the date as its name), so this button stays out of the tab order: the toolbar's Close
// the day (and D) opens the day in view and says whether it is closed.
function CloseDayButton({ closed, label, onOpen, day }: { closed: boolean; label: string; onOpen: () => void; day: string }) {
  return (
    <button
      tabIndex={-1}
      type="button"
      className={`kairos-dayhead-close${closed ? ' is-closed' : ''}`}
      data-close-day={day}
      data-closed={closed || undefined}
      aria-label={label}
      title={label}
      onClick={(event) => {
        event.stopPropagation();
        onOpen();
      }}
    >
      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
        {closed ? (
          <path fill="currentColor" d="M8 1.5a6.5 6.5 0 1 1 0 13 6.5 6.5 0 0 1 0-13zm-1.2 9.4 4.6-4.6-1-1-3.6 3.6-1.7-1.7-1 1z" />
        ) : (
          <circle cx="8" cy="8" r="5.8" fill="none" stroke="currentColor" strokeWidth="1.4" strokeDasharray="2.2 1.6" />
        )}
      </svg>
    </button>
  );
}

export function DashboardCalendar() {
  const i18n = useI18n();
  const { t, tp, lang, zone, dayShort, duration, timeRange, date } = i18n;
  const { profile, organization } = useSignedIn();
  const preferences = profile.preferences;
  const lockedUntil = organization.lockedUntil;
  const records = useStore((s) => s.records);
  const recordsLoading = useStore((s) => s.recordsLoading);
  const impulses = useStore((s) => s.impulses);
  const timer = useStore((s) => s.timer);
  const projects = useStore((s) => s.projects);
  const clients = useStore((s) => s.clients);
  const recordsRange = useStore((s) => s.recordsRange);
  const closeDayMemory = useCloseDayMemory(profile.id);
  const announce = useAnnounce();
  const actions = useDropActions();
  const dragging = useImpulseDragActive();
  const narrow = useMediaQuery('(max-width: 600px)');
  const calendarRef = useRef<CalendarRef>(null);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState<Visible | null>(null);
  const [now, setNow] = useState(() => new Date());
  const [overrides, setOverrides] = useState<Record<string, { start: string; end: string }>>({});
  const [pending, setPending] = useState<PendingDrop[]>([]);
  const [deleting, setDeleting] = useState<TimeRecord | null>(null);
  const lockedMove = useRef(false);
  const [initialView] = useState(() => (narrow ? VIEW_TYPES.day : VIEW_TYPES.week));
  // opens an hour before the day starts, or before now / the running stopwatch when earlier
  const [initialScroll] = useState(() => {
    const hours = [Number(preferences.dayStartTime.slice(0, 2)), toGrid(new Date(), zone).getUTCHours()];
    const running = getState().timer;
    if (running) hours.push(toGrid(running.startedAt, zone).getUTCHours());
    return `${pad(Math.max(0, Math.min(...hours) - 1))}:00:00`;
  });

  // the running block grows and the day totals follow, once a minute
  useEffect(() => {
    const id = window.setInterval(() => setNow(new Date()), 60_000);
    return () => window.clearInterval(id);
  }, []);

  const calendar = () => calendarRef.current?.getApi();
  const lockText = lockedUntil ? t('calendar.locked', { date: date(lastLockedDay(lockedUntil)) }) : '';
  const isLockedDate = useCallback((day: string) => Boolean(lockedUntil && day < lockedUntil), [lockedUntil]);
  const refuse = actions.refuse;

  const events = useMemo(
    () =>
      buildEvents({
        records,
        overrides,
        pending,
        timer,
        now,
        impulses,
        projects,
        clients,
        colorBy: preferences.colorBy,
        showGhosts: preferences.showMeetingsInGrid,
        lockedUntil,
        zone,
        untitled: t('calendar.noDescription'),
      }),
    [
      records,
      overrides,
      pending,
      timer,
      now,
      impulses,
      projects,
      clients,
      preferences.colorBy,
      preferences.showMeetingsInGrid,
      lockedUntil,
      zone,
      t,
    ],
  );

  // day headers: tracked total (the running stopwatch counts) and meetings still untracked
  const perDay = useMemo(() => {
    const spans = records.map((record) => overrides[record.id] ?? record);
    if (timer) spans.push({ start: timer.startedAt, end: new Date(Math.max(now.getTime(), Date.parse(timer.startedAt))).toISOString() });
    return secondsPerDay(spans, zone);
  }, [records, overrides, timer, now, zone]);
  const untrackedPerDay = useMemo(() => {
    const counts = new Map<string, number>();
    for (const impulse of impulses) {
      if (!isGhostMeeting(impulse)) continue;
      const day = gridDate(toGrid(impulse.start!, zone));
      counts.set(day, (counts.get(day) ?? 0) + 1);
    }
    return counts;
  }, [impulses, zone]);
  // the day headers' check: days closed in Close the day and unchanged since (today and before)
  const closedDays = useMemo(() => {
    const closed = new Set<string>();
    if (!visible) return closed;
    const today = dateInZone(now, zone);
    for (let day = visible.from; day < visible.to && day <= today; day = addDays(day, 1)) {
      if (!closeDayMemory.closed[day]) continue;
      const review = reviewOf({
        day,
        zone,
        workday: profile.workday,
        now,
        state: { records, impulses, timer, recordsRange },
        memory: closeDayMemory,
      });
      if (review.closed) closed.add(day);
    }
    return closed;
  }, [visible, now, zone, closeDayMemory, profile.workday, records, impulses, timer, recordsRange]);
  const rangeTotal = useMemo(() => {
    if (!visible) return 0;
    let total = 0;
    for (let day = visible.currentFrom; day < visible.currentTo; day = addDays(day, 1)) total += perDay.get(day) ?? 0;
    return total;
  }, [perDay, visible]);

  const focusRecord = (id: string) => {
    window.requestAnimationFrame(() =>
      window.requestAnimationFrame(() => {
        wrapperRef.current?.querySelector<HTMLElement>(`[data-record-id="${CSS.escape(id)}"]`)?.focus();
      }),
    );
  };

  // a move or resize: shown at once, reverted with the server's message when refused, undoable
  async function changeTimes(record: TimeRecord, start: string, end: string, how: 'moved' | 'resized', revert?: () => void): Promise<void> {
    if (isLockedStart(start, lockedUntil, zone) || isLockedStart(record.start, lockedUntil, zone)) {
      revert?.();
      refuse({ message: lockText });
      return;
    }
    setOverrides((current) => ({ ...current, [record.id]: { start, end } }));
    const result = await updateRecord(record.id, { version: record.version, start, end });
    setOverrides((current) => {
      const { [record.id]: _dropped, ...rest } = current;
      return rest;
    });
    if (!result.ok) {
      revert?.();
      refuse(result.error);
      return;
    }
    const text =
      how === 'moved'
        ? t('calendar.moved', { day: dayShort(i18n.dateOf(start)), time: timeRange(start, end) })
        : t('calendar.resized', { time: timeRange(start, end), duration: duration((Date.parse(end) - Date.parse(start)) / 1000) });
    announce(text, {
      undo: async () => {
        const current = getState().records.find((item) => item.id === record.id);
        if (!current) return;
        const undone = await updateRecord(record.id, { version: current.version, start: record.start, end: record.end });
        if (undone.ok) announce(t('calendar.undone'));
        else refuse(undone.error);
      },
    });
  }

  const recordOf = (event: EventApi) =>
    event.extendedProps.kind === 'record' ? getState().records.find((item) => item.id === event.id) : undefined;

  function onEventMoved(event: EventApi, revert: () => void, how: 'moved' | 'resized') {
    const record = recordOf(event);
    if (!record || !event.start || event.allDay) {
      revert();
      return;
    }
    const end = event.end ?? new Date(event.start.getTime() + (Date.parse(record.end) - Date.parse(record.start)));
    void changeTimes(record, fromGrid(event.start, zone), fromGrid(end, zone), how, revert);
  }

  // Alt+↑/↓ one snap, Alt+←/→ one day, Ctrl+Alt+↑/↓ the end; Delete asks first (UX.md B1)
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const element = (event.target as HTMLElement).closest<HTMLElement>('[data-record-id]');
    if (!element) return;
    const record = getState().records.find((item) => item.id === element.dataset.recordId);
    if (!record) return;
    if (event.key === 'Delete' && !event.altKey && !event.ctrlKey) {
      event.preventDefault();
      if (isLockedStart(record.start, lockedUntil, zone)) refuse({ message: lockText });
      else setDeleting(record);
      return;
    }
    if (!event.altKey || !['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(event.key)) return;
    event.preventDefault();
    event.stopPropagation();
    const snapMs = preferences.snapMinutes * 60_000;
    const startGrid = toGrid(record.start, zone).getTime();
    const endGrid = toGrid(record.end, zone).getTime();
    const sign = event.key === 'ArrowUp' || event.key === 'ArrowLeft' ? -1 : 1;
    let next: [number, number];
    if (event.ctrlKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      next = [startGrid, Math.max(startGrid + snapMs, endGrid + sign * snapMs)];
    } else if (event.ctrlKey) {
      return;
    } else {
      const step = event.key === 'ArrowUp' || event.key === 'ArrowDown' ? snapMs : 86_400_000;
      next = [startGrid + sign * step, endGrid + sign * step];
    }
    const how = event.ctrlKey ? 'resized' : 'moved';
    void changeTimes(record, fromGrid(new Date(next[0]), zone), fromGrid(new Date(next[1]), zone), how).then(() => focusRecord(record.id));
  }

  // N: a new record now, or on the first day in view when today is not shown
  const newRecord = () => {
    const today = i18n.today();
    if (!visible || (today >= visible.currentFrom && today < visible.currentTo)) {
      const snapMs = preferences.snapMinutes * 60_000;
      const start = new Date(Math.floor(Date.now() / snapMs) * snapMs);
      openRecordDialog({
        kind: 'new',
        start: start.toISOString(),
        end: new Date(start.getTime() + preferences.defaultRecordMinutes * 60_000).toISOString(),
      });
    } else {
      openRecordDialog({ kind: 'new', date: visible.currentFrom });
    }
  };
  const changeView = (kind: ViewKind) => calendar()?.changeView(VIEW_TYPES[kind]);
  // D: Close the day for today, or for the first day in view when today is not shown
  const closeDayTarget = () => {
    const today = i18n.today();
    return !visible || (today >= visible.currentFrom && today < visible.currentTo) ? today : visible.currentFrom;
  };
  const closeTheDay = () => openCloseDay(closeDayTarget());
  const targetClosed = closedDays.has(closeDayTarget());
  useGlobalShortcut('d', closeTheDay, profile);
  useGlobalShortcut('n', newRecord, profile);
  useGlobalShortcut('t', () => calendar()?.today(), profile);
  useGlobalShortcut('ArrowLeft', () => calendar()?.prev(), profile, { alt: true });
  useGlobalShortcut('ArrowRight', () => calendar()?.next(), profile, { alt: true });
  useGlobalShortcut('1', () => changeView('day'), profile);
  useGlobalShortcut('2', () => changeView('week'), profile);
  useGlobalShortcut('3', () => changeView('month'), profile);
  useGlobalShortcut('4', () => changeView('list'), profile);

  const unitText = visible ? t(`calendar.unit.${visible.kind}`) : t('calendar.unit.week');
  const title = visible ? periodTitle(lang, visible.kind, visible.currentFrom, visible.currentTo) : '';
  const showsLock = Boolean(lockedUntil && visible && visible.from < lockedUntil);
  const emptyHint = visible && (visible.kind === 'week' || visible.kind === 'day') && !recordsLoading && records.length === 0 && !timer;

  const renderEvent = (arg: EventDisplayInfo) => {
    const { kind, projectLabel, overlaps, auto } = arg.event.extendedProps as {
      kind: string;
      projectLabel?: string;
      overlaps?: boolean;
      auto?: boolean;
    };
    // the spark is seen (with a tooltip); the words are read after the record's own
    const autoMark = auto && (
      <span className="kairos-event-auto" title={t('calendar.autoRecord')} aria-hidden="true" data-testid="auto-record">
        <AutoRecordIcon />
      </span>
    );
    const autoLabel = auto && <span className="sr-only">, {t('calendar.autoRecord')}</span>;
    if (kind === 'ghost') return <span className="kairos-ghost-title">{arg.event.title}</span>;
    const start = arg.event.start;
    const end = arg.event.end;
    if (arg.view.type === VIEW_TYPES.month) {
      // Month cells have room for one line per record
      return (
        <div className="kairos-event kairos-event-line">
          {start && <span className="sr-only">{dayShort(gridDate(start))}, </span>}
          {start && (
            <span className="kairos-event-time">
              {kind === 'timer' && <span aria-hidden="true" className="kairos-pulse" />}
              {gridClock(start)}
            </span>
          )}{' '}
          {autoMark}
          <span className="kairos-event-title">{arg.event.title}</span>
          {projectLabel && projectLabel !== arg.event.title && <span className="sr-only">, {projectLabel}</span>}
          {autoLabel}
          {overlaps && (
            <span className="kairos-event-overlap-icon" title={t('calendar.overlaps')}>
              <span aria-hidden="true"> ⚠</span>
              <span className="sr-only">, {t('calendar.overlaps')}</span>
            </span>
          )}
          {kind === 'timer' && <span className="sr-only">, {t('calendar.running')}</span>}
        </div>
      );
    }
    return (
      <div className="kairos-event">
        {/* in the block's top corner, where a short block still shows it */}
        {autoMark}
        {start && <span className="sr-only">{dayShort(gridDate(start))}, </span>}
        {start && end && (
          <span className="kairos-event-time">
            {kind === 'timer' && <span aria-hidden="true" className="kairos-pulse" />}
            {gridClock(start)}–{gridClock(end)}
            {kind === 'timer' && <span className="kairos-event-running"> · {t('calendar.running')}</span>}
            <span className="sr-only">, </span>
          </span>
        )}
        <span className="kairos-event-title">{arg.event.title}</span>
        {projectLabel && projectLabel !== arg.event.title && (
          <span className="kairos-event-project">
            <span className="sr-only">, </span>
            {projectLabel}
          </span>
        )}
        {autoLabel}
        {overlaps && (
          <span className="kairos-event-overlap" title={t('calendar.overlaps')}>
            <span aria-hidden="true">⚠</span> <span className={arg.isNarrow ? 'sr-only' : undefined}>{t('calendar.overlaps')}</span>
          </span>
        )}
      </div>
    );
  };

  return (
    <section id="calendar" className="calendar-area" aria-label={t('calendar.region')} tabIndex={-1} data-view={visible?.kind}>
      <div className="calendar-toolbar" role="toolbar" aria-label={t('calendar.toolbar')}>
        <div className="calendar-heading">
          <h2 className="calendar-title" aria-live="polite">
            {title}
          </h2>
          <div className="calendar-nav">
            <button
              type="button"
              className="icon-button"
              aria-label={t('calendar.prev', { unit: unitText })}
              title={t('calendar.prev', { unit: unitText })}
              onClick={() => calendar()?.prev()}
            >
              ‹
            </button>
            <button
              type="button"
              title={t('calendar.todayHint', { unit: unitText })}
              aria-keyshortcuts="T"
              onClick={() => calendar()?.today()}
            >
              {t('calendar.today')}
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={t('calendar.next', { unit: unitText })}
              title={t('calendar.next', { unit: unitText })}
              onClick={() => calendar()?.next()}
            >
              ›
            </button>
          </div>
        </div>
        <div className="calendar-views" role="group" aria-label={t('calendar.views')}>
          {(['day', 'week', 'month', 'list'] as const).map((kind) => (
            <button key={kind} type="button" aria-pressed={visible?.kind === kind} onClick={() => changeView(kind)}>
              {t(`calendar.view.${kind}`)}
            </button>
          ))}
        </div>
        <span className="calendar-total" data-testid="range-total">
          {t('calendar.weekTotal', { duration: duration(rangeTotal) })}
        </span>
        <button
          type="button"
          className={`calendar-close-day${targetClosed ? ' is-closed' : ''}`}
          onClick={closeTheDay}
          aria-label={t(targetClosed ? 'closeDay.closedFor' : 'closeDay.openFor', { day: dayShort(closeDayTarget()) })}
          title={t(targetClosed ? 'closeDay.closedFor' : 'closeDay.openFor', { day: dayShort(closeDayTarget()) })}
          aria-keyshortcuts="D"
          data-testid="close-day-button"
        >
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
            <path
              fill="currentColor"
              d="M8 1.5a6.5 6.5 0 1 1 0 13 6.5 6.5 0 0 1 0-13zm0 1.4a5.1 5.1 0 1 0 0 10.2A5.1 5.1 0 0 0 8 2.9zm2.4 2.4 1 1-4.6 4.6-2.7-2.7 1-1 1.7 1.7z"
            />
          </svg>
          <span className="calendar-close-day-text">{t('closeDay.open')}</span>
        </button>
        <button
          type="button"
          className="primary calendar-new"
          onClick={newRecord}
          aria-label={t('calendar.newRecord')}
          aria-keyshortcuts="N"
        >
          <span aria-hidden="true">+</span> <span className="calendar-new-text">{t('calendar.newRecord')}</span>
        </button>
      </div>
      {showsLock && (
        <p className="calendar-lock">
          <LockIcon /> {lockText}
        </p>
      )}
      {emptyHint && (
        <p className="calendar-empty" role="note">
          {t(isTouchOnly() ? 'calendar.emptyWeekTouch' : 'calendar.emptyWeek')}
        </p>
      )}
      <div ref={wrapperRef} className={`calendar-grid${dragging ? ' is-dragging' : ''}`} onKeyDown={onKeyDown} aria-busy={recordsLoading}>
        <FullCalendar
          ref={calendarRef}
          plugins={[classicTheme, dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin]}
          initialView={initialView}
          headerToolbar={false}
          height="100%"
          timeZone="UTC"
          now={() => toGrid(new Date(), zone)}
          locale={lang === 'cs' ? csLocale : 'en-gb'}
          firstDay={firstDayOf(profile.weekStart)}
          nowIndicator
          selectable
          selectMirror
          editable
          droppable
          eventDurationEditable
          snapDuration={{ minutes: preferences.snapMinutes }}
          scrollTime={initialScroll}
          slotHeaderFormat={{ hour: 'numeric', minute: '2-digit', hour12: false }}
          dayHeaderFormat={{ weekday: 'short', day: 'numeric', month: 'numeric' }}
          views={{ dayGridMonth: { dayHeaderFormat: { weekday: 'short' } } }}
          dayMaxEvents
          allDayText={t('calendar.allDay')}
          noEventsText={t('calendar.noEvents')}
          moreLinkText={(count: number) => tp('calendar.more', count)}
          moreLinkHint={(count: number) => tp('calendar.moreHint', count)}
          prevHint={(unit: string) => t('calendar.prev', { unit })}
          nextHint={(unit: string) => t('calendar.next', { unit })}
          todayHint={(unit: string) => t('calendar.todayHint', { unit })}
          viewHint={(view: string) => t('calendar.viewHint', { view })}
          navLinkHint={(dateText: string) => t('calendar.navLinkHint', { date: dateText })}
          closeHint={t('calendar.closeHint')}
          eventsHint={t('calendar.eventsHint')}
          events={events}
          eventContent={renderEvent}
          dayLaneClass={(info) => (isLockedDate(gridDate(info.date)) ? 'kairos-locked' : '')}
          dayCellClass={(info) => (isLockedDate(gridDate(info.date)) ? 'kairos-locked' : '')}
          dayCellTopClass={(info) => (info.isOther ? 'kairos-other-day' : '')}
          dayLaneDidMount={(info) => {
            if (isLockedDate(gridDate(info.date))) info.el.setAttribute('title', lockText);
          }}
          dayHeaderContent={(info) => {
            if (info.view.type === VIEW_TYPES.month || info.inPopover) return info.text;
            const day = gridDate(info.date);
            const total = perDay.get(day) ?? 0;
            const untracked = untrackedPerDay.get(day) ?? 0;
            return (
              <span className="kairos-dayhead" data-date-head={day}>
                <span className="kairos-dayhead-date">
                  {dayShort(day)}
                  {isLockedDate(day) && (
                    <span className="kairos-dayhead-lock" title={lockText}>
                      {' '}
                      <LockIcon />
                      <span className="sr-only"> · {lockText}</span>
                    </span>
                  )}
                  {day <= i18n.today() && (
                    <CloseDayButton
                      closed={closedDays.has(day)}
                      label={t(closedDays.has(day) ? 'closeDay.closedFor' : 'closeDay.openFor', { day: dayShort(day) })}
                      onOpen={() => openCloseDay(day)}
                      day={day}
                    />
                  )}
                </span>
                {(total > 0 || untracked > 0) && (
                  <span className="kairos-dayhead-facts">
                    {total > 0 && (
                      <span className="kairos-dayhead-total">
                        <span className="sr-only"> · </span>
                        {duration(total)}
                      </span>
                    )}
                    {untracked > 0 && (
                      <span className="kairos-dayhead-untracked">
                        <span className={total > 0 ? undefined : 'sr-only'}> · </span>
                        {tp('calendar.untracked', untracked)}
                      </span>
                    )}
                  </span>
                )}
              </span>
            );
          }}
          eventDidMount={(info) => {
            const { kind } = info.event.extendedProps as { kind: string };
            info.el.setAttribute('data-kind', kind);
            if (kind === 'record') info.el.setAttribute('data-record-id', info.event.id);
            if (kind === 'timer') info.el.setAttribute('data-testid', 'running-record');
          }}
          backgroundEventDidMount={(info) => {
            // ghosts are not focusable: the panel is the accessible list of the same meetings
            info.el.setAttribute('data-kind', 'ghost');
            info.el.setAttribute('data-impulse-id', String(info.event.extendedProps.impulseId));
            info.el.removeAttribute('tabindex');
            info.el.setAttribute('aria-hidden', 'true');
          }}
          datesSet={(info) => {
            const next: Visible = {
              kind: kindOf(info.view.type),
              from: gridDate(info.view.activeStart),
              to: gridDate(info.view.activeEnd),
              currentFrom: gridDate(info.view.currentStart),
              currentTo: gridDate(info.view.currentEnd),
            };
            setVisible((current) =>
              current && current.kind === next.kind && current.from === next.from && current.to === next.to ? current : next,
            );
            const range = { from: next.from, to: next.to };
            const loaded = getState().range;
            if (loaded?.from !== range.from || loaded?.to !== range.to) {
              void loadRecords(range);
              void loadImpulses(impulseRange(range));
            }
          }}
          selectAllow={(span) => {
            // also asked while an impulse (create: false) is dragged over the grid
            const locked = isLockedStart(
              span.allDay ? startOfDay(gridDate(span.start), zone) : fromGrid(span.start, zone),
              lockedUntil,
              zone,
            );
            reportLockedHover(locked);
            return !locked;
          }}
          eventAllow={(span, moving) => {
            const start = span.allDay ? startOfDay(gridDate(span.start), zone) : fromGrid(span.start, zone);
            const locked = isLockedStart(start, lockedUntil, zone);
            if (isImpulseDragActive() || !moving) reportLockedHover(locked);
            else lockedMove.current = locked;
            // a record is a span of time: it does not go to the all-day row
            if (moving && span.allDay && calendar()?.view.type !== VIEW_TYPES.month && moving.extendedProps.kind === 'record') return false;
            return !locked;
          }}
          eventDragStart={() => {
            lockedMove.current = false;
          }}
          eventDragStop={() => {
            if (lockedMove.current) refuse({ message: lockText });
            lockedMove.current = false;
          }}
          eventResizeStop={() => {
            if (lockedMove.current) refuse({ message: lockText });
            lockedMove.current = false;
          }}
          select={(info) => {
            calendar()?.unselect();
            if (info.allDay) {
              const day = gridDate(info.start);
              const startGrid = new Date(
                gridOfDate(day).getTime() +
                  (Number(preferences.dayStartTime.slice(0, 2)) * 60 + Number(preferences.dayStartTime.slice(3, 5))) * 60_000,
              );
              const start = fromGrid(startGrid, zone);
              openRecordDialog({
                kind: 'new',
                start,
                end: new Date(Date.parse(start) + preferences.defaultRecordMinutes * 60_000).toISOString(),
              });
              return;
            }
            openRecordDialog({ kind: 'new', start: fromGrid(info.start, zone), end: fromGrid(info.end, zone) });
          }}
          eventClick={(info) => {
            const { kind } = info.event.extendedProps as { kind: string };
            info.jsEvent.preventDefault?.();
            if (kind === 'record') openRecordDialog({ kind: 'edit', recordId: info.event.id });
            if (kind === 'timer') document.querySelector<HTMLElement>('#stopwatch input, #stopwatch button')?.focus();
          }}
          eventDrop={(info) => onEventMoved(info.event, info.revert, 'moved')}
          eventResize={(info) => onEventMoved(info.event, info.revert, 'resized')}
          drop={(info) => {
            const value = info.draggedEl.closest('[data-impulse-drag]')?.getAttribute('data-impulse-drag');
            if (!value) return;
            void actions.dropOnCalendar(
              value,
              { grid: info.date, allDay: info.allDay },
              {
                show: (drop) => setPending((current) => [...current, drop]),
                clear: (key) => setPending((current) => current.filter((item) => item.key !== key)),
              },
            );
          }}
        />
      </div>
      {deleting && <DeleteRecordDialog record={deleting} onClose={() => setDeleting(null)} />}
    </section>
  );
}

// The mark of a record one of your rules made: a small spark, named by the text beside it.
function AutoRecordIcon() {
  return (
    <svg aria-hidden="true" focusable="false" width="11" height="11" viewBox="0 0 16 16" fill="currentColor">
      <path d="M8 0l1.8 5.2L15 7l-5.2 1.8L8 14l-1.8-5.2L1 7l5.2-1.8z" />
      <path d="M13.5 10.5l.7 1.8 1.8.7-1.8.7-.7 1.8-.7-1.8-1.8-.7 1.8-.7z" />
    </svg>
  );
}
