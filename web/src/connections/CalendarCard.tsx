import { useEffect, useId, useState } from 'react';
import { deleteConnection, syncConnection, updateConnection } from '../../../src/contract/connections.ts';
import { api, type ApiError } from '../api.ts';
import { loadConnections, reloadDashboard, setState as setStore, useStore } from '../data/store.ts';
import { useI18n } from '../i18n.tsx';
import { useSignedIn } from '../session.tsx';
import { useAnnounce } from '../ui/announcer.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { Problem } from '../ui/problem.tsx';
import { cardState, cardTone, type Connection, relativeTime } from './card-state.ts';
import { LinkEditor } from './LinkEditor.tsx';
import { AvailabilityFix, LinkHelp, RichText } from './LinkHelp.tsx';
import './connections.css';

type Provider = 'exchange' | 'ics';

// both cards of the page mount together: one request for the two
let loading: ReturnType<typeof loadConnections> | null = null;
function loadOnce(): ReturnType<typeof loadConnections> {
  loading ??= loadConnections().finally(() => {
    loading = null;
  });
  return loading;
}

// The calendar card of Connected services (UX.md B7): one per saved connection of the provider, or
// the "not connected" card with the link editor. `inline` is the first-run checklist's form of it
// (B8 step 2): no page chrome, the editor open and focused in the link field.
export function CalendarCard({
  provider,
  inline = false,
  onConnected,
}: {
  provider: Provider;
  inline?: boolean;
  onConnected?: (connection: Connection) => void;
}) {
  const { t } = useI18n();
  const loaded = useStore((s) => s.connectionsLoaded);
  const all = useStore((s) => s.connections);
  const [error, setError] = useState<ApiError | null>(null);
  const [adding, setAdding] = useState(false);
  const titleKey = provider === 'exchange' ? 'connections.card.exchange' : 'connections.card.ics';

  useEffect(() => {
    if (loaded) return;
    void loadOnce().then((result) => setError(!result.ok ? result.error : null));
  }, [loaded]);

  if (!loaded) {
    if (error) {
      return (
        <section className="cal-card">
          <h2>{t(titleKey)}</h2>
          <Problem error={error} />
          <button
            type="button"
            onClick={() => {
              setError(null);
              void loadOnce().then((r) => setError(!r.ok ? r.error : null));
            }}
          >
            {t('action.retry')}
          </button>
        </section>
      );
    }
    return (
      <section className="cal-card" aria-busy="true">
        <h2>{t(titleKey)}</h2>
        <p className="muted">{t('connections.loading')}</p>
      </section>
    );
  }

  const mine = all.filter((connection) => connection.provider === provider);
  const connected = (saved: Connection) => {
    setAdding(false);
    onConnected?.(saved);
  };
  if (mine.length === 0 || (inline && adding)) {
    return <NewCard provider={provider} inline={inline} onConnected={connected} />;
  }
  return (
    <>
      {mine.map((connection) => (
        <ConnectionCard key={connection.id} connection={connection} inline={inline} />
      ))}
      {!inline &&
        (adding ? (
          <NewCard provider={provider} inline={false} onConnected={connected} onCancel={() => setAdding(false)} startEditing />
        ) : (
          <p className="add-another">
            <button type="button" onClick={() => setAdding(true)}>
              + {t('connections.addAnother')}
            </button>
          </p>
        ))}
    </>
  );
}

function CardHead({
  title,
  subtitle,
  headingId,
  on,
  onToggle,
  busy,
}: {
  title: string;
  subtitle?: string | undefined;
  headingId: string;
  on: boolean;
  onToggle: () => void;
  busy?: boolean;
}) {
  const { t } = useI18n();
  return (
    <div className="cal-card-head">
      <div>
        <h2 id={headingId}>{title}</h2>
        {subtitle && <p className="cal-card-subtitle">{subtitle}</p>}
      </div>
      <div className="switch-wrap">
        <button
          type="button"
          role="switch"
          aria-checked={on}
          aria-label={t('connections.switch')}
          aria-describedby={headingId}
          className="switch"
          disabled={busy}
          onClick={onToggle}
        >
          <span className="switch-track" aria-hidden="true">
            <span className="switch-thumb" />
          </span>
          <span className="switch-text" aria-hidden="true">
            {on ? t('connections.switch.on') : t('connections.switch.off')}
          </span>
        </button>
      </div>
    </div>
  );
}

// "Not connected": the switch and EDIT both open the editor; SAVE creates the connection.
function NewCard({
  provider,
  inline,
  onConnected,
  onCancel,
  startEditing = false,
}: {
  provider: Provider;
  inline: boolean;
  onConnected: (connection: Connection) => void;
  onCancel?: () => void;
  startEditing?: boolean;
}) {
  const { t, tp } = useI18n();
  const announce = useAnnounce();
  const [editing, setEditing] = useState(inline || startEditing);
  const [showHelp, setShowHelp] = useState(true);
  const headingId = useId();
  const title = t(provider === 'exchange' ? 'connections.card.exchange' : 'connections.card.ics');

  async function saved(connection: Connection) {
    announce(tp('connections.connected', connection.occurrenceCount));
    setStore((current) => ({ connections: [...current.connections.filter((item) => item.id !== connection.id), connection] }));
    setEditing(false);
    // the panel has the new meetings before the caller moves focus to the first of them (B8 step 5)
    await Promise.all([loadConnections(), reloadDashboard()]);
    onConnected(connection);
  }

  const cancel = () => {
    setEditing(false);
    onCancel?.();
  };

  return (
    <section
      className={`cal-card${inline ? ' cal-card-inline' : ''}`}
      aria-labelledby={headingId}
      data-provider={provider}
      data-state="not-set"
    >
      <CardHead
        title={title}
        subtitle={provider === 'ics' ? t('connections.card.icsIntro') : undefined}
        headingId={headingId}
        on={editing}
        onToggle={() => (editing ? cancel() : setEditing(true))}
      />
      <p className="cal-status cal-status-muted">
        <span className="status-dot" aria-hidden="true" />
        {t('connections.state.notSet')}
      </p>
      <p>{t(provider === 'exchange' ? 'connections.state.notSet.body' : 'connections.state.notSet.bodyIcs')}</p>
      {!editing && (
        <div className="cal-actions">
          <button type="button" aria-expanded={showHelp} onClick={() => setShowHelp((value) => !value)}>
            {showHelp ? t('connections.hide') : t('connections.show')}
          </button>
          <button type="button" className="primary" onClick={() => setEditing(true)}>
            {t('connections.edit')}
          </button>
        </div>
      )}
      {editing && <LinkEditor provider={provider} connection={null} onSaved={(c) => void saved(c)} onCancel={cancel} autoFocus />}
      {(showHelp || editing) && <LinkHelp provider={provider} />}
      {!editing && <p className="privacy">{t('connections.privacy')}</p>}
    </section>
  );
}

function ConnectionCard({ connection, inline }: { connection: Connection; inline: boolean }) {
  const { t, tp, lang, time, date, dateOf, today } = useI18n();
  const { profile } = useSignedIn();
  const announce = useAnnounce();
  const state = cardState(connection);
  const [expanded, setExpanded] = useState(false);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState<'switch' | 'sync' | 'delete' | null>(null);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [now, setNow] = useState(() => new Date());
  const headingId = useId();
  const detailsId = useId();

  // "last fetched 5 minutes ago" stays true while the page is open
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 30_000);
    return () => window.clearInterval(timer);
  }, []);

  const replace = (next: Connection) =>
    setStore((current) => ({ connections: current.connections.map((item) => (item.id === next.id ? next : item)) }));
  const title = t(connection.provider === 'exchange' ? 'connections.card.exchange' : 'connections.card.ics');
  const tone = cardTone(state);
  const at = (instant: string) => (dateOf(instant) === today() ? time(instant) : `${date(dateOf(instant))} ${time(instant)}`);

  async function toggle() {
    setBusy('switch');
    setProblem(null);
    const result = await api.call(updateConnection, {
      params: { id: connection.id },
      body: { version: connection.version, enabled: !connection.enabled },
    });
    setBusy(null);
    if (!result.ok) {
      setProblem(result.error);
      if (result.error.code === 'version_conflict') void loadConnections();
      return;
    }
    replace(result.data);
    announce(t(result.data.enabled ? 'connections.switchedOn' : 'connections.switchedOff'));
    void reloadDashboard();
  }

  async function sync() {
    setBusy('sync');
    setProblem(null);
    const result = await api.call(syncConnection, { params: { id: connection.id } });
    setBusy(null);
    if (!result.ok) {
      setProblem(result.error);
      return;
    }
    replace(result.data);
    const failure = result.data.lastError;
    if (result.data.status === 'error' && failure)
      announce(failure.message, { tone: 'error', ...(failure.hint && { hint: failure.hint }) });
    else announce(tp('connections.synced', result.data.occurrenceCount));
    void reloadDashboard();
  }

  async function disconnect() {
    setBusy('delete');
    const result = await api.call(deleteConnection, { params: { id: connection.id }, query: { version: connection.version } });
    setBusy(null);
    setConfirming(false);
    if (!result.ok) {
      setProblem(result.error);
      if (result.error.code === 'version_conflict') void loadConnections();
      return;
    }
    setStore((current) => ({ connections: current.connections.filter((item) => item.id !== connection.id) }));
    announce(t('connections.disconnected'));
    void reloadDashboard();
  }

  function saved(next: Connection) {
    replace(next);
    setEditing(false);
    announce(tp('connections.connected', next.occurrenceCount));
    void Promise.all([loadConnections(), reloadDashboard()]);
  }

  const headline = (() => {
    switch (state.kind) {
      case 'off':
        return t('connections.state.off');
      case 'pending':
        return t('connections.state.pending');
      case 'availability':
        return t('connections.state.hidden');
      case 'warning':
        return t('connections.state.warning');
      case 'failing':
        return state.since ? t('connections.state.failing', { time: at(state.since) }) : t('connections.state.failingNever');
      case 'relink':
        return t('connections.state.relink');
      case 'connected':
        return t('connections.state.connected', {
          ago: connection.lastSuccessAt ? relativeTime(lang, connection.lastSuccessAt, now, t('connections.ago.now')) : '—',
        });
    }
  })();
  const horizon = profile.impulseWindow;

  return (
    <section
      className={`cal-card cal-card-${tone}${inline ? ' cal-card-inline' : ''}`}
      aria-labelledby={headingId}
      data-provider={connection.provider}
      data-state={state.kind}
    >
      <CardHead
        title={title}
        subtitle={connection.name}
        headingId={headingId}
        on={connection.enabled}
        onToggle={() => void toggle()}
        busy={busy === 'switch'}
      />
      <p className={`cal-status cal-status-${tone}`} data-testid="connection-status">
        <StatusIcon tone={tone} />
        {headline}
      </p>
      {state.kind === 'off' ? (
        <p>{t('connections.state.off.body')}</p>
      ) : (
        <p className="cal-count">
          {tp('connections.count', connection.occurrenceCount, { past: horizon.pastDays, future: horizon.futureDays })}
        </p>
      )}
      {state.kind !== 'off' && connection.lastError && connection.lastError.code !== 'availability_only' && (
        <Problem error={connection.lastError} tone={state.kind === 'failing' || state.kind === 'relink' ? 'error' : 'warning'} />
      )}
      {(state.kind === 'failing' || state.kind === 'relink') && <p className="safe-note">{t('connections.state.failing.safe')}</p>}
      {state.kind === 'availability' && (
        <div className="problem problem-warning">
          <AvailabilityFix />
        </div>
      )}
      {connection.notices.map((notice) => (
        <p key={notice.code} className="notice">
          {notice.message}
        </p>
      ))}
      {problem && <Problem error={problem} />}

      <div className="cal-actions">
        <button type="button" aria-expanded={expanded} aria-controls={detailsId} onClick={() => setExpanded((value) => !value)}>
          {expanded ? t('connections.hide') : t('connections.show')}
        </button>
        {!editing && (
          <button type="button" onClick={() => setEditing(true)}>
            {t('connections.edit')}
          </button>
        )}
        {connection.enabled && (
          <button type="button" onClick={() => void sync()} disabled={busy === 'sync'} aria-disabled={busy === 'sync'}>
            {busy === 'sync' ? t('connections.syncing') : t('connections.syncNow')}
          </button>
        )}
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          {t('connections.disconnect')}
        </button>
      </div>

      {editing && (
        <LinkEditor provider={connection.provider} connection={connection} onSaved={saved} onCancel={() => setEditing(false)} autoFocus />
      )}

      <div id={detailsId} hidden={!expanded} className="cal-details">
        <dl className="cal-facts">
          <div>
            <dt>{t('connections.link')}</dt>
            <dd>
              <code className="masked-link">{connection.urlMasked}</code>
              <span className="field-help">{t('connections.link.masked')}</span>
            </dd>
          </div>
          <div>
            <dt>{t('connections.detail')}</dt>
            <dd>
              <span className={`chip${connection.detailLevel === 'availability' ? ' chip-warning' : ''}`}>
                {connection.detailLevel ? t(`connections.detail.${connection.detailLevel}`) : t('connections.detail.unknown')}
              </span>
            </dd>
          </div>
        </dl>
        {connection.nextSyncAt && <p className="field-help">{t('connections.nextSync', { time: at(connection.nextSyncAt) })}</p>}
        {connection.provider === 'exchange' && <p className="field-help">{t('connections.delay')}</p>}
        <LinkHelp provider={connection.provider} />
        <p className="privacy">{t('connections.privacy')}</p>
      </div>

      {confirming && (
        <Dialog title={t('connections.disconnect.title')} onClose={() => setConfirming(false)} describedBy={`${headingId}-disconnect`}>
          <p id={`${headingId}-disconnect`}>
            <RichText text={t('connections.disconnect.body')} />
          </p>
          <div className="form-actions">
            <button type="button" onClick={() => setConfirming(false)}>
              {t('action.cancel')}
            </button>
            <button type="button" className="danger primary" onClick={() => void disconnect()} disabled={busy === 'delete'}>
              {t('connections.disconnect.confirm')}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

// State is never shown by colour alone (B0): each tone has its own shape, beside the words.
function StatusIcon({ tone }: { tone: ReturnType<typeof cardTone> }) {
  const path = {
    ok: 'M4 10.5l4 4 8-9',
    warning: 'M10 3l8 14H2zM10 8v4M10 14.5v.5',
    error: 'M5 5l10 10M15 5L5 15',
    muted: 'M7 5v10M13 5v10',
  }[tone];
  return (
    <svg className="status-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d={path} fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
