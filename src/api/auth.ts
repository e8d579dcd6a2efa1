import '@fastify/cookie';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../domain/actor.ts';
import { AppError } from '../errors.ts';
import { bindLogFields } from '../log.ts';
import { authenticateSession, authenticateToken, SESSION_TTL_MS } from '../services/accounts.ts';
import type { Deps } from '../services/deps.ts';

export const SESSION_COOKIE = 'kairos_session';
export const CSRF_COOKIE = 'kairos_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    /** a read begun with a remembered actor: the authentication query that must confirm it */
    actorConfirmation?: Promise<Actor | null>;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// Our own origin is the Host the request came to, or KAIROS_PUBLIC_URL: a proxy may rewrite Host.
function isSameOrigin(request: FastifyRequest, publicUrl: string): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  try {
    const sent = new URL(origin);
    return sent.host === request.headers.host || sent.origin === new URL(publicUrl).origin;
  } catch {
    return false;
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  return authorization === undefined ? undefined : /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
}

// Bearer tokens need no CSRF protection (a browser never adds them by itself); cookie-authenticated
// writes must echo the readable kairos_csrf cookie in X-CSRF-Token and come from our own origin.
// `readOnly`: a read that may start with the actor this credential had on its last request while
// the authentication query runs beside it (see confirmActor).
export async function authenticate(deps: Deps, request: FastifyRequest, required: boolean, readOnly = false): Promise<void> {
  const bearer = request.headers.authorization !== undefined;
  const token = bearer ? bearerToken(request) : undefined;
  const sessionToken = bearer ? undefined : request.cookies[SESSION_COOKIE];
  const credential = token ? `token ${token}` : sessionToken ? `session ${sessionToken}` : null;
  const key = credential && createHash('sha256').update(credential).digest('base64url');
  const lookup = async () => {
    const found = token ? await authenticateToken(deps, token) : sessionToken ? await authenticateSession(deps, sessionToken) : null;
    if (key) rememberActor(key, found?.actor ?? null);
    return found;
  };
  const remembered = key && readOnly && required && SAFE_METHODS.has(request.method) ? recentActors.get(key) : undefined;
  if (remembered) {
    request.actor = remembered;
    request.actorConfirmation = lookup().then((found) => found?.actor ?? null);
    // awaited by the route whatever the handler does; this only keeps a failure from counting as unhandled meanwhile
    request.actorConfirmation.catch(() => {});
    bindLogFields(request.log, { orgId: remembered.orgId });
    return;
  }
  if (bearer) {
    const found = token ? await lookup() : null;
    if (!found) throw new AppError('invalid_token', 'invalid bearer token');
    request.actor = found.actor;
    bindLogFields(request.log, { orgId: found.actor.orgId });
    return;
  }
  const found = sessionToken ? await lookup() : null;
  if (found) {
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      const valid =
        typeof header === 'string' &&
        header === found.csrfToken &&
        request.cookies[CSRF_COOKIE] === header &&
        isSameOrigin(request, deps.publicUrl);
      if (!valid) throw new AppError('csrf_failed', 'csrf check failed', { publicUrl: new URL(deps.publicUrl).origin });
    }
    request.actor = found.actor;
    bindLogFields(request.log, { orgId: found.actor.orgId });
    return;
  }
  if (required) throw new AppError('unauthenticated', 'no session');
}

// The actor each credential had on its last request, at most RECENT_ACTORS of them (the oldest go
// first). It saves a read the wait for the authentication query, never the query: a revoked token,
// an ended session or a deactivated user fails on the very next request, on every node.
const RECENT_ACTORS = 1000;
const recentActors = new Map<string, Actor>();

function rememberActor(key: string, actor: Actor | null): void {
  recentActors.delete(key);
  if (!actor) return;
  if (recentActors.size >= RECENT_ACTORS) recentActors.delete(recentActors.keys().next().value as string);
  recentActors.set(key, actor);
}

/**
 * The actor the authentication query found for a read begun with a remembered one: no answer
 * leaves before it (an error neither: a 404 must not reach a revoked token). None: 401, as the
 * query alone would have answered.
 */
export async function confirmActor(request: FastifyRequest, confirmation: Promise<Actor | null>): Promise<Actor> {
  const actor = await confirmation;
  if (actor) return actor;
  request.actor = undefined;
  throw request.headers.authorization !== undefined
    ? new AppError('invalid_token', 'invalid bearer token')
    : new AppError('unauthenticated', 'no session');
}

export function sameActor(a: Actor, b: Actor): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof Actor>;
  return [...keys].every((key) => a[key] === b[key]);
}

// Secure when served over https, directly or behind a TLS-terminating proxy (KAIROS_PUBLIC_URL https://).
export function setSessionCookies(
  request: FastifyRequest,
  reply: FastifyReply,
  publicUrl: string,
  sessionToken: string,
  csrfToken: string,
): void {
  const secure = request.protocol === 'https' || publicUrl.startsWith('https:');
  const maxAge = SESSION_TTL_MS / 1000;
  void reply.setCookie(SESSION_COOKIE, sessionToken, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge });
  void reply.setCookie(CSRF_COOKIE, csrfToken, { path: '/', httpOnly: false, sameSite: 'lax', secure, maxAge });
}

export function clearSessionCookies(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
  void reply.clearCookie(CSRF_COOKIE, { path: '/' });
}
