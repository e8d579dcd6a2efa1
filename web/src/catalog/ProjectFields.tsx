import { useId } from 'react';
import { fieldErrors } from '../auth/auth-logic.ts';
import type { ApiError } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { parseRate } from './catalog-view.ts';

export type ProjectDraft = { name: string; clientId: string; color: string; billable: boolean; rate: string };

/** the body a draft becomes, or null while the rate cannot be read */
export function projectBody(
  draft: ProjectDraft,
): { name: string; clientId: string | null; color: string; billable: boolean; hourlyRate: number | null } | null {
  const rate = parseRate(draft.rate);
  if (rate === 'invalid') return null;
  return { name: draft.name.trim(), clientId: draft.clientId || null, color: draft.color, billable: draft.billable, hourlyRate: rate };
}

// Name, client, colour, billable default and hourly rate of a project (create and edit).
export function ProjectFields({
  draft,
  onChange,
  clients,
  error,
  currency,
}: {
  draft: ProjectDraft;
  onChange: (draft: ProjectDraft) => void;
  clients: Array<{ id: string; name: string; archived: boolean }>;
  error: ApiError | null;
  currency: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const fields = fieldErrors(error);
  const rateInvalid = parseRate(draft.rate) === 'invalid';
  const set = (patch: Partial<ProjectDraft>) => onChange({ ...draft, ...patch });
  const rateError = rateInvalid ? t('projects.rate.invalid') : fields.hourlyRate;
  return (
    <div className="project-fields">
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('projects.name')}</label>
        <input
          id={`${id}-name`}
          value={draft.name}
          maxLength={200}
          onChange={(event) => set({ name: event.target.value })}
          aria-invalid={fields.name ? true : undefined}
          aria-describedby={fields.name ? `${id}-name-error` : undefined}
        />
        {fields.name && (
          <p id={`${id}-name-error`} className="field-error">
            {fields.name}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-client`}>{t('projects.client')}</label>
        <select id={`${id}-client`} value={draft.clientId} onChange={(event) => set({ clientId: event.target.value })}>
          <option value="">{t('projects.noClient')}</option>
          {clients
            .filter((client) => !client.archived || client.id === draft.clientId)
            .map((client) => (
              <option key={client.id} value={client.id}>
                {client.name}
              </option>
            ))}
        </select>
      </div>
      <div className="field field-color">
        <label htmlFor={`${id}-color`}>{t('projects.color')}</label>
        <input id={`${id}-color`} type="color" value={draft.color} onChange={(event) => set({ color: event.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-rate`}>{t('projects.rate', { currency })}</label>
        <input
          id={`${id}-rate`}
          inputMode="decimal"
          value={draft.rate}
          onChange={(event) => set({ rate: event.target.value })}
          aria-invalid={rateError ? true : undefined}
          aria-describedby={`${id}-rate-help${rateError ? ` ${id}-rate-error` : ''}`}
        />
        {rateError && (
          <p id={`${id}-rate-error`} className="field-error">
            {rateError}
          </p>
        )}
        <p id={`${id}-rate-help`} className="field-help">
          {t('projects.rate.help')}
        </p>
      </div>
      <label className="check field">
        <input type="checkbox" checked={draft.billable} onChange={(event) => set({ billable: event.target.checked })} />
        {t('projects.billable')}
      </label>
    </div>
  );
}
