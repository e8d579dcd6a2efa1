import '@fastify/cookie';
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
export async function authenticate(deps: Deps, request: FastifyRequest, required: boolean): Promise<void> {
  if (request.headers.authorization !== undefined) {
    const token = bearerToken(request);
    const found = token ? await authenticateToken(deps, token) : null;
    if (!found) throw new AppError('invalid_token', 'invalid bearer token');
    request.actor = found.actor;
    bindLogFields(request.log, { orgId: found.actor.orgId });
    return;
  }
  const sessionToken = request.cookies[SESSION_COOKIE];
  const found = sessionToken ? await authenticateSession(deps, sessionToken) : null;
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
