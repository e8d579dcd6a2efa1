import { type FormEvent, useState } from 'react';
import { createProject, listClients, listProjects, updateProject } from '../../../src/contract/tracking.ts';
import type { Response } from '../../../src/contract/client.ts';
import { api, type ApiError } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { Link } from '../router.tsx';
import { useSignedIn } from '../session.tsx';
import { isAdminRole } from '../team/permissions.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import { Problem } from '../ui/problem.tsx';
import { countArchived, formatRate, nextProjectColor, sortCatalog, visibleCatalog } from './catalog-view.ts';
import { AdminPage, ArchivedBadge, Loaded, ShowArchived, useResource } from './parts.tsx';
import { projectBody, type ProjectDraft, ProjectFields } from './ProjectFields.tsx';

type Project = Response<typeof listProjects>['items'][number];
type Client = Response<typeof listClients>['items'][number];

// Projects / Projekty: owners and admins see and manage all; everyone else sees the projects they
// belong to. A project's page has its tasks and members.
export function ProjectsScreen() {
  const { t, lang } = useI18n();
  const { profile, organization } = useSignedIn();
  const announce = useAnnounce();
  const canEdit = isAdminRole(profile.role);
  const { resource, reload, set } = useResource(async () => {
    const [projects, clients] = await Promise.all([api.call(listProjects), api.call(listClients)]);
    if (!projects.ok) return projects;
    if (!clients.ok) return clients;
    return { ...projects, data: { projects: projects.data.items, clients: clients.data.items } };
  });
  const [showArchived, setShowArchived] = useState(false);
  const [creating, setCreating] = useState(false);

  async function archive(project: Project, archived: boolean) {
    const result = await api.call(updateProject, { params: { id: project.id }, body: { version: project.version, archived } });
    if (!result.ok) {
      announce(result.error.message, { tone: 'error', ...(result.error.hint && { hint: result.error.hint }) });
      return void reload();
    }
    const saved = result.data;
    set((data) => ({ ...data, projects: data.projects.map((item) => (item.id === saved.id ? saved : item)) }));
    announce(t(archived ? 'projects.archivedToast' : 'projects.restoredToast', { name: project.name }), {
      undo: async () => {
        const back = await api.call(updateProject, { params: { id: saved.id }, body: { version: saved.version, archived: !archived } });
        if (back.ok) set((data) => ({ ...data, projects: data.projects.map((item) => (item.id === back.data.id ? back.data : item)) }));
      },
    });
  }

  return (
    <AdminPage title={t('projects.title')} intro={t(canEdit ? 'projects.intro' : 'projects.introMember')}>
      <Loaded resource={resource} reload={() => void reload()}>
        {({ projects, clients }) => {
          const clientName = new Map(clients.map((client) => [client.id, client.name]));
          const shown = sortCatalog(visibleCatalog(projects, showArchived), lang);
          return (
            <>
              {canEdit &&
                (creating ? (
                  <NewProject
                    clients={clients}
                    used={projects.map((project) => project.color)}
                    currency={organization.currency}
                    onClose={() => setCreating(false)}
                    onCreated={(project) => {
                      set((data) => ({ ...data, projects: [...data.projects, project] }));
                      setCreating(false);
                      announce(t('projects.created', { name: project.name }));
                    }}
                  />
                ) : (
                  <div className="catalog-toolbar">
                    <button type="button" className="primary" onClick={() => setCreating(true)}>
                      {t('projects.new')}
                    </button>
                  </div>
                ))}
              <ShowArchived count={countArchived(projects)} checked={showArchived} onChange={setShowArchived} />
              {projects.length === 0 ? (
                <p className="empty-state">{t(canEdit ? 'projects.empty' : 'projects.emptyMember')}</p>
              ) : (
                <ul className="catalog-list" aria-label={t('projects.title')}>
                  {shown.map((project) => (
                    <li key={project.id} className={`catalog-item${project.archived ? ' is-archived' : ''}`} data-item={project.name}>
                      <div className="item-name">
                        <span className="color-dot" style={{ background: project.color }} aria-hidden="true" />
                        <Link to={`/projects/${project.id}`} className="item-title">
                          {project.name}
                        </Link>
                        {project.archived && <ArchivedBadge />}
                      </div>
                      <span className="item-detail muted">
                        {[
                          project.clientId ? clientName.get(project.clientId) : t('projects.noClient'),
                          project.billable ? t('projects.billableShort') : t('projects.notBillable'),
                          project.hourlyRate !== null
                            ? t('projects.ratePerHour', { rate: formatRate(project.hourlyRate, organization.currency, lang) })
                            : null,
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </span>
                      {canEdit && (
                        <div className="item-actions">
                          <button type="button" onClick={() => void archive(project, !project.archived)}>
                            {project.archived ? t('catalog.restore') : t('catalog.archive')}
                            <span className="sr-only"> {project.name}</span>
                          </button>
                        </div>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </>
          );
        }}
      </Loaded>
      <p className="catalog-links">
        <Link to="/clients">{t('nav.clients')}</Link> · <Link to="/tags">{t('tags.title')}</Link>
      </p>
    </AdminPage>
  );
}

function NewProject({
  clients,
  used,
  currency,
  onClose,
  onCreated,
}: {
  clients: Client[];
  used: string[];
  currency: string;
  onClose: () => void;
  onCreated: (project: Project) => void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<ProjectDraft>({ name: '', clientId: '', color: nextProjectColor(used), billable: true, rate: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = projectBody(draft);
    if (!body) return;
    if (body.name === '') return setError({ status: 400, code: 'validation_failed', message: t('catalog.nameRequired') });
    setSaving(true);
    const result = await api.call(createProject, { body });
    setSaving(false);
    if (!result.ok) return setError(result.error);
    onCreated(result.data);
  }
  return (
    <form className="catalog-card" onSubmit={submit} noValidate aria-labelledby="new-project-title">
      <h2 id="new-project-title">{t('projects.new')}</h2>
      <ProjectFields draft={draft} onChange={setDraft} clients={clients} error={error} currency={currency} />
      <Problem error={error} />
      <div className="form-actions">
        <button type="button" onClick={onClose}>
          {t('action.cancel')}
        </button>
        <button type="submit" className="primary" disabled={saving}>
          {t('projects.create')}
        </button>
      </div>
    </form>
  );
}
