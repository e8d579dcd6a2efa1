import { type FormEvent, type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ApiResult } from '../../../src/contract/client.ts';
import type { ApiError } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { Link } from '../router.tsx';
import { Frame, ScreenTitle } from '../shell/Frame.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { Problem } from '../ui/problem.tsx';
import './catalog.css';

// Parts the catalogue, team and settings screens share: loading an answer, the "not allowed"
// state, inline renaming, the archived filter and a confirmation dialog.

export type Resource<T> = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; data: T };

/** loads once (and on reload()); `set` replaces the data after a change the server confirmed */
export function useResource<T>(load: () => Promise<ApiResult<T>>): {
  resource: Resource<T>;
  reload: () => Promise<void>;
  set: (update: (data: T) => T) => void;
} {
  const [resource, setResource] = useState<Resource<T>>({ status: 'loading' });
  const loader = useRef(load);
  loader.current = load;
  const reload = useCallback(async () => {
    const result = await loader.current();
    setResource(result.ok ? { status: 'ready', data: result.data } : { status: 'error', error: result.error });
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  const set = useCallback(
    (update: (data: T) => T) =>
      setResource((current) => (current.status === 'ready' ? { status: 'ready', data: update(current.data) } : current)),
    [],
  );
  return { resource, reload, set };
}

/** a screen of this area: the frame, the title and the page */
export function AdminPage({
  title,
  intro,
  children,
  className,
}: {
  title: string;
  intro?: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <Frame>
      <main className={`page catalog-page ${className ?? ''}`} id="main">
        <ScreenTitle>{title}</ScreenTitle>
        {intro && <p className="muted catalog-intro">{intro}</p>}
        {children}
      </main>
    </Frame>
  );
}

/** what someone whose role may not use a screen sees when they type its address */
export function NotAllowed({ title }: { title: string }) {
  const { t } = useI18n();
  return (
    <AdminPage title={title}>
      <div className="not-allowed" data-testid="not-allowed">
        <h2>{t('admin.notAllowed.title')}</h2>
        <p>{t('admin.notAllowed.body')}</p>
        <p>
          <Link to="/">{t('notFound.home')}</Link>
        </p>
      </div>
    </AdminPage>
  );
}

/** loading, a refusal with Try again, or the content */
export function Loaded<T>({ resource, reload, children }: { resource: Resource<T>; reload: () => void; children: (data: T) => ReactNode }) {
  const { t } = useI18n();
  if (resource.status === 'loading')
    return (
      <p className="muted" aria-live="polite">
        {t('state.loading')}
      </p>
    );
  if (resource.status === 'error') {
    return (
      <div>
        <Problem error={resource.error} />
        <button type="button" onClick={reload}>
          {t('action.retry')}
        </button>
      </div>
    );
  }
  return <>{children(resource.data)}</>;
}

/** "Show archived (2)": the archived items are there, one click away */
export function ShowArchived({ count, checked, onChange }: { count: number; checked: boolean; onChange: (value: boolean) => void }) {
  const { t } = useI18n();
  if (count === 0) return null;
  return (
    <label className="check show-archived">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      {t('catalog.showArchived', { count })}
    </label>
  );
}

/** a name with a Rename button that turns into a small form (Enter saves, Esc cancels) */
export function RenameableName({
  name,
  label,
  canRename,
  onRename,
  children,
}: {
  name: string;
  label: string;
  canRename: boolean;
  onRename: (name: string) => Promise<ApiError | null>;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(name);
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const id = useId();
  const opener = useRef<HTMLButtonElement>(null);
  if (!editing) {
    return (
      <div className="item-name">
        {children ?? <span className="item-title">{name}</span>}
        {canRename && (
          <button
            ref={opener}
            type="button"
            className="link-button"
            onClick={() => {
              setValue(name);
              setError(null);
              setEditing(true);
            }}
          >
            {t('catalog.rename')}
            <span className="sr-only"> {name}</span>
          </button>
        )}
      </div>
    );
  }
  const close = () => {
    setEditing(false);
    window.setTimeout(() => opener.current?.focus(), 0);
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (value.trim() === '') return setError({ status: 400, code: 'validation_failed', message: t('catalog.nameRequired') });
    if (value.trim() === name) return close();
    setSaving(true);
    const refused = await onRename(value.trim());
    setSaving(false);
    if (refused) setError(refused);
    else close();
  }
  return (
    <form
      className="rename-form"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          close();
        }
      }}
    >
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        id={id}
        value={value}
        autoFocus
        maxLength={200}
        onChange={(event) => setValue(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-problem` : undefined}
      />
      <button type="submit" className="primary" disabled={saving}>
        {t('action.save')}
      </button>
      <button type="button" onClick={close}>
        {t('action.cancel')}
      </button>
      <Problem error={error} id={`${id}-problem`} />
    </form>
  );
}

/** "Are you sure?" for what Undo cannot take back (revoke, deactivate) */
export function Confirm({
  title,
  body,
  confirm,
  onConfirm,
  onClose,
  danger = true,
}: {
  title: string;
  body: string;
  confirm: string;
  onConfirm: () => Promise<ApiError | null>;
  onClose: () => void;
  danger?: boolean;
}) {
  const { t } = useI18n();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog title={title} onClose={onClose} initialFocus=".confirm-cancel">
      <p>{body}</p>
      <Problem error={error} />
      <div className="form-actions">
        <button type="button" className="confirm-cancel" onClick={onClose}>
          {t('action.cancel')}
        </button>
        <button
          type="button"
          className={danger ? 'danger primary' : 'primary'}
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            const refused = await onConfirm();
            setBusy(false);
            if (refused) setError(refused);
            else onClose();
          }}
        >
          {confirm}
        </button>
      </div>
    </Dialog>
  );
}

/** an "add one" form: a name field and a button; the field empties after a success */
export function CreateByName({
  label,
  submit,
  placeholder,
  onCreate,
}: {
  label: string;
  submit: string;
  placeholder?: string;
  onCreate: (name: string) => Promise<ApiError | null>;
}) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const id = useId();
  async function create(event: FormEvent) {
    event.preventDefault();
    if (name.trim() === '') return setError({ status: 400, code: 'validation_failed', message: t('catalog.nameRequired') });
    setSaving(true);
    const refused = await onCreate(name.trim());
    setSaving(false);
    setError(refused);
    if (!refused) setName('');
  }
  return (
    <form className="create-form" onSubmit={create} noValidate>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <div className="create-row">
          <input
            id={id}
            value={name}
            maxLength={200}
            placeholder={placeholder}
            onChange={(event) => setName(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-problem` : undefined}
          />
          <button type="submit" className="primary" disabled={saving}>
            {submit}
          </button>
        </div>
      </div>
      <Problem error={error} id={`${id}-problem`} />
    </form>
  );
}

export function ArchivedBadge() {
  const { t } = useI18n();
  return <span className="badge badge-muted">{t('catalog.archived')}</span>;
}
