import type { ReactNode } from 'react';
import type { ApiResult } from '../../../src/contract/client.ts';
import { type Named, NamedList, type NamedTexts } from './NamedList.tsx';
import { Loaded, useResource } from './parts.tsx';

// A NamedList loaded from the API (clients, tags).
export function NamedCatalog<T extends Named>({
  load,
  ...rest
}: {
  texts: NamedTexts;
  canEdit: boolean;
  load: () => Promise<ApiResult<{ items: T[] }>>;
  create: (name: string) => Promise<ApiResult<T>>;
  update: (item: T, changes: { name?: string; archived?: boolean }) => Promise<ApiResult<T>>;
  detail?: (item: T) => ReactNode;
}) {
  const { resource, reload, set } = useResource(async () => {
    const result = await load();
    return result.ok ? { ...result, data: result.data.items } : result;
  });
  return (
    <Loaded resource={resource} reload={() => void reload()}>
      {(items) => <NamedList {...rest} items={items} onChange={set} onConflict={() => void reload()} />}
    </Loaded>
  );
}
