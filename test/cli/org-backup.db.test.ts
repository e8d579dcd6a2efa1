// kairos backup --org and the restore of one organisation, on PGlite and on PostgreSQL
// (KAIROS_TEST_DB=pg): two organisations in one installation; the backup of one holds its rows and
// none of the other's; restored into a fresh database its reports (summary, calendar-vs-tracked)
// answer the same JSON; an organisation that exists is refused unless --replace, which replaces
// its rows only and keeps an existing user's password; damaged, truncated and foreign files and
// members of another organisation are refused and change nothing.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as contract from '../../src/contract/index.ts';
import { calendarVsTracked, summaryReport } from '../../src/contract/reports.ts';
import { createClient as createCustomer } from '../../src/contract/tracking.ts';
import { BACKUP_TABLES, ORG_BACKUP_TABLES } from '../../src/db/backup-repository.ts';
import { type Db, queryRows } from '../../src/db/database.ts';
import { kairosVersion } from '../../src/runtime.ts';
import { writeBackup } from '../../src/services/backup.ts';
import { writeOrganizationBackup } from '../../src/services/organization-backup.ts';
import type { CalendarTestEnv } from '../support/calendar-env.ts';
import { type CliDatabase, runKairos, withDb } from '../support/cli.ts';
import { exchangeFeed } from '../support/exchange-feed.ts';
import { testEngine } from '../support/test-db.ts';
import type { SignedUp, TestApp } from '../support/test-app.ts';
import { type BackupKit, createBackupKit, resealed } from '../support/backup-files.ts';

const TIMEOUT_MS = 300_000;
const NOW = new Date('2027-03-10T08:30:00Z');
const FEED_PATH = '/owa/calendar/owner@org-a.test/1c2d/calendar.ics';
const FEED = exchangeFeed(
  [
    { uid: 'standup', summary: 'Daily Standup', start: '20270308T090000', end: '20270308T091500', rrule: 'FREQ=DAILY;COUNT=5' },
    { uid: 'review', summary: 'Design review', start: '20270309T140000', end: '20270309T150000' },
  ],
  { name: 'Work' },
);
const RANGE = { from: '2027-03-01', to: '2027-04-01' };

let env: CalendarTestEnv;
let owner: SignedUp;
let member: SignedUp;
let other: SignedUp;
let dir: string;
let orgFile: string;
let orgFileBare: string;
let installationFile: string;
let kit: BackupKit;
let sourceRows: Record<string, string[]>;
let otherRows: Record<string, string[]>;
let reports: unknown;

/** The organisation's rows of every table (PostgreSQL's JSON of each row, sorted). */
async function orgSnapshot(db: Db, orgId: string): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const table of ORG_BACKUP_TABLES) {
    const where =
      table === 'organizations'
        ? sql`t.id = ${orgId}`
        : table === 'calendar_sync_jobs'
          ? sql`t.connection_id IN (SELECT id FROM calendar_connections WHERE org_id = ${orgId})`
          : sql`t.org_id = ${orgId}`;
    const rows = await queryRows<{ line: string }>(
      db,
      sql`SELECT row_to_json(t)::text AS line FROM ${sql.raw(`"${table}"`)} t WHERE ${where}`,
    );
    tables[table] = rows.map((row) => row.line).sort();
  }
  return tables;
}

/** What the reports of the organisation answer its owner. */
async function reportsOf(t: TestApp, token: string): Promise<unknown> {
  const api = t.client({ token });
  return {
    summary: await api.ok(summaryReport, { query: { ...RANGE, groupBy: 'project,user' } as never }),
    byTag: await api.ok(summaryReport, { query: { ...RANGE, groupBy: 'tag,day' } as never }),
    calendar: await api.ok(calendarVsTracked, { query: RANGE }),
  };
}

// the kit's helpers under the names the tests use
const env_ = (target: CliDatabase, extra?: Record<string, string>) => kit.cliEnv(target, extra);
const newTarget = (engine?: 'pglite' | 'pg') => kit.newTarget(engine);
const withApp = <T>(target: CliDatabase, body: (t: TestApp) => Promise<T>) => kit.withApp(target, body);
const file = (name: string, content: string) => kit.file(name, content);

async function write(kind: 'org' | 'installation', includeSecrets: boolean): Promise<string> {
  let text = '';
  const sink = { write: (chunk: string) => void (text += chunk) };
  const options = { includeSecrets, kairosVersion: kairosVersion(), now: NOW };
  if (kind === 'installation') await writeBackup(env.t.deps.db, sink, options);
  else await writeOrganizationBackup(env.t.deps.db, sink, { ...options, organization: { id: owner.orgId, name: 'Org A s.r.o.' } });
  return text;
}

beforeAll(async () => {
  kit = await createBackupKit(NOW, 'kairos-org-backup-');
  ({ env, dir } = kit);
  owner = await env.t.signup('owner@org-a.test', 'Org A s.r.o.');
  member = await env.t.addMember(owner, 'member@org-a.test', 'member');
  other = await env.t.signup('owner@org-b.test', 'Org B');
  const api = env.t.client({ token: owner.token });
  await api.ok(contract.createInvite, { body: { email: 'later@org-a.test', role: 'admin' } });
  const org = await api.ok(contract.getOrganization);
  await api.ok(contract.updateOrganization, { body: { version: org.version, defaultHourlyRate: 40 } });
  const client = await api.ok(createCustomer, { body: { name: 'Babbage Ltd' } });
  const project = await api.ok(contract.createProject, { body: { name: 'Engine', clientId: client.id, hourlyRate: 85.5 } });
  const task = await api.ok(contract.createTask, { body: { projectId: project.id, name: 'Design' } });
  await api.ok(contract.putProjectMember, { params: { id: project.id, userId: member.userId }, body: { role: 'member', hourlyRate: 60 } });
  const urgent = await api.ok(contract.createTag, { body: { name: 'urgent' } });
  await api.ok(contract.createTimeRecord, {
    body: { start: '2027-03-08T07:00:00Z', end: '2027-03-08T09:30:00Z', projectId: project.id, taskId: task.id, tagIds: [urgent.id] },
  });
  await env.t.client({ token: member.token }).ok(contract.createTimeRecord, {
    body: { start: '2027-03-09T08:00:00Z', end: '2027-03-09T08:45:00Z', projectId: project.id, description: 'Member work' },
  });
  env.server.route(FEED_PATH, { body: FEED });
  const connection = await api.ok(contract.createConnection, { body: { url: env.server.url(FEED_PATH) } });
  expect(connection.status).toBe('ok');
  const meetings = (await api.ok(contract.listImpulses, { query: RANGE })).items.filter((item) => item.kind === 'meeting');
  await api.ok(contract.trackImpulse, {
    params: { id: meetings.find((m) => m.summary === 'Design review')!.id },
    body: { projectId: project.id },
  });
  await api.ok(contract.createRule, { body: { kind: 'subject', pattern: 'Standup', projectId: project.id, mode: 'suggest' } });
  // the other organisation
  const bApi = env.t.client({ token: other.token });
  const bProject = await bApi.ok(contract.createProject, { body: { name: 'Secret B project' } });
  await bApi.ok(contract.createTimeRecord, {
    body: { start: '2027-03-08T10:00:00Z', end: '2027-03-08T11:00:00Z', projectId: bProject.id },
  });

  sourceRows = await orgSnapshot(env.t.deps.db, owner.orgId);
  otherRows = await orgSnapshot(env.t.deps.db, other.orgId);
  reports = await reportsOf(env.t, owner.token);
  orgFile = file('org-a.ndjson', await write('org', true));
  orgFileBare = file('org-a-bare.ndjson', await write('org', false));
  installationFile = file('all.ndjson', await write('installation', true));
}, TIMEOUT_MS);

afterAll(async () => {
  await kit?.close();
}, TIMEOUT_MS);

describe('kairos backup --org', () => {
  it('writes a version 2 header naming the organisation, its tables, and no row of another organisation', () => {
    const text = readFileSync(orgFile, 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toEqual({
      format: 'kairos-backup',
      version: 2,
      kairosVersion: kairosVersion(),
      schema: { migration: expect.stringMatching(/^\d{4}_\w+$/), when: expect.any(Number) },
      createdAt: NOW.toISOString(),
      includesSecrets: true,
      scope: 'organization',
      organization: { id: owner.orgId, name: 'Org A s.r.o.' },
    });
    const tables = lines.filter((line) => line.startsWith('{"@table"')).map((line) => JSON.parse(line)['@table']);
    expect(tables).toEqual([...ORG_BACKUP_TABLES]);
    const end = JSON.parse(lines.at(-1)!)['@end'];
    expect(end.rows).toEqual(Object.fromEntries(ORG_BACKUP_TABLES.map((table) => [table, sourceRows[table]!.length])));
    for (const table of [
      'users',
      'sessions',
      'invites',
      'time_records',
      'calendar_connections',
      'calendar_occurrences',
      'impulse_states',
      'tracking_rules',
    ]) {
      expect(end.rows[table], table).toBeGreaterThan(0);
    }
    expect(text).not.toContain(other.orgId);
    expect(text).not.toContain('owner@org-b.test');
    expect(text).not.toContain('Secret B project');
    // without secrets: no sign-ins, invitations, password hashes or calendar links
    const bare = readFileSync(orgFileBare, 'utf8');
    expect(JSON.parse(bare.slice(0, bare.indexOf('\n')))).toMatchObject({ includesSecrets: false, scope: 'organization' });
    for (const table of ['sessions', 'api_tokens', 'invites']) expect(bare).not.toContain(`"@table":"${table}"`);
    for (const row of [...sourceRows.users!, ...sourceRows.calendar_connections!]) {
      const { password_hash: hash, url_ciphertext: link } = JSON.parse(row) as Record<string, string | null>;
      for (const value of [hash, link]) if (value) expect(bare.includes(value)).toBe(false);
    }
  });

  it(
    'names the organisation by id or name; refuses an unknown one',
    async () => {
      const target = await newTarget();
      expect((await runKairos(['restore', '--in', installationFile], env_(target))).code).toBe(0);
      const byName = await runKairos(['backup', '--org', 'org a s.r.o.', '--out', '-'], env_(target));
      expect(byName.code, byName.stderr).toBe(0);
      expect(byName.stderr).toContain(`of the organisation "Org A s.r.o." (${owner.orgId})`);
      expect(byName.stdout.trimEnd().split('\n').slice(1, -1)).toEqual(
        readFileSync(orgFileBare, 'utf8').trimEnd().split('\n').slice(1, -1),
      );
      const unknown = await runKairos(['backup', '--org', 'Nobody', '--out', '-'], env_(target));
      expect(unknown).toMatchObject({
        code: 2,
        stderr:
          'kairos backup: There is no organisation "Nobody" here.\nGive the id or the exact name of an organisation of this installation.\n',
      });
    },
    TIMEOUT_MS,
  );
});

describe('kairos restore of an organisation backup', () => {
  it(
    'creates the organisation in a fresh database: its rows as they were, its reports answer the same JSON',
    async () => {
      const target = await newTarget();
      const restored = await runKairos(['restore', '--in', orgFile], env_(target));
      expect(restored.stderr).toBe('');
      expect(restored.code).toBe(0);
      expect(restored.stdout).toContain(`Restored the organisation "Org A s.r.o." (${owner.orgId}): `);
      expect(restored.stdout).toContain('Users created: owner@org-a.test, member@org-a.test.');
      expect(await withDb(target, ({ db }) => orgSnapshot(db, owner.orgId))).toEqual(sourceRows);
      await withApp(target, async (t) => expect(await reportsOf(t, owner.token)).toEqual(reports));
    },
    TIMEOUT_MS,
  );

  it(
    'without secrets creates the users without a password and says how they get one',
    async () => {
      const target = await newTarget();
      const restored = await runKairos(['restore', '--in', orgFileBare], env_(target));
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stdout).toContain(
        'Without a password (the backup holds no secrets): owner@org-a.test, member@org-a.test; each gets one with kairos user reset-password --email E.',
      );
      expect(restored.stdout).toContain('1 calendar connections wait for their owner to paste the link again.');
      const rows = await withDb(target, ({ db }) => orgSnapshot(db, owner.orgId));
      for (const table of ['time_records', 'projects', 'tags', 'calendar_occurrences', 'impulse_states', 'tracking_rules']) {
        expect(rows[table], table).toEqual(sourceRows[table]);
      }
      expect(rows.sessions).toEqual([]);
    },
    TIMEOUT_MS,
  );

  describe('onto a database that has the organisation', () => {
    let full: CliDatabase;
    let before: Record<string, string[]>;
    const everything = (target: CliDatabase) =>
      withDb(target, async ({ db }) => {
        const all: Record<string, string[]> = {};
        for (const table of BACKUP_TABLES) {
          const rows = await queryRows<{ line: string }>(db, sql`SELECT row_to_json(t)::text AS line FROM ${sql.raw(`"${table}"`)} t`);
          all[table] = rows.map((row) => row.line).sort();
        }
        return all;
      });
    const refused = async (name: string, text: string, extra: Record<string, string> = {}, args: string[] = ['--replace']) => {
      const result = await runKairos(['restore', '--in', file(name, text), ...args], env_(full, extra));
      expect(result.code, result.stdout).toBe(2);
      expect(result.stdout).toBe('');
      expect(await everything(full)).toEqual(before);
      return result.stderr;
    };

    beforeAll(async () => {
      full = await newTarget();
      expect((await runKairos(['restore', '--in', installationFile], env_(full))).code).toBe(0);
      before = await everything(full);
    }, TIMEOUT_MS);

    it(
      'refuses without --replace, in English and Czech',
      async () => {
        expect(await refused('same.ndjson', readFileSync(orgFile, 'utf8'), {}, [])).toBe(
          'kairos restore: The organisation "Org A s.r.o." of this backup already exists here.\n' +
            'Nothing was changed. Restore it into an installation without it, or replace only this organisation\'s data with "kairos restore --replace --in FILE" on the server (back it up first).\n',
        );
        expect(await refused('same.ndjson', readFileSync(orgFile, 'utf8'), { LANG: 'cs_CZ.UTF-8' }, [])).toMatch(
          /^kairos restore: Organizace „Org A s\.r\.o\.“ z této zálohy tu už existuje\.\nNic nebylo změněno\./,
        );
      },
      TIMEOUT_MS,
    );

    it(
      'refuses a damaged, a truncated and a foreign file before anything is written',
      async () => {
        const text = readFileSync(orgFile, 'utf8');
        const lines = text.trimEnd().split('\n');
        expect(await refused('changed.ndjson', text.replace('Member work', 'Member word'))).toContain(
          `damaged at line ${lines.length}: the checksum in the end line does not match the contents.`,
        );
        expect(await refused('cut.ndjson', text.slice(0, text.indexOf('"@table":"time_records"') + 200))).toMatch(
          /^kairos restore: The backup breaks off after line \d+/,
        );
        // a row of the other organisation smuggled into the file
        const smuggled = resealed(text, (body) =>
          body.map((line) => (line.includes('Member work') ? line.replace(owner.orgId, other.orgId) : line)),
        );
        const at = smuggled.split('\n').findIndex((line) => line.includes('Member work')) + 1;
        expect(await refused('smuggled.ndjson', smuggled)).toContain(
          `damaged at line ${at}: a row of time_records belongs to another organisation than the one the header names.`,
        );
        // a record of the organisation tied to the other organisation's project
        const bProject = JSON.parse(otherRows.projects![0]!).id as string;
        const tied = resealed(text, (body) =>
          body.map((line) => (line.includes('Member work') ? line.replace(/"project_id":"[^"]+"/, `"project_id":"${bProject}"`) : line)),
        );
        expect(await refused('tied.ndjson', tied)).toContain(
          'the column project_id of time_records refers to a row of another organisation',
        );
      },
      TIMEOUT_MS,
    );

    it(
      'replaces only that organisation with --replace; an existing user keeps their password',
      async () => {
        const reset = await runKairos(['user', 'reset-password', '--email', 'member@org-a.test'], env_(full));
        expect(reset.code, reset.stderr).toBe(0);
        const password = /^New password for member@org-a.test: (\S+)$/m.exec(reset.stdout)?.[1] ?? '';
        await withDb(full, async ({ db }) => {
          await db.execute(sql`DELETE FROM time_records WHERE description = 'Member work'`);
          await db.execute(sql`UPDATE projects SET name = 'Renamed' WHERE org_id = ${owner.orgId}`);
        });
        const replaced = await runKairos(['restore', '--replace', '--in', orgFileBare], env_(full));
        expect(replaced.code, replaced.stderr).toBe(0);
        expect(replaced.stdout).toContain(', replacing its data that was here.');
        expect(replaced.stdout).toContain(
          'Existing users who keep their password and got the membership: owner@org-a.test, member@org-a.test.',
        );
        const rows = await withDb(full, ({ db }) => orgSnapshot(db, owner.orgId));
        for (const table of ['time_records', 'projects', 'tasks', 'tags', 'project_members', 'tracking_rules', 'calendar_occurrences']) {
          expect(rows[table], table).toEqual(sourceRows[table]);
        }
        expect(await withDb(full, ({ db }) => orgSnapshot(db, other.orgId))).toEqual(otherRows);
        await withApp(full, async (t) => {
          const login = await t.call('POST', '/api/v1/auth/login', { body: { email: 'member@org-a.test', password } });
          expect(login.status).toBe(200);
          // the owner's token was kept, and the reports are those of the backup
          const summary = await t
            .client({ token: owner.token })
            .ok(summaryReport, { query: { ...RANGE, groupBy: 'project,user' } as never });
          expect(summary).toEqual((reports as { summary: unknown }).summary);
        });
        before = await everything(full);
      },
      TIMEOUT_MS,
    );

    it(
      'refuses members who belong to another organisation here',
      async () => {
        const text = readFileSync(orgFileBare, 'utf8');
        const header = JSON.parse(text.slice(0, text.indexOf('\n')));
        const otherOrg = 'org-elsewhere-test';
        // the same people in a new organisation
        const moved = resealed(text, (body) => [
          JSON.stringify({ ...header, organization: { id: otherOrg, name: 'Elsewhere' } }),
          ...body.slice(1).map((line) => line.replaceAll(owner.orgId, otherOrg)),
        ]);
        expect(await refused('elsewhere.ndjson', moved, {}, [])).toBe(
          'kairos restore: These members of the backup belong to another organisation here: owner@org-a.test, member@org-a.test.\n' +
            'Nothing was changed. A person belongs to one organisation for now: remove them from the other organisation (or change their e-mail there) and restore again.\n',
        );
      },
      TIMEOUT_MS,
    );
  });
});

describe('an organisation backup with secrets restored with another KAIROS_SECRET', () => {
  it(
    'restores, and says the key does not open the links',
    async () => {
      const target = await newTarget();
      const restored = await runKairos(['restore', '--in', orgFile], env_(target, { KAIROS_SECRET: randomBytes(32).toString('base64') }));
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stderr).toBe(
        'kairos restore: KAIROS_SECRET does not open 1 of 1 restored calendar links: start Kairos with the KAIROS_SECRET of the installation the backup comes from.\n',
      );
    },
    TIMEOUT_MS,
  );
});

describe('from PGlite to PostgreSQL', () => {
  it.skipIf(testEngine !== 'pg')(
    'an organisation backed up from a PGlite data directory and restored on PostgreSQL answers the same reports',
    async () => {
      const embedded = await newTarget('pglite');
      expect((await runKairos(['restore', '--in', installationFile], env_(embedded))).code).toBe(0);
      const moved = path.join(dir, 'moved.ndjson');
      const backup = await runKairos(['backup', '--org', owner.orgId, '--include-secrets', '--out', moved], env_(embedded));
      expect(backup.code, backup.stderr).toBe(0);
      const server = await newTarget('pg');
      const restored = await runKairos(['restore', '--in', moved], env_(server));
      expect(restored.code, restored.stderr).toBe(0);
      expect(await withDb(server, ({ db }) => orgSnapshot(db, owner.orgId))).toEqual(sourceRows);
      await withApp(server, async (t) => expect(await reportsOf(t, owner.token)).toEqual(reports));
    },
    TIMEOUT_MS,
  );
});
