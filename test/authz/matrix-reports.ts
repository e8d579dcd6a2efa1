import type { World } from './fixture.ts';
import { adminsOnly, everyone, type MatrixEntry } from './matrix-kit.ts';

// Reports: everyone signed in may ask; what they see is their scope (own records; managers also
// their projects'; owners and admins everyone's), proven in test/reports/isolation.db.test.ts.
const range = (world: World) => {
  const now = world.t.clock.now.getTime();
  return `from=${new Date(now - 7 * 86_400_000).toISOString().slice(0, 10)}&to=${new Date(now + 86_400_000).toISOString().slice(0, 10)}`;
};

const CSV =
  'User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags\nA,owner@a.test,,Imported,,x,Yes,2026-03-02,09:00:00,2026-03-02,10:00:00,01:00:00,\n';

export const reportsMatrix: Record<string, MatrixEntry> = {
  'POST /api/v1/imports': {
    build: async () => ({ url: '/api/v1/imports', body: { file: CSV, timeZone: 'UTC', dryRun: true } }),
    expect: adminsOnly(200),
  },
  'GET /api/v1/reports/summary': {
    build: async (world) => ({ url: `/api/v1/reports/summary?${range(world)}&groupBy=user,project` }),
    expect: everyone(200),
  },
  'GET /api/v1/reports/detailed': { build: async (world) => ({ url: `/api/v1/reports/detailed?${range(world)}` }), expect: everyone(200) },
  'GET /api/v1/reports/calendar-vs-tracked': {
    build: async (world) => ({ url: `/api/v1/reports/calendar-vs-tracked?${range(world)}` }),
    expect: everyone(200),
  },
  'GET /api/v1/reports/summary/export': {
    build: async (world) => ({ url: `/api/v1/reports/summary/export?${range(world)}&format=csv` }),
    expect: everyone(200),
  },
  'GET /api/v1/reports/detailed/export': {
    build: async (world) => ({ url: `/api/v1/reports/detailed/export?${range(world)}` }),
    expect: everyone(200),
  },
};
