import { type InputHTMLAttributes, type ReactNode, useEffect, useRef } from 'react';
import { useI18n } from '../i18n.tsx';
import { useSession } from '../session.tsx';
import './auth.css';

// The frame of the pages before sign-in: the name, a language switch (remembered on this device and
// sent at sign-up), and one card with the form.
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  const { t, lang } = useI18n();
  const session = useSession();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (document.activeElement === document.body) heading.current?.focus({ preventScroll: true });
  }, []);
  return (
    <div className="auth-page">
      <header className="auth-top">
        <span className="brand">{t('app.name')}</span>
        <div role="group" aria-label={t('auth.language')} className="lang-switch">
          {(['en', 'cs'] as const).map((language) => (
            <button
              key={language}
              type="button"
              lang={language}
              aria-pressed={lang === language}
              onClick={() => session.setAnonymousLanguage(language)}
            >
              {t(`language.${language}`)}
            </button>
          ))}
        </div>
      </header>
      <main className="auth-main">
        <div className="auth-card">
          <p className="auth-tagline">{t('auth.tagline')}</p>
          <h1 ref={heading} tabIndex={-1} className="screen-title">
            {title}
          </h1>
          {children}
        </div>
      </main>
    </div>
  );
}

// A labelled input whose help and error are linked to it with aria-describedby.
export function TextField({
  id,
  label,
  help,
  error,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & {
  id: string;
  label: string;
  help?: string | undefined;
  error?: string | undefined;
}) {
  const describedBy = [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
      {help && (
        <p id={`${id}-help`} className="field-help">
          {help}
        </p>
      )}
    </div>
  );
}
