import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as contract from '../../contract/connections.ts';
import * as connections from '../../services/connections.ts';
import type { Deps } from '../../services/deps.ts';
import type { CalendarDeps } from '../../services/calendar-deps.ts';
import { route } from '../route.ts';
import { deleteVersion } from './delete-version.ts';
import { registerImpulseRoutes } from './impulses.ts';

// Checking, saving a link and syncing make outbound requests on the user's behalf: bounded per user.
const FETCH_RATE = {
  max: 60,
  timeWindow: '1 minute',
  keyGenerator: (request: FastifyRequest) => `calendar-fetch|${request.actor?.userId ?? request.ip}`,
};

export function registerConnectionRoutes(app: FastifyInstance, deps: Deps, calendar: CalendarDeps): void {
  route(app, deps, contract.listConnections, async (_input, { actor }) => ({
    items: await connections.listConnections(deps, actor),
    nextCursor: null,
  }));
  // the web app checks as the user types: only checks that fetch count against the limit
  route(app, deps, contract.checkConnection, async ({ body }, { actor }) => connections.checkConnectionLink(deps, calendar, actor, body), {
    rateLimit: { ...FETCH_RATE, allowList: (request) => (request.body as { fetch?: unknown } | undefined)?.fetch !== true },
  });
  route(app, deps, contract.getConnection, async ({ params }, { actor }) => connections.getConnection(deps, actor, params.id));
  route<typeof contract.createConnection, connections.PreparedLink>(
    app,
    deps,
    contract.createConnection,
    async ({ body }, { actor, deps: txDeps, prepared }) => connections.createConnection(txDeps, calendar, actor, body, prepared),
    {
      prepare: ({ body }, { actor }) => connections.checkAndFetch(deps, calendar, actor, body.url),
      rateLimit: FETCH_RATE,
    },
  );
  // a rename or a switch does not fetch: only a PATCH with a new link counts
  route(
    app,
    deps,
    contract.updateConnection,
    async ({ params, body }, { actor }) => connections.updateConnection(deps, calendar, actor, params.id, body),
    {
      rateLimit: { ...FETCH_RATE, allowList: (request) => (request.body as { url?: unknown } | undefined)?.url === undefined },
    },
  );
  route(app, deps, contract.deleteConnection, async ({ params, query, body }, { actor }) => {
    await connections.deleteConnection(deps, actor, params.id, deleteVersion(query, body));
    return { ok: true as const };
  });
  route(app, deps, contract.syncConnection, async ({ params }, { actor }) => connections.syncConnection(deps, calendar, actor, params.id), {
    rateLimit: FETCH_RATE,
  });
}

/** Every calendar route (connections and impulses), for buildApp's routeGroups. */
export function calendarRouteGroup(calendar: CalendarDeps): (app: FastifyInstance, deps: Deps) => void {
  return (app, deps) => {
    registerConnectionRoutes(app, deps, calendar);
    registerImpulseRoutes(app, deps);
  };
}
