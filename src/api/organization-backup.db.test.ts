// GET /api/v1/organization/backup and POST /api/v1/organization/restore, on PGlite and PostgreSQL:
// the download of an organisation holds no secret; uploaded into another installation it creates the
// organisation, whose summary report answers the same JSON; an organisation that exists, a damaged,
// truncated or whole-installation file, another type and a member are refused, changing nothing.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedUp, type TestApp } from '../../test/support/test-app.ts';
import * as contract from '../contract/index.ts';
import { summaryReport } from '../contract/reports.ts';
import { queryRows } from '../db/database.ts';
import { resetPassword } from '../services/accounts.ts';
import { writeBackup } from '../services/backup.ts';
import { writeOrganizationBackup } from '../services/organization-backup.ts';
import { resealed } from '../../test/support/backup-files.ts';

const NOW = new Date('2027-03-10T08:30:00Z');
const RANGE = { from: '2027-03-01', to: '2027-04-01', groupBy: 'project,user' } as never;
const NDJSON = { 'content-type': 'application/x-ndjson' };

let source: TestApp;
let target: TestApp;
let owner: SignedUp;
let member: SignedUp;
let elsewhere: SignedUp;
let file: string;
let summary: unknown;

const counts = async (t: TestApp) =>
  queryRows<{ orgs: number; users: number; records: number }>(
    t.deps.db,
    sql`SELECT (SELECT count(*)::int FROM organizations) AS orgs, (SELECT count(*)::int FROM users) AS users,
      (SELECT count(*)::int FROM time_records) AS records`,
  );

beforeAll(async () => {
  source = await createTestApp({ now: NOW });
  target = await createTestApp({ now: NOW });
  owner = await source.signup('owner@org-a.test', 'Analytical s.r.o.');
  member = await source.addMember(owner, 'member@org-a.test', 'member');
  const api = source.client({ token: owner.token });
  const project = await api.ok(contract.createProject, { body: { name: 'Engine', hourlyRate: 85.5 } });
  await api.ok(contract.putProjectMember, { params: { id: project.id, userId: member.userId }, body: { role: 'member', hourlyRate: 60 } });
  const tag = await api.ok(contract.createTag, { body: { name: 'urgent' } });
  await api.ok(contract.createTimeRecord, {
    body: { start: '2027-03-08T07:00:00Z', end: '2027-03-08T09:30:00Z', projectId: project.id, tagIds: [tag.id], description: 'Gears' },
  });
  await source.client({ token: member.token }).ok(contract.createTimeRecord, {
    body: { start: '2027-03-09T08:00:00Z', end: '2027-03-09T08:45:00Z', projectId: project.id, description: 'Member work' },
  });
  summary = await api.ok(summaryReport, { query: RANGE });
  // the installation the organisation moves to has someone already
  elsewhere = await target.signup('admin@elsewhere.test', 'Elsewhere');
});

afterAll(async () => {
  await source?.close();
  await target?.close();
});

describe('GET /api/v1/organization/backup', () => {
  it('streams the organisation as an NDJSON download without any secret', async () => {
    const reply = await source.call('GET', '/api/v1/organization/backup', { token: owner.token });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(reply.headers['content-disposition']).toBe(
      `attachment; filename="kairos-Analytical_s.r.o.-2027-03-10.ndjson"; filename*=UTF-8''kairos-Analytical%20s.r.o.-2027-03-10.ndjson`,
    );
    file = String(reply.body);
    const lines = file.trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      format: 'kairos-backup',
      version: 2,
      scope: 'organization',
      organization: { id: owner.orgId, name: 'Analytical s.r.o.' },
      includesSecrets: false,
    });
    expect(JSON.parse(lines.at(-1)!)['@end'].rows).toMatchObject({ users: 2, time_records: 2, projects: 1 });
    for (const table of ['sessions', 'api_tokens', 'invites']) expect(file).not.toContain(`"@table":"${table}"`);
    const secrets = await queryRows<{ value: string }>(
      source.deps.db,
      sql`SELECT password_hash AS value FROM users UNION ALL SELECT token_hash FROM api_tokens UNION ALL SELECT token_hash FROM sessions`,
    );
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    for (const { value } of secrets) expect(file.includes(value)).toBe(false);
  });

  it('refuses a member: 403 with code, message and hint', async () => {
    const reply = await source.call('GET', '/api/v1/organization/backup', { token: member.token, headers: { 'accept-language': 'cs' } });
    expect(reply.status).toBe(403);
    expect(reply.body.error).toMatchObject({ code: 'forbidden', message: expect.any(String), hint: expect.any(String) });
  });
});

describe('POST /api/v1/organization/restore', () => {
  const upload = (body: string, as: SignedUp = elsewhere, headers: Record<string, string> = {}) =>
    target.call('POST', '/api/v1/organization/restore', { token: as.token, rawBody: body, headers: { ...NDJSON, ...headers } });

  it('refuses a damaged, a truncated and a whole-installation file, and another type, before writing anything', async () => {
    const before = await counts(target);
    const damaged = await upload(file.replace('Member work', 'Member word'));
    expect(damaged.status).toBe(422);
    expect(damaged.body.error).toEqual({
      code: 'backup_damaged',
      message: `The backup is damaged at line ${file.trimEnd().split('\n').length}: the checksum in the end line does not match the contents.`,
      hint: 'Nothing was changed. Restore another copy of the backup, or take a new one with "kairos backup".',
    });
    const cut = await upload(file.slice(0, file.indexOf('"@table":"time_records"') + 100));
    expect(cut.status).toBe(422);
    expect(cut.body.error).toMatchObject({
      code: 'backup_truncated',
      message: expect.stringMatching(/^The backup breaks off after line \d+/),
    });
    let installation = '';
    await writeBackup(
      source.deps.db,
      { write: (text) => void (installation += text) },
      { includeSecrets: false, kairosVersion: '0.0.0', now: NOW },
    );
    const whole = await upload(installation);
    expect(whole.status).toBe(422);
    expect(whole.body.error).toMatchObject({
      code: 'backup_not_organization',
      message: 'This is the backup of a whole installation, not of one organisation.',
      hint: expect.stringContaining('kairos backup --org'),
    });
    const json = await target.call('POST', '/api/v1/organization/restore', { token: elsewhere.token, body: { file } });
    expect(json.status).toBe(415);
    expect(json.body.error).toMatchObject({
      code: 'unsupported_upload',
      message: 'The request body must be a file of type application/x-ndjson.',
      hint: 'Send the file itself as the body, with Content-Type: application/x-ndjson.',
    });
    expect(await counts(target)).toEqual(before);
  });

  it('refuses a member of the installation it is uploaded to: 403', async () => {
    const colleague = await target.addMember(elsewhere, 'colleague@elsewhere.test', 'member');
    const before = await counts(target);
    const reply = await upload(file, colleague);
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('forbidden');
    expect(await counts(target)).toEqual(before);
  });

  it('creates the organisation with its members, whose summary report answers the same JSON', async () => {
    const reply = await upload(file);
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body).toEqual({
      organization: { id: owner.orgId, name: 'Analytical s.r.o.' },
      rows: expect.objectContaining({ organizations: 1, users: 2, time_records: 2, tags: 1 }),
      members: { matched: [], created: ['owner@org-a.test', 'member@org-a.test'] },
      linksMissing: 0,
      // the caller's organisation holds a colleague: they stay in it
      callerIsOwner: false,
    });
    // the people get a password as the answer says, and see what they saw
    const { password } = await resetPassword(target.deps, 'owner@org-a.test');
    const login = await target.call('POST', '/api/v1/auth/login', { body: { email: 'owner@org-a.test', password } });
    expect(login.status).toBe(200);
    const token = await target.call('POST', '/api/v1/tokens', {
      session: {
        cookie: ([] as string[])
          .concat(login.headers['set-cookie'] as string[])
          .map((line) => line.split(';')[0])
          .join('; '),
        csrf: login.body.csrfToken,
      },
      body: { name: 'moved' },
    });
    expect(token.status).toBe(201);
    expect(await target.client({ token: token.body.token }).ok(summaryReport, { query: RANGE })).toEqual(summary);
  });

  it('refuses the organisation once it exists: 409 with code, message and hint, in English and Czech', async () => {
    const again = await upload(file);
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual({
      code: 'organization_exists',
      message: 'The organisation "Analytical s.r.o." of this backup already exists here.',
      hint: 'Nothing was changed. Restore it into an installation without it, or replace only this organisation\'s data with "kairos restore --replace --in FILE" on the server (back it up first).',
    });
    // an administrator whose profile speaks Czech
    const admin = await target.addMember(elsewhere, 'spravce@elsewhere.test', 'admin');
    const me = await target.call('GET', '/api/v1/me', { token: admin.token });
    expect(
      (await target.call('PATCH', '/api/v1/me', { token: admin.token, body: { version: me.body.version, language: 'cs' } })).status,
    ).toBe(200);
    const czech = await upload(file, admin);
    expect(czech.status).toBe(409);
    expect(czech.body.error).toEqual({
      code: 'organization_exists',
      message: 'Organizace „Analytical s.r.o.“ z této zálohy tu už existuje.',
      hint: 'Nic nebylo změněno. Obnovte ji do instalace, kde není, nebo nahraďte jen data této organizace příkazem „kairos restore --replace --in SOUBOR“ na serveru (předtím ji zazálohujte).',
    });
    const records = await queryRows<{ n: number }>(
      target.deps.db,
      sql`SELECT count(*)::int AS n FROM time_records WHERE org_id = ${owner.orgId}`,
    );
    expect(records).toEqual([{ n: 2 }]);
  });

  it('makes the caller its owner when their own organisation holds nothing but them (who signed up to move it here)', async () => {
    const charles = await source.signup('charles@babbage.test', 'Babbage');
    const sourceApi = source.client({ token: charles.token });
    const project = await sourceApi.ok(contract.createProject, { body: { name: 'Difference engine' } });
    await sourceApi.ok(contract.createTimeRecord, {
      body: { start: '2027-03-08T10:00:00Z', end: '2027-03-08T12:00:00Z', projectId: project.id, description: 'Cogs' },
    });
    const expected = await sourceApi.ok(summaryReport, { query: RANGE });
    const download = await source.call('GET', '/api/v1/organization/backup', { token: charles.token });
    expect(download.status).toBe(200);
    // Charles signs up here with the same e-mail: a new, empty organisation of their own
    const mover = await target.signup('charles@babbage.test', 'Placeholder');
    const reply = await upload(String(download.body), mover);
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body).toMatchObject({
      organization: { id: charles.orgId, name: 'Babbage' },
      members: { matched: ['charles@babbage.test'], created: [] },
      callerIsOwner: true,
    });
    // their token moved with them: they see the restored organisation and its report
    const api = target.client({ token: mover.token });
    expect(await api.ok(contract.getOrganization)).toMatchObject({ id: charles.orgId, name: 'Babbage' });
    // the same report, with Charles under the id of the account here (the file's id of them was rewritten to it)
    expect(await api.ok(summaryReport, { query: RANGE })).toEqual(
      JSON.parse(JSON.stringify(expected).replaceAll(charles.userId, mover.userId)),
    );
    const left = await queryRows<{ n: number }>(
      target.deps.db,
      sql`SELECT count(*)::int AS n FROM organizations WHERE id = ${mover.orgId}`,
    );
    expect(left).toEqual([{ n: 0 }]);
    const owners = await queryRows<{ email: string }>(
      target.deps.db,
      sql`SELECT email FROM users WHERE org_id = ${charles.orgId} AND role = 'owner'`,
    );
    expect(owners).toEqual([{ email: 'charles@babbage.test' }]);
  });

  it('restores none of the secrets of a file written with them', async () => {
    const curie = await source.signup('marie@curie.test', 'Curie');
    await source.call('POST', '/api/v1/invites', { token: curie.token, body: { email: 'pierre@curie.test', role: 'member' } });
    let withSecrets = '';
    await writeOrganizationBackup(
      source.deps.db,
      { write: (text) => void (withSecrets += text) },
      { organization: { id: curie.orgId, name: 'Curie' }, includeSecrets: true, kairosVersion: '0.0.0', now: NOW },
    );
    expect(withSecrets).toContain('"@table":"sessions"');
    expect(withSecrets).toContain('"password_hash":"$');
    const reply = await upload(withSecrets);
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body.rows).toMatchObject({ users: 1, sessions: 1, api_tokens: 1, invites: 1 });
    const [left] = await queryRows<{ hashes: number; sessions: number; tokens: number; invites: number }>(
      target.deps.db,
      sql`SELECT (SELECT count(*)::int FROM users WHERE org_id = ${curie.orgId} AND password_hash IS NOT NULL) AS hashes,
        (SELECT count(*)::int FROM sessions WHERE org_id = ${curie.orgId}) AS sessions,
        (SELECT count(*)::int FROM api_tokens WHERE org_id = ${curie.orgId}) AS tokens,
        (SELECT count(*)::int FROM invites WHERE org_id = ${curie.orgId}) AS invites`,
    );
    expect(left).toEqual({ hashes: 0, sessions: 0, tokens: 0, invites: 0 });
    expect((await target.call('GET', '/api/v1/me', { token: curie.token })).status).toBe(401);
  });

  it('refuses members who belong to another organisation here', async () => {
    const header = JSON.parse(file.slice(0, file.indexOf('\n')));
    const moved = resealed(file, (body) => [
      JSON.stringify({ ...header, organization: { id: 'org-copy', name: 'Copy' } }),
      ...body.slice(1).map((line) => line.replaceAll(owner.orgId, 'org-copy')),
    ]);
    const reply = await upload(moved);
    expect(reply.status).toBe(409);
    expect(reply.body.error).toMatchObject({
      code: 'member_elsewhere',
      message: 'These members of the backup belong to another organisation here: owner@org-a.test, member@org-a.test.',
    });
  });
});
