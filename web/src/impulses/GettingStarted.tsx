import { useId, useState } from 'react';
import { updateMe } from '../../../src/contract/account.ts';
import { api, type ApiError } from '../api.ts';
import { addProjectUnderClient, useStore } from '../data/store.ts';
import { useI18n } from '../i18n.tsx';
import { splitClientProject } from '../records/project-options.ts';
import { useSignedIn } from '../session.tsx';
import { useAnnounce } from '../ui/announcer.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { Problem } from '../ui/problem.tsx';
import { focusImpulse, nextUntrackedId } from './focus.ts';

// Začínáme (UX.md B8): three steps in the empty panel, each showing when it is done; the calendar
// step opens the Connected services card inline, so nobody leaves the dashboard.
export function GettingStarted({
  calendarOpen,
  setCalendarOpen,
  onNewProject,
}: {
  calendarOpen: boolean;
  setCalendarOpen: (open: boolean) => void;
  onNewProject: () => void;
}) {
  const { t } = useI18n();
  const { profile, session } = useSignedIn();
  const announce = useAnnounce();
  const projects = useStore((s) => s.projects);
  const connections = useStore((s) => s.connections);
  const impulses = useStore((s) => s.impulses);
  const records = useStore((s) => s.records);
  const [error, setError] = useState<ApiError | null>(null);
  const headingId = useId();
  const done = {
    project: projects.length > 0,
    calendar: connections.length > 0,
    track: impulses.some((impulse) => impulse.state === 'tracked') || records.some((record) => record.impulseId !== null),
  };
  if (profile.preferences.guideHidden || (done.project && done.calendar && done.track)) return null;

  async function hide() {
    const result = await api.call(updateMe, { body: { version: profile.version, preferences: { guideHidden: true } } });
    if (result.ok) session.setProfile(result.data);
    else setError(result.error);
  }

  const trackFirst = () => trackFirstMeeting(announce, t('guide.trackHint'), t('guide.noMeeting'));

  const steps: Array<{ key: keyof typeof done; label: string; run: () => void }> = [
    { key: 'project', label: t('guide.step.project'), run: onNewProject },
    { key: 'calendar', label: t('guide.step.calendar'), run: () => setCalendarOpen(!calendarOpen) },
    { key: 'track', label: t('guide.step.track'), run: trackFirst },
  ];
  return (
    <section className="guide" aria-labelledby={headingId}>
      <div className="guide-head">
        <h3 id={headingId}>{t('guide.title')}</h3>
        <button type="button" className="link-button" onClick={() => void hide()}>
          {t('guide.hide')}
        </button>
      </div>
      <Problem error={error} />
      <ol className="guide-steps">
        {steps.map((step, index) => (
          <li key={step.key} className={done[step.key] ? 'guide-done' : ''}>
            <button
              type="button"
              className="guide-step"
              {...(step.key === 'calendar' && { 'aria-expanded': calendarOpen })}
              onClick={step.run}
            >
              <span className="guide-mark" aria-hidden="true">
                {done[step.key] ? '✓' : index + 1}
              </span>
              <span>{step.label}</span>
              {done[step.key] && <span className="sr-only">({t('guide.done')})</span>}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}

// Step 3, also after connecting: focus the first untracked meeting and say what to do with it.
function trackFirstMeeting(announce: (text: string) => void, hint: string, none: string): void {
  const first = nextUntrackedId(null);
  if (!first) {
    announce(none);
    return;
  }
  focusImpulse(first, true);
  announce(hint);
}

// The one-field "Client › Project" dialog (B8 step 1, and the Projects tab's "New project").
export function CreateProjectDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const fieldId = useId();

  async function submit() {
    const { clientName, name } = splitClientProject(text);
    if (!name) {
      setInvalid(true);
      return;
    }
    setSaving(true);
    setError(null);
    const made = await addProjectUnderClient(name, clientName);
    setSaving(false);
    if (!made.ok) {
      setError(made.error);
      return;
    }
    onClose();
    announce(t('project.created', { name: clientName ? `${clientName} › ${name}` : name }));
  }

  return (
    <Dialog title={t('guide.project.title')} onClose={onClose}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Problem error={error} />
        <div className="field">
          <label htmlFor={fieldId}>{t('guide.project.label')}</label>
          <input
            id={fieldId}
            type="text"
            value={text}
            maxLength={400}
            aria-invalid={invalid || undefined}
            aria-describedby={`${fieldId}-help${invalid ? ` ${fieldId}-error` : ''}`}
            onChange={(event) => {
              setText(event.target.value);
              setInvalid(false);
            }}
          />
          <p className="field-help" id={`${fieldId}-help`}>
            {t('guide.project.help')}
          </p>
          {invalid && (
            <p className="field-error" id={`${fieldId}-error`}>
              {t('guide.project.required')}
            </p>
          )}
        </div>
        <div className="form-actions">
          <button type="button" onClick={onClose}>
            {t('action.cancel')}
          </button>
          <button type="submit" className="primary" aria-disabled={saving || undefined}>
            {saving ? t('state.saving') : t('guide.project.create')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
