import { type FormEvent, useState } from 'react';
import { listMembers } from '../../../src/contract/account.ts';
import type { Response } from '../../../src/contract/client.ts';
import { createTask, getProject, listClients, listTasks, updateProject, updateTask } from '../../../src/contract/tracking.ts';
import { api, type ApiError } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { Link } from '../router.tsx';
import { useSignedIn } from '../session.tsx';
import { canManageTasks, isAdminRole } from '../team/permissions.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import { Problem } from '../ui/problem.tsx';
import { formatRate, rateText } from './catalog-view.ts';
import { NamedList } from './NamedList.tsx';
import { ProjectMembers } from './ProjectMembers.tsx';
import { projectBody, type ProjectDraft, ProjectFields } from './ProjectFields.tsx';
import { AdminPage, Loaded, useResource } from './parts.tsx';

type Project = Response<typeof getProject>;
type Task = Response<typeof listTasks>['items'][number];

// One project: its details (owners, admins), tasks (also its managers) and members with their
// project role and hourly rate.
export function ProjectScreen({ id }: { id: string }) {
  const { t } = useI18n();
  const { profile } = useSignedIn();
  const admin = isAdminRole(profile.role);
  const { resource, reload, set } = useResource(async () => {
    const [project, clients, tasks, members] = await Promise.all([
      api.call(getProject, { params: { id } }),
      api.call(listClients),
      api.call(listTasks, { query: { projectId: id } }),
      admin ? api.call(listMembers) : Promise.resolve(null),
    ]);
    for (const result of [project, clients, tasks, members]) if (result && !result.ok) return result;
    if (!project.ok || !clients.ok || !tasks.ok) throw new Error('unreachable');
    return {
      ...project,
      data: { project: project.data, clients: clients.data.items, tasks: tasks.data.items, people: members?.ok ? members.data.items : [] },
    };
  });
  return (
    <Loaded resource={resource} reload={() => void reload()}>
      {({ project, clients, tasks, people }) => (
        <AdminPage title={project.name} className="project-page">
          <p className="back-link">
            <Link to="/projects">{t('projects.back')}</Link>
          </p>
          <ProjectDetails
            project={project}
            clients={clients}
            canEdit={admin}
            onSaved={(saved) => set((data) => ({ ...data, project: { ...saved, members: data.project.members } }))}
          />
          <section className="catalog-card" aria-labelledby="tasks-title">
            <h2 id="tasks-title">{t('tasks.title')}</h2>
            <NamedList
              items={tasks}
              canEdit={
                canManageTasks(
                  profile.role,
                  project.members?.some((member) => member.userId === profile.id && member.role === 'manager') ?? false,
                ) && !project.archived
              }
              texts={{
                newLabel: t('tasks.new'),
                newSubmit: t('tasks.add'),
                created: (name) => t('tasks.created', { name }),
                renameLabel: (name) => t('tasks.renameLabel', { name }),
                archived: (name) => t('tasks.archived', { name }),
                restored: (name) => t('tasks.restored', { name }),
                empty: t('tasks.empty'),
                emptyReadOnly: t('tasks.emptyReadOnly'),
                listLabel: t('tasks.title'),
              }}
              onChange={(update) => set((data) => ({ ...data, tasks: update(data.tasks) }))}
              create={(name) => api.call(createTask, { body: { projectId: project.id, name } })}
              update={(task: Task, changes) =>
                api.call(updateTask, { params: { id: task.id }, body: { version: task.version, ...changes } })
              }
              onConflict={() => void reload()}
            />
          </section>
          {project.members && (
            <ProjectMembers
              project={project}
              people={people}
              canEdit={admin}
              onChanged={(members) => set((data) => ({ ...data, project: { ...data.project, members } }))}
            />
          )}
        </AdminPage>
      )}
    </Loaded>
  );
}

function draftOf(project: Project, lang: 'en' | 'cs'): ProjectDraft {
  return {
    name: project.name,
    clientId: project.clientId ?? '',
    color: project.color,
    billable: project.billable,
    rate: rateText(project.hourlyRate, lang),
  };
}

function ProjectDetails({
  project,
  clients,
  canEdit,
  onSaved,
}: {
  project: Project;
  clients: Array<{ id: string; name: string; archived: boolean }>;
  canEdit: boolean;
  onSaved: (project: Project) => void;
}) {
  const { t, lang } = useI18n();
  const { organization } = useSignedIn();
  const announce = useAnnounce();
  const [draft, setDraft] = useState(() => draftOf(project, lang));
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const clientName = clients.find((client) => client.id === project.clientId)?.name;

  async function save(event: FormEvent) {
    event.preventDefault();
    const body = projectBody(draft);
    if (!body) return;
    if (body.name === '') return setError({ status: 400, code: 'validation_failed', message: t('catalog.nameRequired') });
    setSaving(true);
    const result = await api.call(updateProject, { params: { id: project.id }, body: { version: project.version, ...body } });
    setSaving(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    onSaved(result.data);
    setDraft(draftOf(result.data, lang));
    announce(t('projects.saved', { name: result.data.name }));
  }

  async function archive(archived: boolean) {
    const result = await api.call(updateProject, { params: { id: project.id }, body: { version: project.version, archived } });
    if (!result.ok) return setError(result.error);
    onSaved(result.data);
    const saved = result.data;
    announce(t(archived ? 'projects.archivedToast' : 'projects.restoredToast', { name: project.name }), {
      undo: async () => {
        const back = await api.call(updateProject, { params: { id: saved.id }, body: { version: saved.version, archived: !archived } });
        if (back.ok) onSaved(back.data);
      },
    });
  }

  if (!canEdit) {
    return (
      <section className="catalog-card" aria-labelledby="details-title">
        <h2 id="details-title">{t('projects.details')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('projects.client')}</dt>
            <dd>{clientName ?? t('projects.noClient')}</dd>
          </div>
          <div>
            <dt>{t('projects.color')}</dt>
            <dd>
              <span className="color-dot" style={{ background: project.color }} aria-hidden="true" /> {project.color}
            </dd>
          </div>
          <div>
            <dt>{t('projects.billable')}</dt>
            <dd>{project.billable ? t('projects.yes') : t('projects.no')}</dd>
          </div>
          {project.archived && (
            <div>
              <dt>{t('catalog.archived')}</dt>
              <dd>{t('projects.yes')}</dd>
            </div>
          )}
        </dl>
      </section>
    );
  }
  return (
    <form className="catalog-card" onSubmit={save} noValidate aria-labelledby="details-title">
      <h2 id="details-title">{t('projects.details')}</h2>
      {project.archived && <p className="notice">{t('projects.isArchived')}</p>}
      <ProjectFields draft={draft} onChange={setDraft} clients={clients} error={error} currency={organization.currency} />
      {project.hourlyRate === null && organization.defaultHourlyRate !== null && (
        <p className="field-help">
          {t('projects.rate.default', { rate: formatRate(organization.defaultHourlyRate, organization.currency, lang) })}
        </p>
      )}
      <Problem error={error} />
      <div className="form-actions">
        <button type="button" onClick={() => void archive(!project.archived)}>
          {project.archived ? t('catalog.restore') : t('catalog.archive')}
        </button>
        <button type="submit" className="primary" disabled={saving}>
          {t('action.save')}
        </button>
      </div>
    </form>
  );
}
