import { type FormEvent, useId, useState } from 'react';
import { createToken, listTokens, revokeToken } from '../../../src/contract/account.ts';
import type { Response } from '../../../src/contract/client.ts';
import { api, type ApiError } from '../api.ts';
import { Confirm, Loaded, useResource } from '../catalog/parts.tsx';
import { useI18n } from '../i18n.tsx';
import { useAnnounce } from '../ui/announcer.tsx';
import { Problem } from '../ui/problem.tsx';
import { CopyField } from './CopyField.tsx';
import { sortTokens } from './team-view.ts';
import './team.css';

type Token = Response<typeof listTokens>['items'][number];
type CreatedToken = Response<typeof createToken>;

// Personal API tokens (Profile): create with a name (the secret is shown once, to copy), the
// list with when each was created and last used, revoke after a confirmation.
export function ApiTokens() {
  const { t } = useI18n();
  const announce = useAnnounce();
  const id = useId();
  const { resource, reload, set } = useResource(async () => {
    const result = await api.call(listTokens);
    return result.ok ? { ...result, data: result.data.items } : result;
  });
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const [showRevoked, setShowRevoked] = useState(false);

  return (
    <section className="profile-section tokens-section" aria-labelledby={`${id}-title`} id="tokens">
      <h2 id={`${id}-title`}>{t('tokens.title')}</h2>
      <p className="muted">{t('tokens.intro')}</p>
      <NewToken
        onCreated={(token) => {
          setCreated(token);
          const { token: _secret, ...listed } = token;
          set((tokens) => [listed, ...tokens]);
          announce(t('tokens.created', { name: token.name }));
        }}
      />
      {created && (
        <div className="copy-box copy-warning" role="group" aria-labelledby={`${id}-secret-title`} data-testid="new-token">
          <h3 id={`${id}-secret-title`}>{t('tokens.secretTitle', { name: created.name })}</h3>
          <p>{t('tokens.secretWarning')}</p>
          <CopyField label={t('tokens.secretLabel')} value={created.token} />
          <button type="button" onClick={() => setCreated(null)}>
            {t('tokens.hide')}
          </button>
        </div>
      )}
      <Loaded resource={resource} reload={() => void reload()}>
        {(tokens) => {
          const revokedCount = tokens.filter((token) => token.revokedAt !== null).length;
          const shown = sortTokens(tokens).filter((token) => showRevoked || token.revokedAt === null);
          return (
            <>
              {shown.length === 0 ? (
                <p className="empty-state">{t('tokens.empty')}</p>
              ) : (
                <ul className="catalog-list" aria-label={t('tokens.list')}>
                  {shown.map((token) => (
                    <TokenItem key={token.id} token={token} onRevoke={() => setRevoking(token)} />
                  ))}
                </ul>
              )}
              {revokedCount > 0 && (
                <label className="check show-archived">
                  <input type="checkbox" checked={showRevoked} onChange={(event) => setShowRevoked(event.target.checked)} />
                  {t('tokens.showRevoked', { count: revokedCount })}
                </label>
              )}
            </>
          );
        }}
      </Loaded>
      {revoking && (
        <Confirm
          title={t('tokens.revoke.title', { name: revoking.name })}
          body={t('tokens.revoke.body')}
          confirm={t('tokens.revoke')}
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            const result = await api.call(revokeToken, { params: { id: revoking.id } });
            if (!result.ok && result.error.code !== 'not_found') return result.error;
            const revokedAt = new Date().toISOString();
            set((tokens) =>
              tokens.map((token) => (token.id === revoking.id ? { ...token, revokedAt: token.revokedAt ?? revokedAt } : token)),
            );
            if (created?.id === revoking.id) setCreated(null);
            announce(t('tokens.revoked', { name: revoking.name }));
            return null;
          }}
        />
      )}
    </section>
  );
}

function TokenItem({ token, onRevoke }: { token: Token; onRevoke: () => void }) {
  const { t, date, time, dateOf } = useI18n();
  const when = (instant: string) => `${date(dateOf(instant))} ${time(instant)}`;
  const revoked = token.revokedAt !== null;
  return (
    <li className={`catalog-item token-item${revoked ? ' is-archived' : ''}`} data-token={token.name}>
      <div className="item-name">
        <span className="item-title">{token.name}</span>
        <span className="muted token-prefix">{token.prefix}…</span>
      </div>
      <span className="token-dates muted">
        <span>{t('tokens.createdAt', { date: when(token.createdAt) })}</span>
        <span>{token.lastUsedAt ? t('tokens.lastUsed', { date: when(token.lastUsedAt) }) : t('tokens.neverUsed')}</span>
        {token.revokedAt && <span>{t('tokens.revokedAt', { date: when(token.revokedAt) })}</span>}
      </span>
      {!revoked && (
        <div className="item-actions">
          <button type="button" className="danger" onClick={onRevoke}>
            {t('tokens.revoke')}
            <span className="sr-only"> {token.name}</span>
          </button>
        </div>
      )}
    </li>
  );
}

function NewToken({ onCreated }: { onCreated: (token: CreatedToken) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim() === '') return setMissing(true);
    setMissing(false);
    setBusy(true);
    const result = await api.call(createToken, { body: { name: name.trim() } });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    setName('');
    onCreated(result.data);
  }
  return (
    <form className="create-form" onSubmit={submit} noValidate aria-label={t('tokens.create')}>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('tokens.name')}</label>
        <div className="create-row">
          <input
            id={`${id}-name`}
            value={name}
            maxLength={100}
            autoComplete="off"
            onChange={(event) => setName(event.target.value)}
            aria-invalid={missing || undefined}
            aria-describedby={`${id}-help${missing ? ` ${id}-error` : ''}`}
          />
          <button type="submit" className="primary" disabled={busy}>
            {t('tokens.create')}
          </button>
        </div>
        {missing && (
          <p id={`${id}-error`} className="field-error">
            {t('tokens.name.required')}
          </p>
        )}
        <p id={`${id}-help`} className="field-help">
          {t('tokens.name.help')}
        </p>
      </div>
      <Problem error={error} />
    </form>
  );
}
