import type { FastifyInstance } from 'fastify';
import * as contract from '../../contract/tracking.ts';
import type { Deps } from '../../services/deps.ts';
import * as records from '../../services/time-records.ts';
import { timeRecordTotals } from '../../services/time-records-totals.ts';
import * as timer from '../../services/timer.ts';
import { route } from '../route.ts';
import { registerCatalogRoutes } from './tracking-catalog.ts';
import { deleteVersion } from './delete-version.ts';

// Time records, their totals and the timer; clients, projects, tasks and tags in tracking-catalog.ts.
export function registerTrackingRoutes(app: FastifyInstance, deps: Deps): void {
  registerCatalogRoutes(app, deps);
  route(app, deps, contract.listTimeRecords, async ({ query }, { actor }) => records.listTimeRecords(deps, actor, query), {
    readOnly: true,
  });
  route(app, deps, contract.timeRecordTotals, async ({ query }, { actor }) => timeRecordTotals(deps, actor, query));
  route(app, deps, contract.getTimeRecord, async ({ params }, { actor }) => records.getTimeRecord(deps, actor, params.id), {
    readOnly: true,
  });
  route(app, deps, contract.createTimeRecord, async ({ body }, { actor, deps: txDeps }) =>
    records.createTimeRecord(txDeps, actor, body, { source: 'manual' }),
  );
  route(app, deps, contract.updateTimeRecord, async ({ params, body }, { actor }) =>
    records.updateTimeRecord(deps, actor, params.id, body),
  );
  route(app, deps, contract.deleteTimeRecord, async ({ params, query, body }, { actor }) => {
    await records.deleteTimeRecord(deps, actor, params.id, deleteVersion(query, body));
    return { ok: true as const };
  });
  route(app, deps, contract.getTimer, async (_input, { actor }) => timer.getTimer(deps, actor));
  route(app, deps, contract.startTimer, async ({ body }, { actor, deps: txDeps }) => timer.startTimer(txDeps, actor, body));
  route(app, deps, contract.stopTimer, async ({ body }, { actor, deps: txDeps }) => timer.stopTimer(txDeps, actor, body ?? {}));
  route(app, deps, contract.updateTimer, async ({ body }, { actor }) => timer.updateTimer(deps, actor, body));
  route(app, deps, contract.discardTimer, async (_input, { actor }) => {
    await timer.discardTimer(deps, actor);
    return { ok: true as const };
  });
}
