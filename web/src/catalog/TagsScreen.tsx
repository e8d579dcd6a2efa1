import { createTag, listTags, updateTag } from '../../../src/contract/tracking.ts';
import { api } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { Link } from '../router.tsx';
import { useSignedIn } from '../session.tsx';
import { isAdminRole } from '../team/permissions.ts';
import { NamedCatalog } from './NamedCatalog.tsx';
import { AdminPage } from './parts.tsx';

// Tags / Štítky: an archived tag stays on its records but is no longer offered for new ones.
export function TagsScreen() {
  const { t } = useI18n();
  const { profile } = useSignedIn();
  const canEdit = isAdminRole(profile.role);
  return (
    <AdminPage title={t('tags.title')} intro={t('tags.intro')}>
      <NamedCatalog
        canEdit={canEdit}
        texts={{
          newLabel: t('tags.new'),
          newSubmit: t('tags.add'),
          created: (name) => t('tags.created', { name }),
          renameLabel: (name) => t('tags.renameLabel', { name }),
          archived: (name) => t('tags.archived', { name }),
          restored: (name) => t('tags.restored', { name }),
          empty: t('tags.empty'),
          emptyReadOnly: t('tags.emptyReadOnly'),
          listLabel: t('tags.title'),
        }}
        load={() => api.call(listTags)}
        create={(name) => api.call(createTag, { body: { name } })}
        update={(item, changes) => api.call(updateTag, { params: { id: item.id }, body: { version: item.version, ...changes } })}
      />
      <p className="catalog-links">
        <Link to="/projects">{t('clients.toProjects')}</Link>
      </p>
    </AdminPage>
  );
}
