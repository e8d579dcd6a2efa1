import { useI18n } from '../i18n.tsx';
import { Link } from '../router.tsx';
import { Frame, ScreenTitle } from '../shell/Frame.tsx';
import { CalendarCard } from './CalendarCard.tsx';

// Connected services (UX.md B7): the Exchange / Office 365 card first, as in the seed, then any
// other published ICS calendar.
export function ConnectedServices() {
  const { t } = useI18n();
  return (
    <Frame>
      <main className="page connections-page" id="main">
        <ScreenTitle>{t('connections.title')}</ScreenTitle>
        <p className="muted connections-intro">{t('connections.intro')}</p>
        <div className="cal-cards">
          <CalendarCard provider="exchange" />
          <CalendarCard provider="ics" />
        </div>
        <p>
          <Link to="/">{t('connections.toDashboard')}</Link>
        </p>
      </main>
    </Frame>
  );
}
