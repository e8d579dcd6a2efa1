import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { checkConnection, createConnection, updateConnection } from '../../../src/contract/connections.ts';
import { api, type ApiError } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { checkView, type Connection, type LinkCheck, looksLikeCalendarLink, suggestedLink } from './card-state.ts';
import { AvailabilityFix } from './LinkHelp.tsx';

const CHECK_DELAY_MS = 350;

// The link field of a card in its editing state (UX.md B7): checked as it is typed (a cheap
// check first, then one test fetch once the link looks right), the result read by a live region,
// and saved with POST /connections (new) or PATCH url (existing).
export function LinkEditor({
  provider,
  connection,
  onSaved,
  onCancel,
  autoFocus,
}: {
  provider: 'exchange' | 'ics';
  connection: Connection | null;
  onSaved: (saved: Connection) => void;
  onCancel: () => void;
  autoFocus?: boolean;
}) {
  const { t, tp, lang, dayShort, dateOf, timeRange } = useI18n();
  const [url, setUrl] = useState('');
  const [check, setCheck] = useState<LinkCheck | null>(null);
  const [checking, setChecking] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const sequence = useRef(0);
  const fetched = useRef(new Map<string, LinkCheck>());
  const id = useId();
  const resultId = `${id}-result`;
  const errorId = `${id}-error`;
  const helpId = `${id}-help`;

  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);

  // the check follows the text; a stale answer (the text changed meanwhile) is dropped
  useEffect(() => {
    const text = url.trim();
    const mine = ++sequence.current;
    if (text === '') {
      setCheck(null);
      setChecking(false);
      return;
    }
    setChecking(true);
    const timer = window.setTimeout(async () => {
      const quick = await api.call(checkConnection, { body: { url: text } });
      if (mine !== sequence.current) return;
      if (!quick.ok) {
        setCheck({ ok: false, url: null, provider: null, urlMasked: null, problem: quick.error, notices: [], fetch: null });
        setChecking(false);
        return;
      }
      if (!quick.data.ok || !quick.data.url || !looksLikeCalendarLink(text)) {
        setCheck(quick.data);
        setChecking(false);
        return;
      }
      const cached = fetched.current.get(quick.data.url);
      const full = cached ? { ok: true as const, data: cached } : await api.call(checkConnection, { body: { url: text, fetch: true } });
      if (mine !== sequence.current) return;
      if (full.ok) {
        fetched.current.set(quick.data.url, full.data);
        setCheck(full.data);
      } else setCheck({ ...quick.data, ok: false, problem: full.error });
      setChecking(false);
    }, CHECK_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [url]);

  const view = checkView(check, checking);
  const availability = view.kind === 'availability';
  const problem = saveError ?? (view.kind === 'problem' ? view.problem : null);
  const fix = saveError ? suggestedLink(saveError) : view.kind === 'problem' ? view.fix : null;
  const preview = check?.fetch?.preview ?? [];

  async function save(event?: FormEvent) {
    event?.preventDefault();
    const text = url.trim();
    if (text === '' || saving) return;
    setSaving(true);
    setSaveError(null);
    const result = connection
      ? await api.call(updateConnection, { params: { id: connection.id }, body: { version: connection.version, url: text } })
      : await api.call(createConnection, { body: { url: text, provider } });
    setSaving(false);
    if (!result.ok) {
      setSaveError(result.error);
      input.current?.focus();
      return;
    }
    onSaved(result.data);
  }

  const describedBy = [helpId, resultId, problem ? errorId : null].filter(Boolean).join(' ');
  return (
    <form className="link-editor" onSubmit={save} noValidate>
      <div className="field">
        <label htmlFor={`${id}-url`}>{t('connections.field')}</label>
        <input
          ref={input}
          id={`${id}-url`}
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('connections.field.placeholder')}
          value={url}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => {
            setUrl(event.target.value);
            setSaveError(null);
          }}
        />
        <p id={helpId} className="field-help">
          {t('connections.privacy')}
        </p>
      </div>

      <div id={resultId} className="check-result" aria-live="polite" aria-atomic="true">
        {view.kind === 'checking' && (
          <p className="check-line muted">
            <span className="spinner" aria-hidden="true" />
            {t('connections.checking')}
          </p>
        )}
        {view.kind === 'looksRight' && <p className="check-line muted">{t('connections.check.looksRight')}</p>}
        {view.kind === 'found' && (
          <div className="check-found">
            <p className="check-line ok">
              <span aria-hidden="true">✓ </span>
              {tp('connections.check.ok', view.eventCount)}
            </p>
            {view.detailLevel && (
              <span className="chip">
                {t('connections.detail')}: {t(`connections.detail.${view.detailLevel}`)}
              </span>
            )}
          </div>
        )}
        {availability && (
          <div className="check-availability">
            <p className="check-line warning">
              <span aria-hidden="true">⚠ </span>
              {t('connections.check.availability')}
            </p>
            <span className="chip chip-warning">
              {t('connections.detail')}: {t('connections.detail.availability')}
            </span>
          </div>
        )}
        {check?.notices.map((notice) => (
          <p key={notice.code} className="check-line muted">
            {notice.message}
          </p>
        ))}
      </div>
      {availability && <AvailabilityFix />}
      {preview.length > 0 && (view.kind === 'found' || availability) && (
        <div className="check-preview">
          <h4>{t('connections.check.preview')}</h4>
          <ul>
            {preview.slice(0, 3).map((item, index) => (
              <li key={index}>
                <span className="preview-when">
                  {item.allDay
                    ? `${dayShort(item.start.slice(0, 10))} · ${t('connections.check.allDay')}`
                    : `${dayShort(dateOf(item.start))} ${timeRange(item.start, item.end)}`}
                </span>
                <span className="preview-subject">{item.summary}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {problem && (
        <div id={errorId} className="problem problem-error" role="alert" lang={lang}>
          <p className="problem-message">{problem.message}</p>
          {problem.hint && <p className="problem-hint">{problem.hint}</p>}
          {fix && (
            <button
              type="button"
              className="fix-button"
              onClick={() => {
                setUrl(fix);
                setSaveError(null);
                input.current?.focus();
              }}
            >
              {t(problem.code === 'https_required' ? 'connections.useHttps' : 'connections.useIcs')}
            </button>
          )}
        </div>
      )}
      <div className="form-actions">
        <button type="button" onClick={onCancel}>
          {t('connections.cancel')}
        </button>
        <button type="submit" className="primary" disabled={url.trim() === '' || saving} aria-disabled={url.trim() === '' || saving}>
          {saving ? t('connections.saving') : availability ? t('connections.saveAnyway') : t('connections.save')}
        </button>
      </div>
    </form>
  );
}
