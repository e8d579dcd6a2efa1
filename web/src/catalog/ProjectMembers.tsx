import { type FormEvent, useId, useState } from 'react';
import type { listMembers } from '../../../src/contract/account.ts';
import type { Response } from '../../../src/contract/client.ts';
import { deleteProjectMember, type getProject, putProjectMember } from '../../../src/contract/tracking.ts';
import { api, type ApiError } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { useSignedIn } from '../session.tsx';
import { useAnnounce } from '../ui/announcer.tsx';
import { Problem } from '../ui/problem.tsx';
import { formatRate, parseRate, rateText } from './catalog-view.ts';

type Project = Response<typeof getProject>;
type ProjectMember = NonNullable<Project['members']>[number];
type Person = Response<typeof listMembers>['items'][number];
type ProjectRole = ProjectMember['role'];

// A project's members with their project role (manager: manages its tasks and sees its records)
// and hourly rate (over the project's). Owners and admins change them; managers read them.
export function ProjectMembers({
  project,
  people,
  canEdit,
  onChanged,
}: {
  project: Project;
  people: Person[];
  canEdit: boolean;
  onChanged: (members: ProjectMember[]) => void;
}) {
  const { t, lang } = useI18n();
  const { organization } = useSignedIn();
  const announce = useAnnounce();
  const members = project.members ?? [];
  const candidates = people.filter((person) => person.active && !members.some((member) => member.userId === person.id));

  async function put(userId: string, role: ProjectRole, hourlyRate: number | null): Promise<ApiError | null> {
    const result = await api.call(putProjectMember, { params: { id: project.id, userId }, body: { role, hourlyRate } });
    if (!result.ok) return result.error;
    const exists = members.some((member) => member.userId === userId);
    onChanged(exists ? members.map((member) => (member.userId === userId ? result.data : member)) : [...members, result.data]);
    return null;
  }

  async function remove(member: ProjectMember) {
    const result = await api.call(deleteProjectMember, { params: { id: project.id, userId: member.userId } });
    if (!result.ok) return announce(result.error.message, { tone: 'error', ...(result.error.hint && { hint: result.error.hint }) });
    onChanged(members.filter((item) => item.userId !== member.userId));
    announce(t('members.removed', { name: member.name }), {
      undo: async () => {
        const back = await put(member.userId, member.role, member.hourlyRate);
        if (back) announce(back.message, { tone: 'error' });
      },
    });
  }

  return (
    <section className="catalog-card" aria-labelledby="members-title">
      <h2 id="members-title">{t('members.title')}</h2>
      <p className="muted">{t('members.intro')}</p>
      {members.length === 0 ? (
        <p className="empty-state">{t('members.empty')}</p>
      ) : (
        <ul className="catalog-list" aria-label={t('members.title')}>
          {members.map((member) => (
            <li key={member.userId} className="catalog-item member-item" data-item={member.name}>
              <div className="item-name">
                <span className="item-title">{member.name}</span>
                <span className="muted">{member.email}</span>
              </div>
              {canEdit ? (
                <MemberRow
                  member={member}
                  onSave={(role, rate) =>
                    put(member.userId, role, rate).then((error) => {
                      if (!error) announce(t('members.saved', { name: member.name }));
                      return error;
                    })
                  }
                  onRemove={() => void remove(member)}
                />
              ) : (
                <span className="item-detail muted">
                  {t(`members.role.${member.role}`)}
                  {member.hourlyRate !== null &&
                    ` · ${t('projects.ratePerHour', { rate: formatRate(member.hourlyRate, organization.currency, lang) })}`}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <AddMember
          candidates={candidates}
          onAdd={async (userId, role, rate) => {
            const error = await put(userId, role, rate);
            if (!error) announce(t('members.added', { name: people.find((person) => person.id === userId)?.name ?? '' }));
            return error;
          }}
        />
      )}
    </section>
  );
}

function RoleSelect({ id, value, onChange }: { id: string; value: ProjectRole; onChange: (role: ProjectRole) => void }) {
  const { t } = useI18n();
  return (
    <select id={id} value={value} onChange={(event) => onChange(event.target.value as ProjectRole)}>
      <option value="member">{t('members.role.member')}</option>
      <option value="manager">{t('members.role.manager')}</option>
    </select>
  );
}

function MemberRow({
  member,
  onSave,
  onRemove,
}: {
  member: ProjectMember;
  onSave: (role: ProjectRole, rate: number | null) => Promise<ApiError | null>;
  onRemove: () => void;
}) {
  const { t, lang } = useI18n();
  const { organization } = useSignedIn();
  const id = useId();
  const [role, setRole] = useState(member.role);
  const [rate, setRate] = useState(rateText(member.hourlyRate, lang));
  const [error, setError] = useState<ApiError | null>(null);
  const parsed = parseRate(rate);
  const dirty = role !== member.role || parsed !== member.hourlyRate;
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (parsed === 'invalid') return;
    setError(await onSave(role, parsed));
  }
  return (
    <form className="member-form" onSubmit={submit} noValidate aria-label={t('members.rowLabel', { name: member.name })}>
      <div className="field">
        <label htmlFor={`${id}-role`}>{t('members.role')}</label>
        <RoleSelect id={`${id}-role`} value={role} onChange={setRole} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-rate`}>{t('members.rate', { currency: organization.currency })}</label>
        <input
          id={`${id}-rate`}
          inputMode="decimal"
          value={rate}
          onChange={(event) => setRate(event.target.value)}
          aria-invalid={parsed === 'invalid' || undefined}
          aria-describedby={parsed === 'invalid' ? `${id}-rate-error` : undefined}
        />
        {parsed === 'invalid' && (
          <p id={`${id}-rate-error`} className="field-error">
            {t('projects.rate.invalid')}
          </p>
        )}
      </div>
      <div className="member-actions">
        <button type="submit" className="primary" disabled={!dirty || parsed === 'invalid'}>
          {t('action.save')}
          <span className="sr-only"> {member.name}</span>
        </button>
        <button type="button" className="danger" onClick={onRemove}>
          {t('members.remove')}
          <span className="sr-only"> {member.name}</span>
        </button>
      </div>
      <Problem error={error} />
    </form>
  );
}

function AddMember({
  candidates,
  onAdd,
}: {
  candidates: Person[];
  onAdd: (userId: string, role: ProjectRole, rate: number | null) => Promise<ApiError | null>;
}) {
  const { t } = useI18n();
  const { organization } = useSignedIn();
  const id = useId();
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<ProjectRole>('member');
  const [rate, setRate] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const parsed = parseRate(rate);
  if (candidates.length === 0) return <p className="muted">{t('members.everyoneIn')}</p>;
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!userId || parsed === 'invalid') return;
    const refused = await onAdd(userId, role, parsed);
    setError(refused);
    if (!refused) {
      setUserId('');
      setRate('');
      setRole('member');
    }
  }
  return (
    <form className="member-form add-member" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('members.add')}</h3>
      <div className="field">
        <label htmlFor={`${id}-person`}>{t('members.person')}</label>
        <select id={`${id}-person`} value={userId} onChange={(event) => setUserId(event.target.value)}>
          <option value="">{t('members.choose')}</option>
          {candidates.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name} ({person.email})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-role`}>{t('members.role')}</label>
        <RoleSelect id={`${id}-role`} value={role} onChange={setRole} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-rate`}>{t('members.rate', { currency: organization.currency })}</label>
        <input
          id={`${id}-rate`}
          inputMode="decimal"
          value={rate}
          onChange={(event) => setRate(event.target.value)}
          aria-invalid={parsed === 'invalid' || undefined}
          aria-describedby={`${id}-rate-help${parsed === 'invalid' ? ` ${id}-rate-error` : ''}`}
        />
        {parsed === 'invalid' && (
          <p id={`${id}-rate-error`} className="field-error">
            {t('projects.rate.invalid')}
          </p>
        )}
        <p id={`${id}-rate-help`} className="field-help">
          {t('members.rate.help')}
        </p>
      </div>
      <div className="member-actions">
        <button type="submit" className="primary" disabled={!userId || parsed === 'invalid'}>
          {t('members.addSubmit')}
        </button>
      </div>
      <Problem error={error} />
    </form>
  );
}
