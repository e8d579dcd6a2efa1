import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react';
import { getMe, updateMe } from '../../../src/contract/account.ts';
import { api, type ApiError } from '../api.ts';
import { TextField } from '../auth/AuthLayout.tsx';
import { fieldErrors } from '../auth/auth-logic.ts';
import { uiText } from '../../../src/i18n/ui.ts';
import { useI18n } from '../i18n.tsx';
import { type Profile, useSignedIn } from '../session.tsx';
import { Frame, ScreenTitle } from '../shell/Frame.tsx';
import { ApiTokens } from '../team/ApiTokens.tsx';
import { useAnnounce } from '../ui/announcer.tsx';
import { Problem } from '../ui/problem.tsx';
import {
  DAILY_TARGETS_MIN,
  dayStartValue,
  draftOf,
  hasChanges,
  HORIZON_MAX_DAYS,
  profileChanges,
  type ProfileDraft,
  RECORD_LENGTHS_MIN,
  SNAP_MIN,
  workdayValue,
  type WorkdayDraft,
} from './profile-form.ts';
import { TimeZoneField } from './TimeZoneField.tsx';
import './profile.css';

// Profile settings (UX.md B13). The language switches at once (PATCH /me, then the session takes
// the new profile: no reload); everything else is saved together with the version it was read at.
export function ProfileScreen() {
  const { t, lang, duration } = useI18n();
  const { profile, session } = useSignedIn();
  const announce = useAnnounce();
  const [draft, setDraft] = useState<ProfileDraft>(() => draftOf(profile));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [conflict, setConflict] = useState(false);
  const [refresh, setRefresh] = useState<'loading' | 'done' | ApiError>('loading');
  const id = useId();

  // the profile may have changed in another tab since sign-in: start from the current one
  useEffect(() => {
    let stopped = false;
    void api.call(getMe).then((result) => {
      if (stopped) return;
      if (!result.ok) return setRefresh(result.error);
      session.setProfile(result.data);
      setDraft(draftOf(result.data));
      setRefresh('done');
    });
    return () => {
      stopped = true;
    };
    // once per visit of the screen
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const changes = profileChanges(profile, draft);
  const dirty = hasChanges(changes);
  const dayStartInvalid = dayStartValue(draft.dayStart) === null;
  const fields = fieldErrors(error);
  const set = (patch: Partial<ProfileDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const setPreference = <K extends keyof ProfileDraft['preferences']>(key: K, value: ProfileDraft['preferences'][K]) =>
    setDraft((current) => ({ ...current, preferences: { ...current.preferences, [key]: value } }));
  const setWorkday = (patch: Partial<WorkdayDraft>) => setDraft((current) => ({ ...current, workday: { ...current.workday, ...patch } }));
  const workday = workdayValue(draft.workday);
  const workdayProblem = 'problem' in workday ? workday.problem : null;
  const problemText = workdayProblem ? t(`profile.workday.invalid.${workdayProblem}`) : '';

  async function reload(): Promise<Profile | null> {
    const result = await api.call(getMe);
    if (!result.ok) {
      setError(result.error);
      return null;
    }
    session.setProfile(result.data);
    return result.data;
  }

  async function switchLanguage(language: 'en' | 'cs') {
    setError(null);
    const result = await api.call(updateMe, { body: { version: profile.version, language } });
    if (!result.ok) {
      setError(result.error);
      if (result.error.code === 'version_conflict') await reload();
      return;
    }
    session.setProfile(result.data);
    announce(uiText(language, 'profile.languageSaved'));
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (changes === 'invalid' || !dirty) return;
    setSaving(true);
    setError(null);
    setConflict(false);
    const result = await api.call(updateMe, { body: { version: profile.version, ...changes } });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      if (result.error.code === 'version_conflict') {
        setConflict(true);
        const current = await reload();
        if (current) setDraft(draftOf(current));
      }
      return;
    }
    session.setProfile(result.data);
    setDraft(draftOf(result.data));
    announce(t('profile.saved'));
  }

  const weekdays = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, label: weekdayName(lang, day) }));
  return (
    <Frame>
      <main className="page profile-page" id="main">
        <ScreenTitle>{t('profile.title')}</ScreenTitle>
        {refresh === 'loading' && (
          <p className="muted" aria-live="polite">
            {t('profile.loading')}
          </p>
        )}
        {typeof refresh === 'object' && <Problem error={refresh} />}

        <form onSubmit={save} noValidate className="profile-form" aria-busy={saving}>
          <Section title={t('profile.section.you')}>
            <TextField
              id={`${id}-name`}
              label={t('profile.name')}
              autoComplete="name"
              value={draft.name}
              onChange={(event) => set({ name: event.target.value })}
              error={fields.name ?? (draft.name.trim() === '' ? t('auth.required') : undefined)}
            />
            <div className="field">
              <span className="label-like">{t('profile.email')}</span>
              <p className="static-value">{profile.email}</p>
            </div>
            <div className="field">
              <label htmlFor={`${id}-language`}>{t('profile.language')}</label>
              <select
                id={`${id}-language`}
                value={profile.language}
                onChange={(event) => void switchLanguage(event.target.value as 'en' | 'cs')}
                aria-describedby={`${id}-language-help`}
              >
                <option value="en" lang="en">
                  {t('language.en')}
                </option>
                <option value="cs" lang="cs">
                  {t('language.cs')}
                </option>
              </select>
              <p id={`${id}-language-help`} className="field-help">
                {t('profile.language.help')}
              </p>
            </div>
          </Section>

          <Section title={t('profile.section.time')}>
            <TimeZoneField
              value={draft.timeZone}
              onChange={(timeZone) => set({ timeZone })}
              label={t('profile.timeZone')}
              searchLabel={t('profile.timeZone.search')}
              help={fields.timeZone ?? t('profile.timeZone.help')}
            />
            <div className="field-row">
              <div className="field">
                <label htmlFor={`${id}-week`}>{t('profile.weekStart')}</label>
                <select id={`${id}-week`} value={draft.weekStart} onChange={(event) => set({ weekStart: Number(event.target.value) })}>
                  {weekdays.map((item) => (
                    <option key={item.day} value={item.day}>
                      {item.label}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${id}-daystart`}>{t('profile.dayStart')}</label>
                <input
                  id={`${id}-daystart`}
                  inputMode="numeric"
                  value={draft.dayStart}
                  onChange={(event) => set({ dayStart: event.target.value })}
                  aria-invalid={dayStartInvalid || undefined}
                  aria-describedby={dayStartInvalid ? `${id}-daystart-error` : undefined}
                />
                {dayStartInvalid && (
                  <p id={`${id}-daystart-error`} className="field-error">
                    {t('profile.dayStart.invalid')}
                  </p>
                )}
              </div>
            </div>
            <fieldset className="field choice-group">
              <legend>{t('profile.timeFormat')}</legend>
              {(['hm', 'decimal'] as const).map((format) => (
                <label key={format} className="check">
                  <input
                    type="radio"
                    name={`${id}-format`}
                    value={format}
                    checked={draft.preferences.timeFormat === format}
                    onChange={() => setPreference('timeFormat', format)}
                  />
                  {t(`profile.timeFormat.${format}`)}
                </label>
              ))}
            </fieldset>
            <div className="field-row">
              <div className="field">
                <label htmlFor={`${id}-length`}>{t('profile.defaultLength')}</label>
                <select
                  id={`${id}-length`}
                  value={draft.preferences.defaultRecordMinutes}
                  onChange={(event) => setPreference('defaultRecordMinutes', Number(event.target.value))}
                  aria-describedby={`${id}-length-help`}
                >
                  {withValue(RECORD_LENGTHS_MIN, draft.preferences.defaultRecordMinutes).map((minutes) => (
                    <option key={minutes} value={minutes}>
                      {duration(minutes * 60, 'hm')}
                    </option>
                  ))}
                </select>
                <p id={`${id}-length-help`} className="field-help">
                  {t('profile.defaultLength.help')}
                </p>
              </div>
              <div className="field">
                <label htmlFor={`${id}-snap`}>{t('profile.snap')}</label>
                <select
                  id={`${id}-snap`}
                  value={draft.preferences.snapMinutes}
                  onChange={(event) => setPreference('snapMinutes', Number(event.target.value) as (typeof SNAP_MIN)[number])}
                  aria-describedby={`${id}-snap-help`}
                >
                  {SNAP_MIN.map((minutes) => (
                    <option key={minutes} value={minutes}>
                      {t('profile.minutes', { count: minutes })}
                    </option>
                  ))}
                </select>
                <p id={`${id}-snap-help`} className="field-help">
                  {t('profile.snap.help')}
                </p>
              </div>
            </div>
            <label className="check">
              <input
                type="checkbox"
                checked={draft.preferences.showMeetingsInGrid}
                onChange={(event) => setPreference('showMeetingsInGrid', event.target.checked)}
              />
              {t('profile.showMeetings')}
            </label>
          </Section>

          <Section title={t('profile.section.workday')}>
            <p id={`${id}-workday-help`} className="field-help">
              {t('profile.workday.help')}
            </p>
            <div className="field-row">
              <div className="field">
                <label htmlFor={`${id}-workstart`}>{t('profile.workStart')}</label>
                <input
                  id={`${id}-workstart`}
                  inputMode="numeric"
                  value={draft.workday.start}
                  onChange={(event) => setWorkday({ start: event.target.value })}
                  aria-invalid={workdayProblem === 'start' || undefined}
                  aria-describedby={workdayProblem === 'start' ? `${id}-workday-error` : `${id}-workday-help`}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-workend`}>{t('profile.workEnd')}</label>
                <input
                  id={`${id}-workend`}
                  inputMode="numeric"
                  value={draft.workday.end}
                  onChange={(event) => setWorkday({ end: event.target.value })}
                  aria-invalid={
                    workdayProblem === 'end' || workdayProblem === 'endBeforeStart' || fields['workday.end'] !== undefined || undefined
                  }
                  aria-describedby={
                    workdayProblem === 'end' || workdayProblem === 'endBeforeStart' ? `${id}-workday-error` : `${id}-workday-help`
                  }
                />
              </div>
            </div>
            <fieldset className="field choice-group weekday-group" aria-invalid={workdayProblem === 'days' || undefined}>
              <legend>{t('profile.workDays')}</legend>
              {weekdays.map((item) => (
                <label key={item.day} className="check">
                  <input
                    type="checkbox"
                    checked={draft.workday.days.includes(item.day)}
                    onChange={(event) =>
                      setWorkday({
                        days: event.target.checked
                          ? [...draft.workday.days, item.day]
                          : draft.workday.days.filter((day) => day !== item.day),
                      })
                    }
                  />
                  {item.label}
                </label>
              ))}
            </fieldset>
            {workdayProblem && workdayProblem !== 'nudgeAt' && (
              <p id={`${id}-workday-error`} className="field-error">
                {problemText}
              </p>
            )}
            {fields['workday.end'] && <p className="field-error">{fields['workday.end']}</p>}
            <div className="field-row">
              <div className="field">
                <label htmlFor={`${id}-target`}>{t('profile.target')}</label>
                <select
                  id={`${id}-target`}
                  value={draft.workday.targetMinutes ?? ''}
                  onChange={(event) => setWorkday({ targetMinutes: event.target.value === '' ? null : Number(event.target.value) })}
                  aria-describedby={`${id}-target-help`}
                >
                  <option value="">{t('profile.target.none')}</option>
                  {(draft.workday.targetMinutes === null
                    ? DAILY_TARGETS_MIN
                    : withValue(DAILY_TARGETS_MIN, draft.workday.targetMinutes)
                  ).map((minutes) => (
                    <option key={minutes} value={minutes}>
                      {duration(minutes * 60, 'hm')}
                    </option>
                  ))}
                </select>
                <p id={`${id}-target-help`} className="field-help">
                  {t('profile.target.help')}
                </p>
              </div>
              <fieldset className="field">
                <legend>{t('profile.nudge')}</legend>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={draft.workday.nudgeOn}
                    onChange={(event) => setWorkday({ nudgeOn: event.target.checked })}
                    aria-describedby={`${id}-nudge-help`}
                  />
                  {t('profile.nudge.at')}
                </label>
                <input
                  id={`${id}-nudge`}
                  inputMode="numeric"
                  aria-label={t('profile.nudge.at')}
                  value={draft.workday.nudgeAt}
                  disabled={!draft.workday.nudgeOn}
                  onChange={(event) => setWorkday({ nudgeAt: event.target.value })}
                  aria-invalid={workdayProblem === 'nudgeAt' || undefined}
                  aria-describedby={workdayProblem === 'nudgeAt' ? `${id}-nudge-error` : `${id}-nudge-help`}
                />
                {workdayProblem === 'nudgeAt' && (
                  <p id={`${id}-nudge-error`} className="field-error">
                    {problemText}
                  </p>
                )}
                <p id={`${id}-nudge-help`} className="field-help">
                  {t('profile.nudge.help')}
                </p>
              </fieldset>
            </div>
          </Section>

          <Section title={t('profile.section.impulses')}>
            <fieldset className="field">
              <legend>{t('profile.horizon')}</legend>
              <p id={`${id}-horizon-help`} className="field-help">
                {t('profile.horizon.help')}
              </p>
              <div className="field-row">
                <div className="field">
                  <label htmlFor={`${id}-past`}>{t('profile.horizon.past')}</label>
                  <input
                    id={`${id}-past`}
                    type="number"
                    min={0}
                    max={HORIZON_MAX_DAYS}
                    value={draft.pastDays}
                    onChange={(event) => set({ pastDays: Number(event.target.value) })}
                    aria-describedby={`${id}-horizon-help`}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-future`}>{t('profile.horizon.future')}</label>
                  <input
                    id={`${id}-future`}
                    type="number"
                    min={0}
                    max={HORIZON_MAX_DAYS}
                    value={draft.futureDays}
                    onChange={(event) => set({ futureDays: Number(event.target.value) })}
                    aria-describedby={`${id}-horizon-help`}
                  />
                </div>
              </div>
              {fields.impulseWindow && <p className="field-error">{fields.impulseWindow}</p>}
            </fieldset>
            <fieldset className="field choice-group">
              <legend>{t('profile.hide')}</legend>
              <label className="check">
                <input
                  type="checkbox"
                  checked={draft.preferences.hideCancelled}
                  onChange={(event) => setPreference('hideCancelled', event.target.checked)}
                />
                {t('profile.hide.cancelled')}
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  checked={draft.preferences.hideFree}
                  onChange={(event) => setPreference('hideFree', event.target.checked)}
                />
                {t('profile.hide.free')}
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  checked={draft.preferences.hideAllDay}
                  onChange={(event) => setPreference('hideAllDay', event.target.checked)}
                />
                {t('profile.hide.allDay')}
              </label>
              <p className="field-help">{t('profile.hide.help')}</p>
            </fieldset>
          </Section>

          <Section title={t('profile.section.keyboard')}>
            <label className="check">
              <input
                type="checkbox"
                checked={draft.preferences.shortcuts}
                onChange={(event) => setPreference('shortcuts', event.target.checked)}
                aria-describedby={`${id}-shortcuts-help`}
              />
              {t('profile.shortcuts')}
            </label>
            <p id={`${id}-shortcuts-help`} className="field-help">
              {t('profile.shortcuts.help')}
            </p>
          </Section>

          <div className={`profile-save${dirty ? ' dirty' : ''}`} role="group" aria-label={t('profile.save')}>
            {conflict && (
              <p className="notice" role="status">
                {t('profile.conflict')}
              </p>
            )}
            {error && !conflict && (
              <Problem
                error={
                  error.code === 'validation_failed' && Object.keys(fields).length > 0
                    ? { message: error.message, hint: t('auth.fieldsProblem') }
                    : error
                }
              />
            )}
            {dirty && !saving && <span className="muted">{t('profile.unsaved')}</span>}
            <button type="submit" className="primary" disabled={!dirty || changes === 'invalid' || saving}>
              {saving ? t('profile.saving') : t('profile.save')}
            </button>
          </div>
        </form>

        <PasswordForm />
        <ApiTokens />
      </main>
    </Frame>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="profile-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function withValue(values: number[], value: number): number[] {
  return values.includes(value) ? values : [...values, value].sort((a, b) => a - b);
}

// 2024-01-01 was a Monday: ISO weekday n is 2024-01-0n
function weekdayName(lang: 'en' | 'cs', day: number): string {
  const name = new Intl.DateTimeFormat(lang === 'cs' ? 'cs-CZ' : 'en-GB', { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, day)),
  );
  return name.charAt(0).toUpperCase() + name.slice(1);
}

// Changing the password ends every other session and revokes the API tokens (README): said first.
function PasswordForm() {
  const { t } = useI18n();
  const { profile, session } = useSignedIn();
  const announce = useAnnounce();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const id = useId();
  const fields = fieldErrors(error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    let result = await api.call(updateMe, { body: { version: profile.version, password: { current, next } } });
    if (!result.ok && result.error.code === 'version_conflict') {
      // a password change does not depend on the other settings: retry once with the current version
      const me = await api.call(getMe);
      if (me.ok) result = await api.call(updateMe, { body: { version: me.data.version, password: { current, next } } });
    }
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    session.setProfile(result.data);
    setCurrent('');
    setNext('');
    setDone(true);
    announce(t('profile.password.done'));
  }

  return (
    <section className="profile-section password-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('profile.section.password')}</h2>
      <p id={`${id}-intro`}>{t('profile.password.intro')}</p>
      <form onSubmit={submit} noValidate aria-describedby={`${id}-intro`}>
        <input type="text" autoComplete="username" value={profile.email} readOnly hidden />
        <div className="field-row">
          <TextField
            id={`${id}-current`}
            label={t('profile.password.current')}
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(event) => setCurrent(event.target.value)}
            error={fields['password.current']}
          />
          <TextField
            id={`${id}-next`}
            label={t('profile.password.next')}
            type="password"
            autoComplete="new-password"
            minLength={10}
            value={next}
            onChange={(event) => setNext(event.target.value)}
            help={t('profile.password.nextHelp')}
            error={fields['password.next']}
          />
        </div>
        {error && (
          <Problem
            error={
              error.code === 'validation_failed' && Object.keys(fields).length > 0
                ? { message: error.message, hint: t('auth.fieldsProblem') }
                : error
            }
          />
        )}
        {done && (
          <p className="notice" role="status">
            {t('profile.password.done')}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy || current === '' || next === ''}>
            {t('profile.password.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
