import { type FormEvent, useState } from 'react';
import { acceptInvite } from '../../../src/contract/account.ts';
import { api } from '../api.ts';
import { browserZone, useI18n } from '../i18n.tsx';
import { Link, useLocation } from '../router.tsx';
import { Problem } from '../ui/problem.tsx';
import { FormProblem, useSignIn } from './use-sign-in.tsx';
import { AuthLayout, AuthZoneField, PasswordField, TextField } from './AuthLayout.tsx';
import { inviteTokenFromHash } from './auth-logic.ts';

// /invite#… or /invite?token=…: the one-time link an owner or admin sent. Name and password, then signed in.
export function AcceptInvite() {
  const { t, lang } = useI18n();
  const { search } = useLocation();
  // the server's links carry the token after # (kept out of logs and Referer); ?token= works too
  const [hashToken] = useState(() => inviteTokenFromHash(window.location.hash));
  const token = search.get('token')?.trim() || hashToken;
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [timeZone, setTimeZone] = useState(browserZone);
  const { busy, error, fields, submit: signIn } = useSignIn('/');

  async function submit(event: FormEvent) {
    event.preventDefault();
    await signIn(() => api.call(acceptInvite, { body: { token, name: name.trim(), password, timeZone, language: lang } }));
  }

  if (token === '') {
    return (
      <AuthLayout title={t('auth.invite.title')}>
        <Problem error={{ message: t('auth.invite.missing'), hint: t('auth.invite.missingHint') }} />
        <p className="auth-switch">
          <Link to="/login">{t('auth.signup.toLogin')}</Link>
        </p>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('auth.invite.title')}>
      <p>{t('auth.invite.intro')}</p>
      <form onSubmit={submit} noValidate aria-busy={busy}>
        <TextField
          id="invite-name"
          label={t('auth.name')}
          autoComplete="name"
          required
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={fields.name}
          autoFocus
        />
        <PasswordField id="invite-password" kind="new" value={password} onChange={setPassword} error={fields.password} />
        <AuthZoneField value={timeZone} onChange={setTimeZone} error={fields.timeZone} />
        <FormProblem error={error} fields={fields} />
        <div className="form-actions auth-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('auth.invite.busy') : t('auth.invite.submit')}
          </button>
        </div>
      </form>
      <p className="auth-switch">
        {t('auth.signup.haveAccount')} <Link to="/login">{t('auth.signup.toLogin')}</Link>
      </p>
    </AuthLayout>
  );
}
