import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as contract from '../../contract/account.ts';
import * as accounts from '../../services/accounts.ts';
import type { Deps } from '../../services/deps.ts';
import * as organization from '../../services/organization.ts';
import { type Language, languageFromHeader } from '../../i18n/translate.ts';
import { bearerToken, clearSessionCookies, SESSION_COOKIE, setSessionCookies } from '../auth.ts';
import { route } from '../route.ts';

// per address and e-mail: one office behind a NAT does not lock out its colleagues
const LOGIN_RATE = {
  max: 10,
  timeWindow: '1 minute',
  // runs after validation: the body's e-mail is the contract's normalised one, as login sees it
  keyGenerator: (request: FastifyRequest) => `${request.ip}|${String((request.body as { email?: unknown } | undefined)?.email ?? '')}`,
};

// A new profile speaks the language the person signed up in: the one they chose, else their browser's.
function signupLanguage(request: FastifyRequest, chosen: Language | undefined): Language {
  return chosen ?? languageFromHeader(request.headers['accept-language']) ?? 'en';
}

export function registerAccountRoutes(app: FastifyInstance, deps: Deps): void {
  route(app, deps, contract.signup, async ({ body }, { request, reply }) => {
    const signedIn = await accounts.signup(deps, { ...body, language: signupLanguage(request, body.language) });
    setSessionCookies(request, reply, deps.publicUrl, signedIn.sessionToken, signedIn.csrfToken);
    return { user: signedIn.user, csrfToken: signedIn.csrfToken };
  });
  route(
    app,
    deps,
    contract.login,
    async ({ body }, { request, reply }) => {
      const signedIn = await accounts.login(deps, body.email, body.password);
      setSessionCookies(request, reply, deps.publicUrl, signedIn.sessionToken, signedIn.csrfToken);
      return { user: signedIn.user, csrfToken: signedIn.csrfToken };
    },
    { rateLimit: LOGIN_RATE },
  );
  route(app, deps, contract.logout, async (_input, { request, reply }) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await accounts.logout(deps, token);
    clearSessionCookies(reply);
    return { ok: true as const };
  });
  route(app, deps, contract.acceptInvite, async ({ body }, { request, reply }) => {
    const signedIn = await accounts.acceptInvite(deps, { ...body, language: signupLanguage(request, body.language) });
    setSessionCookies(request, reply, deps.publicUrl, signedIn.sessionToken, signedIn.csrfToken);
    return { user: signedIn.user, csrfToken: signedIn.csrfToken };
  });
  route(app, deps, contract.getMe, async (_input, { actor }) => accounts.getProfile(deps, actor));
  route(app, deps, contract.updateMe, async ({ body }, { actor, request }) =>
    accounts.updateProfile(
      deps,
      actor,
      body,
      actor.via === 'token' ? { apiToken: bearerToken(request) } : { sessionToken: request.cookies[SESSION_COOKIE] },
    ),
  );
  route(app, deps, contract.getOrganization, async (_input, { actor }) => organization.getOrganization(deps, actor));
  route(app, deps, contract.updateOrganization, async ({ body }, { actor }) => organization.updateOrganization(deps, actor, body));
  route(app, deps, contract.listMembers, async (_input, { actor }) => ({
    items: await organization.listMembers(deps, actor),
    nextCursor: null,
  }));
  route(app, deps, contract.updateMember, async ({ params, body }, { actor }) => organization.updateMember(deps, actor, params.id, body));
  route(app, deps, contract.createInvite, async ({ body }, { actor, deps: txDeps }) => organization.createInvite(txDeps, actor, body));
  route(app, deps, contract.listInvites, async (_input, { actor }) => ({
    items: await organization.listInvites(deps, actor),
    nextCursor: null,
  }));
  route(app, deps, contract.deleteInvite, async ({ params }, { actor }) => {
    await organization.deleteInvite(deps, actor, params.id);
    return { ok: true as const };
  });
  route(app, deps, contract.listTokens, async (_input, { actor }) => ({
    items: await organization.listTokens(deps, actor),
    nextCursor: null,
  }));
  route(app, deps, contract.createToken, async ({ body }, { actor }) => organization.createToken(deps, actor, body.name));
  route(app, deps, contract.revokeToken, async ({ params }, { actor }) => {
    await organization.revokeToken(deps, actor, params.id);
    return { ok: true as const };
  });
}
