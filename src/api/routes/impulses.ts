import type { FastifyInstance } from 'fastify';
import * as contract from '../../contract/impulses.ts';
import type { Deps } from '../../services/deps.ts';
import * as impulses from '../../services/impulses.ts';
import { route } from '../route.ts';

export function registerImpulseRoutes(app: FastifyInstance, deps: Deps): void {
  route(app, deps, contract.listImpulses, async ({ query }, { actor }) => ({
    items: await impulses.listImpulses(deps, actor, query),
    nextCursor: null,
  }));
  route(app, deps, contract.trackImpulse, async ({ params, body }, { actor }) => impulses.trackImpulse(deps, actor, params.id, body));
  route(app, deps, contract.startImpulseTimer, async ({ params, body }, { actor }) =>
    impulses.startImpulseTimer(deps, actor, params.id, body ?? {}),
  );
  route(app, deps, contract.updateImpulseRecord, async ({ params }, { actor }) => impulses.updateImpulseRecord(deps, actor, params.id));
  route(app, deps, contract.dismissImpulse, async ({ params, body }, { actor }) =>
    impulses.setImpulseDismissed(deps, actor, params.id, true, body ?? {}),
  );
  route(app, deps, contract.restoreImpulse, async ({ params, body }, { actor }) =>
    impulses.setImpulseDismissed(deps, actor, params.id, false, body ?? {}),
  );
}
