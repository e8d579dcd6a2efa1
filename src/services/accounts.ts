import { type Preferences, type Profile, type Workday, withDefaultPreferences } from '../contract/account.ts';
import * as repo from '../db/accounts-repository.ts';
import type { UserRow } from '../db/accounts-repository.ts';
import type { Actor, Language } from '../domain/actor.ts';
import { AppError } from '../errors.ts';
import { definedOnly } from './defined-only.ts';
import type { Deps } from './deps.ts';
import { hashPassword, newId, randomToken, sha256, verifyPassword } from './secrets.ts';

export const SESSION_TTL_MS = 30 * 24 * 3600_000;

export type SignedIn = { user: Profile; sessionToken: string; csrfToken: string };

export function toProfile(user: UserRow): Profile {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organizationId: user.orgId,
    timeZone: user.timeZone,
    language: user.language,
    weekStart: user.weekStart,
    impulseWindow: { pastDays: user.impulsePastDays, futureDays: user.impulseFutureDays },
    preferences: withDefaultPreferences(user.preferences),
    workday: workdayOf(user),
    version: user.version,
  };
}

function workdayOf(user: UserRow): Workday {
  return {
    start: user.workStart,
    end: user.workEnd,
    days: [...user.workDays].sort((a, b) => a - b),
    targetMinutes: user.dailyTargetMinutes,
    nudgeAt: user.nudgeAt,
  };
}

// A partial workday merged into the stored one; the result must still end after it starts.
function mergedWorkday(user: UserRow, patch: Partial<Workday>): Workday {
  const merged = { ...workdayOf(user), ...definedOnly(patch) };
  if (merged.end <= merged.start) {
    throw new AppError('validation_failed', 'workday ends before it starts', {}, [
      { path: 'body.workday.end', message: 'must be after start' },
    ]);
  }
  return { ...merged, days: [...merged.days].sort((a, b) => a - b) };
}

export function toActor(user: UserRow, via: Actor['via'], lockedUntil?: string | null): Actor {
  return {
    userId: user.id,
    orgId: user.orgId,
    role: user.role,
    language: user.language,
    timeZone: user.timeZone,
    weekStart: user.weekStart,
    via,
    ...(lockedUntil !== undefined && { lockedUntil }),
  };
}

async function startSession(deps: Deps, user: UserRow): Promise<SignedIn> {
  const sessionToken = randomToken();
  const csrfToken = randomToken(18);
  await repo.insertSession(deps.db, {
    tokenHash: sha256(sessionToken),
    userId: user.id,
    orgId: user.orgId,
    csrfToken,
    expiresAt: new Date(deps.now().getTime() + SESSION_TTL_MS),
  });
  return { user: toProfile(user), sessionToken, csrfToken };
}

export type SignupInput = {
  email: string;
  password: string;
  name: string;
  organizationName: string;
  timeZone?: string | undefined;
  language?: Language | undefined;
};

// Creates the user and their organisation; used by the API (sign-up) and `kairos user create`.
export async function createAccount(deps: Deps, input: SignupInput): Promise<UserRow> {
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction(async (tx) => {
    const org = await repo.insertOrganization(tx, { id: newId(), name: input.organizationName });
    const user = await repo.insertUser(tx, {
      id: newId(),
      orgId: org.id,
      email: input.email.trim(),
      name: input.name,
      passwordHash,
      role: 'owner',
      timeZone: input.timeZone ?? 'UTC',
      language: input.language ?? 'en',
    });
    if (!user) throw new AppError('email_taken', 'e-mail already registered');
    return user;
  });
}

export async function signup(deps: Deps, input: SignupInput): Promise<SignedIn> {
  if (deps.signup === 'closed') throw new AppError('signup_closed', 'public sign-up is closed');
  return startSession(deps, await createAccount(deps, input));
}

export async function login(deps: Deps, email: string, password: string): Promise<SignedIn> {
  const user = await repo.findUserByEmail(deps.db, email);
  const valid = await verifyPassword(user?.active ? user.passwordHash : null, password);
  if (!user || !valid) throw new AppError('invalid_credentials', 'wrong e-mail or password');
  return startSession(deps, user);
}

export async function logout(deps: Deps, sessionToken: string): Promise<void> {
  await repo.deleteSession(deps.db, sha256(sessionToken));
}

export type Authenticated = { actor: Actor; csrfToken: string | null };

export async function authenticateSession(deps: Deps, sessionToken: string): Promise<Authenticated | null> {
  const found = await repo.findSessionUser(deps.db, sha256(sessionToken), deps.now());
  return found ? { actor: toActor(found.user, 'session', found.lockedUntil), csrfToken: found.session.csrfToken } : null;
}

export const TOKEN_PREFIX = 'kairos_';

export async function authenticateToken(deps: Deps, token: string): Promise<Authenticated | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const found = await repo.findTokenUser(deps.db, sha256(token));
  if (!found) return null;
  const now = deps.now();
  const lastTouched = recentTouches.get(found.token.id);
  if (lastTouched === undefined || now.getTime() - lastTouched >= TOUCH_INTERVAL_MS) {
    if (recentTouches.size >= 10_000) recentTouches.clear();
    recentTouches.set(found.token.id, now.getTime());
    await repo.touchApiToken(deps.db, found.token.id, now);
  }
  return { actor: toActor(found.user, 'token', found.lockedUntil), csrfToken: null };
}

// lastUsedAt is kept to the minute: a busy script costs one write a minute, not one per request
const TOUCH_INTERVAL_MS = 60_000;
const recentTouches = new Map<string, number>();

export async function getProfile(deps: Deps, actor: Actor): Promise<Profile> {
  const user = await repo.findUser(deps.db, actor.orgId, actor.userId);
  if (!user) throw new AppError('unauthenticated', 'user vanished');
  return toProfile(user);
}

export type ProfileChanges = {
  version: number;
  name?: string | undefined;
  timeZone?: string | undefined;
  language?: Language | undefined;
  weekStart?: number | undefined;
  impulseWindow?: { pastDays: number; futureDays: number } | undefined;
  password?: { current: string; next: string } | undefined;
  preferences?: Partial<Preferences> | undefined;
  workday?: Partial<Workday> | undefined;
};

// The credential a request came with (as stored: hashed), kept when it changes the password.
export type CurrentCredential = { sessionToken?: string | undefined; apiToken?: string | undefined };

// A password change ends every other session and revokes every other API token: whoever knew the
// old password may have signed in or made a token with it. The session or token that made the
// change keeps working.
export async function updateProfile(deps: Deps, actor: Actor, changes: ProfileChanges, current: CurrentCredential = {}): Promise<Profile> {
  const stored = await repo.findUser(deps.db, actor.orgId, actor.userId);
  if (!stored) throw new AppError('unauthenticated', 'user vanished');
  if (stored.version !== changes.version) throw versionConflict(changes.version, stored.version);
  const workday = changes.workday && mergedWorkday(stored, changes.workday);
  let passwordHash: string | undefined;
  if (changes.password) {
    if (!(await verifyPassword(stored.passwordHash, changes.password.current))) {
      throw new AppError('validation_failed', 'current password is wrong', {}, [{ path: 'password.current', message: 'is wrong' }]);
    }
    passwordHash = await hashPassword(changes.password.next);
  }
  const updated = await deps.db.transaction(async (tx) => {
    const row = await repo.updateUser(tx, actor.orgId, actor.userId, changes.version, {
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.timeZone !== undefined && { timeZone: changes.timeZone }),
      ...(changes.language !== undefined && { language: changes.language }),
      ...(changes.weekStart !== undefined && { weekStart: changes.weekStart }),
      ...(changes.impulseWindow && {
        impulsePastDays: changes.impulseWindow.pastDays,
        impulseFutureDays: changes.impulseWindow.futureDays,
      }),
      ...(passwordHash && { passwordHash }),
      // a partial object: merged into what is stored (the version check keeps two tabs from losing each other's change)
      ...(changes.preferences && { preferences: { ...stored.preferences, ...definedOnly(changes.preferences) } }),
      ...(workday && {
        workStart: workday.start,
        workEnd: workday.end,
        workDays: workday.days,
        dailyTargetMinutes: workday.targetMinutes,
        nudgeAt: workday.nudgeAt,
      }),
    });
    if (row && passwordHash) {
      await repo.endCredentials(tx, actor.userId, deps.now(), {
        tokens: true,
        keepSessionHash: current.sessionToken && sha256(current.sessionToken),
        keepTokenHash: current.apiToken && sha256(current.apiToken),
      });
    }
    return row;
  });
  if (!updated) throw versionConflict(changes.version, stored.version + 1);
  return toProfile(updated);
}

export function versionConflict(sent: number, current: number): AppError {
  return new AppError('version_conflict', 'stale version', { sent, current }, { currentVersion: current });
}

// An administrator's reset (`kairos user reset-password`) assumes the account may be in someone
// else's hands: it ends every session and, unless told to keep them, revokes every API token.
export async function resetPassword(
  deps: Deps,
  email: string,
  options: { keepTokens?: boolean } = {},
): Promise<{ user: UserRow; password: string; ended: { sessions: number; tokens: number } }> {
  const user = await repo.findUserByEmail(deps.db, email.trim());
  if (!user) throw new AppError('not_found', 'no such user');
  const password = randomToken(12);
  const passwordHash = await hashPassword(password);
  const ended = await deps.db.transaction(async (tx) => {
    await repo.setPassword(tx, user.id, passwordHash);
    return repo.endCredentials(tx, user.id, deps.now(), { tokens: !options.keepTokens });
  });
  return { user, password, ended };
}

export async function acceptInvite(
  deps: Deps,
  input: { token: string; name: string; password: string; timeZone?: string | undefined; language?: Language | undefined },
): Promise<SignedIn> {
  const passwordHash = await hashPassword(input.password);
  const user = await deps.db.transaction(async (tx) => {
    const invite = await repo.claimInvite(tx, sha256(input.token), deps.now());
    if (!invite) throw new AppError('invite_invalid', 'invite used, expired or unknown');
    const created = await repo.insertUser(tx, {
      id: newId(),
      orgId: invite.orgId,
      email: invite.email,
      name: input.name,
      passwordHash,
      role: invite.role,
      timeZone: input.timeZone ?? 'UTC',
      language: input.language ?? 'en',
    });
    if (!created) throw new AppError('email_taken', 'e-mail registered meanwhile');
    return created;
  });
  return startSession(deps, user);
}
