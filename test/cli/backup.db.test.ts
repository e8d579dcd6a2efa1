// kairos backup and kairos restore, on PGlite and on PostgreSQL (KAIROS_TEST_DB=pg): a seeded
// installation (two people, catalogue, records, a running timer, a synced Exchange calendar with a
// tracked meeting, a rule, tokens, invites) backed up and restored into fresh databases of the
// CLI's own, row for row; with secrets, tokens, passwords and calendar links work again; without,
// connections wait for their link (link_missing). Files that are foreign, truncated, damaged, from a
// newer schema, or refused by the database are refused and leave the database as it was.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as contract from '../../src/contract/index.ts';
import { summaryReport } from '../../src/contract/reports.ts';
import { createClient as createCustomer } from '../../src/contract/tracking.ts';
import { BACKUP_TABLES, schemaTables } from '../../src/db/backup-repository.ts';
import { type Db, queryRows } from '../../src/db/database.ts';
import { kairosVersion } from '../../src/runtime.ts';
import { writeBackup } from '../../src/services/backup.ts';
import { checkKeyAtStart } from '../../src/services/secret-key.ts';
import type { CalendarTestEnv } from '../support/calendar-env.ts';
import { type CliDatabase, runKairos, withDb } from '../support/cli.ts';
import { testEngine } from '../support/test-db.ts';
import { exchangeFeed } from '../support/exchange-feed.ts';
import type { SignedUp, TestApp } from '../support/test-app.ts';
import { type BackupKit, createBackupKit, resealed } from '../support/backup-files.ts';

// every command opens the database itself: a PGlite data directory takes seconds under load
const TIMEOUT_MS = 300_000;
const NOW = new Date('2027-03-10T08:30:00Z');
const FEED_PATH = '/owa/calendar/owner@backup.test/5b1e7a9c/calendar.ics';
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
let dir: string;
let withSecrets: string;
let kit: BackupKit;
const seen: Record<string, unknown> = {};

/** Every table's rows, each as PostgreSQL's JSON of the row, sorted: equal snapshots hold the same data. */
async function snapshot(db: Db): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const table of BACKUP_TABLES) {
    const rows = await queryRows<{ line: string }>(db, sql`SELECT row_to_json(t)::text AS line FROM ${sql.raw(`"${table}"`)} t`);
    tables[table] = rows.map((row) => row.line).sort();
  }
  return tables;
}

/** What people see through the API: the records, a report, the rules, the connections' names. */
async function views(t: TestApp, token: string): Promise<Record<string, unknown>> {
  const api = t.client({ token });
  return {
    records: (await api.ok(contract.listTimeRecords, { query: RANGE })).items,
    summary: await api.ok(summaryReport, { query: { ...RANGE, groupBy: 'project,day' } as never }),
    rules: (await api.ok(contract.listRules)).items,
    tags: (await api.ok(contract.listTags)).items,
  };
}

// the kit's helpers under the names the tests use
const env_ = (target: CliDatabase, extra?: Record<string, string>) => kit.cliEnv(target, extra);
const newTarget = (engine?: 'pglite' | 'pg') => kit.newTarget(engine);
const withApp = <T>(target: CliDatabase, body: (t: TestApp) => Promise<T>) => kit.withApp(target, body);
const file = (name: string, content: string) => kit.file(name, content);

beforeAll(async () => {
  kit = await createBackupKit(NOW, 'kairos-backup-');
  ({ env, dir } = kit);
  owner = await env.t.signup('owner@backup.test', 'Backup s.r.o.');
  member = await env.t.addMember(owner, 'member@backup.test', 'member');
  const api = env.t.client({ token: owner.token });
  await api.ok(contract.createInvite, { body: { email: 'later@backup.test', role: 'admin' } });
  const org = await api.ok(contract.getOrganization);
  await api.ok(contract.updateOrganization, { body: { version: org.version, defaultHourlyRate: 40, lockedUntil: '2027-01-01' } });
  const client = await api.ok(createCustomer, { body: { name: 'Babbage Ltd' } });
  const project = await api.ok(contract.createProject, { body: { name: 'Engine', clientId: client.id, hourlyRate: 85.5 } });
  const task = await api.ok(contract.createTask, { body: { projectId: project.id, name: 'Design' } });
  await api.ok(contract.putProjectMember, { params: { id: project.id, userId: member.userId }, body: { role: 'member', hourlyRate: 60 } });
  const urgent = await api.ok(contract.createTag, { body: { name: 'urgent' } });
  const review = await api.ok(contract.createTag, { body: { name: 'Příprava' } });
  await api.ok(contract.createTimeRecord, {
    body: {
      start: '2027-03-08T07:00:00Z',
      end: '2027-03-08T09:30:00Z',
      projectId: project.id,
      taskId: task.id,
      description: 'Gears "quoted"\nnew line',
      tagIds: [urgent.id, review.id],
    },
  });
  // across midnight in Prague
  await api.ok(contract.createTimeRecord, {
    body: { start: '2027-03-08T22:00:00Z', end: '2027-03-09T01:15:00Z', projectId: project.id, billable: false },
  });
  const idempotent = await env.t.call('POST', '/api/v1/time-records', {
    token: member.token,
    headers: { 'idempotency-key': 'member-1' },
    body: { start: '2027-03-09T08:00:00Z', end: '2027-03-09T08:45:00Z', projectId: project.id, description: 'Member work' },
  });
  expect(idempotent.status).toBe(201);
  await api.ok(contract.startTimer, { body: { projectId: project.id, description: 'Running now' } });
  env.server.route(FEED_PATH, { body: FEED });
  const connection = await api.ok(contract.createConnection, { body: { url: env.server.url(FEED_PATH) } });
  expect(connection.status).toBe('ok');
  const meetings = (await api.ok(contract.listImpulses, { query: RANGE })).items.filter((item) => item.kind === 'meeting');
  const reviewMeeting = meetings.find((item) => item.summary === 'Design review');
  await api.ok(contract.trackImpulse, { params: { id: reviewMeeting!.id }, body: { projectId: project.id } });
  await api.ok(contract.createRule, {
    body: { kind: 'subject', pattern: 'Standup', projectId: project.id, taskId: task.id, tagIds: [urgent.id], mode: 'suggest' },
  });
  // the key check value serve writes at its first start
  expect(await checkKeyAtStart(env.t.deps.db, env.calendar.secretKey, 'KAIROS_SECRET')).toBeNull();

  seen.snapshot = await snapshot(env.t.deps.db);
  seen.owner = await views(env.t, owner.token);
  seen.member = await views(env.t, member.token);
  seen.connection = connection;
  let text = '';
  const summary = await writeBackup(
    env.t.deps.db,
    { write: (chunk) => void (text += chunk) },
    { includeSecrets: true, kairosVersion: kairosVersion(), now: NOW },
  );
  expect(summary.rows.time_records).toBe(4);
  withSecrets = file('with-secrets.ndjson', text);
}, TIMEOUT_MS);

afterAll(async () => {
  await kit?.close();
}, TIMEOUT_MS);

describe('the backup file', () => {
  it('is a header, a table line and its rows per table in dependency order, and an end line with counts and a checksum', () => {
    const lines = readFileSync(withSecrets, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toEqual({
      format: 'kairos-backup',
      version: 1,
      kairosVersion: kairosVersion(),
      schema: { migration: expect.stringMatching(/^\d{4}_\w+$/), when: expect.any(Number) },
      createdAt: NOW.toISOString(),
      includesSecrets: true,
    });
    const tables = lines.filter((line) => line.startsWith('{"@table"')).map((line) => JSON.parse(line)['@table']);
    expect(tables).toEqual([...BACKUP_TABLES]);
    const end = JSON.parse(lines.at(-1)!)['@end'];
    const snapshotRows = seen.snapshot as Record<string, string[]>;
    expect(end.rows).toEqual(Object.fromEntries(BACKUP_TABLES.map((table) => [table, snapshotRows[table]!.length])));
    expect(end.sha256).toBe(
      createHash('sha256')
        .update(`${lines.slice(0, -1).join('\n')}\n`)
        .digest('hex'),
    );
    for (const table of [
      'users',
      'sessions',
      'api_tokens',
      'invites',
      'time_records',
      'calendar_connections',
      'calendar_occurrences',
      'impulse_states',
      'tracking_rules',
      'timers',
      'settings',
    ]) {
      expect(end.rows[table], table).toBeGreaterThan(0);
    }
  });

  it('lists every table of the schema, each after the tables it references, and none owns a sequence', async () => {
    const tables = await schemaTables(env.t.deps.db);
    expect(tables.map((table) => table.table).sort()).toEqual([...BACKUP_TABLES].sort());
    const position = new Map<string, number>(BACKUP_TABLES.map((table, index) => [table, index]));
    for (const { table, references } of tables) {
      for (const parent of references) expect(position.get(parent)!, `${table} references ${parent}`).toBeLessThan(position.get(table)!);
    }
    // ids are text and kept as they are; a serial column would need its sequence set after a restore
    expect(tables.filter((table) => table.ownsSequence)).toEqual([]);
  });
});

describe('kairos restore', () => {
  let target: CliDatabase;

  it(
    'restores a backup with secrets into a fresh database row for row; tokens, passwords and calendar links work again',
    async () => {
      target = await newTarget();
      const restored = await runKairos(['restore', '--file', withSecrets], env_(target));
      expect(restored.stderr).toBe('');
      expect(restored.code).toBe(0);
      expect(restored.stdout).toMatch(
        /^Restored \d+ rows of 21 tables from the backup of 2027-03-10T08:30:00.000Z \(Kairos \d+\.\d+\.\d+, schema \d{4}_\w+\)\.\n$/,
      );
      expect(await withDb(target, ({ db }) => snapshot(db))).toEqual(seen.snapshot);

      // a backup of the restored database holds the same lines as the original, but for its header and end
      const again = path.join(dir, 'again.ndjson');
      // --out is the issue's name for --file
      const backup = await runKairos(['backup', '--out', again, '--include-secrets'], env_(target));
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toContain(`Backed up ${(restored.stdout.match(/Restored (\d+)/) ?? [])[1]} rows of 21 tables`);
      const rowsOf = (name: string) => readFileSync(name, 'utf8').trimEnd().split('\n').slice(1, -1);
      expect(rowsOf(again)).toEqual(rowsOf(withSecrets));

      await withApp(target, async (t) => {
        expect(await views(t, owner.token)).toEqual(seen.owner);
        expect(await views(t, member.token)).toEqual(seen.member);
        const me = await t.call('GET', '/api/v1/me', { token: owner.token });
        expect(me.status).toBe(200);
        const login = await t.call('POST', '/api/v1/auth/login', {
          body: { email: 'member@backup.test', password: 'correct horse battery' },
        });
        expect(login.status).toBe(200);
        const api = t.client({ token: owner.token });
        expect((await api.ok(contract.getTimer)).running).toMatchObject({ description: 'Running now' });
        const id = (seen.connection as { id: string }).id;
        const before = env.server.hits(FEED_PATH);
        const synced = await api.ok(contract.syncConnection, { params: { id } });
        expect(synced).toMatchObject({ status: 'ok', name: 'Work' });
        expect(env.server.hits(FEED_PATH)).toBe(before + 1);
        const impulses = (await api.ok(contract.listImpulses, { query: RANGE })).items;
        expect(impulses.find((item) => item.summary === 'Design review')).toMatchObject({ state: 'tracked' });
        expect(impulses.find((item) => item.summary === 'Daily Standup')).toMatchObject({ suggestionSource: 'rule' });
      });
    },
    TIMEOUT_MS,
  );

  it(
    'restores a backup without secrets: connections wait for their link (link_missing), passwords and tokens are gone',
    async () => {
      const backup = await runKairos(['backup', '--file', '-'], env_(target));
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stderr).toContain('Calendar links, passwords, sessions, API tokens and open invitations are left out');
      const text = backup.stdout;
      expect(JSON.parse(text.slice(0, text.indexOf('\n')))).toMatchObject({ includesSecrets: false });
      const source = seen.snapshot as Record<string, string[]>;
      const secrets = ['password_hash', 'url_ciphertext', 'link_hash', 'token_hash', 'csrf_token'];
      const rowsWithSecrets = [
        ...source.users!,
        ...source.calendar_connections!,
        ...source.api_tokens!,
        ...source.sessions!,
        ...source.invites!,
      ];
      const values = rowsWithSecrets
        .flatMap((row) => Object.entries(JSON.parse(row) as Record<string, unknown>))
        .filter(([column, value]) => secrets.includes(column) && typeof value === 'string' && value !== '')
        .map(([, value]) => value as string);
      expect(values.length).toBeGreaterThanOrEqual(2 + 2 + 3 + 3 + 2);
      for (const value of values) expect(text.includes(value), 'a secret in the backup without secrets').toBe(false);
      expect(text).not.toContain('"@table":"sessions"');
      expect(text).not.toContain('"@table":"api_tokens"');

      const bare = await newTarget();
      const restored = await runKairos(['restore', '--file', '-'], env_(bare), { stdin: Readable.from([text]) });
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stdout).toContain('1 calendar connections wait for their owner to paste the link again');
      const rows = await withDb(bare, ({ db }) => snapshot(db));
      for (const table of ['time_records', 'tags', 'projects', 'tracking_rules', 'calendar_occurrences', 'impulse_states', 'timers']) {
        expect(rows[table], table).toEqual(source[table]);
      }
      expect(rows.api_tokens).toEqual([]);
      expect(rows.sessions).toEqual([]);

      const reset = await runKairos(['user', 'reset-password', '--email', 'owner@backup.test'], env_(bare));
      expect(reset.code, reset.stderr).toBe(0);
      const password = /^New password for owner@backup.test: (\S+)$/m.exec(reset.stdout)?.[1] ?? '';
      await withApp(bare, async (t) => {
        expect((await t.call('GET', '/api/v1/me', { token: owner.token })).status).toBe(401);
        const old = await t.call('POST', '/api/v1/auth/login', {
          body: { email: 'member@backup.test', password: 'correct horse battery' },
        });
        expect(old.status).toBe(401);
        const login = await t.call('POST', '/api/v1/auth/login', { body: { email: 'owner@backup.test', password } });
        expect(login.status, JSON.stringify([reset.stdout, login.body])).toBe(200);
        const setCookie = ([] as string[]).concat(login.headers['set-cookie'] as string[]).map((line) => line.split(';')[0]!);
        const session = {
          cookie: setCookie.join('; '),
          csrf: setCookie.find((pair) => pair.startsWith('kairos_csrf='))!.slice('kairos_csrf='.length),
        };
        const api = t.client({ session });
        const [connection] = (await api.ok(contract.listConnections)).items;
        expect(connection).toMatchObject({
          status: 'link_missing',
          lastError: { code: 'link_missing' },
          urlMasked: (seen.connection as { urlMasked: string }).urlMasked,
        });
        expect(connection!.lastError!.hint).toBeTruthy();
        // a sync fetches nothing and says the same
        const before = env.server.hits(FEED_PATH);
        expect(await api.ok(contract.syncConnection, { params: { id: connection!.id } })).toMatchObject({ status: 'link_missing' });
        // the owner pastes the link again: it works as before
        const { version } = await api.ok(contract.getConnection, { params: { id: connection!.id } });
        const relinked = await api.ok(contract.updateConnection, {
          params: { id: connection!.id },
          body: { version, url: env.server.url(FEED_PATH) },
        });
        expect(relinked.status).toBe('ok');
        expect(env.server.hits(FEED_PATH)).toBe(before + 1);
      });
    },
    TIMEOUT_MS,
  );

  describe('refusals leave the database as it was', () => {
    let full: CliDatabase;
    let before: Record<string, string[]>;
    const content = () => readFileSync(withSecrets, 'utf8');
    const refused = async (name: string, text: string, extra: Record<string, string> = {}, args: string[] = ['--replace']) => {
      const result = await runKairos(['restore', '--file', file(name, text), ...args], env_(full, extra));
      expect(result.code, result.stdout).toBe(2);
      expect(result.stdout).toBe('');
      expect(await withDb(full, ({ db }) => snapshot(db))).toEqual(before);
      return result.stderr;
    };

    beforeAll(async () => {
      full = await newTarget();
      const restored = await runKairos(['restore', '--file', withSecrets], env_(full));
      expect(restored.code, restored.stderr).toBe(0);
      before = await withDb(full, ({ db }) => snapshot(db));
    }, TIMEOUT_MS);

    it(
      'refuses a database that holds data without --replace, in English and Czech',
      async () => {
        expect(await refused('same.ndjson', content(), {}, [])).toBe(
          'kairos restore: This database already holds data.\n' +
            'Restore into an empty database, or add --replace to delete everything in this one first (back it up before).\n',
        );
        expect(await refused('same.ndjson', content(), { LANG: 'cs_CZ.UTF-8' }, [])).toBe(
          'kairos restore: Tato databáze už obsahuje data.\n' +
            'Obnovte zálohu do prázdné databáze, nebo přidejte --replace, které nejprve smaže vše v této databázi (předtím ji zazálohujte).\n',
        );
      },
      TIMEOUT_MS,
    );

    it(
      'refuses a file that is no Kairos backup',
      async () => {
        const message =
          'kairos restore: This file is not a Kairos backup.\nRestore a file written by "kairos backup": its first line names the format kairos-backup. Nothing was changed.\n';
        expect(await refused('export.csv', '"User","Email","Project"\n"Ada","ada@example.test","Engine"\n')).toBe(message);
        expect(await refused('other.ndjson', '{"format":"other-backup","version":1}\n{"id":1}\n')).toBe(message);
        expect(await refused('empty.ndjson', '')).toBe(message);
        expect(await refused('cs.csv', 'a;b\n', { LC_ALL: 'cs_CZ.UTF-8' })).toMatch(/^kairos restore: Tento soubor není záloha Kairos\.\n/);
      },
      TIMEOUT_MS,
    );

    it(
      'refuses a truncated file after emptying and refilling tables: the transaction undoes it all',
      async () => {
        const text = content();
        const cut = text.indexOf('"@table":"time_records"') + 400;
        expect(await refused('cut.ndjson', text.slice(0, cut))).toMatch(
          /^kairos restore: The backup breaks off after line \d+: its end line is missing, so it is incomplete\.\nNothing was changed\./,
        );
        // cut at a line break: every line whole, only the end line missing
        const lines = text.trimEnd().split('\n');
        expect(await refused('no-end.ndjson', `${lines.slice(0, -1).join('\n')}\n`, { LANG: 'cs_CZ.UTF-8' })).toBe(
          `kairos restore: Záloha končí po řádku ${lines.length - 1}: chybí její závěrečný řádek, takže je neúplná.\n` +
            'Nic nebylo změněno. Zkopírujte celý soubor znovu (nebyl při zápisu plný disk?), nebo vytvořte novou zálohu.\n',
        );
      },
      TIMEOUT_MS,
    );

    it(
      'refuses a damaged file: a changed byte, a changed count, a line that is no JSON',
      async () => {
        const text = content();
        const changed = text.replace('Gears \\"quoted\\"', 'Gears \\"quotes\\"');
        expect(changed).not.toBe(text);
        const lines = text.trimEnd().split('\n');
        expect(await refused('changed.ndjson', changed)).toBe(
          `kairos restore: The backup is damaged at line ${lines.length}: the checksum in the end line does not match the contents.\n` +
            'Nothing was changed. Restore another copy of the backup, or take a new one with "kairos backup".\n',
        );
        const dropped = lines.filter((line) => !line.includes('Member work'));
        expect(await refused('dropped.ndjson', `${dropped.join('\n')}\n`)).toContain(
          `damaged at line ${dropped.length}: the end line counts 4 rows of time_records, the file holds 3.`,
        );
        const garbled = resealed(text, (body) => body.map((line) => (line.includes('Member work') ? line.slice(0, 40) : line)));
        const at = garbled.split('\n').findIndex((line) => line.startsWith('{"id"') && !line.endsWith('}')) + 1;
        expect(await refused('garbled.ndjson', garbled, { LANG: 'cs_CZ.UTF-8' })).toMatch(
          new RegExp(`^kairos restore: Záloha je na řádku ${at} poškozená: řádek není JSON\\.\\n`),
        );
        const foreignTable = resealed(text, (body) => [...body, '{"@table":"payments","columns":["id"]}']);
        expect(await refused('table.ndjson', foreignTable)).toContain('the table payments is not in this database');
      },
      TIMEOUT_MS,
    );

    it(
      'refuses a backup of a newer schema',
      async () => {
        const text = content();
        const header = JSON.parse(text.slice(0, text.indexOf('\n')));
        const newer = { ...header, kairosVersion: '9.0.0', schema: { migration: '9999_future', when: header.schema.when + 1 } };
        const message = await refused(
          'newer.ndjson',
          resealed(text, (body) => [JSON.stringify(newer), ...body.slice(1)]),
        );
        expect(message).toBe(
          `kairos restore: This backup was written by a newer Kairos (9.0.0, database schema 9999_future) than this one (schema ${header.schema.migration}).\n` +
            'Nothing was changed. Update Kairos to the version that wrote the backup, or a later one, and restore again.\n',
        );
      },
      TIMEOUT_MS,
    );

    it(
      'undoes everything when the database refuses a row (a record twice), and names its line',
      async () => {
        const text = resealed(content(), (body) => {
          const index = body.findIndex((line) => line.includes('Member work'));
          return [...body.slice(0, index + 1), body[index]!, ...body.slice(index + 1)];
        });
        const lines = text.split('\n');
        const first = lines.findIndex((row) => row.startsWith('{"@table":"time_records"')) + 2;
        const last = lines.findIndex((row) => row.startsWith('{"@table":"tracking_rules"'));
        const message = await refused('twice.ndjson', text);
        expect(message).toMatch(
          new RegExp(
            `^kairos restore: The database refused a row of lines ${first}–${last} of the backup: ` +
              'duplicate key value violates unique constraint "time_records_pkey"\\. Key \\(id\\)=\\([\\w-]+\\) already exists\\.\\n',
          ),
        );
        // PostgreSQL's words, not the query with its rows
        expect(message).not.toContain('Member work');
      },
      TIMEOUT_MS,
    );

    it(
      'replaces the data with --replace',
      async () => {
        // another database's data first: a backup of the one restored without secrets is different
        const other = await runKairos(['restore', '--replace', '--file', withSecrets], env_(full));
        expect(other.code, other.stderr).toBe(0);
        expect(other.stdout).toContain(', replacing the data that was here.');
        expect(await withDb(full, ({ db }) => snapshot(db))).toEqual(seen.snapshot);
      },
      TIMEOUT_MS,
    );
  });

  it(
    'says what is wrong with the options and the file name',
    async () => {
      const bare = kit.targets[0]!;
      const missing = await runKairos(['restore'], env_(bare));
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/^kairos restore: missing --file/);
      const absent = await runKairos(['restore', '--file', path.join(dir, 'absent.ndjson')], env_(bare));
      expect(absent).toMatchObject({ code: 2, stderr: `kairos restore: cannot read ${path.join(dir, 'absent.ndjson')}: ENOENT\n` });
      const absentIn = await runKairos(['restore', '--in', path.join(dir, 'absent.ndjson')], env_(bare));
      expect(absentIn).toMatchObject({ code: 2, stderr: `kairos restore: cannot read ${path.join(dir, 'absent.ndjson')}: ENOENT\n` });
      const twice = await runKairos(['restore', '--file', 'a.ndjson', '--in', 'b.ndjson'], env_(bare));
      expect(twice.code).toBe(2);
      expect(twice.stderr).toMatch(/^kairos restore: give the file once, as --file or --in/);
      const help = await runKairos(['backup', '--help'], env_(bare));
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('--include-secrets');
      const restoreHelp = await runKairos(['restore', '--help'], env_(bare));
      expect(restoreHelp).toMatchObject({
        code: 0,
        stdout: expect.stringContaining('Usage: kairos restore --file <file|-> [--replace]   (--in is the same as --file)'),
      });
      expect((await runKairos(['--help'], env_(bare))).stdout).toMatch(
        / {2}backup {2,}Write every table[\s\S]* {2}restore {2,}Restore a backup/,
      );
      const unknown = await runKairos(['backup', '--file', 'x', '--everything'], env_(bare));
      expect(unknown.code).toBe(2);
      // a failed backup leaves no file behind
      const into = path.join(dir, 'no-such-dir', 'backup.ndjson');
      const failed = await runKairos(['backup', '--file', into], env_(bare));
      expect(failed.code).toBe(2);
      expect(failed.stderr).toMatch(/^kairos backup: cannot write /);
    },
    TIMEOUT_MS,
  );
});

// the key of another installation opens none of the restored links: restore says so at once
describe('restore with another KAIROS_SECRET', () => {
  it(
    'restores, and says the key does not open the links',
    async () => {
      const target = await newTarget();
      const restored = await runKairos(
        ['restore', '--file', withSecrets],
        env_(target, { KAIROS_SECRET: randomBytes(32).toString('base64') }),
      );
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stderr).toBe(
        'kairos restore: KAIROS_SECRET does not open 1 of 1 restored calendar links: start Kairos with the KAIROS_SECRET of the installation the backup comes from.\n',
      );
    },
    TIMEOUT_MS,
  );
});

// the way out of the embedded database (README: Backup and restore): the PostgreSQL run moves the
// installation through a PGlite data directory and back onto a PostgreSQL server
describe('from PGlite to PostgreSQL', () => {
  it.skipIf(testEngine !== 'pg')(
    'backs up a PGlite data directory and restores it on PostgreSQL row for row (runs with KAIROS_TEST_DB=pg)',
    async () => {
      const embedded = await newTarget('pglite');
      expect((await runKairos(['restore', '--file', withSecrets], env_(embedded))).code).toBe(0);
      const moved = path.join(dir, 'moved.ndjson');
      const backup = await runKairos(['backup', '--include-secrets', '--file', moved], env_(embedded));
      expect(backup.code, backup.stderr).toBe(0);
      const server = await newTarget('pg');
      const restored = await runKairos(['restore', '--file', moved], env_(server));
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stderr).toBe('');
      expect(await withDb(server, ({ db }) => snapshot(db))).toEqual(seen.snapshot);
    },
    TIMEOUT_MS,
  );
});
