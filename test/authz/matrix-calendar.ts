import type { SignedUp } from '../support/test-app.ts';
import type { World } from './fixture.ts';
import { everyone, type MatrixEntry, next } from './matrix-kit.ts';

// Calendar connections and impulses (src/api/routes/connections.ts, calendarRouteGroup).
// The rule: a user's calendar data is visible to that user alone, owners and admins included.
// So the own organisation's main case is a colleague's (member2's) connection or impulse: 404 for
// every role; the caller's own answers 200 (variant MINE).

const MINE = "the caller's own";
const nobody = { anonymous: 401, owner: 404, admin: 404, manager: 404, member: 404 };
const toMine = (status: number) => ({ [MINE]: { owner: status, admin: status, manager: status, member: status } });

function subjectOf(world: World, scope: 'own' | 'other', as: SignedUp, variant: string | undefined): { org: 'a' | 'b'; user: SignedUp } {
  if (scope === 'other') return { org: 'b', user: world.b };
  return { org: 'a', user: variant === MINE ? as : world.a.member2 };
}

const connection = async (world: World, context: { scope: 'own' | 'other'; as: SignedUp; variant?: string }) => {
  const { org, user } = subjectOf(world, context.scope, context.as, context.variant);
  return world.make('connection', org, user);
};
const meeting = async (world: World, context: { scope: 'own' | 'other'; as: SignedUp; variant?: string }) => {
  const { org, user } = subjectOf(world, context.scope, context.as, context.variant);
  return world.make('meeting', org, user);
};

export const calendarMatrix: Record<string, MatrixEntry> = {
  'GET /api/v1/connections': { build: async () => ({ url: '/api/v1/connections' }), expect: everyone(200) },
  'POST /api/v1/connections/check': {
    build: async () => ({ url: '/api/v1/connections/check', body: { url: 'https://calendar.authz.test/check/calendar.ics' } }),
    expect: everyone(200),
  },
  'POST /api/v1/connections': {
    build: async () => ({ url: '/api/v1/connections', body: { url: `https://calendar.authz.test/new/${next()}/calendar.ics` } }),
    expect: everyone(201),
  },
  'GET /api/v1/connections/:id': {
    build: async (world, context) => ({ url: `/api/v1/connections/${await connection(world, context)}` }),
    expect: nobody,
    variants: toMine(200),
    scoped: true,
  },
  'PATCH /api/v1/connections/:id': {
    build: async (world, context) => ({
      url: `/api/v1/connections/${await connection(world, context)}`,
      body: { version: 1, name: 'Renamed' },
    }),
    expect: nobody,
    variants: toMine(200),
    scoped: true,
  },
  'DELETE /api/v1/connections/:id': {
    build: async (world, context) => ({ url: `/api/v1/connections/${await connection(world, context)}`, body: { version: 1 } }),
    expect: nobody,
    variants: toMine(200),
    scoped: true,
  },
  'POST /api/v1/connections/:id/sync': {
    build: async (world, context) => ({ url: `/api/v1/connections/${await connection(world, context)}/sync` }),
    expect: nobody,
    variants: toMine(200),
    scoped: true,
  },

  'GET /api/v1/impulses': { build: async () => ({ url: '/api/v1/impulses' }), expect: everyone(200) },
  'POST /api/v1/impulses/:id/track': {
    // variant "a colleague's recent combination": member2 alone tracked it; its id is derived, not secret
    build: async (world, context) => {
      const id =
        context.scope === 'own' && context.variant === "member2's recent combination"
          ? await world.make('recent', 'a', world.a.member2)
          : await meeting(world, context);
      return {
        url: `/api/v1/impulses/${id}/track`,
        body: { projectId: context.scope === 'own' ? world.projects.managed : world.projects.b },
      };
    },
    expect: nobody,
    variants: { ...toMine(201), "member2's recent combination": {} },
    scoped: true,
  },
  'POST /api/v1/impulses/:id/start-timer': {
    build: async (world, context) => ({
      url: `/api/v1/impulses/${await meeting(world, context)}/start-timer`,
      body: { projectId: context.scope === 'own' ? world.projects.managed : world.projects.b },
    }),
    expect: nobody,
    variants: toMine(200),
    scoped: true,
  },
  'POST /api/v1/impulses/:id/update-record': {
    // a fresh meeting of the caller's own is not tracked yet: 409 not_tracked, past the ownership check
    build: async (world, context) => ({ url: `/api/v1/impulses/${await meeting(world, context)}/update-record` }),
    expect: nobody,
    variants: toMine(409),
    scoped: true,
  },
  'POST /api/v1/impulses/:id/dismiss': {
    build: async (world, context) => ({ url: `/api/v1/impulses/${await meeting(world, context)}/dismiss` }),
    expect: nobody,
    variants: toMine(200),
    scoped: true,
  },
  'POST /api/v1/impulses/:id/restore': {
    build: async (world, context) => ({ url: `/api/v1/impulses/${await meeting(world, context)}/restore` }),
    expect: nobody,
    variants: toMine(200),
    scoped: true,
  },
};
