import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { listImpulses } from '../../../src/contract/impulses.ts';
import { createRule, deleteRule, listRules, previewRule, type Rule, type RuleMatch, updateRule } from '../../../src/contract/rules.ts';
import { api, type ApiError } from '../api.ts';
import { AdminPage, Confirm, Loaded, useResource } from '../catalog/parts.tsx';
import { useMediaQuery } from '../dashboard/use-media-query.ts';
import { addProjectUnderClient, loadCatalog, projectLabel, useStore } from '../data/store.ts';
import { useI18n } from '../i18n.tsx';
import { ProjectCombobox } from '../records/ProjectCombobox.tsx';
import { navigate, useLocation } from '../router.tsx';
import { useAnnounce } from '../ui/announcer.tsx';
import { Problem } from '../ui/problem.tsx';
import {
  createBody,
  describeRule,
  draftFromQuery,
  draftOfRule,
  type DraftProblem,
  draftProblems,
  emptyDraft,
  outcomeText,
  previewBody,
  type RuleDraft,
  seriesChoices,
  type SeriesChoice,
  splitPreview,
  updateBody,
} from './rules-view.ts';
import '../settings/settings.css';

type Impulse = Awaited<ReturnType<typeof loadMeetings>>[number];
type Editor = { rule: Rule | null; draft: RuleDraft };

async function loadMeetings() {
  const result = await api.call(listImpulses, { query: {} });
  return result.ok ? result.data.items : [];
}

// Rules / Pravidla: the person's own rules for recurring work, best first (the order they apply
// in), each "meetings whose subject matches … (or of this series) → project, task, tags" with
// suggest or track automatically; create, edit and delete, and while editing the past and coming
// meetings the rule matches (POST /rules/preview) before it is saved.
export function RulesScreen() {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const { search } = useLocation();
  const catalogLoaded = useStore((s) => s.catalogLoaded);
  const { resource, reload, set } = useResource(() => api.call(listRules));
  const [meetings, setMeetings] = useState<Impulse[]>([]);
  // "Make a rule" from a meeting's menu lands here with the new rule in the address
  const [editor, setEditor] = useState<Editor | null>(() => {
    const draft = draftFromQuery(search);
    return draft ? { rule: null, draft } : null;
  });
  const [deleting, setDeleting] = useState<Rule | null>(null);
  const newButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!catalogLoaded) void loadCatalog();
    void loadMeetings().then(setMeetings);
  }, [catalogLoaded]);

  const choices = useMemo(() => seriesChoices(meetings, lang), [meetings, lang]);

  function close() {
    setEditor(null);
    if (search.has('new')) navigate('/rules', { replace: true });
    window.setTimeout(() => newButton.current?.focus(), 0);
  }

  function openEditor(rule: Rule | null) {
    if (!rule) return setEditor({ rule: null, draft: emptyDraft() });
    // a series rule's preview asks by one of its meetings: one it applies to, if the window has one
    const meeting = rule.kind === 'series' ? meetings.find((item) => item.ruleId === rule.id) : undefined;
    setEditor({ rule, draft: { ...draftOfRule(rule), impulseId: meeting?.id ?? null } });
  }

  return (
    <AdminPage title={t('rules.title')} intro={t('rules.intro')} className="settings-page rules-page">
      <Loaded resource={resource} reload={() => void reload()}>
        {(page) => (
          <>
            {editor ? (
              <RuleEditor
                key={editor.rule?.id ?? `new-${editor.draft.impulseId ?? editor.draft.pattern}`}
                editor={editor}
                rules={page.items}
                choices={choices}
                onCancel={close}
                onConflict={() => void reload()}
                onSaved={(rule, created) => {
                  set((current) => ({
                    ...current,
                    items: created ? [...current.items, rule] : current.items.map((item) => (item.id === rule.id ? rule : item)),
                  }));
                  // the order of the list is the API's (precedence)
                  void reload();
                  announce(t(created ? 'rules.created' : 'rules.saved', { rule: describeRule(lang, rule) }));
                  close();
                }}
              />
            ) : (
              <p className="rules-actions">
                <button ref={newButton} type="button" className="primary" onClick={() => openEditor(null)}>
                  {t('rules.new')}
                </button>
              </p>
            )}
            <RuleList rules={page.items} onEdit={openEditor} onDelete={setDeleting} editingId={editor?.rule?.id ?? null} />
            {deleting && (
              <Confirm
                title={t('rules.delete.title')}
                body={t('rules.delete.body', { rule: describeRule(lang, deleting) })}
                confirm={t('rules.delete')}
                onClose={() => setDeleting(null)}
                onConfirm={async () => {
                  const result = await api.call(deleteRule, { params: { id: deleting.id }, query: { version: deleting.version } });
                  if (!result.ok && result.error.code !== 'not_found') {
                    if (result.error.code === 'version_conflict') void reload();
                    return result.error;
                  }
                  set((current) => ({ ...current, items: current.items.filter((item) => item.id !== deleting.id) }));
                  if (editor?.rule?.id === deleting.id) setEditor(null);
                  announce(t('rules.deleted', { rule: describeRule(lang, deleting) }));
                  return null;
                }}
              />
            )}
          </>
        )}
      </Loaded>
    </AdminPage>
  );
}

function RuleList({
  rules,
  onEdit,
  onDelete,
  editingId,
}: {
  rules: Rule[];
  onEdit: (rule: Rule) => void;
  onDelete: (rule: Rule) => void;
  editingId: string | null;
}) {
  const { t, lang } = useI18n();
  const projects = useStore((s) => s.projects);
  const clients = useStore((s) => s.clients);
  const tasks = useStore((s) => s.tasks);
  const tags = useStore((s) => s.tags);
  return (
    <section className="catalog-card" aria-labelledby="rules-list-title">
      <h2 id="rules-list-title">{t('rules.list')}</h2>
      {rules.length === 0 ? (
        <p className="empty-state">{t('rules.empty')}</p>
      ) : (
        <>
          <p className="muted">{t('rules.order')}</p>
          <ul className="catalog-list rules-list" aria-labelledby="rules-list-title">
            {rules.map((rule) => {
              const name = describeRule(lang, rule);
              const task = tasks.find((item) => item.id === rule.taskId);
              const ruleTags = rule.tagIds
                .map((id) => tags.find((tag) => tag.id === id)?.name)
                .filter((each): each is string => Boolean(each));
              return (
                <li
                  key={rule.id}
                  className={`catalog-item rule-item${editingId === rule.id ? ' is-editing' : ''}`}
                  data-rule={rule.kind === 'subject' ? (rule.pattern ?? '') : (rule.seriesLabel ?? '')}
                >
                  <div className="item-name rule-name">
                    <span className="item-title">{name}</span>
                    <span className={`badge ${rule.mode === 'track' ? 'badge-ok' : 'badge-muted'}`}>
                      {t(rule.mode === 'track' ? 'rules.badge.track' : 'rules.badge.suggest')}
                    </span>
                  </div>
                  <span className="item-detail rule-target">
                    <span aria-hidden="true">→ </span>
                    {projectLabel(
                      projects.find((project) => project.id === rule.projectId),
                      clients,
                    )}
                    {task && <> · {task.name}</>}
                    {ruleTags.map((tag) => (
                      <span key={tag} className="rule-tag">
                        #{tag}
                      </span>
                    ))}
                  </span>
                  <div className="item-actions">
                    <button type="button" onClick={() => onEdit(rule)}>
                      {t('rules.edit')}
                      <span className="sr-only"> {name}</span>
                    </button>
                    <button type="button" className="danger" onClick={() => onDelete(rule)}>
                      {t('rules.delete')}
                      <span className="sr-only"> {name}</span>
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}

const PROBLEM_TEXT = { pattern: 'rules.pattern.required', series: 'rules.series.required', project: 'rules.project.required' } as const;

function RuleEditor({
  editor,
  rules,
  choices,
  onCancel,
  onSaved,
  onConflict,
}: {
  editor: Editor;
  rules: Rule[];
  choices: SeriesChoice[];
  onCancel: () => void;
  onSaved: (rule: Rule, created: boolean) => void;
  onConflict: () => void;
}) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const id = useId();
  const { rule } = editor;
  const [draft, setDraft] = useState<RuleDraft>(editor.draft);
  const [shown, setShown] = useState<DraftProblem[]>([]);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const [creating, setCreating] = useState(false);
  const projects = useStore((s) => s.projects).filter((project) => !project.archived || project.id === draft.projectId);
  const clients = useStore((s) => s.clients);
  const tasks = useStore((s) => s.tasks).filter(
    (task) => task.projectId === draft.projectId && (!task.archived || task.id === draft.taskId),
  );
  const tags = useStore((s) => s.tags).filter((tag) => !tag.archived || draft.tagIds.includes(tag.id));
  const records = useStore((s) => s.records);
  const recentIds = useMemo(
    () => [...new Set([...records].sort((a, b) => b.start.localeCompare(a.start)).map((record) => record.projectId))],
    [records],
  );
  const problems = draftProblems(draft, rule !== null);
  const visible = (problem: DraftProblem) => shown.includes(problem) && problems.includes(problem);
  const title = rule ? t('rules.edit.title') : t('rules.new');
  const heading = `${id}-title`;
  const field = (name: string) => `${id}-${name}`;
  const change = (patch: Partial<RuleDraft>) => {
    setRefusal(null);
    setDraft((current) => ({ ...current, ...patch }));
  };
  // a series of the list, or the one the meeting's menu named (it may lie outside the window)
  const seriesOptions =
    draft.impulseId && !choices.some((choice) => choice.impulseId === draft.impulseId)
      ? [{ impulseId: draft.impulseId, label: draft.seriesLabel }, ...choices]
      : choices;
  const matchesEverything = refusal?.code === 'rule_matches_everything';
  // beside the form on wide screens; on narrow ones right under what it matches, above the rest
  const narrow = useMediaQuery('(max-width: 760px)');
  const preview = <RulePreview draft={draft} rule={rule} rules={rules} onRefused={(error) => setRefusal(error)} />;

  async function save(event: FormEvent) {
    event.preventDefault();
    setShown(problems);
    if (problems.length > 0) {
      document.getElementById(field(problems[0] === 'project' ? 'project' : problems[0]!))?.focus();
      return;
    }
    setSaving(true);
    setRefusal(null);
    const result = rule
      ? await api.call(updateRule, { params: { id: rule.id }, body: { version: rule.version, ...updateBody(rule, draft) } })
      : await api.call(createRule, { body: createBody(draft) });
    setSaving(false);
    if (!result.ok) {
      if (result.error.code === 'version_conflict') {
        onConflict();
        setRefusal({ ...result.error, hint: t('rules.conflict') });
      } else setRefusal(result.error);
      return;
    }
    onSaved(result.data, rule === null);
  }

  async function createProjectNamed(name: string, clientName: string | null) {
    setCreating(true);
    const made = await addProjectUnderClient(name, clientName);
    setCreating(false);
    if (!made.ok) return setRefusal(made.error);
    change({ projectId: made.data.id, taskId: null });
    announce(t('project.created', { name: clientName ? `${clientName} › ${name}` : name }));
  }

  return (
    <section className="catalog-card rule-editor" aria-labelledby={heading}>
      <h2 id={heading}>{title}</h2>
      <div className="rule-editor-grid">
        <form onSubmit={save} noValidate className="rule-form" aria-labelledby={heading}>
          <fieldset className="field">
            <legend>{t('rules.match')}</legend>
            {rule ? (
              <p className="static-value">{t(rule.kind === 'subject' ? 'rules.kind.subject' : 'rules.kind.series')}</p>
            ) : (
              <div className="choice-row">
                {(['subject', 'series'] as const).map((kind) => (
                  <label key={kind} className="check">
                    <input type="radio" name={field('kind')} value={kind} checked={draft.kind === kind} onChange={() => change({ kind })} />
                    {t(kind === 'subject' ? 'rules.kind.subject' : 'rules.kind.series')}
                  </label>
                ))}
              </div>
            )}
          </fieldset>
          {draft.kind === 'subject' ? (
            <div className="field">
              <label htmlFor={field('pattern')}>{t('rules.pattern')}</label>
              <input
                id={field('pattern')}
                value={draft.pattern}
                maxLength={200}
                autoComplete="off"
                onChange={(event) => change({ pattern: event.target.value })}
                aria-invalid={visible('pattern') || matchesEverything || undefined}
                aria-describedby={[
                  visible('pattern') ? `${field('pattern')}-error` : null,
                  matchesEverything ? `${field('pattern')}-refusal` : null,
                  `${field('pattern')}-help`,
                ]
                  .filter(Boolean)
                  .join(' ')}
              />
              {visible('pattern') && (
                <p id={`${field('pattern')}-error`} className="field-error">
                  {t('rules.pattern.required')}
                </p>
              )}
              {matchesEverything && <Problem error={refusal} id={`${field('pattern')}-refusal`} />}
              <p id={`${field('pattern')}-help`} className="field-help">
                {t('rules.pattern.help')}
              </p>
            </div>
          ) : rule ? (
            <div className="field">
              <span className="label-like">{t('rules.series')}</span>
              <p className="static-value">{rule.seriesLabel}</p>
              <p className="field-help">{t('rules.series.fixed')}</p>
            </div>
          ) : (
            <div className="field">
              <label htmlFor={field('series')}>{t('rules.series')}</label>
              {seriesOptions.length === 0 ? (
                <p className="muted" id={field('series')} tabIndex={-1}>
                  {t('rules.series.none')}
                </p>
              ) : (
                <select
                  id={field('series')}
                  value={draft.impulseId ?? ''}
                  onChange={(event) =>
                    change({
                      impulseId: event.target.value || null,
                      seriesLabel: seriesOptions.find((choice) => choice.impulseId === event.target.value)?.label ?? '',
                    })
                  }
                  aria-invalid={visible('series') || undefined}
                  aria-describedby={visible('series') ? `${field('series')}-error` : undefined}
                >
                  <option value="">{t('rules.series.choose')}</option>
                  {seriesOptions.map((choice) => (
                    <option key={choice.impulseId} value={choice.impulseId}>
                      {choice.label}
                    </option>
                  ))}
                </select>
              )}
              {visible('series') && (
                <p id={`${field('series')}-error`} className="field-error">
                  {t('rules.series.required')}
                </p>
              )}
            </div>
          )}
          {narrow && preview}
          <div className="field-row">
            <div className="field">
              <label htmlFor={field('project')}>{t('rules.project')}</label>
              <ProjectCombobox
                id={field('project')}
                value={draft.projectId}
                projects={projects}
                clients={clients}
                recentIds={recentIds}
                creating={creating}
                onChange={(projectId) => change({ projectId, ...(projectId !== draft.projectId && { taskId: null }) })}
                onCreate={(name, clientName) => void createProjectNamed(name, clientName)}
                invalid={visible('project')}
                {...(visible('project') && { describedBy: `${field('project')}-error` })}
              />
              {visible('project') && (
                <p id={`${field('project')}-error`} className="field-error">
                  {t(PROBLEM_TEXT.project)}
                </p>
              )}
            </div>
            <div className="field">
              <label htmlFor={field('task')}>{t('rules.task')}</label>
              <select
                id={field('task')}
                value={draft.taskId ?? ''}
                disabled={!draft.projectId || tasks.length === 0}
                onChange={(event) => change({ taskId: event.target.value || null })}
              >
                <option value="">{t('rules.task.none')}</option>
                {tasks.map((task) => (
                  <option key={task.id} value={task.id}>
                    {task.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <fieldset className="field">
            <legend>{t('rules.tags')}</legend>
            {tags.length === 0 ? (
              <p className="muted">{t('rules.tags.none')}</p>
            ) : (
              <div className="tag-choices">
                {tags.map((tag) => (
                  <label key={tag.id} className="check">
                    <input
                      type="checkbox"
                      checked={draft.tagIds.includes(tag.id)}
                      onChange={(event) =>
                        change({
                          tagIds: event.target.checked ? [...draft.tagIds, tag.id] : draft.tagIds.filter((each) => each !== tag.id),
                        })
                      }
                    />
                    {tag.name}
                  </label>
                ))}
              </div>
            )}
          </fieldset>
          <fieldset className="field">
            <legend>{t('rules.mode')}</legend>
            {(['suggest', 'track'] as const).map((mode) => (
              <div key={mode} className="mode-choice">
                <label className="check">
                  <input
                    type="radio"
                    name={field('mode')}
                    value={mode}
                    checked={draft.mode === mode}
                    onChange={() => change({ mode })}
                    aria-describedby={`${field(mode)}-help`}
                  />
                  <span className="mode-name">{t(mode === 'track' ? 'rules.mode.track' : 'rules.mode.suggest')}</span>
                </label>
                <p id={`${field(mode)}-help`} className="field-help mode-help">
                  {t(mode === 'track' ? 'rules.mode.track.help' : 'rules.mode.suggest.help')}
                </p>
              </div>
            ))}
          </fieldset>
          {refusal && !matchesEverything && <Problem error={refusal} />}
          <div className="form-actions">
            <button type="button" onClick={onCancel}>
              {t('action.cancel')}
            </button>
            <button type="submit" className="primary" disabled={saving}>
              {saving ? t('rules.saving') : rule ? t('rules.save') : t('rules.create')}
            </button>
          </div>
        </form>
        {!narrow && preview}
      </div>
    </section>
  );
}

// The meetings the rule matches, asked again 300 ms after the last change of what it matches.
function RulePreview({
  draft,
  rule,
  rules,
  onRefused,
}: {
  draft: RuleDraft;
  rule: Rule | null;
  rules: Rule[];
  onRefused: (error: ApiError) => void;
}) {
  const { t, tp, lang, dayShort, dateOf, timeRange } = useI18n();
  const body = previewBody(draft, rule);
  const key = body ? JSON.stringify(body) : '';
  const [state, setState] = useState<{ key: string; items: RuleMatch[] } | { key: string; error: ApiError } | null>(null);
  const refused = useRef(onRefused);
  refused.current = onRefused;
  useEffect(() => {
    if (!body) return;
    let stopped = false;
    const timer = window.setTimeout(() => {
      void api.call(previewRule, { body }).then((result) => {
        if (stopped) return;
        if (result.ok) setState({ key, items: result.data.items });
        else {
          setState({ key, error: result.error });
          // a rule that would match everything is refused as the pattern's problem
          if (result.error.code === 'rule_matches_everything') refused.current(result.error);
        }
      });
    }, 300);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
    // asked again when what it sends changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const current = state && state.key === key ? state : null;
  const groups = current && 'items' in current ? splitPreview(current.items) : null;
  const listOf = (title: string, items: RuleMatch[]) =>
    items.length > 0 && (
      <>
        <h4>{title}</h4>
        <ul className="rule-matches">
          {items.map((match) => {
            const outcome = outcomeText(lang, match, rules);
            return (
              <li key={match.impulseId} className={`rule-match tone-${outcome.tone}`} data-match={match.summary}>
                <span className="rule-match-when">
                  {dayShort(match.allDay ? match.start : dateOf(match.start))}
                  {!match.allDay && ` ${timeRange(match.start, match.end)}`}
                </span>
                <span className="rule-match-summary">{match.summary}</span>
                <span className="rule-match-outcome">{outcome.text}</span>
              </li>
            );
          })}
        </ul>
      </>
    );
  const status = !body
    ? t('rules.preview.waiting')
    : !current
      ? t('rules.preview.loading')
      : 'error' in current
        ? null
        : groups && groups.past.length + groups.coming.length === 0
          ? t('rules.preview.none')
          : groups && tp('rules.preview.count', groups.past.length + groups.coming.length);
  return (
    <section className="rule-preview" aria-labelledby="rule-preview-title" aria-busy={Boolean(body) && !current}>
      <h3 id="rule-preview-title">{t('rules.preview.title')}</h3>
      <p className="field-help">{t('rules.preview.intro')}</p>
      <p className="rule-count" aria-live="polite" data-testid="preview-status">
        {status}
      </p>
      {/* a rule that would match everything is refused at its pattern */}
      {current && 'error' in current && current.error.code !== 'rule_matches_everything' && <Problem error={current.error} />}
      {groups && listOf(t('rules.preview.past'), groups.past)}
      {groups && listOf(t('rules.preview.coming'), groups.coming)}
    </section>
  );
}
