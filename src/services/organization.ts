import type { z } from 'zod';
import type { ApiToken, Invite, Member, Organization } from '../contract/account.ts';
import * as repo from '../db/accounts-repository.ts';
import { type Actor, isOrgAdmin, type Role } from '../domain/actor.ts';
import { AppError } from '../errors.ts';
import { TOKEN_PREFIX, versionConflict } from './accounts.ts';
import { definedOnly } from './defined-only.ts';
import type { Deps } from './deps.ts';
import { newId, randomToken, sha256 } from './secrets.ts';

export const INVITE_TTL_MS = 7 * 24 * 3600_000;

export function requireAdmin(actor: Actor): void {
  if (!isOrgAdmin(actor)) throw new AppError('forbidden', `role ${actor.role} may not do this`);
}

const toOrganization = (row: repo.OrganizationRow): z.infer<typeof Organization> => ({
  id: row.id,
  name: row.name,
  lockedUntil: row.lockedUntil,
  currency: row.currency,
  defaultHourlyRate: row.defaultHourlyRateCents === null ? null : row.defaultHourlyRateCents / 100,
  version: row.version,
});

export async function getOrganization(deps: Deps, actor: Actor) {
  const row = await repo.findOrganization(deps.db, actor.orgId);
  if (!row) throw new AppError('not_found', 'organisation vanished');
  return toOrganization(row);
}

export async function updateOrganization(
  deps: Deps,
  actor: Actor,
  changes: {
    version: number;
    name?: string | undefined;
    lockedUntil?: string | null | undefined;
    currency?: string | undefined;
    defaultHourlyRate?: number | null | undefined;
  },
) {
  requireAdmin(actor);
  const current = await getOrganization(deps, actor);
  const { version, defaultHourlyRate, ...rest } = changes;
  const rate =
    defaultHourlyRate === undefined
      ? {}
      : { defaultHourlyRateCents: defaultHourlyRate === null ? null : Math.round(defaultHourlyRate * 100) };
  const updated = await repo.updateOrganization(deps.db, actor.orgId, version, definedOnly({ ...rest, ...rate }));
  if (!updated) throw versionConflict(version, current.version);
  return toOrganization(updated);
}

const toMember = (row: repo.UserRow): z.infer<typeof Member> => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  active: row.active,
  version: row.version,
});

export async function listMembers(deps: Deps, actor: Actor) {
  return (await repo.listUsers(deps.db, actor.orgId)).map(toMember);
}

export async function updateMember(
  deps: Deps,
  actor: Actor,
  memberId: string,
  changes: { version: number; role?: Exclude<Role, 'owner'> | undefined; active?: boolean | undefined },
) {
  requireAdmin(actor);
  const member = await repo.findUser(deps.db, actor.orgId, memberId);
  if (!member) throw new AppError('not_found', 'no such member');
  // the owner's role is not for an admin to take away, nor for an owner to lose by accident
  if (member.role === 'owner') throw new AppError('forbidden', 'the owner cannot be changed');
  const updated = await repo.updateUser(deps.db, actor.orgId, memberId, changes.version, {
    ...(changes.role !== undefined && { role: changes.role }),
    ...(changes.active !== undefined && { active: changes.active }),
  });
  if (!updated) throw versionConflict(changes.version, member.version);
  return toMember(updated);
}

const toInvite = (row: repo.InviteRow): z.infer<typeof Invite> => ({
  id: row.id,
  email: row.email,
  role: row.role,
  expiresAt: row.expiresAt.toISOString(),
  acceptedAt: row.acceptedAt?.toISOString() ?? null,
});

export function inviteLink(deps: Deps, token: string): string {
  return `${deps.publicUrl.replace(/\/$/, '')}/invite#${token}`;
}

// Owners/admins invite; `kairos user invite` calls this with the organisation's owner as actor.
export async function createInvite(deps: Deps, actor: Actor, input: { email: string; role: Exclude<Role, 'owner'> }) {
  requireAdmin(actor);
  if (await repo.findUserByEmail(deps.db, input.email)) throw new AppError('email_taken', 'already a user');
  const token = randomToken();
  const row = await repo.insertInvite(deps.db, {
    id: newId(),
    orgId: actor.orgId,
    email: input.email.trim(),
    role: input.role,
    tokenHash: sha256(token),
    invitedBy: actor.userId,
    expiresAt: new Date(deps.now().getTime() + INVITE_TTL_MS),
  });
  return { ...toInvite(row), token, link: inviteLink(deps, token) };
}

export async function listInvites(deps: Deps, actor: Actor) {
  requireAdmin(actor);
  return (await repo.listOpenInvites(deps.db, actor.orgId, deps.now())).map(toInvite);
}

export async function deleteInvite(deps: Deps, actor: Actor, inviteId: string) {
  requireAdmin(actor);
  if (!(await repo.deleteInvite(deps.db, actor.orgId, inviteId))) throw new AppError('not_found', 'no such invite');
}

const toToken = (row: repo.ApiTokenRow): z.infer<typeof ApiToken> => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

export async function listTokens(deps: Deps, actor: Actor) {
  return (await repo.listApiTokens(deps.db, actor.userId)).map(toToken);
}

// The secret is returned once; only its hash is stored.
export async function createToken(deps: Deps, actor: Actor, name: string) {
  const token = `${TOKEN_PREFIX}${randomToken()}`;
  const row = await repo.insertApiToken(deps.db, {
    id: newId(),
    orgId: actor.orgId,
    userId: actor.userId,
    name,
    tokenHash: sha256(token),
    prefix: token.slice(0, TOKEN_PREFIX.length + 4),
  });
  return { ...toToken(row), token };
}

export async function revokeToken(deps: Deps, actor: Actor, tokenId: string) {
  if (!(await repo.revokeApiToken(deps.db, actor.userId, tokenId, deps.now()))) throw new AppError('not_found', 'no such token');
}
