import { type FormEvent, useEffect, useState } from 'react';
import { login } from '../../../src/contract/account.ts';
import { api } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import { FormProblem, useSignIn } from './use-sign-in.tsx';
import { AuthLayout, PasswordField, TextField } from './AuthLayout.tsx';
import { safeNext } from './auth-logic.ts';

// Sign in, then back to ?next= (where an ended session left the person).
export function Login() {
  const { t } = useI18n();
  const session = useSession();
  const { search } = useLocation();
  const next = safeNext(search.get('next'));
  const ended = search.get('ended') === '1';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, fields, submit: signIn } = useSignIn(next);

  // someone signed in who opens /login goes on at once
  useEffect(() => {
    if (session.state.status === 'signedIn' && !busy) navigate(next, { replace: true });
  }, [session.state.status, busy, next]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    await signIn(() => api.call(login, { body: { email, password } }));
  }

  const signupHref = next === '/' ? '/signup' : `/signup?next=${encodeURIComponent(next)}`;
  return (
    <AuthLayout title={t('auth.login.title')}>
      {ended && !error && (
        <p className="notice auth-notice" role="status">
          {t('error.sessionEnded')}
        </p>
      )}
      <form onSubmit={submit} noValidate aria-busy={busy}>
        <TextField
          id="login-email"
          label={t('auth.email')}
          type="email"
          autoComplete="username"
          inputMode="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={fields.email}
          autoFocus
        />
        <PasswordField id="login-password" kind="current" value={password} onChange={setPassword} error={fields.password} />
        <FormProblem error={error} fields={fields} />
        <div className="form-actions auth-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('auth.login.busy') : t('auth.login.submit')}
          </button>
        </div>
      </form>
      <p className="auth-switch">
        {t('auth.login.noAccount')} <Link to={signupHref}>{t('auth.login.toSignup')}</Link>
      </p>
    </AuthLayout>
  );
}
