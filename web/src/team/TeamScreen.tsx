import { type FormEvent, useId, useState } from 'react';
import { createInvite, deleteInvite, listInvites, listMembers, updateMember } from '../../../src/contract/account.ts';
import type { Response } from '../../../src/contract/client.ts';
import { api, type ApiError } from '../api.ts';
import { AdminPage, Confirm, Loaded, NotAllowed, useResource } from '../catalog/parts.tsx';
import { useI18n } from '../i18n.tsx';
import { useSignedIn } from '../session.tsx';
import { useAnnounce } from '../ui/announcer.tsx';
import { Problem } from '../ui/problem.tsx';
import { CopyField } from './CopyField.tsx';
import { ASSIGNABLE_ROLES, type AssignableRole, canChangeMember, isAdminRole } from './permissions.ts';
import { isEmailAddress, sortMembers } from './team-view.ts';
import './team.css';

type Member = Response<typeof listMembers>['items'][number];
type Invite = Response<typeof listInvites>['items'][number];
type CreatedInvite = Response<typeof createInvite>;

// Team / Tým (owners and admins): the members with their role and status, role changes,
// deactivation, and invitations by a one-time link to copy (Kairos sends no e-mail).
export function TeamScreen() {
  const { t } = useI18n();
  const { profile } = useSignedIn();
  if (!isAdminRole(profile.role)) return <NotAllowed title={t('team.title')} />;
  return <Team />;
}

function Team() {
  const { t } = useI18n();
  const { resource, reload, set } = useResource(async () => {
    const [members, invites] = await Promise.all([api.call(listMembers), api.call(listInvites)]);
    if (!members.ok) return members;
    if (!invites.ok) return invites;
    return { ...members, data: { members: members.data.items, invites: invites.data.items } };
  });
  const replaceMember = (member: Member) =>
    set((data) => ({ ...data, members: data.members.map((each) => (each.id === member.id ? member : each)) }));
  return (
    <AdminPage title={t('team.title')} intro={t('team.intro')} className="team-page">
      <Loaded resource={resource} reload={() => void reload()}>
        {({ members, invites }) => (
          <>
            <Members members={members} onSaved={replaceMember} onConflict={() => void reload()} />
            <Invitations
              invites={invites}
              onCreated={(invite) =>
                set((data) => ({ ...data, invites: [...data.invites.filter((each) => each.id !== invite.id), invite] }))
              }
              onRevoked={(invite) => set((data) => ({ ...data, invites: data.invites.filter((each) => each.id !== invite.id) }))}
            />
          </>
        )}
      </Loaded>
    </AdminPage>
  );
}

function Members({ members, onSaved, onConflict }: { members: Member[]; onSaved: (member: Member) => void; onConflict: () => void }) {
  const { t, lang } = useI18n();
  const { profile } = useSignedIn();
  return (
    <section className="catalog-card" aria-labelledby="team-members-title">
      <h2 id="team-members-title">{t('team.members.title')}</h2>
      <p className="muted">{t('team.roles.help')}</p>
      <ul className="catalog-list" aria-label={t('team.members.list')}>
        {sortMembers(members, lang).map((member) => (
          <MemberItem
            key={member.id}
            member={member}
            canChange={canChangeMember({ id: profile.id, role: profile.role }, member)}
            isSelf={member.id === profile.id}
            onSaved={onSaved}
            onConflict={onConflict}
          />
        ))}
      </ul>
    </section>
  );
}

function MemberItem({
  member,
  canChange,
  isSelf,
  onSaved,
  onConflict,
}: {
  member: Member;
  canChange: boolean;
  isSelf: boolean;
  onSaved: (member: Member) => void;
  onConflict: () => void;
}) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const id = useId();
  const [role, setRole] = useState<AssignableRole>(member.role === 'owner' ? 'member' : member.role);
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const [confirming, setConfirming] = useState(false);

  async function change(body: { role?: AssignableRole; active?: boolean }): Promise<ApiError | null> {
    const result = await api.call(updateMember, { params: { id: member.id }, body: { version: member.version, ...body } });
    if (!result.ok) {
      if (result.error.code === 'version_conflict') {
        onConflict();
        return { ...result.error, hint: t('team.conflict') };
      }
      return result.error;
    }
    onSaved(result.data);
    return null;
  }

  async function saveRole(event: FormEvent) {
    event.preventDefault();
    if (role === member.role) return;
    setSaving(true);
    const refused = await change({ role });
    setSaving(false);
    setError(refused);
    if (!refused) announce(t('team.roleSaved', { name: member.name, role: t(`role.${role}`) }));
  }

  return (
    <li className={`catalog-item team-member${member.active ? '' : ' is-archived'}`} data-member={member.email}>
      <div className="item-name">
        <span className="item-title">
          {member.name} {isSelf && <span className="muted">{t('team.you')}</span>}
        </span>
        <span className="muted member-email">{member.email}</span>
        <span className="member-badges">
          {(!canChange || member.role === 'owner') && <span className="badge badge-role">{t(`role.${member.role}`)}</span>}
          <span className={`badge ${member.active ? 'badge-ok' : 'badge-muted'}`}>
            {t(member.active ? 'team.status.active' : 'team.status.inactive')}
          </span>
        </span>
      </div>
      {canChange ? (
        <form className="member-form team-member-form" onSubmit={saveRole} noValidate aria-label={t('team.roleOf', { name: member.name })}>
          <div className="field">
            <label htmlFor={`${id}-role`}>
              {t('team.role')}
              <span className="sr-only"> {member.name}</span>
            </label>
            <select id={`${id}-role`} value={role} onChange={(event) => setRole(event.target.value as AssignableRole)}>
              {ASSIGNABLE_ROLES.map((each) => (
                <option key={each} value={each}>
                  {t(`role.${each}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="member-actions">
            <button type="submit" disabled={saving || role === member.role}>
              {t('team.saveRole')}
              <span className="sr-only"> {member.name}</span>
            </button>
            <button type="button" className={member.active ? 'danger' : undefined} onClick={() => setConfirming(true)}>
              {t(member.active ? 'team.deactivate' : 'team.reactivate')}
              <span className="sr-only"> {member.name}</span>
            </button>
          </div>
          <Problem error={error} />
        </form>
      ) : (
        <p className="item-detail muted team-fixed">
          {member.role === 'owner' ? t('team.ownerFixed') : isSelf ? t('team.selfFixed') : null}
        </p>
      )}
      {confirming && (
        <Confirm
          title={t(member.active ? 'team.deactivate.title' : 'team.reactivate.title', { name: member.name })}
          body={t(member.active ? 'team.deactivate.body' : 'team.reactivate.body', { name: member.name })}
          confirm={t(member.active ? 'team.deactivate' : 'team.reactivate')}
          danger={member.active}
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const active = !member.active;
            const refused = await change({ active });
            if (!refused) announce(t(active ? 'team.reactivated' : 'team.deactivated', { name: member.name }));
            return refused;
          }}
        />
      )}
    </li>
  );
}

function Invitations({
  invites,
  onCreated,
  onRevoked,
}: {
  invites: Invite[];
  onCreated: (invite: Invite) => void;
  onRevoked: (invite: Invite) => void;
}) {
  const { t, date, dateOf } = useI18n();
  const announce = useAnnounce();
  const [created, setCreated] = useState<CreatedInvite | null>(null);
  const [revoking, setRevoking] = useState<Invite | null>(null);
  const pending = [...invites].sort((a, b) => a.email.localeCompare(b.email));
  return (
    <section className="catalog-card" aria-labelledby="team-invite-title">
      <h2 id="team-invite-title">{t('team.invite.title')}</h2>
      <p className="muted">{t('team.invite.intro')}</p>
      <InviteForm
        onCreated={(invite) => {
          setCreated(invite);
          onCreated({ id: invite.id, email: invite.email, role: invite.role, expiresAt: invite.expiresAt, acceptedAt: invite.acceptedAt });
          announce(t('team.invite.created', { email: invite.email }));
        }}
      />
      {created && (
        <div className="copy-box" role="group" aria-labelledby="team-invite-link-title" data-testid="invite-link">
          <h3 id="team-invite-link-title">{t('team.invite.linkTitle', { email: created.email })}</h3>
          <p>{t('team.invite.linkHelp', { email: created.email, date: date(dateOf(created.expiresAt)) })}</p>
          <CopyField label={t('team.invite.linkLabel')} value={created.link} />
          <button type="button" onClick={() => setCreated(null)}>
            {t('team.invite.hide')}
          </button>
        </div>
      )}
      <h3 id="team-invites-title">{t('team.invites.title')}</h3>
      {pending.length === 0 ? (
        <p className="empty-state">{t('team.invites.empty')}</p>
      ) : (
        <ul className="catalog-list" aria-labelledby="team-invites-title">
          {pending.map((invite) => (
            <li key={invite.id} className="catalog-item" data-invite={invite.email}>
              <div className="item-name">
                <span className="item-title">{invite.email}</span>
                <span className="badge badge-role">{t(`role.${invite.role}`)}</span>
              </div>
              <span className="item-detail muted">{t('team.invites.expires', { date: date(dateOf(invite.expiresAt)) })}</span>
              <div className="item-actions">
                <button type="button" className="danger" onClick={() => setRevoking(invite)}>
                  {t('team.invites.revoke')}
                  <span className="sr-only"> {invite.email}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {revoking && (
        <Confirm
          title={t('team.invites.revoke.title', { email: revoking.email })}
          body={t('team.invites.revoke.body', { email: revoking.email })}
          confirm={t('team.invites.revoke')}
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            const result = await api.call(deleteInvite, { params: { id: revoking.id } });
            if (!result.ok && result.error.code !== 'not_found') return result.error;
            onRevoked(revoking);
            if (created?.id === revoking.id) setCreated(null);
            announce(t('team.invites.revoked', { email: revoking.email }));
            return null;
          }}
        />
      )}
    </section>
  );
}

function InviteForm({ onCreated }: { onCreated: (invite: CreatedInvite) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<AssignableRole>('member');
  const [error, setError] = useState<ApiError | null>(null);
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!isEmailAddress(email)) return setInvalid(true);
    setInvalid(false);
    setBusy(true);
    const result = await api.call(createInvite, { body: { email: email.trim(), role } });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    setEmail('');
    setRole('member');
    onCreated(result.data);
  }
  return (
    <form className="invite-form" onSubmit={submit} noValidate aria-labelledby="team-invite-title">
      <div className="field invite-email">
        <label htmlFor={`${id}-email`}>{t('team.invite.email')}</label>
        <input
          id={`${id}-email`}
          type="email"
          autoComplete="off"
          value={email}
          maxLength={254}
          onChange={(event) => setEmail(event.target.value)}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? `${id}-email-error` : undefined}
        />
        {invalid && (
          <p id={`${id}-email-error`} className="field-error">
            {t('team.invite.emailInvalid')}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-role`}>{t('team.invite.role')}</label>
        <select id={`${id}-role`} value={role} onChange={(event) => setRole(event.target.value as AssignableRole)}>
          {ASSIGNABLE_ROLES.map((each) => (
            <option key={each} value={each}>
              {t(`role.${each}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="invite-submit">
        <button type="submit" className="primary" disabled={busy}>
          {t('team.invite.submit')}
        </button>
      </div>
      <Problem error={error} />
    </form>
  );
}
