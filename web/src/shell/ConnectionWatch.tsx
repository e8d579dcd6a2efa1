import { useEffect, useState } from 'react';
import { onApiError } from '../api.ts';
import { reloadDashboard } from '../data/store.ts';
import { useI18n } from '../i18n.tsx';

// A lost network or a restarting server is a banner, not a blank screen: Kairos polls /healthz
// until the server answers, then says so and reloads what the screen shows.
export function ConnectionWatch() {
  const { t } = useI18n();
  const [state, setState] = useState<'ok' | 'lost' | 'back'>('ok');
  useEffect(
    () =>
      onApiError((error) => {
        if (error.code === 'network_error' || error.status === 502 || error.status === 503) setState('lost');
      }),
    [],
  );
  useEffect(() => {
    const offline = () => setState('lost');
    window.addEventListener('offline', offline);
    return () => window.removeEventListener('offline', offline);
  }, []);
  useEffect(() => {
    if (state !== 'lost') return;
    let stopped = false;
    let timer = 0;
    const probe = async () => {
      try {
        const response = await fetch('/healthz', { cache: 'no-store' });
        if (response.ok && !stopped) {
          setState('back');
          void reloadDashboard();
          return;
        }
      } catch {
        // still away
      }
      if (!stopped) timer = window.setTimeout(probe, 2000);
    };
    timer = window.setTimeout(probe, 1000);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [state]);
  useEffect(() => {
    if (state !== 'back') return;
    const timer = window.setTimeout(() => setState('ok'), 4000);
    return () => window.clearTimeout(timer);
  }, [state]);
  if (state === 'ok') return null;
  return (
    <div
      className={`banner ${state === 'lost' ? 'banner-error' : 'banner-ok'}`}
      role={state === 'lost' ? 'alert' : 'status'}
      data-testid="connection-banner"
    >
      {state === 'lost' ? t('error.offline.banner') : t('error.back.banner')}
    </div>
  );
}
