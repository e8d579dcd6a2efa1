import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { getOrganization, updateOrganization } from '../../../src/contract/account.ts';
import { api, type ApiError } from '../api.ts';
import { fieldErrors } from '../auth/auth-logic.ts';
import { AdminPage, NotAllowed } from '../catalog/parts.tsx';
import { useI18n } from '../i18n.tsx';
import { type Organization, useSignedIn } from '../session.tsx';
import { isAdminRole } from '../team/permissions.ts';
import { currencyOptions, lastLockedDayOf, organizationChanges, type OrganizationDraft, organizationDraft } from '../team/team-view.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import { DateField } from '../ui/DateField.tsx';
import { Problem } from '../ui/problem.tsx';
import './settings.css';

// Organisation settings / Nastavení organizace (owners and admins): name, currency, default hourly
// rate and the lock date, read and typed as the last locked day ("Locked until 31. 3. 2026").
// Saved together with the version read; the API's refusals are shown at their fields, with its hint.
export function OrganizationScreen() {
  const { t } = useI18n();
  const { profile } = useSignedIn();
  if (!isAdminRole(profile.role)) return <NotAllowed title={t('org.title')} />;
  return <OrganizationSettings />;
}

type Field = 'name' | 'currency' | 'lock' | 'rate';
const API_FIELD: Record<string, Field> = { name: 'name', currency: 'currency', lockedUntil: 'lock', defaultHourlyRate: 'rate' };

function OrganizationSettings() {
  const { t, lang, date } = useI18n();
  const { organization, session } = useSignedIn();
  const announce = useAnnounce();
  const id = useId();
  const [draft, setDraft] = useState<OrganizationDraft>(() => organizationDraft(organization, lang));
  const [shown, setShown] = useState<Field[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const touched = useRef(false);

  // the settings may have changed since sign-in (another admin): start from the current ones
  useEffect(() => {
    let stopped = false;
    void api.call(getOrganization).then((result) => {
      if (stopped || !result.ok) return;
      session.setOrganization(result.data);
      // what the person typed meanwhile stays
      if (!touched.current) setDraft(organizationDraft(result.data, lang));
    });
    return () => {
      stopped = true;
    };
    // once per visit of the screen
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const { patch, invalid } = organizationChanges(organization, draft);
  // a field that is not valid is a change too: Save then says what is wrong with it
  const dirty = Object.keys(patch).length > 0 || invalid.length > 0;
  const apiFields: Partial<Record<Field, string>> = {};
  for (const [path, message] of Object.entries(fieldErrors(error))) {
    const field = API_FIELD[path];
    if (field) apiFields[field] ??= message;
  }
  const INVALID_TEXT = {
    name: 'org.name.invalid',
    currency: 'org.currency.invalid',
    lock: 'org.lock.invalid',
    rate: 'org.rate.invalid',
  } as const;
  const problemOf = (field: Field): string | undefined =>
    shown.includes(field) && invalid.includes(field) ? t(INVALID_TEXT[field]) : apiFields[field];
  const set = (change: Partial<OrganizationDraft>) => {
    touched.current = true;
    setSaved(false);
    // a refusal was about the values sent; once they change it no longer applies
    setError((current) => (current?.code === 'version_conflict' ? current : null));
    setDraft((current) => ({ ...current, ...change }));
  };

  function adopt(next: Organization) {
    session.setOrganization(next);
    setDraft(organizationDraft(next, lang));
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setShown(invalid);
    if (invalid.length > 0 || !dirty) return;
    setSaving(true);
    setError(null);
    setConflict(false);
    const result = await api.call(updateOrganization, { body: { version: organization.version, ...patch } });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      if (result.error.code === 'version_conflict') {
        setConflict(true);
        const current = await api.call(getOrganization);
        if (current.ok) adopt(current.data);
      }
      return;
    }
    adopt(result.data);
    setShown([]);
    setSaved(true);
    announce(t('org.saved'));
  }

  const currencies = currencyOptions(lang, draft.currency);
  const lastLocked = lastLockedDayOf(organization.lockedUntil);
  return (
    <AdminPage title={t('org.title')} intro={t('org.intro')} className="settings-page">
      <form onSubmit={save} noValidate className="settings-form" aria-busy={saving} aria-label={t('org.title')}>
        <Section title={t('org.section.general')}>
          <Input
            id={`${id}-name`}
            label={t('org.name')}
            value={draft.name}
            maxLength={200}
            autoComplete="organization"
            onChange={(name) => set({ name })}
            problem={problemOf('name')}
          />
        </Section>

        <Section title={t('org.section.money')}>
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${id}-currency`}>{t('org.currency')}</label>
              <select
                id={`${id}-currency`}
                value={draft.currency}
                onChange={(event) => set({ currency: event.target.value })}
                aria-describedby={`${id}-currency-help${problemOf('currency') ? ` ${id}-currency-error` : ''}`}
                aria-invalid={problemOf('currency') ? true : undefined}
              >
                {currencies.map((option) => (
                  <option key={option.code} value={option.code}>
                    {option.label}
                  </option>
                ))}
              </select>
              {problemOf('currency') && (
                <p id={`${id}-currency-error`} className="field-error">
                  {problemOf('currency')}
                </p>
              )}
              <p id={`${id}-currency-help`} className="field-help">
                {t('org.currency.help')}
              </p>
            </div>
            <Input
              id={`${id}-rate`}
              label={t('org.rate')}
              value={draft.rate}
              inputMode="decimal"
              suffix={draft.currency}
              onChange={(rate) => set({ rate })}
              help={t('org.rate.help')}
              problem={problemOf('rate')}
            />
          </div>
        </Section>

        <Section title={t('org.section.lock')}>
          <p className={`lock-state${lastLocked ? ' is-locked' : ''}`} data-testid="lock-state">
            {lastLocked ? t('org.lock.now', { date: date(lastLocked) }) : t('org.lock.none')}
          </p>
          <div className="lock-row">
            <DateField
              id={`${id}-lock`}
              label={t('org.lock')}
              value={draft.lastLockedDay}
              onChange={(lastLockedDay) => set({ lastLockedDay })}
              help={t('org.lock.help')}
              problem={problemOf('lock')}
            />
            {draft.lastLockedDay !== '' && (
              <button type="button" className="link-button lock-clear" onClick={() => set({ lastLockedDay: '' })}>
                {t('org.lock.clear')}
              </button>
            )}
          </div>
        </Section>

        <div className={`settings-save${dirty ? ' dirty' : ''}`}>
          {conflict && (
            <p className="notice" role="status">
              {t('org.conflict')}
            </p>
          )}
          {/* a refusal about fields is shown at each field; its hint then points at them */}
          {error && !conflict && (
            <Problem
              error={
                error.code === 'validation_failed' && Object.keys(apiFields).length > 0
                  ? { message: error.message, hint: t('auth.fieldsProblem') }
                  : error
              }
            />
          )}
          <p className="settings-status">
            {saved && !dirty ? (
              <span className="saved">
                <span aria-hidden="true">✓ </span>
                {t('org.saved')}
              </span>
            ) : dirty && !saving ? (
              <span className="muted">{t('org.unsaved')}</span>
            ) : null}
          </p>
          <button type="submit" className="primary" disabled={!dirty || saving}>
            {saving ? t('org.saving') : t('org.save')}
          </button>
        </div>
      </form>
    </AdminPage>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="catalog-card settings-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Input({
  id,
  label,
  value,
  onChange,
  help,
  problem,
  suffix,
  ...rest
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  help?: string;
  problem?: string | undefined;
  suffix?: string;
  inputMode?: 'decimal';
  maxLength?: number;
  autoComplete?: string;
}) {
  const describedBy = [problem ? `${id}-error` : null, help ? `${id}-help` : null].filter(Boolean).join(' ') || undefined;
  const input = (
    <input
      id={id}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      aria-invalid={problem ? true : undefined}
      aria-describedby={describedBy}
      {...rest}
    />
  );
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {suffix ? (
        <div className="input-suffix">
          {input}
          <span aria-hidden="true">{suffix}</span>
        </div>
      ) : (
        input
      )}
      {problem && (
        <p id={`${id}-error`} className="field-error">
          {problem}
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
