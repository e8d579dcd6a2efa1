import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { CalendarCard } from '../connections/CalendarCard.tsx';
import { useStore } from '../data/store.ts';
import { useI18n } from '../i18n.tsx';
import { useSignedIn } from '../session.tsx';
import { useGlobalShortcut } from '../shell/shortcuts.ts';
import { ConnectionBanners } from './ConnectionBanner.tsx';
import { focusImpulse, nextUntrackedId } from './focus.ts';
import { CreateProjectDialog, GettingStarted } from './GettingStarted.tsx';
import { defaultFilters, type Filters, untrackedCount } from './impulse-view.ts';
import { ProjectsTab } from './ProjectsTab.tsx';
import { TimelineTab } from './TimelineTab.tsx';
import './impulses.css';

type Tab = 'timeline' | 'projects';

function useNarrow(): boolean {
  const query = '(max-width: 600px)';
  const [narrow, setNarrow] = useState(() => matchMedia(query).matches);
  useEffect(() => {
    const list = matchMedia(query);
    const change = () => setNarrow(list.matches);
    list.addEventListener('change', change);
    return () => list.removeEventListener('change', change);
  }, []);
  return narrow;
}

// Podněty (UX.md B3): beside the calendar on wide screens, a bottom sheet behind "Impulses (12)"
// under 600 px (B12). Two tabs, the connection banner, the first-run guide.
export function ImpulsesPanel() {
  const { t, tp } = useI18n();
  const { profile } = useSignedIn();
  const impulses = useStore((s) => s.impulses);
  const narrow = useNarrow();
  const [sheetOpen, setSheetOpen] = useState(false);
  const [tab, setTab] = useState<Tab>('timeline');
  const [calendarOpen, setCalendarOpen] = useState(false);
  const [newProject, setNewProject] = useState(false);
  const preferences = profile.preferences;
  const defaults = useMemo(
    () => defaultFilters(preferences),
    [preferences.hideCancelled, preferences.hideAllDay, preferences.hideFree], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const [filters, setFilters] = useState<Filters>(defaults);
  useEffect(() => setFilters(defaults), [defaults]);
  const count = untrackedCount(impulses);
  const tabsId = useId();
  const headingId = useId();
  const tabRefs = { timeline: useRef<HTMLButtonElement>(null), projects: useRef<HTMLButtonElement>(null) };
  const sheetButton = useRef<HTMLButtonElement>(null);

  // P, or the skip link, focuses the active tab (UX.md B3)
  const focusPanel = () => {
    if (narrow) setSheetOpen(true);
    window.setTimeout(() => tabRefs[tab].current?.focus(), 0);
  };
  useGlobalShortcut('p', focusPanel, profile);
  const latestFocusPanel = useRef(focusPanel);
  latestFocusPanel.current = focusPanel;
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (!(event.target as Element | null)?.closest?.('a[href="#impulses"]')) return;
      event.preventDefault();
      latestFocusPanel.current();
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, []);

  useEffect(() => {
    if (!narrow || !sheetOpen) return;
    tabRefs[tab].current?.focus();
    // opened once per opening
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [narrow, sheetOpen]);

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight' && event.key !== 'Home' && event.key !== 'End') return;
    event.preventDefault();
    const next: Tab = event.key === 'Home' ? 'timeline' : event.key === 'End' ? 'projects' : tab === 'timeline' ? 'projects' : 'timeline';
    setTab(next);
    tabRefs[next].current?.focus();
  }

  function closeSheet() {
    setSheetOpen(false);
    sheetButton.current?.focus();
  }

  const tabButton = (key: Tab, label: string) => (
    <button
      ref={tabRefs[key]}
      type="button"
      role="tab"
      id={`${tabsId}-${key}`}
      aria-selected={tab === key}
      aria-controls={`${tabsId}-${key}-panel`}
      tabIndex={tab === key ? 0 : -1}
      className="impulses-tab"
      onClick={() => setTab(key)}
      onKeyDown={onTabKey}
    >
      {label}
    </button>
  );

  const openCalendar = () => {
    setCalendarOpen(true);
    setTab('timeline');
  };
  return (
    <>
      {narrow && (
        <button
          ref={sheetButton}
          type="button"
          className="impulses-sheet-button"
          aria-expanded={sheetOpen}
          aria-controls="impulses"
          onClick={() => setSheetOpen((open) => !open)}
        >
          {t('impulses.sheetButton', { count })}
        </button>
      )}
      {narrow && sheetOpen && <div className="impulses-backdrop" aria-hidden="true" onClick={closeSheet} />}
      <aside
        id="impulses"
        aria-label={t('impulses.title')}
        className={`impulses-panel${narrow ? ' is-sheet' : ''}${narrow && sheetOpen ? ' is-open' : ''}`}
        onKeyDown={(event) => {
          if (narrow && sheetOpen && event.key === 'Escape' && !event.defaultPrevented) {
            event.preventDefault();
            closeSheet();
          }
        }}
      >
        <div className="impulses-head">
          <h2 id={headingId}>
            {t('impulses.title')} <span className="impulses-count">{tp('impulses.untracked', count)}</span>
          </h2>
          {narrow && (
            <button type="button" className="icon-button" aria-label={t('impulses.closeSheet')} onClick={closeSheet}>
              ×
            </button>
          )}
        </div>
        <ConnectionBanners />
        <div role="tablist" aria-label={t('impulses.tabs')} className="impulses-tabs">
          {tabButton('timeline', t('impulses.tab.timeline'))}
          {tabButton('projects', t('impulses.tab.projects'))}
        </div>
        <div
          role="tabpanel"
          id={`${tabsId}-timeline-panel`}
          aria-labelledby={`${tabsId}-timeline`}
          hidden={tab !== 'timeline'}
          className="impulses-tabpanel"
        >
          <TimelineTab
            filters={filters}
            setFilters={setFilters}
            onConnect={openCalendar}
            guide={
              <>
                <GettingStarted calendarOpen={calendarOpen} setCalendarOpen={setCalendarOpen} onNewProject={() => setNewProject(true)} />
                {calendarOpen && (
                  <div className="inline-calendar">
                    <CalendarCard
                      provider="exchange"
                      inline
                      onConnected={() => {
                        setCalendarOpen(false);
                        // the card has announced "Calendar connected: N meetings" and loaded them (B8 step 5)
                        window.setTimeout(() => {
                          const first = nextUntrackedId(null);
                          if (first) focusImpulse(first);
                        }, 0);
                      }}
                    />
                    <button type="button" className="link-button" onClick={() => setCalendarOpen(false)}>
                      {t('guide.calendar.close')}
                    </button>
                  </div>
                )}
              </>
            }
          />
        </div>
        <div
          role="tabpanel"
          id={`${tabsId}-projects-panel`}
          aria-labelledby={`${tabsId}-projects`}
          hidden={tab !== 'projects'}
          className="impulses-tabpanel"
        >
          <ProjectsTab onNewProject={() => setNewProject(true)} />
        </div>
      </aside>
      {newProject && <CreateProjectDialog onClose={() => setNewProject(false)} />}
    </>
  );
}
