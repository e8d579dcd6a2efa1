import { useState } from 'react';
import { type Connection, useStore } from '../data/store.ts';
import { useI18n } from '../i18n.tsx';
import { Link } from '../router.tsx';
import { Problem } from '../ui/problem.tsx';

// The panel's connection banner (UX.md B3/B7): an availability-only calendar hides subjects, a
// failing one stopped updating; each says so with the fix, the same words as the card.
export function ConnectionBanners() {
  const connections = useStore((s) => s.connections);
  const shown = connections.filter((connection) => connection.enabled && (connection.status === 'error' || isAvailabilityOnly(connection)));
  if (shown.length === 0) return null;
  return (
    <div className="impulses-banners">
      {shown.map((connection) => (
        <Banner key={connection.id} connection={connection} />
      ))}
    </div>
  );
}

function isAvailabilityOnly(connection: Connection): boolean {
  return connection.detailLevel === 'availability' || connection.lastError?.code === 'availability_only';
}

function Banner({ connection }: { connection: Connection }) {
  const { t, time, dayShort, dateOf, today } = useI18n();
  const [details, setDetails] = useState(false);
  if (connection.status === 'error') {
    const at = connection.lastSuccessAt;
    const when = at ? (dateOf(at) === today() ? time(at) : `${dayShort(dateOf(at))} ${time(at)}`) : null;
    return (
      <div className="impulses-banner banner-error" role="status" data-connection-id={connection.id}>
        <p>
          <span aria-hidden="true">⚠ </span>
          {when
            ? t('impulses.banner.failing', { name: connection.name, time: when })
            : t('impulses.banner.failingNever', { name: connection.name })}
          {' · '}
          <button type="button" className="link-button" aria-expanded={details} onClick={() => setDetails((value) => !value)}>
            {t('impulses.banner.details')}
          </button>
        </p>
        {details && (
          <>
            <Problem error={connection.lastError} />
            <p>
              <Link to="/connected-services">{t('avatar.connectedServices')}</Link>
            </p>
          </>
        )}
      </div>
    );
  }
  return (
    <div className="impulses-banner banner-warning" role="status" data-connection-id={connection.id}>
      <p>
        <span aria-hidden="true">◐ </span>
        {t('impulses.banner.availability', { name: connection.name })}
        {' · '}
        <Link to="/connected-services">{t('impulses.banner.howToFix')}</Link>
      </p>
    </div>
  );
}
