import type { FastifyInstance } from 'fastify';
import * as contract from '../../contract/timesheet.ts';
import type { Deps } from '../../services/deps.ts';
import * as timesheet from '../../services/timesheet.ts';
import { route } from '../route.ts';

// The weekly timesheet: always the caller's own records.
export function registerTimesheetRoutes(app: FastifyInstance, deps: Deps): void {
  route(app, deps, contract.getTimesheet, async ({ query }, { actor }) => timesheet.getTimesheet(deps, actor, query.week));
  route(app, deps, contract.putTimesheetCell, async ({ body }, { actor }) => timesheet.putTimesheetCell(deps, actor, body));
  route(app, deps, contract.deleteTimesheetRow, async ({ query }, { actor }) => timesheet.deleteTimesheetRow(deps, actor, query));
  route(app, deps, contract.copyPreviousWeek, async ({ body }, { actor }) => timesheet.copyPreviousWeek(deps, actor, body));
}
