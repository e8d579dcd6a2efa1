import type { SignedUp } from '../support/test-app.ts';
import type { World } from './fixture.ts';
import { adminsOnly, everyone, type MatrixEntry, next, orgOf, url } from './matrix-kit.ts';

// Clients, projects (+ members), tasks, tags, time records and the timer.
// The rules (issue 3; src/services/catalog*.ts, time-records*.ts, timer.ts):
// - clients and tags: everyone in the organisation reads them, owners and admins write (403 else);
// - projects: owners and admins see all, everyone else the ones they belong to (others 404);
//   owners and admins write them and their members (403 before any lookup for the rest);
//   project members are listed for owners, admins and the project's managers (403 for other members);
// - tasks: visible with their project; managed by owners, admins and the project's managers;
// - time records: owners and admins all of the organisation, managers their own plus those of the
//   projects they manage, members their own; any other record id, or `userId` of a user whose
//   records you may not see, answers 404; recording for someone else without the right is 403;
// - the timer is the caller's own;
// - another organisation's ids answer 404 (or 403 where a role check comes first and reveals nothing).

const MINE = "the caller's own record";
const UNMANAGED = "member2's record on a project the manager does not manage";
const HIDDEN = 'a project the caller does not belong to';

const instant = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
const hoursBefore = (world: World, hours: number) => new Date(world.t.clock.now.getTime() - hours * 3_600_000);

// The record a time-record route is tried on: the own scope's main case is member2's record on
// the project the manager manages (owner, admin, manager see it; member does not).
async function recordFor(world: World, scope: 'own' | 'other', as: SignedUp, variant: string | undefined): Promise<string> {
  if (scope === 'other') return world.make('record', 'b');
  if (variant?.startsWith(MINE)) return world.make('record', 'a', as);
  const project = variant === UNMANAGED ? world.projects.unmanaged : world.projects.managed;
  return world.make('record', 'a', world.a.member2, { project });
}

// The task a task route is tried on: one of the managed project, unless a variant says otherwise.
function taskProject(world: World, scope: 'own' | 'other', variant: string | undefined): string {
  if (scope === 'other') return world.projects.b;
  if (variant === 'unmanaged project') return world.projects.unmanaged;
  if (variant === HIDDEN) return world.projects.hidden;
  return world.projects.managed;
}

const taskVariants = { 'unmanaged project': { manager: 403 }, [HIDDEN]: { manager: 404, member: 404 } };

function catalogue(kind: 'client' | 'tag', path: string): Record<string, MatrixEntry> {
  return {
    [`GET /api/v1/${path}`]: { build: url(`/api/v1/${path}`), expect: everyone(200) },
    [`GET /api/v1/${path}/:id`]: {
      build: async (world, { scope }) => ({ url: `/api/v1/${path}/${await world.make(kind, orgOf(scope))}` }),
      expect: everyone(200),
      scoped: true,
    },
    [`POST /api/v1/${path}`]: {
      build: async () => ({ url: `/api/v1/${path}`, body: { name: `new ${kind} ${next()}` } }),
      expect: adminsOnly(201),
    },
    [`PATCH /api/v1/${path}/:id`]: {
      build: async (world, { scope }) => ({
        url: `/api/v1/${path}/${await world.make(kind, orgOf(scope))}`,
        body: { version: 1, name: `renamed ${kind} ${next()}` },
      }),
      expect: adminsOnly(200),
      scoped: true,
      other: { manager: 403, member: 403 },
    },
    [`DELETE /api/v1/${path}/:id`]: {
      build: async (world, { scope }) => ({ url: `/api/v1/${path}/${await world.make(kind, orgOf(scope))}?version=1` }),
      expect: adminsOnly(200),
      scoped: true,
      other: { manager: 403, member: 403 },
    },
  };
}

export const trackingMatrix: Record<string, MatrixEntry> = {
  ...catalogue('client', 'clients'),
  ...catalogue('tag', 'tags'),

  'GET /api/v1/projects': { build: url('/api/v1/projects'), expect: everyone(200) },
  'GET /api/v1/projects/:id': {
    build: async (world, { scope, variant }) => ({ url: `/api/v1/projects/${taskProject(world, scope, variant)}` }),
    expect: everyone(200),
    variants: { [HIDDEN]: { manager: 404, member: 404 } },
    scoped: true,
  },
  'POST /api/v1/projects': {
    build: async () => ({ url: '/api/v1/projects', body: { name: `new project ${next()}` } }),
    expect: adminsOnly(201),
  },
  'PATCH /api/v1/projects/:id': {
    build: async (world, { scope }) => ({
      url: `/api/v1/projects/${await world.make('project', orgOf(scope))}`,
      body: { version: 1, name: 'Renamed' },
    }),
    expect: adminsOnly(200),
    scoped: true,
    other: { manager: 403, member: 403 },
  },
  'DELETE /api/v1/projects/:id': {
    build: async (world, { scope }) => ({ url: `/api/v1/projects/${await world.make('project', orgOf(scope))}?version=1` }),
    expect: adminsOnly(200),
    scoped: true,
    other: { manager: 403, member: 403 },
  },
  'GET /api/v1/projects/:id/members': {
    build: async (world, { scope, variant }) => ({ url: `/api/v1/projects/${taskProject(world, scope, variant)}/members` }),
    expect: { anonymous: 401, owner: 200, admin: 200, manager: 200, member: 403 },
    variants: taskVariants,
    scoped: true,
  },
  'PUT /api/v1/projects/:id/members/:userId': {
    // own: member2 joins a fresh project; the variant adds another organisation's user to it
    build: async (world, { scope, variant }) => {
      const projectId = await world.make('project', orgOf(scope));
      const userId = scope === 'other' || variant ? world.b.userId : world.a.member2.userId;
      return { url: `/api/v1/projects/${projectId}/members/${userId}`, body: { role: 'member' } };
    },
    expect: adminsOnly(200),
    variants: { "another organisation's user": { owner: 404, admin: 404 } },
    scoped: true,
    other: { manager: 403, member: 403 },
  },
  'DELETE /api/v1/projects/:id/members/:userId': {
    build: async (world, { scope, variant }) => {
      const projectId = await world.make('project', orgOf(scope));
      const user = scope === 'other' ? world.b : world.a.member2;
      const orgOwner = scope === 'other' ? world.b : world.a.owner;
      if (!variant)
        await world.t.call('PUT', `/api/v1/projects/${projectId}/members/${user.userId}`, {
          token: orgOwner.token,
          body: { role: 'member' },
        });
      return { url: `/api/v1/projects/${projectId}/members/${user.userId}` };
    },
    expect: adminsOnly(200),
    variants: { 'a user who is not on the project': { owner: 404, admin: 404 } },
    scoped: true,
    other: { manager: 403, member: 403 },
  },

  'GET /api/v1/tasks': { build: url('/api/v1/tasks'), expect: everyone(200) },
  'GET /api/v1/tasks/:id': {
    build: async (world, { scope, variant }) => ({
      url: `/api/v1/tasks/${await world.make('task', orgOf(scope), undefined, { project: taskProject(world, scope, variant) })}`,
    }),
    expect: everyone(200),
    variants: { [HIDDEN]: { manager: 404, member: 404 } },
    scoped: true,
  },
  'POST /api/v1/tasks': {
    build: async (world, { scope, variant }) => ({
      url: '/api/v1/tasks',
      body: { projectId: taskProject(world, scope, variant), name: `new task ${next()}` },
    }),
    expect: { anonymous: 401, owner: 201, admin: 201, manager: 201, member: 403 },
    variants: taskVariants,
    scoped: true,
  },
  'PATCH /api/v1/tasks/:id': {
    build: async (world, { scope, variant }) => ({
      url: `/api/v1/tasks/${await world.make('task', orgOf(scope), undefined, { project: taskProject(world, scope, variant) })}`,
      body: { version: 1, name: 'Renamed' },
    }),
    expect: { anonymous: 401, owner: 200, admin: 200, manager: 200, member: 403 },
    variants: taskVariants,
    scoped: true,
  },
  'DELETE /api/v1/tasks/:id': {
    build: async (world, { scope, variant }) => ({
      url: `/api/v1/tasks/${await world.make('task', orgOf(scope), undefined, { project: taskProject(world, scope, variant) })}?version=1`,
    }),
    expect: { anonymous: 401, owner: 200, admin: 200, manager: 200, member: 403 },
    variants: taskVariants,
    scoped: true,
  },

  'GET /api/v1/time-records': {
    // own: member2's records (managers may ask for anyone: they then get their projects' records);
    // other: a user of the other organisation
    build: async (world, { scope, variant }) => ({
      url: variant ? '/api/v1/time-records' : `/api/v1/time-records?userId=${scope === 'other' ? world.b.userId : world.a.member2.userId}`,
    }),
    expect: { anonymous: 401, owner: 200, admin: 200, manager: 200, member: 404 },
    variants: { 'without userId': { member: 200 } },
    scoped: true,
  },
  'GET /api/v1/time-records/totals': {
    build: async (world, { scope, variant }) => {
      const range = `from=${instant(hoursBefore(world, 24))}&to=${instant(hoursBefore(world, -24))}`;
      return {
        url: `/api/v1/time-records/totals?${range}${variant ? '' : `&userId=${scope === 'other' ? world.b.userId : world.a.member2.userId}`}`,
      };
    },
    expect: { anonymous: 401, owner: 200, admin: 200, manager: 200, member: 404 },
    variants: { 'without userId': { member: 200 } },
    scoped: true,
  },
  'GET /api/v1/time-records/:id': {
    build: async (world, { scope, as, variant }) => ({ url: `/api/v1/time-records/${await recordFor(world, scope, as, variant)}` }),
    expect: { anonymous: 401, owner: 200, admin: 200, manager: 200, member: 404 },
    variants: { [MINE]: { member: 200 }, [UNMANAGED]: { manager: 404 } },
    scoped: true,
  },
  'POST /api/v1/time-records': {
    // own: for member2 on the managed project; variants: for yourself, for member2 on the unmanaged
    // project, for yourself on a project you are not on, for another organisation's user
    build: async (world, { scope, variant }) => {
      const span = { start: instant(hoursBefore(world, 2)), end: instant(hoursBefore(world, 1)) };
      if (scope === 'other') return { url: '/api/v1/time-records', body: { ...span, projectId: world.projects.b } };
      const projectId =
        variant === UNMANAGED ? world.projects.unmanaged : variant === HIDDEN ? world.projects.hidden : world.projects.managed;
      const userId =
        variant === MINE || variant === HIDDEN
          ? undefined
          : variant === "another organisation's user"
            ? world.b.userId
            : world.a.member2.userId;
      return { url: '/api/v1/time-records', body: { ...span, projectId, ...(userId && { userId }) } };
    },
    expect: { anonymous: 401, owner: 201, admin: 201, manager: 201, member: 403 },
    variants: {
      [MINE]: { member: 201 },
      [UNMANAGED]: { manager: 403, member: 403 },
      [HIDDEN]: { manager: 404, member: 404 },
      "another organisation's user": { owner: 404, admin: 404, manager: 404, member: 403 },
    },
    scoped: true,
  },
  'PATCH /api/v1/time-records/:id': {
    build: async (world, { scope, as, variant }) => {
      const id = await recordFor(world, scope, as, variant);
      const moveTo =
        variant === `${MINE}, moved to ${HIDDEN}`
          ? world.projects.hidden
          : variant === "member2's record, moved to an unmanaged project"
            ? world.projects.unmanaged
            : undefined;
      return { url: `/api/v1/time-records/${id}`, body: { version: 1, description: 'changed', ...(moveTo && { projectId: moveTo }) } };
    },
    expect: { anonymous: 401, owner: 200, admin: 200, manager: 200, member: 404 },
    variants: {
      [MINE]: { member: 200 },
      [UNMANAGED]: { manager: 404 },
      [`${MINE}, moved to ${HIDDEN}`]: { manager: 404, member: 404 },
      "member2's record, moved to an unmanaged project": { manager: 404 },
    },
    scoped: true,
  },
  'DELETE /api/v1/time-records/:id': {
    build: async (world, { scope, as, variant }) => ({
      url: `/api/v1/time-records/${await recordFor(world, scope, as, variant)}?version=1`,
    }),
    expect: { anonymous: 401, owner: 200, admin: 200, manager: 200, member: 404 },
    variants: { [MINE]: { member: 200 }, [UNMANAGED]: { manager: 404 } },
    scoped: true,
  },

  'GET /api/v1/timer': { build: url('/api/v1/timer'), expect: everyone(200) },
  'POST /api/v1/timer/start': {
    build: async (world, { scope, variant }) => ({
      url: '/api/v1/timer/start',
      body: { projectId: scope === 'other' ? world.projects.b : variant ? world.projects.hidden : world.projects.managed },
    }),
    expect: everyone(200),
    variants: { [HIDDEN]: { manager: 404, member: 404 } },
    scoped: true,
  },
  'POST /api/v1/timer/stop': {
    // the caller's own timer, started an hour ago
    build: async (world, { as }) => {
      const started = await world.t.call('POST', '/api/v1/timer/start', {
        token: as.token,
        body: { projectId: world.projects.managed, startedAt: instant(hoursBefore(world, 1)) },
      });
      if (started.status !== 200) throw new Error(`timer start: ${JSON.stringify(started.body)}`);
      return { url: '/api/v1/timer/stop' };
    },
    expect: everyone(200),
  },
  'PATCH /api/v1/timer': {
    // the caller's own running timer, moved to a project: theirs, one they cannot see, another organisation's
    build: async (world, { scope, as, variant }) => {
      await runningTimer(world, as);
      return {
        url: '/api/v1/timer',
        body: { projectId: scope === 'other' ? world.projects.b : variant ? world.projects.hidden : world.projects.unmanaged },
      };
    },
    expect: everyone(200),
    variants: { [HIDDEN]: { manager: 404, member: 404 } },
    scoped: true,
  },
  'DELETE /api/v1/timer': {
    build: async (world, { as }) => {
      await runningTimer(world, as);
      return { url: '/api/v1/timer' };
    },
    expect: everyone(200),
  },
};

async function runningTimer(world: World, as: SignedUp): Promise<void> {
  const started = await world.t.call('POST', '/api/v1/timer/start', {
    token: as.token,
    body: { projectId: world.projects.managed, startedAt: instant(hoursBefore(world, 1)) },
  });
  if (started.status !== 200) throw new Error(`timer start: ${JSON.stringify(started.body)}`);
}
