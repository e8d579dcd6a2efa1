import { type KeyboardEvent, useRef, useState } from 'react';
import { type Impulse, useStore } from '../data/store.ts';
import { colourOfName } from '../dashboard/grid-time.ts';
import { useI18n } from '../i18n.tsx';
import { Menu, type MenuItem } from '../ui/menu.tsx';
import { accessibleName, BADGE_TEXT, badges, changeText, displaySummary, itemState, type ItemState } from './impulse-view.ts';
import type { UiKey } from '../../../src/i18n/ui.ts';

const STATE_ICON: Record<ItemState, string> = { untracked: '○', tracked: '✓', changed: '⚠', dismissed: '⊘', removed: '↺', recent: '▶' };
const STATE_TEXT: Record<ItemState, UiKey> = {
  untracked: 'impulses.state.untracked',
  tracked: 'impulses.state.tracked',
  changed: 'impulses.state.changed',
  dismissed: 'impulses.state.dismissed',
  removed: 'impulses.state.removed',
  recent: 'impulses.state.recent',
};
const BADGE_ICON: Partial<Record<keyof typeof BADGE_TEXT, string>> = { recurring: '↻ ' };

export type ItemKeys = { track: () => void; stopwatch: () => void; dismiss: () => void; open: () => void };

// One impulse (UX.md B4): a button that opens the action menu, subject first in its name; two lines
// with the source's stripe, time · duration, subject, state (icon + text), badges and the suggestion.
export function ImpulseItem({
  impulse,
  projectName,
  group,
  tabIndex,
  draggable,
  availabilityOnly,
  hintId,
  menuItems,
  keys,
  onRovingKey,
  onFocused,
  onOpenRecord,
}: {
  impulse: Impulse;
  projectName: string | null;
  group: string;
  tabIndex: number;
  draggable: boolean;
  availabilityOnly: boolean;
  hintId: string;
  menuItems: () => MenuItem[];
  keys: ItemKeys;
  onRovingKey: (event: KeyboardEvent<HTMLElement>) => boolean;
  onFocused: () => void;
  onOpenRecord: () => void;
}) {
  const { t, lang, zone, timeRange, duration } = useI18n();
  const [menu, setMenu] = useState<MenuItem[] | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const state = itemState(impulse);
  // tracked by one of the person's rules (the sync made the record): said so, with the mark
  const byRule = useStore(
    (s) => impulse.timeRecordId !== null && s.records.some((record) => record.id === impulse.timeRecordId && record.source === 'rule'),
  );
  const spokenProject = projectName ? projectName.replace(/\s*›\s*/g, ' ') : null;
  const name = accessibleName(lang, impulse, zone, spokenProject);
  const change = changeText(lang, impulse, zone);
  const summary = displaySummary(lang, impulse);
  const itemBadges = badges(impulse, availabilityOnly);
  const when =
    impulse.kind === 'recent'
      ? null
      : impulse.allDay
        ? t('impulses.badge.allDay')
        : impulse.start && impulse.end
          ? `${timeRange(impulse.start, impulse.end)} · ${duration((Date.parse(impulse.end) - Date.parse(impulse.start)) / 1000)}`
          : null;

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (onRovingKey(event)) return;
    const key = event.key.toLowerCase();
    const run =
      key === 't' ? keys.track : key === 's' ? keys.stopwatch : event.key === 'Delete' ? keys.dismiss : key === 'o' ? keys.open : null;
    if (!run) return;
    // these win over the global T (today) and S (stopwatch) while an item has focus
    event.preventDefault();
    event.stopPropagation();
    run();
  }

  const stateAttribute = state === 'untracked' ? 'open' : state;
  return (
    <li className="impulse-row">
      <div
        className={`menu-anchor impulse-cell state-${state}${impulse.busyStatus === 'tentative' ? ' is-tentative' : ''}${impulse.cancelled ? ' is-cancelled' : ''}`}
        style={{ '--stripe': impulse.source ? colourOfName(impulse.source.name) : 'var(--accent)' } as React.CSSProperties}
        data-impulse-id={impulse.id}
        data-impulse-kind={impulse.kind}
        data-impulse-state={stateAttribute}
        {...(draggable && { 'data-impulse-drag': impulse.id })}
      >
        {/* The button's name is the aria-label, subject first; the face beside it is its picture (hidden
            from screen readers, transparent to the pointer), so the button holds no other visible text. */}
        <button
          ref={button}
          type="button"
          className="impulse-item"
          data-roving={impulse.id}
          data-group={group}
          tabIndex={tabIndex}
          aria-haspopup="menu"
          aria-expanded={menu !== null}
          aria-label={name}
          aria-describedby={hintId}
          onFocus={onFocused}
          onKeyDown={onKeyDown}
          onClick={() => setMenu((current) => (current ? null : menuItems()))}
        />
        <div className="impulse-face" aria-hidden="true">
          <span className="impulse-line impulse-line1">
            {when && <span className="impulse-when">{when}</span>}
            <span className="impulse-subject">{impulse.kind === 'recent' ? (projectName ?? summary) : summary}</span>
          </span>
          <span className="impulse-line impulse-line2">
            {impulse.kind === 'recent' ? (
              <span>{impulse.description || t('record.noDescription')}</span>
            ) : (
              <>
                {impulse.source && <span>{impulse.source.name}</span>}
                {impulse.location && !impulse.private && <span>{impulse.location}</span>}
              </>
            )}
            {itemBadges.map((badge) => (
              <span key={badge} className={`badge badge-${badge}`}>
                {BADGE_ICON[badge]}
                {t(BADGE_TEXT[badge])}
              </span>
            ))}
            {state === 'untracked' && projectName && (
              <span className="suggestion-chip">{t('impulses.suggested', { project: projectName })}</span>
            )}
          </span>
          {change && <span className="impulse-line impulse-change">{change}</span>}
          <span className="impulse-more">⋯</span>
        </div>
        {state === 'tracked' || state === 'changed' || state === 'removed' ? (
          <button type="button" tabIndex={-1} className={`impulse-state impulse-state-link state-${state}`} onClick={onOpenRecord}>
            <span aria-hidden="true">{STATE_ICON[state]}</span>{' '}
            {t(state === 'tracked' && byRule ? 'impulses.state.autoTracked' : STATE_TEXT[state])}
            <span className="sr-only"> – {t('impulses.openTrackedRecord', { summary })}</span>
          </button>
        ) : (
          <span className={`impulse-state state-${state}`} aria-hidden="true">
            {STATE_ICON[state]}
            {state !== 'recent' && ` ${t(STATE_TEXT[state])}`}
          </span>
        )}
        {menu && (
          <Menu
            items={menu}
            label={t('impulses.menu', { summary })}
            anchor={button.current}
            className="impulse-menu"
            onClose={() => {
              setMenu(null);
              // also after a choice: a dialog it opens returns focus here
              button.current?.focus();
            }}
          />
        )}
      </div>
    </li>
  );
}
