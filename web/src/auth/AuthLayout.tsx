import { type InputHTMLAttributes, type ReactNode, useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n.tsx';
import { TimeZoneField } from '../pages/TimeZoneField.tsx';
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

// The password of a form before sign-in with its "Show password" switch: the one a person has
// (current) or the one they choose (new: at least 10 characters, with the rule as help).
export function PasswordField({
  id,
  kind,
  value,
  onChange,
  error,
}: {
  id: string;
  kind: 'current' | 'new';
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
}) {
  const { t } = useI18n();
  const [reveal, setReveal] = useState(false);
  return (
    <>
      <TextField
        id={id}
        label={t(kind === 'new' ? 'auth.password.new' : 'auth.password')}
        type={reveal ? 'text' : 'password'}
        autoComplete={`${kind}-password`}
        required
        {...(kind === 'new' && { minLength: 10, help: t('auth.password.help') })}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        error={error}
      />
      <label className="check">
        <input type="checkbox" checked={reveal} onChange={(event) => setReveal(event.target.checked)} />
        {t('auth.password.show')}
      </label>
    </>
  );
}

// The time zone asked at sign-up and on accepting an invitation (the browser's, preselected).
export function AuthZoneField({ value, onChange, error }: { value: string; onChange: (zone: string) => void; error?: string | undefined }) {
  const { t } = useI18n();
  return (
    <TimeZoneField
      value={value}
      onChange={onChange}
      label={t('auth.timeZone')}
      searchLabel={t('profile.timeZone.search')}
      help={error ?? t('auth.timeZone.help')}
    />
  );
}
