import { createHash } from 'node:crypto';
import { calendarMatrix } from './matrix-calendar.ts';
import { adminsOnly, everyone, type MatrixEntry, next, orgOf, url } from './matrix-kit.ts';
import { reportsMatrix } from './matrix-reports.ts';
import { rulesMatrix } from './matrix-rules.ts';
import { timesheetMatrix } from './matrix-timesheet.ts';
import { trackingMatrix } from './matrix-tracking.ts';

export type { MatrixEntry } from './matrix-kit.ts';

export const matrix: Record<string, MatrixEntry> = {
  'POST /api/v1/auth/signup': {
    build: async () => ({
      url: '/api/v1/auth/signup',
      body: { email: `signup${next()}@new.test`, password: 'correct horse battery', name: 'N', organizationName: 'N' },
    }),
    expect: everyone(201, 201),
  },
  'POST /api/v1/auth/login': {
    build: async () => ({ url: '/api/v1/auth/login', body: { email: 'owner@a.test', password: 'correct horse battery' } }),
    expect: everyone(200, 200),
  },
  'POST /api/v1/auth/logout': { build: url('/api/v1/auth/logout'), expect: everyone(200) },
  'POST /api/v1/auth/accept-invite': {
    build: async (world) => {
      const invite = await world.t.call('POST', '/api/v1/invites', {
        token: world.a.owner.token,
        body: { email: `accept${next()}@a.test`, role: 'member' },
      });
      return { url: '/api/v1/auth/accept-invite', body: { token: invite.body.token, name: 'X', password: 'correct horse battery' } };
    },
    expect: everyone(201, 201),
  },
  'GET /api/v1/openapi.json': { build: url('/api/v1/openapi.json'), expect: everyone(200, 200) },
  'GET /api/v1/me': { build: url('/api/v1/me'), expect: everyone(200) },
  'PATCH /api/v1/me': {
    build: async (world, { as }) => {
      const me = await world.t.call('GET', '/api/v1/me', { token: as.token });
      return { url: '/api/v1/me', body: { version: me.body.version, name: 'Renamed' } };
    },
    expect: everyone(200),
  },
  'GET /api/v1/organization': { build: url('/api/v1/organization'), expect: everyone(200) },
  'PATCH /api/v1/organization': {
    build: async (world) => {
      const org = await world.t.call('GET', '/api/v1/organization', { token: world.a.owner.token });
      return { url: '/api/v1/organization', body: { version: org.body.version, name: 'Org A' } };
    },
    expect: adminsOnly(200),
  },
  'GET /api/v1/organization/backup': { build: url('/api/v1/organization/backup'), expect: adminsOnly(200) },
  'POST /api/v1/organization/restore': {
    // a new organisation each time: the header of organisation A's own backup, another id, no members
    build: async (world) => {
      const backup = await world.t.call('GET', '/api/v1/organization/backup', { token: world.a.owner.token });
      const header = JSON.parse(String(backup.body).slice(0, String(backup.body).indexOf('\n')));
      const id = `restored-org-${next()}`;
      const text = `${[
        JSON.stringify({ ...header, organization: { id, name: `Restored ${id}` } }),
        JSON.stringify({ '@table': 'organizations', columns: ['id', 'name'] }),
        JSON.stringify({ id, name: `Restored ${id}` }),
      ].join('\n')}\n`;
      const end = { '@end': { rows: { organizations: 1 }, sha256: createHash('sha256').update(text).digest('hex') } };
      return {
        url: '/api/v1/organization/restore',
        rawBody: `${text}${JSON.stringify(end)}\n`,
        headers: { 'content-type': 'application/x-ndjson' },
      };
    },
    expect: adminsOnly(201),
  },
  'GET /api/v1/members': { build: url('/api/v1/members'), expect: everyone(200) },
  'PATCH /api/v1/members/:id': {
    build: async (world, { scope }) => {
      const id = await world.make('member', orgOf(scope));
      return { url: `/api/v1/members/${id}`, body: { version: 1, role: 'member' } };
    },
    expect: adminsOnly(200),
    scoped: true,
    other: { manager: 403, member: 403 },
  },
  'POST /api/v1/invites': {
    build: async () => ({ url: '/api/v1/invites', body: { email: `invite${next()}@a.test`, role: 'member' } }),
    expect: adminsOnly(201),
  },
  'GET /api/v1/invites': { build: url('/api/v1/invites'), expect: adminsOnly(200) },
  'DELETE /api/v1/invites/:id': {
    build: async (world, { scope }) => ({ url: `/api/v1/invites/${await world.make('invite', orgOf(scope))}` }),
    expect: adminsOnly(200),
    scoped: true,
    other: { manager: 403, member: 403 },
  },
  'GET /api/v1/tokens': { build: url('/api/v1/tokens'), expect: everyone(200) },
  'POST /api/v1/tokens': { build: async () => ({ url: '/api/v1/tokens', body: { name: 'matrix' } }), expect: everyone(201) },
  'DELETE /api/v1/tokens/:id': {
    // own scope: a token of the caller's colleague (owner of A) is not theirs to revoke, except the owner's own
    build: async (world, { scope, as }) => ({
      url: `/api/v1/tokens/${await world.make('token', orgOf(scope), scope === 'own' ? as : undefined)}`,
    }),
    expect: everyone(200),
    scoped: true,
  },
  ...trackingMatrix,
  ...calendarMatrix,
  ...reportsMatrix,
  ...timesheetMatrix,
  ...rulesMatrix,
};
