import type { FastifyInstance } from 'fastify';
import * as contract from '../../contract/tracking.ts';
import * as catalog from '../../services/catalog.ts';
import * as projects from '../../services/catalog-projects.ts';
import type { Deps } from '../../services/deps.ts';
import { route } from '../route.ts';
import { deleteVersion } from './delete-version.ts';

const ok = { ok: true as const };
const page = <T>(items: T[]) => ({ items, nextCursor: null });

// Creating POSTs run on `context.deps`: with an Idempotency-Key that is the key's transaction.
export function registerCatalogRoutes(app: FastifyInstance, deps: Deps): void {
  route(app, deps, contract.listClients, async (_input, { actor }) => page(await catalog.listClients(deps, actor)));
  route(app, deps, contract.getClient, async ({ params }, { actor }) => catalog.getClient(deps, actor, params.id));
  route(app, deps, contract.createClient, async ({ body }, { actor, deps: txDeps }) => catalog.createClient(txDeps, actor, body));
  route(app, deps, contract.updateClient, async ({ params, body }, { actor }) => catalog.updateClient(deps, actor, params.id, body));
  route(app, deps, contract.deleteClient, async ({ params, query, body }, { actor }) => {
    await catalog.deleteClient(deps, actor, params.id, deleteVersion(query, body));
    return ok;
  });

  route(app, deps, contract.listProjects, async (_input, { actor }) => page(await projects.listProjects(deps, actor)));
  route(app, deps, contract.getProject, async ({ params }, { actor }) => projects.getProject(deps, actor, params.id));
  route(app, deps, contract.createProject, async ({ body }, { actor, deps: txDeps }) => projects.createProject(txDeps, actor, body));
  route(app, deps, contract.updateProject, async ({ params, body }, { actor }) => projects.updateProject(deps, actor, params.id, body));
  route(app, deps, contract.deleteProject, async ({ params, query, body }, { actor }) => {
    await projects.deleteProject(deps, actor, params.id, deleteVersion(query, body));
    return ok;
  });
  route(app, deps, contract.listProjectMembers, async ({ params }, { actor }) =>
    page(await projects.listProjectMembers(deps, actor, params.id)),
  );
  route(app, deps, contract.putProjectMember, async ({ params, body }, { actor }) =>
    projects.putProjectMember(deps, actor, params.id, params.userId, body),
  );
  route(app, deps, contract.deleteProjectMember, async ({ params }, { actor }) => {
    await projects.deleteProjectMember(deps, actor, params.id, params.userId);
    return ok;
  });

  route(app, deps, contract.listTasks, async ({ query }, { actor }) => page(await projects.listTasks(deps, actor, query)));
  route(app, deps, contract.getTask, async ({ params }, { actor }) => projects.getTask(deps, actor, params.id));
  route(app, deps, contract.createTask, async ({ body }, { actor, deps: txDeps }) => projects.createTask(txDeps, actor, body));
  route(app, deps, contract.updateTask, async ({ params, body }, { actor }) => projects.updateTask(deps, actor, params.id, body));
  route(app, deps, contract.deleteTask, async ({ params, query, body }, { actor }) => {
    await projects.deleteTask(deps, actor, params.id, deleteVersion(query, body));
    return ok;
  });

  route(app, deps, contract.listTags, async (_input, { actor }) => page(await catalog.listTags(deps, actor)));
  route(app, deps, contract.getTag, async ({ params }, { actor }) => catalog.getTag(deps, actor, params.id));
  route(app, deps, contract.createTag, async ({ body }, { actor, deps: txDeps }) => catalog.createTag(txDeps, actor, body));
  route(app, deps, contract.updateTag, async ({ params, body }, { actor }) => catalog.updateTag(deps, actor, params.id, body));
  route(app, deps, contract.deleteTag, async ({ params, query, body }, { actor }) => {
    await catalog.deleteTag(deps, actor, params.id, deleteVersion(query, body));
    return ok;
  });
}
