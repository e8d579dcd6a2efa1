import { useState } from 'react';
import { createClient, listClients, listProjects, updateClient } from '../../../src/contract/tracking.ts';
import { api } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { Link } from '../router.tsx';
import { useSignedIn } from '../session.tsx';
import { isAdminRole } from '../team/permissions.ts';
import { NamedCatalog } from './NamedCatalog.tsx';
import { AdminPage } from './parts.tsx';

// Clients / Klienti: everyone reads them; owners and admins create, rename, archive and restore.
export function ClientsScreen() {
  const { t, tp } = useI18n();
  const { profile } = useSignedIn();
  const canEdit = isAdminRole(profile.role);
  const [projectCounts, setProjectCounts] = useState<Map<string, number>>(new Map());
  return (
    <AdminPage title={t('clients.title')} intro={t('clients.intro')}>
      <NamedCatalog
        canEdit={canEdit}
        texts={{
          newLabel: t('clients.new'),
          newSubmit: t('clients.add'),
          created: (name) => t('clients.created', { name }),
          renameLabel: (name) => t('clients.renameLabel', { name }),
          archived: (name) => t('clients.archived', { name }),
          restored: (name) => t('clients.restored', { name }),
          empty: t('clients.empty'),
          emptyReadOnly: t('clients.emptyReadOnly'),
          listLabel: t('clients.title'),
        }}
        load={async () => {
          const [clients, projects] = await Promise.all([api.call(listClients), api.call(listProjects)]);
          if (projects.ok) {
            const counts = new Map<string, number>();
            for (const project of projects.data.items)
              if (project.clientId && !project.archived) counts.set(project.clientId, (counts.get(project.clientId) ?? 0) + 1);
            setProjectCounts(counts);
          }
          return clients;
        }}
        create={(name) => api.call(createClient, { body: { name } })}
        update={(item, changes) => api.call(updateClient, { params: { id: item.id }, body: { version: item.version, ...changes } })}
        detail={(item) => tp('clients.projectCount', projectCounts.get(item.id) ?? 0)}
      />
      <p className="catalog-links">
        <Link to="/projects">{t('clients.toProjects')}</Link>
      </p>
    </AdminPage>
  );
}
