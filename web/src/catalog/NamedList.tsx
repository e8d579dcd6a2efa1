import { type ReactNode, useState } from 'react';
import type { ApiResult } from '../../../src/contract/client.ts';
import type { ApiError } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { useAnnounce } from '../ui/announcer.tsx';
import { countArchived, sortCatalog, visibleCatalog } from './catalog-view.ts';
import { ArchivedBadge, CreateByName, RenameableName, ShowArchived } from './parts.tsx';

export type Named = { id: string; name: string; archived: boolean; version: number };

export type NamedTexts = {
  newLabel: string;
  newSubmit: string;
  created: (name: string) => string;
  renameLabel: (name: string) => string;
  archived: (name: string) => string;
  restored: (name: string) => string;
  empty: string;
  emptyReadOnly: string;
  listLabel: string;
};

// Items that are a name and can be archived (clients, tags, tasks): create, rename, archive with
// Undo and restore; read-only for those who may not change them.
export function NamedList<T extends Named>({
  items,
  texts,
  canEdit,
  create,
  update,
  onChange,
  onConflict,
  detail,
}: {
  items: T[];
  texts: NamedTexts;
  canEdit: boolean;
  create: (name: string) => Promise<ApiResult<T>>;
  update: (item: T, changes: { name?: string; archived?: boolean }) => Promise<ApiResult<T>>;
  onChange: (update: (items: T[]) => T[]) => void;
  onConflict: () => void;
  detail?: (item: T) => ReactNode;
}) {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const [showArchived, setShowArchived] = useState(false);
  const replace = (item: T) => onChange((current) => current.map((each) => (each.id === item.id ? item : each)));

  async function rename(item: T, name: string): Promise<ApiError | null> {
    const result = await update(item, { name });
    if (!result.ok) {
      if (result.error.code === 'version_conflict') onConflict();
      return result.error;
    }
    replace(result.data);
    return null;
  }

  async function archive(item: T, archived: boolean) {
    const result = await update(item, { archived });
    if (!result.ok) {
      announce(result.error.message, { tone: 'error', ...(result.error.hint && { hint: result.error.hint }) });
      if (result.error.code === 'version_conflict') onConflict();
      return;
    }
    replace(result.data);
    const saved = result.data;
    announce(archived ? texts.archived(item.name) : texts.restored(item.name), {
      undo: async () => {
        const back = await update(saved, { archived: !archived });
        if (back.ok) replace(back.data);
        else announce(back.error.message, { tone: 'error' });
      },
    });
  }

  const shown = sortCatalog(visibleCatalog(items, showArchived), lang);
  return (
    <>
      {canEdit && (
        <CreateByName
          label={texts.newLabel}
          submit={texts.newSubmit}
          onCreate={async (name) => {
            const result = await create(name);
            if (!result.ok) return result.error;
            onChange((current) => [...current, result.data]);
            announce(texts.created(name));
            return null;
          }}
        />
      )}
      <ShowArchived count={countArchived(items)} checked={showArchived} onChange={setShowArchived} />
      {items.length === 0 ? (
        <p className="empty-state">{canEdit ? texts.empty : texts.emptyReadOnly}</p>
      ) : (
        <ul className="catalog-list" aria-label={texts.listLabel}>
          {shown.map((item) => (
            <li key={item.id} className={`catalog-item${item.archived ? ' is-archived' : ''}`} data-item={item.name}>
              <RenameableName
                name={item.name}
                label={texts.renameLabel(item.name)}
                canRename={canEdit && !item.archived}
                onRename={(name) => rename(item, name)}
              >
                <span className="item-title">{item.name}</span>
                {item.archived && <ArchivedBadge />}
              </RenameableName>
              {detail && <span className="item-detail muted">{detail(item)}</span>}
              {canEdit && (
                <div className="item-actions">
                  <button type="button" onClick={() => void archive(item, !item.archived)}>
                    {item.archived ? t('catalog.restore') : t('catalog.archive')}
                    <span className="sr-only"> {item.name}</span>
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
