import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImport } from '../../src/contract/imports.ts';
import { summaryReport } from '../../src/contract/reports.ts';
import { createTestApp, type SignedUp, type TestApp } from '../support/test-app.ts';

// Importing through the API (issue 10 "Imports"): dry run writes nothing, the real run creates the
// catalogue and the records, a re-import duplicates nothing, unknown people and the lock date hold.
const dir = path.resolve('../shared/fixtures/imports');
const file = (name: string) => readFileSync(path.join(dir, name), 'utf8');

describe.skipIf(!existsSync(dir))('imports', () => {
  let t: TestApp;
  let owner: SignedUp;
  let member: SignedUp;
  const expected = existsSync(dir) ? JSON.parse(readFileSync(path.join(dir, 'expected', 'toggl-detailed-en.json'), 'utf8')) : {};

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.signup('owner@import.test', 'Pekárna', { timeZone: 'Europe/Prague' });
    member = await t.addMember(owner, 'jana.novakova@example.com', 'member');
    await t.addMember(owner, 'petr.dvorak@example.com', 'member');
    await t.addMember(owner, 'tomas.krejci@example.com', 'manager');
    // zuzana.stastna@example.com is not a member: her rows are rejected, never invented
  });
  afterAll(async () => {
    await t.close();
  });

  const records = async () =>
    (await t.call('GET', '/api/v1/time-records?from=2026-01-01&to=2026-12-31&limit=500', { token: owner.token })).body.items as Array<{
      source: string;
    }>;

  it('reports what a dry run would do and writes nothing', async () => {
    const result = await t
      .client({ token: owner.token })
      .ok(createImport, { body: { file: file('toggl-detailed-en.csv'), timeZone: 'Europe/Prague', dryRun: true } });
    const zuzana = expected.perUser['zuzana.stastna@example.com'];
    expect(result).toMatchObject({
      vendor: 'toggl',
      dryRun: true,
      rows: 25,
      accepted: 25 - zuzana.records,
      imported: 0,
      duplicates: 0,
      unknownUsers: ['zuzana.stastna@example.com'],
    });
    expect(result.rejected).toHaveLength(zuzana.records);
    expect(result.rejected.every((row) => row.reason === 'unknown_user')).toBe(true);
    expect(result.totalSeconds).toBe(expected.totalSeconds - zuzana.seconds);
    expect(result.created.clients.length).toBeGreaterThan(0);
    expect(result.created.tags).toEqual(expect.arrayContaining(['oprava', 'vývoj']));
    expect(await records()).toEqual([]);
    expect((await t.call('GET', '/api/v1/projects', { token: owner.token })).body.items).toEqual([]);
  });

  it('imports the rows, and a second import of the same file creates no duplicate', async () => {
    const first = await t
      .client({ token: owner.token })
      .ok(createImport, { body: { file: file('toggl-detailed-en.csv'), timeZone: 'Europe/Prague' } });
    expect(first.imported).toBe(first.accepted);
    const stored = await records();
    expect(stored).toHaveLength(first.accepted);
    expect(stored.every((record) => record.source === 'import')).toBe(true);
    const again = await t
      .client({ token: owner.token })
      .ok(createImport, { body: { file: file('toggl-detailed-en.csv'), timeZone: 'Europe/Prague' } });
    expect({ imported: again.imported, duplicates: again.duplicates }).toEqual({ imported: 0, duplicates: first.accepted });
    expect(again.created).toEqual({ clients: [], projects: [], tasks: [], tags: [] });
    expect(await records()).toHaveLength(first.accepted);
    // the report says what the file says, person by person
    const report = await t
      .client({ token: owner.token })
      .ok(summaryReport, { query: { from: '2026-01-01', to: '2026-12-31', groupBy: 'user' } as never });
    const seconds = Object.fromEntries(
      (report.groups as Array<{ label: string; seconds: number }>).map((group) => [group.label, group.seconds]),
    );
    expect(seconds['jana.novakova']).toBe(expected.perUser['jana.novakova@example.com'].seconds);
    expect(seconds['petr.dvorak']).toBe(expected.perUser['petr.dvorak@example.com'].seconds);
    // the member sees the project their records are on
    expect((await t.call('GET', '/api/v1/projects', { token: member.token })).body.items.length).toBeGreaterThan(0);
  });

  it('rejects rows inside the locked period, with that reason', async () => {
    const org = await t.call('GET', '/api/v1/organization', { token: owner.token });
    await t.call('PATCH', '/api/v1/organization', { token: owner.token, body: { version: org.body.version, lockedUntil: '2026-03-15' } });
    const result = await t
      .client({ token: owner.token })
      .ok(createImport, { body: { file: file('toggl-broken-rows.csv'), timeZone: 'Europe/Prague', dryRun: true } });
    expect(result.rejected.filter((row) => row.reason === 'period_locked').map((row) => row.row)).toEqual([2, 6, 9]);
    const latest = await t.call('GET', '/api/v1/organization', { token: owner.token });
    await t.call('PATCH', '/api/v1/organization', { token: owner.token, body: { version: latest.body.version, lockedUntil: null } });
  });

  it('refuses an unrecognised file as a whole, and members may not import', async () => {
    const refused = await t.client({ token: owner.token }).call(createImport, { body: { file: file('unrecognized-header.csv') } });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect({ status: refused.status, code: refused.error.code }).toEqual({ status: 422, code: 'unrecognized_format' });
      expect(refused.error.hint).toContain('Start date');
    }
    const forbidden = await t
      .client({ token: member.token })
      .call(createImport, { body: { file: file('toggl-detailed-en.csv'), dryRun: true } });
    expect(forbidden.ok ? 200 : forbidden.status).toBe(403);
  });
});
