import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateOrganization } from '../../src/contract/account.ts';
import { detailedReport, summaryReport } from '../../src/contract/reports.ts';
import { createProject, createClient, createTag, createTask, createTimeRecord, putProjectMember } from '../../src/contract/tracking.ts';
import { dateInZone, instantFromWall } from '../../src/i18n/format.ts';
import { createTestApp, type SignedUp, type TestApp } from '../support/test-app.ts';

// The summary report against an independent per-minute computation over a fixed dataset with a
// DST week (Europe/Prague, 29 March 2026), records across midnight and the range's edges, several
// tags and rate overrides (member, project, organisation). Issue 10 "Tests and figures".
const ZONE = 'Europe/Prague';
const FROM = '2026-03-23';
const TO = '2026-03-30';
const wall = (date: string, time: string) => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return instantFromWall({ year, month, day, hour, minute }, ZONE).toISOString().replace('.000Z', 'Z');
};

type Fixture = {
  id: string;
  user: 'owner' | 'member';
  project: 'A' | 'B' | 'C';
  task: string | null;
  tags: string[];
  start: string;
  end: string;
  billable: boolean;
};

describe('the summary report', () => {
  let t: TestApp;
  let owner: SignedUp;
  let member: SignedUp;
  const ids: Record<string, string> = {};
  const records: Fixture[] = [];
  // hourly rates in minor units: project A 10.00 (the member has 12.00 on it), B none (organisation 8.00), C 15.00
  const rate = (record: Fixture) =>
    record.project === 'A' ? (record.user === 'member' ? 1200 : 1000) : record.project === 'B' ? 800 : 1500;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.signup('owner@reports.test', 'Reports', { timeZone: ZONE });
    member = await t.addMember(owner, 'member@reports.test', 'member');
    await t.call('PATCH', '/api/v1/me', { token: member.token, body: { version: 1, timeZone: ZONE } });
    const api = t.client({ token: owner.token });
    const org = await t.call('GET', '/api/v1/organization', { token: owner.token });
    await api.ok(updateOrganization, { body: { version: org.body.version, defaultHourlyRate: 8, currency: 'CZK' } });
    const client = await api.ok(createClient, { body: { name: 'Xylo' } });
    const a = await api.ok(createProject, { body: { name: 'Alpha', clientId: client.id, hourlyRate: 10 } });
    const b = await api.ok(createProject, { body: { name: 'Beta' } });
    const c = await api.ok(createProject, { body: { name: 'Gamma', clientId: client.id, hourlyRate: 15 } });
    await api.ok(putProjectMember, { params: { id: a.id, userId: member.userId }, body: { role: 'member', hourlyRate: 12 } });
    await api.ok(putProjectMember, { params: { id: c.id, userId: member.userId }, body: { role: 'member' } });
    const task = await api.ok(createTask, { body: { projectId: c.id, name: 'Review' } });
    const t1 = await api.ok(createTag, { body: { name: 'meeting' } });
    const t2 = await api.ok(createTag, { body: { name: 'travel' } });
    Object.assign(ids, { A: a.id, B: b.id, C: c.id, client: client.id, task: task.id, t1: t1.id, t2: t2.id });
    const plan: Array<Omit<Fixture, 'id'>> = [
      {
        user: 'owner',
        project: 'A',
        task: null,
        tags: ['t1'],
        start: wall('2026-03-23', '09:00'),
        end: wall('2026-03-23', '10:17'),
        billable: true,
      },
      // across midnight and the DST gap (02:00 → 03:00): 50 min on the 28th, 3 h 20 min on the 29th
      {
        user: 'owner',
        project: 'B',
        task: null,
        tags: ['t1', 't2'],
        start: wall('2026-03-28', '23:10'),
        end: wall('2026-03-29', '04:20'),
        billable: true,
      },
      {
        user: 'member',
        project: 'A',
        task: null,
        tags: [],
        start: wall('2026-03-24', '13:00'),
        end: wall('2026-03-24', '13:07'),
        billable: true,
      },
      // across midnight and the range's end: only 22:45-24:00 counts
      {
        user: 'member',
        project: 'C',
        task: 'task',
        tags: ['t2'],
        start: wall('2026-03-29', '22:45'),
        end: wall('2026-03-30', '00:50'),
        billable: true,
      },
      {
        user: 'owner',
        project: 'C',
        task: null,
        tags: [],
        start: wall('2026-03-25', '10:00'),
        end: wall('2026-03-25', '11:00'),
        billable: false,
      },
      // starts before the range: only 00:00-00:45 counts
      {
        user: 'owner',
        project: 'B',
        task: null,
        tags: ['t2'],
        start: wall('2026-03-22', '23:30'),
        end: wall('2026-03-23', '00:45'),
        billable: true,
      },
      // entirely outside the range
      {
        user: 'owner',
        project: 'A',
        task: null,
        tags: [],
        start: wall('2026-03-30', '09:00'),
        end: wall('2026-03-30', '10:00'),
        billable: true,
      },
      {
        user: 'member',
        project: 'A',
        task: null,
        tags: ['t1'],
        start: wall('2026-03-27', '08:59'),
        end: wall('2026-03-27', '09:01'),
        billable: true,
      },
    ];
    for (const item of plan) {
      const who = item.user === 'owner' ? owner : member;
      const created = await t.client({ token: who.token }).ok(createTimeRecord, {
        body: {
          start: item.start,
          end: item.end,
          projectId: ids[item.project]!,
          taskId: item.task ? ids[item.task]! : null,
          tagIds: item.tags.map((tag) => ids[tag]!),
          billable: item.billable,
        },
      });
      records.push({ ...item, id: created.id });
    }
  });
  afterAll(async () => {
    await t.close();
  });

  // The independent computation: every minute of every record inside the range, with its local day.
  function minutesOf(record: Fixture): string[] {
    const from = Date.parse(wall(FROM, '00:00'));
    const to = Date.parse(wall(TO, '00:00'));
    const days: string[] = [];
    for (let ms = Math.max(Date.parse(record.start), from); ms < Math.min(Date.parse(record.end), to); ms += 60_000)
      days.push(dateInZone(new Date(ms), ZONE));
    return days;
  }

  function weekOf(day: string): string {
    const date = new Date(`${day}T00:00:00Z`);
    const iso = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
    date.setUTCDate(date.getUTCDate() - (iso - 1));
    return date.toISOString().slice(0, 10);
  }

  type Leaf = { keys: Array<string | null>; seconds: number; billableSeconds: number; amount: number; exactAmount: number };

  function keysOf(record: Fixture, dimension: string, day: string): Array<string | null> {
    switch (dimension) {
      case 'project':
        return [ids[record.project]!];
      case 'client':
        return [record.project === 'B' ? null : ids.client!];
      case 'task':
        return [record.task ? ids[record.task]! : null];
      case 'user':
        return [record.user === 'owner' ? owner.userId : member.userId];
      case 'tag':
        return record.tags.length === 0 ? [null] : record.tags.map((tag) => ids[tag]!);
      case 'day':
        return [day];
      case 'week':
        return [weekOf(day)];
      case 'month':
        return [`${day.slice(0, 7)}-01`];
      default:
        throw new Error(dimension);
    }
  }

  // Expected rows by brute force: the minutes of each record, its rounding extra on its last
  // minute's day, its whole-unit amount split over its days by cumulative share.
  function expectedLeaves(dimensions: string[], rounding: number, scope: 'record' | 'total'): Map<string, Leaf> {
    const leaves = new Map<string, Leaf>();
    for (const record of records) {
      const minutes = minutesOf(record);
      if (minutes.length === 0) continue;
      const exact = minutes.length * 60;
      const step = scope === 'record' ? rounding * 60 : 0;
      const rounded = step > 0 ? Math.ceil(exact / step) * step : exact;
      const amount = record.billable ? Math.round((rounded * rate(record)) / 3600) : 0;
      const perDay = new Map<string, number>();
      for (const day of minutes) perDay.set(day, (perDay.get(day) ?? 0) + 60);
      const lastDay = minutes.at(-1)!;
      perDay.set(lastDay, perDay.get(lastDay)! + (rounded - exact));
      const split = dimensions.some((d) => d === 'day' || d === 'week' || d === 'month');
      const pieces = split ? [...perDay.entries()].sort(([a], [b]) => a.localeCompare(b)) : [[lastDay, rounded] as [string, number]];
      let before = 0;
      for (const [day, seconds] of pieces) {
        const pieceAmount = Math.floor((amount * (before + seconds)) / rounded) - Math.floor((amount * before) / rounded);
        before += seconds;
        const exactSeconds = split ? minutes.filter((m) => m === day).length * 60 : exact;
        const combos = dimensions.reduce<Array<Array<string | null>>>(
          (acc, dimension) => acc.flatMap((prefix) => keysOf(record, dimension, day).map((key) => [...prefix, key])),
          [[]],
        );
        for (const keys of combos) {
          const id = JSON.stringify(keys);
          const leaf = leaves.get(id) ?? { keys, seconds: 0, billableSeconds: 0, amount: 0, exactAmount: 0 };
          leaf.seconds += seconds;
          leaf.billableSeconds += record.billable ? seconds : 0;
          leaf.amount += pieceAmount;
          leaf.exactAmount += record.billable ? (exactSeconds * rate(record)) / 3600 : 0;
          leaves.set(id, leaf);
        }
      }
    }
    if (scope === 'total' && rounding > 0) {
      for (const leaf of leaves.values()) {
        const step = rounding * 60;
        const billable = Math.ceil(leaf.billableSeconds / step) * step;
        const factor = leaf.billableSeconds === 0 ? 0 : billable / leaf.billableSeconds;
        leaf.amount = Math.round(leaf.exactAmount * factor);
        leaf.seconds = Math.ceil(leaf.seconds / step) * step;
        leaf.billableSeconds = billable;
      }
    }
    return leaves;
  }

  type Group = { key: string | null; seconds: number; billableSeconds: number; amount: number; groups?: Group[] };
  function actualLeaves(groups: Group[]): Map<string, Omit<Leaf, 'exactAmount'>> {
    const out = new Map<string, Omit<Leaf, 'exactAmount'>>();
    for (const group of groups) {
      for (const child of group.groups ?? [group]) {
        const keys = group.groups ? [group.key, child.key] : [group.key];
        out.set(JSON.stringify(keys), { keys, seconds: child.seconds, billableSeconds: child.billableSeconds, amount: child.amount });
      }
    }
    return out;
  }

  const groupings = [
    ['project'],
    ['client'],
    ['task'],
    ['user'],
    ['tag'],
    ['day'],
    ['week'],
    ['month'],
    ['project', 'day'],
    ['user', 'project'],
    ['day', 'tag'],
    ['client', 'task'],
    ['week', 'user'],
  ];
  const roundings: Array<[number, 'record' | 'total']> = [
    [0, 'record'],
    [15, 'record'],
    [6, 'record'],
    [1, 'record'],
    [15, 'total'],
    [30, 'total'],
  ];

  it('equals the per-minute computation under every grouping and rounding, and totals add up', async () => {
    const api = t.client({ token: owner.token });
    for (const groupBy of groupings) {
      for (const [rounding, scope] of roundings) {
        const label = `${groupBy.join(',')} rounding ${rounding} per ${scope}`;
        const report = await api.ok(summaryReport, {
          query: { from: FROM, to: TO, groupBy: groupBy.join(','), rounding: String(rounding), roundingScope: scope } as never,
        });
        const expected = expectedLeaves(groupBy, rounding, scope);
        const actual = actualLeaves(report.groups as Group[]);
        expect([...actual.keys()].sort(), label).toEqual([...expected.keys()].sort());
        for (const [key, leaf] of expected) {
          const got = actual.get(key)!;
          expect({ seconds: got.seconds, billableSeconds: got.billableSeconds, amount: got.amount }, `${label} ${key}`).toEqual({
            seconds: leaf.seconds,
            billableSeconds: leaf.billableSeconds,
            amount: leaf.amount,
          });
        }
        for (const group of report.groups as Group[]) {
          if (!group.groups) continue;
          const sum = group.groups.reduce((acc, child) => ({ s: acc.s + child.seconds, a: acc.a + child.amount }), { s: 0, a: 0 });
          expect({ s: group.seconds, a: group.amount }, `${label} parent ${group.key}`).toEqual(sum);
        }
        const rows = [...actual.values()];
        if (!groupBy.includes('tag')) {
          expect(report.tagsCountEachRecordOnce).toBe(true);
          expect(report.total.seconds, label).toBe(rows.reduce((sum, row) => sum + row.seconds, 0));
          expect(report.total.amount, label).toBe(rows.reduce((sum, row) => sum + row.amount, 0));
        } else {
          expect(report.tagsCountEachRecordOnce).toBe(false);
        }
        if (scope === 'record') {
          // the total is the same whatever the grouping: day cuts never lose or add a second or a haléř
          const plain = expectedLeaves([], rounding, scope).get('[]')!;
          expect({ s: report.total.seconds, a: report.total.amount }, label).toEqual({ s: plain.seconds, a: plain.amount });
        }
      }
    }
  });

  it("cuts days in the viewer's zone: the DST day is 23 hours, the record across it splits 50 min + 3 h 20 min", async () => {
    const report = await t
      .client({ token: owner.token })
      .ok(summaryReport, { query: { from: FROM, to: TO, groupBy: 'day', projects: ids.B } as never });
    const days = Object.fromEntries((report.groups as Group[]).map((group) => [group.key, group.seconds]));
    expect(days).toEqual({ '2026-03-23': 45 * 60, '2026-03-28': 50 * 60, '2026-03-29': 200 * 60 });
    expect(report.currency).toBe('CZK');
  });

  it('names groups, with "no client" in the caller\'s language, and prices at member, project, organisation rate', async () => {
    const report = await t
      .client({ token: owner.token })
      .ok(summaryReport, { query: { from: FROM, to: TO, groupBy: 'client' } as never, headers: { 'accept-language': 'cs' } });
    const labels = (report.groups as Array<Group & { label: string }>).map((group) => group.label);
    expect(labels).toEqual(['Xylo', 'No client']);
    const detailed = await t.client({ token: owner.token }).ok(detailedReport, { query: { from: FROM, to: TO, limit: 3 } as never });
    expect(detailed.items).toHaveLength(3);
    expect(detailed.nextCursor).not.toBeNull();
    const rest = await t
      .client({ token: owner.token })
      .ok(detailedReport, { query: { from: FROM, to: TO, limit: 100, cursor: detailed.nextCursor! } as never });
    const all = [...detailed.items, ...rest.items];
    expect(all.map((item) => item.id).sort()).toEqual(
      records
        .filter((record) => minutesOf(record).length > 0)
        .map((record) => record.id)
        .sort(),
    );
    const byId = new Map(all.map((item) => [item.id, item]));
    for (const record of records.filter((item) => minutesOf(item).length > 0)) {
      expect(byId.get(record.id)!.hourlyRate, record.project + record.user).toBe(rate(record));
    }
  });

  it('counts a record with no whole second inside the range nowhere, not even as an empty row', async () => {
    const other = await t.signup('seconds@reports.test', 'Seconds', { timeZone: ZONE });
    const api = t.client({ token: other.token });
    const org = await t.call('GET', '/api/v1/organization', { token: other.token });
    await api.ok(updateOrganization, { body: { version: org.body.version, defaultHourlyRate: 8 } });
    const brief = await api.ok(createProject, { body: { name: 'Brief', hourlyRate: 10 } });
    const whole = await api.ok(createProject, { body: { name: 'Whole' } });
    const tag = await api.ok(createTag, { body: { name: 'edge' } });
    const edge = await api.ok(createTimeRecord, {
      body: { start: wall('2026-03-22', '23:50'), end: wall(FROM, '00:00'), projectId: brief.id, tagIds: [tag.id], billable: true },
    });
    await api.ok(createTimeRecord, {
      body: { start: wall('2026-03-24', '09:00'), end: wall('2026-03-24', '10:00'), projectId: whole.id, tagIds: [], billable: true },
    });
    // the API keeps whole seconds; rows written otherwise (bench/reports.ts's) can have milliseconds:
    // this one ends 0.6 s into the range, no whole second of it inside
    await t.database.db.execute(sql`UPDATE time_records SET ends_at = ends_at + interval '600 milliseconds' WHERE id = ${edge.id}`);
    const period: Record<string, string> = { day: '2026-03-24', week: '2026-03-23', month: '2026-03-01' };
    for (const groupBy of ['project', 'tag', 'day', 'month', 'project,day', 'tag,week']) {
      const report = await api.ok(summaryReport, { query: { from: FROM, to: TO, groupBy } as never });
      // one row, the hour's: its project, no tag, its day (week or month)
      const keys = groupBy
        .split(',')
        .map((dimension) => (dimension === 'project' ? whole.id : dimension === 'tag' ? null : period[dimension]));
      expect(
        [...actualLeaves(report.groups as Group[]).values()].map((leaf) => leaf.keys),
        groupBy,
      ).toEqual([keys]);
      expect(report.total, groupBy).toEqual({ seconds: 3600, billableSeconds: 3600, amount: 800, records: 1 });
    }
  });

  it('shows members only their own records and refuses bad parameters with a clear error', async () => {
    const mine = await t.client({ token: member.token }).ok(summaryReport, { query: { from: FROM, to: TO, groupBy: 'user' } as never });
    expect((mine.groups as Group[]).map((group) => group.key)).toEqual([member.userId]);
    for (const query of [
      { from: FROM, to: TO, groupBy: 'project,project' },
      { from: FROM, to: TO, groupBy: 'colour' },
      { from: FROM, to: TO, groupBy: 'a,b,c' },
      { from: FROM, to: TO, rounding: '7' },
      { from: TO, to: FROM },
      { from: FROM },
      { from: '2026-02-30', to: TO },
    ]) {
      const result = await t.client({ token: owner.token }).call(summaryReport, { query: query as never });
      expect(result.ok, JSON.stringify(query)).toBe(false);
      if (!result.ok) {
        expect(result.status).toBe(400);
        expect(result.error.hint).toBeTruthy();
      }
    }
  });
});
