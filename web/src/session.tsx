import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { getMe, getOrganization, logout } from '../../src/contract/account.ts';
import type { Response } from '../../src/contract/client.ts';
import { api, onApiError, setApiLanguage } from './api.ts';
import { reloadDashboard } from './data/store.ts';
import { browserZone, guessLanguage, I18nProvider } from './i18n.tsx';
import { navigate, useLocation } from './router.tsx';
import { uiText, type UiLanguage } from '../../src/i18n/ui.ts';

export type Profile = Response<typeof getMe>;
export type Organization = Response<typeof getOrganization>;

type SessionState =
  | { status: 'loading' }
  | { status: 'signedOut'; reason?: 'ended' }
  | { status: 'signedIn'; profile: Profile; organization: Organization };

type SessionApi = {
  state: SessionState;
  // after sign-up, log-in or accepting an invite
  signedIn: (profile: Profile) => Promise<void>;
  setProfile: (profile: Profile) => void;
  setOrganization: (organization: Organization) => void;
  signOut: () => Promise<void>;
  // the language before sign-in (the login page's switch)
  anonymousLanguage: UiLanguage;
  setAnonymousLanguage: (language: UiLanguage) => void;
};

const SessionContext = createContext<SessionApi | null>(null);

export const PUBLIC_PATHS = ['/login', '/signup', '/invite'];

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [anonymousLanguage, setAnonymous] = useState<UiLanguage>(guessLanguage);
  const location = useLocation();

  const loadOrganization = useCallback(async (profile: Profile) => {
    const organization = await api.call(getOrganization);
    if (organization.ok) setState({ status: 'signedIn', profile, organization: organization.data });
  }, []);

  useEffect(() => {
    void (async () => {
      const me = await api.call(getMe);
      if (me.ok) await loadOrganization(me.data);
      else setState({ status: 'signedOut' });
    })();
  }, [loadOrganization]);

  // A session that ends (expired, signed out elsewhere, password changed) returns to the login,
  // which brings the person back to where they were.
  useEffect(
    () =>
      onApiError((error) => {
        if (error.status !== 401 || error.code === 'invalid_credentials') return;
        setState((current) => (current.status === 'signedIn' ? { status: 'signedOut', reason: 'ended' } : current));
      }),
    [],
  );

  const signedIn = useCallback(async (profile: Profile) => loadOrganization(profile), [loadOrganization]);
  const signOut = useCallback(async () => {
    await api.call(logout);
    setState({ status: 'signedOut' });
    navigate('/login', { replace: true });
  }, []);

  const lang: UiLanguage = state.status === 'signedIn' ? state.profile.language : anonymousLanguage;
  const zone = state.status === 'signedIn' ? state.profile.timeZone : browserZone();
  setApiLanguage(lang, { message: uiText(lang, 'error.network.message'), hint: uiText(lang, 'error.network.hint') });

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  // What the server put into words (feed problems and their hints, "Private appointment") is in the
  // language of the request: after a switch in Profile it is fetched again, without a reload.
  const shownLanguage = useRef(lang);
  useEffect(() => {
    if (shownLanguage.current === lang) return;
    shownLanguage.current = lang;
    if (state.status === 'signedIn') void reloadDashboard();
  }, [lang, state.status]);

  useEffect(() => {
    if (state.status !== 'signedOut') return;
    if (PUBLIC_PATHS.includes(location.path)) return;
    const next = location.href === '/' ? '' : `?next=${encodeURIComponent(location.href)}`;
    navigate(`/login${next}${state.reason === 'ended' ? `${next ? '&' : '?'}ended=1` : ''}`, { replace: true });
  }, [state, location.path, location.href]);

  const value: SessionApi = {
    state,
    signedIn,
    setProfile: (profile) => setState((current) => (current.status === 'signedIn' ? { ...current, profile } : current)),
    setOrganization: (organization) => setState((current) => (current.status === 'signedIn' ? { ...current, organization } : current)),
    signOut,
    anonymousLanguage,
    setAnonymousLanguage: (language) => {
      localStorage.setItem('kairos.language', language);
      setAnonymous(language);
    },
  };
  const durationStyle = state.status === 'signedIn' ? preferredDurationStyle(state.profile) : 'hm';
  return (
    <SessionContext.Provider value={value}>
      <I18nProvider lang={lang} zone={zone} durationStyle={durationStyle}>
        {children}
      </I18nProvider>
    </SessionContext.Provider>
  );
}

function preferredDurationStyle(profile: Profile): 'hm' | 'decimal' {
  const preferences = (profile as { preferences?: { timeFormat?: string } }).preferences;
  return preferences?.timeFormat === 'decimal' ? 'decimal' : 'hm';
}

export function useSession(): SessionApi {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

// For screens behind sign-in: the profile and organisation are there.
export function useSignedIn(): { profile: Profile; organization: Organization; session: SessionApi } {
  const session = useSession();
  if (session.state.status !== 'signedIn') throw new Error('useSignedIn outside a signed-in screen');
  return { profile: session.state.profile, organization: session.state.organization, session };
}
