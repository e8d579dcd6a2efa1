import type { SignedUp } from '../support/test-app.ts';
import type { World } from './fixture.ts';
import { everyone, type MatrixEntry } from './matrix-kit.ts';

// Rules for recurring work (src/services/rules.ts): a person's rules are theirs alone, owners and
// admins included. So the own organisation's main case is a colleague's (member2's) rule: 404
// for every role; the caller's own answers 200 (variant MINE). A rule names a project the caller
// sees, as their time records do (members and managers: the projects they belong to).

const MINE = "the caller's own";
const HIDDEN = 'a project the caller does not belong to';
const nobody = { anonymous: 401, owner: 404, admin: 404, manager: 404, member: 404 };
const toMine = (status: number) => ({ [MINE]: { owner: status, admin: status, manager: status, member: status } });

async function rule(world: World, context: { scope: 'own' | 'other'; as: SignedUp; variant?: string }): Promise<string> {
  if (context.scope === 'other') return world.make('rule', 'b', world.b);
  return world.make('rule', 'a', context.variant === MINE ? context.as : world.a.member2);
}

export const rulesMatrix: Record<string, MatrixEntry> = {
  'GET /api/v1/rules': { build: async () => ({ url: '/api/v1/rules' }), expect: everyone(200) },
  'POST /api/v1/rules': {
    build: async (world, { scope, variant }) => ({
      url: '/api/v1/rules',
      body: {
        kind: 'subject',
        pattern: 'Stand-up',
        mode: 'track',
        projectId: scope === 'other' ? world.projects.b : variant === HIDDEN ? world.projects.hidden : world.projects.managed,
      },
    }),
    expect: everyone(201),
    variants: { [HIDDEN]: { manager: 404, member: 404 } },
    scoped: true,
  },
  'POST /api/v1/rules/preview': {
    build: async () => ({ url: '/api/v1/rules/preview', body: { kind: 'subject', pattern: 'Stand-up' } }),
    expect: everyone(200),
  },
  'GET /api/v1/rules/:id': {
    build: async (world, context) => ({ url: `/api/v1/rules/${await rule(world, context)}` }),
    expect: nobody,
    variants: toMine(200),
    scoped: true,
  },
  'PATCH /api/v1/rules/:id': {
    build: async (world, context) => ({ url: `/api/v1/rules/${await rule(world, context)}`, body: { version: 1, mode: 'track' } }),
    expect: nobody,
    variants: toMine(200),
    scoped: true,
  },
  'DELETE /api/v1/rules/:id': {
    build: async (world, context) => ({ url: `/api/v1/rules/${await rule(world, context)}`, body: { version: 1 } }),
    expect: nobody,
    variants: toMine(200),
    scoped: true,
  },
};
