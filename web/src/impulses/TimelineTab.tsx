import { useId, useMemo, useState } from 'react';
import { syncConnection } from '../../../src/contract/connections.ts';
import { api } from '../api.ts';
import { isTouchOnly, useImpulseDraggable } from '../dashboard/drag.ts';
import { type Connection, type Impulse, projectLabel, reloadDashboard, useStore } from '../data/store.ts';
import { useI18n } from '../i18n.tsx';
import { openRecordDialog } from '../records/dialogs.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import { useImpulseActions } from './impulse-actions.ts';
import { ImpulseItem } from './ImpulseItem.tsx';
import { ALL_SHOWN, applyFilters, type Filters, groupByDay, itemState, rangeHasToday } from './impulse-view.ts';
import { useRoving } from './roving.ts';

// Časová osa (UX.md B3): meetings and recent work by day, filters that count what they hide, and
// the empty states of B8.
export function TimelineTab({
  filters,
  setFilters,
  onConnect,
  guide,
}: {
  filters: Filters;
  setFilters: (next: Filters) => void;
  onConnect: () => void;
  guide: React.ReactNode;
}) {
  const { t, tp, zone, today, dayLong, time } = useI18n();
  const impulses = useStore((s) => s.impulses);
  const loading = useStore((s) => s.impulsesLoading);
  const range = useStore((s) => s.range);
  const connections = useStore((s) => s.connections);
  const connectionsLoaded = useStore((s) => s.connectionsLoaded);
  const projects = useStore((s) => s.projects);
  const clients = useStore((s) => s.clients);
  const actions = useImpulseActions();
  const announce = useAnnounce();
  const [list, setList] = useState<HTMLUListElement | null>(null);
  const roving = useRoving(list);
  const hintId = useId();
  const [syncing, setSyncing] = useState(false);
  useImpulseDraggable(list);

  const todayDate = today();
  const { shown, hidden } = useMemo(() => applyFilters(impulses, filters), [impulses, filters]);
  const groups = useMemo(() => groupByDay(shown, zone, todayDate), [shown, zone, todayDate]);
  const availabilityOnly = (impulse: Impulse) => {
    const connection = connections.find((item) => item.id === impulse.source?.connectionId);
    return connection?.detailLevel === 'availability';
  };
  const firstId = groups[0]?.items[0]?.id ?? null;
  const meetings = impulses.filter((impulse) => impulse.kind === 'meeting');
  const enabled = connections.filter((connection) => connection.enabled);
  const touch = isTouchOnly();

  async function syncNow() {
    setSyncing(true);
    const results = await Promise.all(enabled.map((connection: Connection) => api.call(syncConnection, { params: { id: connection.id } })));
    await reloadDashboard();
    setSyncing(false);
    const failed = results.find((result) => !result.ok);
    if (failed && !failed.ok) announce(failed.error.message, { tone: 'error', ...(failed.error.hint && { hint: failed.error.hint }) });
    else announce(t('impulses.empty.synced'));
  }

  function emptyState() {
    if (loading && impulses.length === 0) {
      return (
        <div className="impulses-skeleton" aria-busy="true" aria-label={t('impulses.loading')} role="status">
          {[0, 1, 2, 3].map((row) => (
            <div key={row} className="skeleton-row" />
          ))}
        </div>
      );
    }
    if (shown.length > 0) return null;
    if (connectionsLoaded && connections.length === 0 && meetings.length === 0) {
      return (
        <div className="impulses-empty">
          <p>{t('impulses.empty.noCalendar')}</p>
          <button type="button" className="primary" onClick={onConnect}>
            {t('impulses.empty.connect')}
          </button>
        </div>
      );
    }
    if (meetings.length === 0 && hidden === 0) {
      const last = enabled
        .map((connection) => connection.lastSuccessAt)
        .filter((at): at is string => Boolean(at))
        .sort()
        .at(-1);
      return (
        <div className="impulses-empty">
          <p>
            {t('impulses.empty.nothingInRange')} {last && t('impulses.empty.lastFetched', { time: time(last) })}
          </p>
          {enabled.length > 0 && (
            <button type="button" onClick={() => void syncNow()} disabled={syncing}>
              {syncing ? t('impulses.empty.syncing') : t('impulses.empty.syncNow')}
            </button>
          )}
        </div>
      );
    }
    const hiddenOnes = impulses.filter((impulse) => !shown.includes(impulse));
    if (hiddenOnes.length > 0 && hiddenOnes.every((impulse) => impulse.state === 'tracked') && !filters.showTracked) {
      return (
        <div className="impulses-empty">
          <p>{t('impulses.empty.allTracked')}</p>
          <button type="button" onClick={() => setFilters({ ...filters, showTracked: true })}>
            {t('impulses.empty.showTracked')}
          </button>
        </div>
      );
    }
    if (hidden > 0) {
      return (
        <div className="impulses-empty">
          <p>{tp('impulses.empty.allHidden', hidden)}</p>
          <button type="button" onClick={() => setFilters(ALL_SHOWN)}>
            {t('impulses.empty.showAll')}
          </button>
        </div>
      );
    }
    return null;
  }

  const noRecent = filters.recent && !impulses.some((impulse) => impulse.kind === 'recent');
  return (
    <div className="timeline">
      <FilterBar filters={filters} setFilters={setFilters} />
      {hidden > 0 && shown.length > 0 && (
        <p className="impulses-hidden">
          {tp('impulses.hidden', hidden)} ·{' '}
          <button type="button" className="link-button" onClick={() => setFilters(ALL_SHOWN)}>
            {t('impulses.hidden.show')}
          </button>
        </p>
      )}
      {!rangeHasToday(range, todayDate, zone) && (
        <p className="impulses-jump">
          <button type="button" className="link-button" onClick={jumpToToday}>
            {t('impulses.jumpToday')}
          </button>
        </p>
      )}
      {guide}
      {emptyState()}
      <p id={hintId} className="sr-only">
        {t('impulses.dragHint')}
      </p>
      <ul ref={setList} className="impulse-groups" aria-label={t('impulses.list')} hidden={shown.length === 0}>
        {groups.map((group) => (
          <li key={group.key} className="impulse-group">
            <h3 className="impulse-day">
              {group.date === null
                ? t('impulses.recentGroup')
                : group.date === todayDate
                  ? `${t('impulses.today')} · ${dayLong(group.date)}`
                  : dayLong(group.date)}
            </h3>
            <ul className="impulse-list">
              {group.items.map((impulse) => {
                const state = itemState(impulse);
                const projectId = impulse.kind === 'recent' ? impulse.projectId : impulse.suggestedProjectId;
                const project = projects.find((item) => item.id === projectId);
                return (
                  <ImpulseItem
                    key={impulse.id}
                    impulse={impulse}
                    projectName={project ? projectLabel(project, clients) : null}
                    group={group.key}
                    tabIndex={roving.tabIndexOf(impulse.id, firstId)}
                    draggable={!touch && (state === 'untracked' || state === 'recent')}
                    availabilityOnly={availabilityOnly(impulse)}
                    hintId={hintId}
                    menuItems={() => actions.menuItems(impulse)}
                    onRovingKey={roving.move}
                    onFocused={() => roving.setActiveId(impulse.id)}
                    onOpenRecord={() => impulse.timeRecordId && openRecordDialog({ kind: 'edit', recordId: impulse.timeRecordId })}
                    keys={{
                      track: () => (state === 'untracked' || state === 'recent') && actions.quickTrack(impulse),
                      stopwatch: () => (state === 'untracked' || state === 'recent') && void actions.startStopwatch(impulse),
                      dismiss: () => (state === 'untracked' || state === 'recent') && void actions.dismissOne(impulse),
                      open: () => actions.openRecord(impulse),
                    }}
                  />
                );
              })}
            </ul>
          </li>
        ))}
      </ul>
      {noRecent && shown.length > 0 && <p className="impulses-recent-empty muted">{t('impulses.empty.recent')}</p>}
      {noRecent && shown.length === 0 && meetings.length > 0 && <p className="impulses-recent-empty muted">{t('impulses.empty.recent')}</p>}
    </div>
  );

  function jumpToToday() {
    // the calendar owns its dates: it may answer this event; else its own Today button does it
    const event = new CustomEvent('kairos:calendar-today', { cancelable: true });
    window.dispatchEvent(event);
    if (event.defaultPrevented) return;
    const button = [...document.querySelectorAll<HTMLButtonElement>('#calendar button')].find(
      (element) => element.textContent?.trim() === t('calendar.today'),
    );
    button?.click();
  }
}

function FilterBar({ filters, setFilters }: { filters: Filters; setFilters: (next: Filters) => void }) {
  const { t } = useI18n();
  const [more, setMore] = useState(false);
  const moreId = useId();
  const chip = (key: 'meetings' | 'recent' | 'dismissed', label: string) => (
    <button
      type="button"
      className="filter-chip"
      aria-pressed={filters[key]}
      onClick={() => setFilters({ ...filters, [key]: !filters[key] })}
    >
      {filters[key] && <span aria-hidden="true">✓ </span>}
      {label}
    </button>
  );
  const switches: Array<['showCancelled' | 'showAllDay' | 'showFree' | 'showTracked', string]> = [
    ['showCancelled', t('impulses.filter.showCancelled')],
    ['showAllDay', t('impulses.filter.showAllDay')],
    ['showFree', t('impulses.filter.showFree')],
    ['showTracked', t('impulses.filter.showTracked')],
  ];
  return (
    <div className="impulse-filters" role="group" aria-label={t('impulses.filters')}>
      <div className="filter-chips">
        {chip('meetings', t('impulses.filter.meetings'))}
        {chip('recent', t('impulses.filter.recent'))}
        {chip('dismissed', t('impulses.filter.dismissed'))}
        <button
          type="button"
          className="filter-chip filter-chip-more"
          aria-expanded={more}
          aria-controls={moreId}
          onClick={() => setMore((value) => !value)}
        >
          {t('impulses.filter.more')} <span aria-hidden="true">{more ? '▴' : '▾'}</span>
        </button>
      </div>
      <div id={moreId} className="filter-switches" hidden={!more}>
        {switches.map(([key, label]) => (
          <label key={key} className="switch">
            <input
              type="checkbox"
              role="switch"
              checked={filters[key]}
              onChange={(event) => setFilters({ ...filters, [key]: event.target.checked })}
            />
            <span>{label}</span>
          </label>
        ))}
      </div>
    </div>
  );
}
