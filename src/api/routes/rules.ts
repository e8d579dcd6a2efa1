import type { FastifyInstance } from 'fastify';
import * as contract from '../../contract/rules.ts';
import type { Deps } from '../../services/deps.ts';
import * as rules from '../../services/rules.ts';
import { route } from '../route.ts';
import { deleteVersion } from './delete-version.ts';

// A person's rules for recurring work: always the caller's own.
export function registerRuleRoutes(app: FastifyInstance, deps: Deps): void {
  route(app, deps, contract.listRules, async (_input, { actor }) => ({ items: await rules.listRules(deps, actor), nextCursor: null }));
  route(app, deps, contract.previewRule, async ({ body }, { actor }) => rules.previewRule(deps, actor, body));
  route(app, deps, contract.getRule, async ({ params }, { actor }) => rules.getRule(deps, actor, params.id));
  route(app, deps, contract.createRule, async ({ body }, { actor, deps: txDeps }) => rules.createRule(txDeps, actor, body));
  route(app, deps, contract.updateRule, async ({ params, body }, { actor }) => rules.updateRule(deps, actor, params.id, body));
  route(app, deps, contract.deleteRule, async ({ params, query, body }, { actor }) => {
    await rules.deleteRule(deps, actor, params.id, deleteVersion(query, body));
    return { ok: true as const };
  });
}
