import { type FormEvent, useState } from 'react';
import { signup } from '../../../src/contract/account.ts';
import { api } from '../api.ts';
import { browserZone, useI18n } from '../i18n.tsx';
import { Link, useLocation } from '../router.tsx';
import { Problem } from '../ui/problem.tsx';
import { FormProblem, useSignIn } from './use-sign-in.tsx';
import { AuthLayout, AuthZoneField, PasswordField, TextField } from './AuthLayout.tsx';
import { safeNext } from './auth-logic.ts';

// Create an account and its organisation. The time zone defaults to the browser's and the
// language is the one this page is shown in; both are sent with the sign-up.
export function Signup() {
  const { t, lang } = useI18n();
  const { search } = useLocation();
  const next = safeNext(search.get('next'));
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [organizationName, setOrganizationName] = useState('');
  const [timeZone, setTimeZone] = useState(browserZone);
  const { busy, error, fields, submit: signIn } = useSignIn(next);

  async function submit(event: FormEvent) {
    event.preventDefault();
    await signIn(() =>
      api.call(signup, {
        body: { name: name.trim(), email: email.trim(), password, organizationName: organizationName.trim(), timeZone, language: lang },
      }),
    );
  }

  if (error?.code === 'signup_closed') {
    return (
      <AuthLayout title={t('auth.signup.title')}>
        <Problem error={error} />
        <p>{t('auth.signup.closedHelp')}</p>
        <p className="auth-switch">
          {t('auth.signup.haveAccount')} <Link to="/login">{t('auth.signup.toLogin')}</Link>
        </p>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('auth.signup.title')}>
      <form onSubmit={submit} noValidate aria-busy={busy}>
        <TextField
          id="signup-name"
          label={t('auth.name')}
          autoComplete="name"
          required
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={fields.name}
          autoFocus
        />
        <TextField
          id="signup-email"
          label={t('auth.email')}
          type="email"
          inputMode="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={fields.email}
        />
        <PasswordField id="signup-password" kind="new" value={password} onChange={setPassword} error={fields.password} />
        <TextField
          id="signup-organization"
          label={t('auth.organization')}
          autoComplete="organization"
          required
          value={organizationName}
          onChange={(event) => setOrganizationName(event.target.value)}
          error={fields.organizationName}
          help={t('auth.organization.help')}
        />
        <AuthZoneField value={timeZone} onChange={setTimeZone} error={fields.timeZone} />
        <FormProblem error={error} fields={fields} />
        <div className="form-actions auth-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('auth.signup.busy') : t('auth.signup.submit')}
          </button>
        </div>
      </form>
      <p className="auth-switch">
        {t('auth.signup.haveAccount')}{' '}
        <Link to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`}>{t('auth.signup.toLogin')}</Link>
      </p>
    </AuthLayout>
  );
}
