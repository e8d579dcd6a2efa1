import { type FormEvent, type ReactNode, useId, useMemo, useRef, useState } from 'react';
import type { ApiError } from '../api.ts';
import { addProjectUnderClient, useStore } from '../data/store.ts';
import { useI18n } from '../i18n.tsx';
import { useSignedIn } from '../session.tsx';
import { useAnnounce } from '../ui/announcer.tsx';
import { Problem } from '../ui/problem.tsx';
import { durationBetween, fieldsFromSpan, lockedDay, parseSpan, type TimeFields, toAfterDuration } from './record-times.ts';
import { DateField } from '../ui/DateField.tsx';
import { ProjectCombobox } from './ProjectCombobox.tsx';
import { TaskSelect } from './TaskSelect.tsx';
import { recentProjectIds } from './project-options.ts';
import type { UiKey } from '../../../src/i18n/ui.ts';

export type RecordValues = {
  description: string;
  projectId: string;
  taskId: string | null;
  tagIds: string[];
  billable: boolean;
  start: string;
  end: string;
  rememberForSeries: boolean;
};

export type RecordFormInitial = {
  description: string;
  projectId: string | null;
  taskId: string | null;
  tagIds: string[];
  billable: boolean | null;
  start: string;
  end: string;
};

type FieldKey = 'project' | 'date' | 'from' | 'to' | 'duration';

// One form for every record dialog (UX.md B6): description, project (combobox, creates a project
// when none has the name), task, date, from, to, duration, tags, billable. Errors sit under each
// field and are summarised at the top (GOV.UK); Enter saves, Ctrl+Enter saves and goes on.
export function RecordForm({
  initial,
  onSubmit,
  onCancel,
  withTimes = true,
  series = false,
  submitLabel,
  saveNext,
  extraActions,
  children,
  problem,
}: {
  initial: RecordFormInitial;
  // resolves with a refusal to show, or null when done
  onSubmit: (values: RecordValues, next: boolean) => Promise<ApiError | null>;
  onCancel: () => void;
  withTimes?: boolean;
  // a recurring meeting: offer "Remember this project for the whole series" (on by default)
  series?: boolean;
  submitLabel?: string;
  saveNext?: boolean;
  extraActions?: ReactNode;
  children?: ReactNode;
  problem?: ReactNode;
}) {
  const { t, lang, zone, date: formatDate } = useI18n();
  const { organization } = useSignedIn();
  const announce = useAnnounce();
  const id = useId();
  const projects = useStore((s) => s.projects);
  const clients = useStore((s) => s.clients);
  // an archived tag is offered only where it is already on the record
  const tags = useStore((s) => s.tags).filter((tag) => !tag.archived || initial.tagIds.includes(tag.id));
  const records = useStore((s) => s.records);
  const recentIds = useMemo(() => recentProjectIds(records), [records]);

  const [description, setDescription] = useState(initial.description);
  const [projectId, setProjectId] = useState<string | null>(initial.projectId);
  const [taskId, setTaskId] = useState<string | null>(initial.taskId);
  const [tagIds, setTagIds] = useState<string[]>(initial.tagIds);
  const project = projects.find((item) => item.id === projectId);
  const [billableChoice, setBillableChoice] = useState<boolean | null>(initial.billable);
  const billable = billableChoice ?? project?.billable ?? true;
  const [times, setTimes] = useState<TimeFields>(() => fieldsFromSpan(lang, initial.start, initial.end, zone));
  const [rememberForSeries, setRemember] = useState(true);
  const [errors, setErrors] = useState<Partial<Record<FieldKey, string>>>({});
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const [creating, setCreating] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const fieldId = (name: FieldKey | 'description' | 'task' | 'billable' | 'series') => `${id}-${name}`;

  function chooseProject(next: string | null) {
    setProjectId(next);
    if (next !== projectId) setTaskId(null);
    setErrors((current) => ({ ...current, project: undefined }));
  }

  async function createProjectNamed(name: string, clientName: string | null) {
    setCreating(true);
    setRefusal(null);
    const made = await addProjectUnderClient(name, clientName);
    setCreating(false);
    if (!made.ok) {
      setRefusal(made.error);
      return;
    }
    chooseProject(made.data.id);
    announce(t('project.created', { name: clientName ? `${clientName} › ${name}` : name }));
  }

  function setTime(field: 'date' | 'from' | 'to' | 'duration', value: string) {
    setTimes((current) => {
      const next = { ...current, [field]: value };
      if (field === 'duration') {
        const to = toAfterDuration(next.from, value);
        if (to) next.to = to;
      } else if (field === 'from' || field === 'to') {
        const duration = durationBetween(lang, next.from, next.to);
        if (duration) next.duration = duration;
      }
      return next;
    });
    setErrors((current) => ({ ...current, [field]: undefined, ...(field !== 'date' && { to: undefined }) }));
  }

  function validate(): { values: RecordValues | null; found: Partial<Record<FieldKey, string>> } {
    const found: Partial<Record<FieldKey, string>> = {};
    if (!projectId) found.project = t('record.error.project');
    let start = initial.start;
    let end = initial.end;
    if (withTimes) {
      const span = parseSpan(times, zone);
      if (!span.ok) {
        for (const [field, kind] of Object.entries(span.errors) as Array<[FieldKey, string]>)
          found[field] = t(`record.error.${kind}` as UiKey);
      } else {
        start = span.start;
        end = span.end;
        const locked = lockedDay(span.date, organization.lockedUntil);
        if (locked) found.date = t('record.error.locked', { date: formatDate(locked) });
      }
    }
    if (Object.keys(found).length > 0 || !projectId) return { values: null, found };
    return {
      values: {
        description: description.trim(),
        projectId,
        taskId,
        tagIds,
        billable,
        start,
        end,
        rememberForSeries: series && rememberForSeries,
      },
      found,
    };
  }

  async function submit(next: boolean) {
    if (saving || creating) return;
    const { values, found } = validate();
    setErrors(found);
    setRefusal(null);
    if (!values) {
      window.requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    setSaving(true);
    const error = await onSubmit(values, next);
    setSaving(false);
    if (error) setRefusal(error);
  }

  const errorList = (Object.entries(errors) as Array<[FieldKey, string | undefined]>).filter((entry): entry is [FieldKey, string] =>
    Boolean(entry[1]),
  );
  const describe = (field: FieldKey, help?: string) =>
    [errors[field] ? `${fieldId(field)}-error` : null, help].filter(Boolean).join(' ') || undefined;
  const fieldError = (field: FieldKey) =>
    errors[field] && (
      <p className="field-error" id={`${fieldId(field)}-error`}>
        {errors[field]}
      </p>
    );
  return (
    <form
      className="record-form"
      noValidate
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        void submit(false);
      }}
      onKeyDown={(event) => {
        if (event.key !== 'Enter') return;
        const target = event.target as HTMLElement;
        if (event.ctrlKey || event.metaKey) {
          event.preventDefault();
          void submit(Boolean(saveNext));
        } else if (target.tagName === 'SELECT' || (target as HTMLInputElement).type === 'checkbox') {
          // Enter saves from any field (UX.md B6), also where the browser would not submit
          event.preventDefault();
          void submit(false);
        }
      }}
    >
      {errorList.length > 0 && (
        <div ref={summary} className="error-summary" role="alert" tabIndex={-1} aria-labelledby={`${id}-summary`}>
          <h3 id={`${id}-summary`}>{t('record.errorSummary')}</h3>
          <ul>
            {errorList.map(([field, message]) => (
              <li key={field}>
                <a
                  href={`#${fieldId(field)}`}
                  onClick={(event) => {
                    event.preventDefault();
                    document.getElementById(fieldId(field))?.focus();
                  }}
                >
                  {message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {problem}
      {refusal && <Problem error={refusal} />}
      {children}
      <div className="field">
        <label htmlFor={fieldId('description')}>{t('record.description')}</label>
        <input
          id={fieldId('description')}
          type="text"
          value={description}
          maxLength={2000}
          onChange={(event) => setDescription(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={fieldId('project')}>{t('record.project')}</label>
        <ProjectCombobox
          id={fieldId('project')}
          value={projectId}
          onChange={chooseProject}
          onCreate={(name, clientName) => void createProjectNamed(name, clientName)}
          projects={projects}
          clients={clients}
          recentIds={recentIds}
          invalid={Boolean(errors.project)}
          describedBy={describe('project')}
          creating={creating}
        />
        {fieldError('project')}
      </div>
      {series && (
        <div className="field">
          <label className="check" htmlFor={fieldId('series')}>
            <input
              id={fieldId('series')}
              type="checkbox"
              checked={rememberForSeries}
              onChange={(event) => setRemember(event.target.checked)}
            />
            {t('quickTrack.rememberSeries')}
          </label>
        </div>
      )}
      <TaskSelect id={fieldId('task')} projectId={projectId} taskId={taskId} onChange={setTaskId} />
      {withTimes && (
        <>
          <DateField
            id={fieldId('date')}
            label={t('record.date')}
            value={times.date}
            onChange={(text) => setTime('date', text)}
            problem={errors.date}
          />
          <div className="time-row">
            <div className="field">
              <label htmlFor={fieldId('from')}>{t('record.from')}</label>
              <input
                id={fieldId('from')}
                type="text"
                inputMode="numeric"
                value={times.from}
                aria-invalid={Boolean(errors.from) || undefined}
                aria-describedby={describe('from')}
                onChange={(event) => setTime('from', event.target.value)}
              />
              {fieldError('from')}
            </div>
            <div className="field">
              <label htmlFor={fieldId('to')}>{t('record.to')}</label>
              <input
                id={fieldId('to')}
                type="text"
                inputMode="numeric"
                value={times.to}
                aria-invalid={Boolean(errors.to) || undefined}
                aria-describedby={describe('to')}
                onChange={(event) => setTime('to', event.target.value)}
              />
              {fieldError('to')}
            </div>
            <div className="field">
              <label htmlFor={fieldId('duration')}>{t('record.duration')}</label>
              <input
                id={fieldId('duration')}
                type="text"
                value={times.duration}
                aria-invalid={Boolean(errors.duration) || undefined}
                aria-describedby={describe('duration', `${fieldId('duration')}-help`)}
                onChange={(event) => setTime('duration', event.target.value)}
              />
              <p className="field-help" id={`${fieldId('duration')}-help`}>
                {t('record.duration.help')}
              </p>
              {fieldError('duration')}
            </div>
          </div>
        </>
      )}
      {withTimes && (
        <fieldset className="field tags-field">
          <legend>{t('record.tags')}</legend>
          {tags.length === 0 ? (
            <p className="muted">{t('record.tags.none')}</p>
          ) : (
            <div className="tag-choices">
              {tags.map((tag) => (
                <label key={tag.id} className="check tag-choice">
                  <input
                    type="checkbox"
                    checked={tagIds.includes(tag.id)}
                    onChange={(event) =>
                      setTagIds((current) => (event.target.checked ? [...current, tag.id] : current.filter((item) => item !== tag.id)))
                    }
                  />
                  {tag.name}
                </label>
              ))}
            </div>
          )}
        </fieldset>
      )}
      {withTimes && (
        <div className="field">
          <label className="check" htmlFor={fieldId('billable')}>
            <input
              id={fieldId('billable')}
              type="checkbox"
              checked={billable}
              onChange={(event) => setBillableChoice(event.target.checked)}
            />
            {t('record.billable')}
          </label>
        </div>
      )}
      {saveNext && <p className="field-help">{t('quickTrack.keys')}</p>}
      <div className="form-actions">
        {extraActions}
        <span className="form-actions-spacer" />
        <button type="button" data-action="cancel" onClick={onCancel}>
          {t('action.cancel')}
        </button>
        {saveNext && (
          <button type="button" data-action="save-next" disabled={saving} onClick={() => void submit(true)}>
            {t('quickTrack.saveNext')} <kbd aria-hidden="true">Ctrl+Enter</kbd>
          </button>
        )}
        <button type="submit" className="primary" data-action="save" aria-disabled={saving || creating || undefined}>
          {saving ? t('record.saving') : (submitLabel ?? t('action.save'))}
        </button>
      </div>
    </form>
  );
}
