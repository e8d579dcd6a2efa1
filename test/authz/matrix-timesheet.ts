import type { World } from './fixture.ts';
import { everyone, type MatrixEntry, next } from './matrix-kit.ts';

// The weekly timesheet (issue 11; src/services/timesheet.ts): always the caller's own records,
// whatever the role; a cell or row names a project the caller must see (members and managers:
// the projects they belong to, others 404); another organisation's project answers 404.

const HIDDEN = 'a project the caller does not belong to';

function projectOf(world: World, scope: 'own' | 'other', variant: string | undefined): string {
  if (scope === 'other') return world.projects.b;
  return variant === HIDDEN ? world.projects.hidden : world.projects.managed;
}

// each request gets a day of its own, so repeated runs never meet each other's records
const dayOf = () => {
  const n = next();
  return new Date(Date.UTC(2026, 0, 1 + (n % 3000))).toISOString().slice(0, 10);
};

export const timesheetMatrix: Record<string, MatrixEntry> = {
  'GET /api/v1/timesheet': { build: async () => ({ url: `/api/v1/timesheet?week=${dayOf()}` }), expect: everyone(200) },
  'PUT /api/v1/timesheet/cells': {
    build: async (world, { scope, variant }) => ({
      url: '/api/v1/timesheet/cells',
      body: { date: dayOf(), projectId: projectOf(world, scope, variant), seconds: 1800 },
    }),
    expect: everyone(200),
    variants: { [HIDDEN]: { manager: 404, member: 404 } },
    scoped: true,
  },
  'DELETE /api/v1/timesheet/rows': {
    build: async (world, { scope }) => ({
      url: `/api/v1/timesheet/rows?week=${dayOf()}&projectId=${projectOf(world, scope, undefined)}&billable=true`,
    }),
    expect: everyone(200),
    scoped: true,
  },
  'POST /api/v1/timesheet/copy-previous-week': {
    build: async () => ({ url: '/api/v1/timesheet/copy-previous-week', body: { week: dayOf(), withHours: true } }),
    expect: everyone(200),
  },
};
