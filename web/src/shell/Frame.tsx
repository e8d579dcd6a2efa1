import { type ReactNode, useEffect, useState } from 'react';
import { useI18n } from '../i18n.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import { useSignedIn } from '../session.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { MenuButton } from '../ui/menu.tsx';
import { useMediaQuery } from '../dashboard/use-media-query.ts';
import { isAdminRole } from '../team/permissions.ts';
import { ConnectionWatch } from './ConnectionWatch.tsx';
import { shortcutsEnabled, useGlobalShortcut } from './shortcuts.ts';

// The frame of every signed-in screen (UX.md B0): skip links, the top bar with navigation, the
// stopwatch slot and the avatar menu. Screens to come (timesheet, reports, ...) are listed as such.
export function Frame({ children, stopwatch, skipLinks = true }: { children: ReactNode; stopwatch?: ReactNode; skipLinks?: boolean }) {
  const { t } = useI18n();
  const { profile, session } = useSignedIn();
  const location = useLocation();
  const [help, setHelp] = useState(false);
  useGlobalShortcut('?', () => setHelp(true), profile);
  const nav: Array<{ to: string; label: string; ready: boolean }> = [
    { to: '/', label: t('nav.dashboard'), ready: true },
    { to: '/timesheet', label: t('nav.timesheet'), ready: true },
    { to: '/reports', label: t('nav.reports'), ready: true },
    { to: '/projects', label: t('nav.projects'), ready: true },
    { to: '/clients', label: t('nav.clients'), ready: true },
    // the team is managed by owners and admins; nobody else is shown the way there
    ...(isAdminRole(profile.role) ? [{ to: '/team', label: t('nav.team'), ready: true }] : []),
  ];
  const narrow = useMediaQuery('(max-width: 1023px)');
  // below 1024 px the navigation bar is hidden: its screens are in the avatar menu
  const narrowNav = narrow
    ? nav
        .filter((item) => item.ready && item.to !== '/')
        .map((item) => ({ id: `nav-${item.to}`, label: item.label, onSelect: () => navigate(item.to) }))
    : [];
  const adminItems = isAdminRole(profile.role)
    ? [
        { id: 'organization', label: t('avatar.organization'), onSelect: () => navigate('/settings/organization') },
        { id: 'import', label: t('avatar.import'), onSelect: () => navigate('/settings/import') },
      ]
    : [];
  const initials =
    profile.name
      .split(/\s+/)
      .map((part) => part[0] ?? '')
      .join('')
      .slice(0, 2)
      .toUpperCase() || '?';
  return (
    <div className="frame">
      {skipLinks && location.path === '/' && (
        <div className="skip-links">
          <a href="#calendar" className="skip-link">
            {t('skip.calendar')}
          </a>
          <a href="#impulses" className="skip-link">
            {t('skip.impulses')}
          </a>
          <a href="#stopwatch" className="skip-link">
            {t('skip.stopwatch')}
          </a>
        </div>
      )}
      <header className="topbar">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.main')} className="mainnav">
          <ul>
            {nav.map((item) => (
              <li key={item.to}>
                {item.ready ? (
                  <Link
                    to={item.to}
                    aria-current={
                      location.path === item.to || (item.to !== '/' && location.path.startsWith(`${item.to}/`)) ? 'page' : undefined
                    }
                  >
                    {item.label}
                  </Link>
                ) : (
                  <span className="nav-soon" aria-disabled="true" title={t('nav.comingSoon')}>
                    {item.label} <span className="sr-only">({t('nav.comingSoon')})</span>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar-stopwatch">{stopwatch}</div>
        <button type="button" className="icon-button shortcuts-button" aria-label={t('shortcuts.open')} onClick={() => setHelp(true)}>
          ?
        </button>
        <MenuButton
          className="avatar"
          label={t('avatar.menu', { name: profile.name })}
          buttonProps={{ 'data-testid': 'avatar-button', className: 'avatar-button' }}
          items={[
            ...narrowNav,
            { id: 'profile', label: t('avatar.profile'), onSelect: () => navigate('/profile') },
            { id: 'connected-services', label: t('avatar.connectedServices'), onSelect: () => navigate('/connected-services') },
            { id: 'rules', label: t('avatar.rules'), onSelect: () => navigate('/rules') },
            ...adminItems,
            { id: 'sign-out', label: t('avatar.signOut'), onSelect: () => void session.signOut() },
          ]}
        >
          <span aria-hidden="true">{initials}</span>
        </MenuButton>
      </header>
      <ConnectionWatch />
      {children}
      {help && (
        <Dialog title={t('shortcuts.title')} onClose={() => setHelp(false)}>
          {!shortcutsEnabled(profile) && <p className="muted">{t('shortcuts.off')}</p>}
          <dl className="shortcut-list">
            {(
              [
                ['N', 'shortcuts.N'],
                ['S', 'shortcuts.S'],
                ['C', 'shortcuts.C'],
                ['P', 'shortcuts.P'],
                ['T', 'shortcuts.T'],
                ['D', 'shortcuts.D'],
                ['Alt+← / Alt+→', 'shortcuts.altArrows'],
                ['1 2 3 4', 'shortcuts.views'],
                ['Esc', 'shortcuts.esc'],
                ['?', 'shortcuts.help'],
              ] as const
            ).map(([key, label]) => (
              <div key={key}>
                <dt>
                  <kbd>{key}</kbd>
                </dt>
                <dd>{t(label)}</dd>
              </div>
            ))}
          </dl>
        </Dialog>
      )}
    </div>
  );
}

// A screen's heading, focused after navigation so that screen readers hear where they are.
export function ScreenTitle({ children }: { children: ReactNode }) {
  const location = useLocation();
  const [ref, setRef] = useState<HTMLHeadingElement | null>(null);
  useEffect(() => {
    if (ref && document.activeElement === document.body) ref.focus({ preventScroll: true });
  }, [ref, location.path]);
  return (
    <h1 ref={setRef} tabIndex={-1} className="screen-title">
      {children}
    </h1>
  );
}
