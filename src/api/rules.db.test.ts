import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as contract from '../contract/index.ts';
import type { Impulse } from '../contract/impulses.ts';
import type { RuleMatch } from '../contract/rules.ts';
import { type CalendarTestEnv, createCalendarTestEnv } from '../../test/support/calendar-env.ts';
import { exchangeFeed, type FeedEvent } from '../../test/support/exchange-feed.ts';
import type { SignedUp, TestClient } from '../../test/support/test-app.ts';

// Rules for recurring work: the API (create, list, change, delete, preview, refusals, isolation)
// and the automatic tracking the sync does after a refresh.
// The app clock stands on Wednesday 2027-03-10 08:30 UTC; the feed's times are Prague (UTC+1).
const standup: FeedEvent = {
  uid: 'standup',
  summary: 'Daily Standup',
  start: '20270308T090000',
  end: '20270308T091500',
  rrule: 'FREQ=DAILY;COUNT=5',
};
const cancelled: FeedEvent = {
  uid: 'standup-x',
  summary: 'Standup extra',
  start: '20270309T130000',
  end: '20270309T133000',
  status: 'CANCELLED',
};
const free: FeedEvent = { uid: 'standup-free', summary: 'Standup notes', start: '20270309T140000', end: '20270309T143000', busy: 'FREE' };
const secret: FeedEvent = {
  uid: 'doctor',
  summary: 'Standup with doctor',
  start: '20270309T160000',
  end: '20270309T170000',
  class: 'PRIVATE',
};
const retro: FeedEvent = { uid: 'retro', summary: 'Sprint retro', start: '20270309T100000', end: '20270309T110000' };
const events = [standup, cancelled, free, secret, retro];

let env: CalendarTestEnv;
let ada: SignedUp;
let api: TestClient;
let engine: string;
let design: string;
let weekly: string;
let connectionId: string;
const feedPath = '/owa/calendar/ada@rules.test/0a1b2c3d/calendar.ics';

async function impulses(): Promise<Impulse[]> {
  return (await api.ok(contract.listImpulses, { query: { from: '2027-03-01', to: '2027-04-01' } })).items;
}
async function meeting(summary: string, start: string): Promise<Impulse> {
  const found = (await impulses()).find((item) => item.summary === summary && item.start === start);
  if (!found) throw new Error(`no impulse ${summary} at ${start}`);
  return found;
}
async function sync() {
  expect((await api.ok(contract.syncConnection, { params: { id: connectionId } })).status).toBe('ok');
}
async function ruleRecords() {
  return (await api.ok(contract.listTimeRecords, { query: { from: '2027-03-01', to: '2027-04-01' } })).items.filter(
    (record) => record.source === 'rule',
  );
}
const byStart = (items: RuleMatch[]) =>
  Object.fromEntries(
    items.map((item) => [`${item.summary} ${item.start}`, item.outcome === 'skip' ? `skip:${item.skipReason}` : item.outcome]),
  );

beforeAll(async () => {
  env = await createCalendarTestEnv({ now: new Date('2027-03-10T08:30:00Z') });
  ada = await env.t.signup('ada@rules.test');
  api = env.t.client({ token: ada.token });
  engine = (await api.ok(contract.createProject, { body: { name: 'Engine' } })).id;
  design = (await api.ok(contract.createTask, { body: { projectId: engine, name: 'Design' } })).id;
  weekly = (await api.ok(contract.createTag, { body: { name: 'weekly' } })).id;
  env.server.route(feedPath, { body: exchangeFeed(events, { name: 'Work' }) });
  connectionId = (await api.ok(contract.createConnection, { body: { url: env.server.url(feedPath) } })).id;
});
afterAll(() => env.close());

describe('rules API', () => {
  it('refuses a rule that would match everything, in English and Czech, and saves nothing', async () => {
    for (const pattern of ['', '   ', '*', '.*', 'a']) {
      const refused = await api.call(contract.createRule, { body: { kind: 'subject', pattern, projectId: engine, mode: 'track' } });
      expect(refused.ok ? refused.status : refused.error.code, pattern).toBe('rule_matches_everything');
      expect(refused.status).toBe(400);
    }
    const english = await env.t.call('POST', '/api/v1/rules/preview', { token: ada.token, body: { kind: 'subject', pattern: '*' } });
    expect(english.body.error).toMatchObject({ code: 'rule_matches_everything', message: 'This rule would match nearly every meeting.' });
    expect(english.body.error.hint).toContain('at least 2 letters');
    const eva = await env.t.signup('eva@rules.test', 'Pravidla s.r.o.', { language: 'cs' });
    const czech = await env.t.call('POST', '/api/v1/rules', {
      token: eva.token,
      body: { kind: 'subject', pattern: ' * ', projectId: engine, mode: 'track' },
    });
    expect(czech.status).toBe(400);
    expect(czech.body.error).toMatchObject({
      code: 'rule_matches_everything',
      message: 'Toto pravidlo by odpovídalo téměř každé schůzce.',
    });
    expect(czech.body.error.hint).toContain('alespoň 2 písmena');
    expect((await api.ok(contract.listRules)).items).toEqual([]);
  });

  it('asks for the matcher that goes with the kind', async () => {
    const noPattern = await env.t.call('POST', '/api/v1/rules', {
      token: ada.token,
      body: { kind: 'subject', projectId: engine, mode: 'track' },
    });
    expect(noPattern.status).toBe(400);
    expect(noPattern.body.error).toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ path: 'body.pattern' })] });
    const foreign = await env.t.call('POST', '/api/v1/rules', {
      token: ada.token,
      body: { kind: 'series', impulseId: 'm_nothing', projectId: engine, mode: 'track' },
    });
    expect(foreign.status).toBe(404);
  });

  it('previews the past and coming meetings a rule matches, and what the sync would do', async () => {
    await sync();
    const preview = await api.ok(contract.previewRule, { body: { kind: 'subject', pattern: 'STANDUP', mode: 'track' } });
    expect(byStart(preview.items)).toEqual({
      'Daily Standup 2027-03-08T08:00:00Z': 'track_now',
      'Daily Standup 2027-03-09T08:00:00Z': 'track_now',
      'Daily Standup 2027-03-10T08:00:00Z': 'track_now',
      'Daily Standup 2027-03-11T08:00:00Z': 'track_when_ended',
      'Daily Standup 2027-03-12T08:00:00Z': 'track_when_ended',
      'Standup extra 2027-03-09T12:00:00Z': 'skip:cancelled',
      'Standup notes 2027-03-09T13:00:00Z': 'skip:free',
    });
    expect(preview.items.find((item) => item.start === '2027-03-09T08:00:00Z')).toMatchObject({
      ended: true,
      timeRecordId: null,
      otherRuleId: null,
    });
    expect(preview.items.find((item) => item.start === '2027-03-11T08:00:00Z')?.ended).toBe(false);
    const suggest = await api.ok(contract.previewRule, { body: { kind: 'subject', pattern: 'daily standup', mode: 'suggest' } });
    expect(new Set(suggest.items.map((item) => item.outcome))).toEqual(new Set(['suggest']));
    // the private meeting only by its series, and never under its own subject
    const doctor = (await impulses()).find((item) => item.private)!;
    const bySeries = await api.ok(contract.previewRule, { body: { kind: 'series', impulseId: doctor.id } });
    expect(bySeries.items).toEqual([expect.objectContaining({ summary: 'Private appointment', private: true, outcome: 'track_now' })]);
    expect(byStart((await api.ok(contract.previewRule, { body: { kind: 'subject', pattern: 'doctor' } })).items)).toEqual({});
  });

  it('creates, lists best first, changes and deletes a rule, with versions', async () => {
    const created = await api.ok(contract.createRule, {
      body: { kind: 'subject', pattern: '  sprint   retro ', projectId: engine, taskId: design, tagIds: [weekly], mode: 'suggest' },
    });
    expect(created).toMatchObject({
      kind: 'subject',
      pattern: 'sprint retro',
      seriesLabel: null,
      projectId: engine,
      taskId: design,
      tagIds: [weekly],
      mode: 'suggest',
      version: 1,
    });
    const retroImpulse = await meeting('Sprint retro', '2027-03-09T09:00:00Z');
    expect(retroImpulse).toMatchObject({
      suggestedProjectId: engine,
      suggestedTaskId: design,
      suggestedTagIds: [weekly],
      suggestionSource: 'rule',
      ruleId: created.id,
    });
    const series = await api.ok(contract.createRule, {
      body: { kind: 'series', impulseId: retroImpulse.id, projectId: engine, mode: 'suggest' },
    });
    expect(series).toMatchObject({ kind: 'series', pattern: null, seriesLabel: 'Sprint retro', taskId: null, tagIds: [] });
    // the series rule wins: it is listed first and suggests
    expect((await api.ok(contract.listRules)).items.map((rule) => rule.id)).toEqual([series.id, created.id]);
    expect((await meeting('Sprint retro', '2027-03-09T09:00:00Z')).ruleId).toBe(series.id);

    const changed = await api.ok(contract.updateRule, {
      params: { id: created.id },
      body: { version: 1, pattern: 'retro', mode: 'track' },
    });
    expect(changed).toMatchObject({ pattern: 'retro', mode: 'track', taskId: design, version: 2 });
    const stale = await api.call(contract.updateRule, { params: { id: created.id }, body: { version: 1, mode: 'suggest' } });
    expect(stale.ok ? stale.status : stale.error.code).toBe('version_conflict');
    const matchAll = await api.call(contract.updateRule, { params: { id: created.id }, body: { version: 2, pattern: '%' } });
    expect(matchAll.ok ? matchAll.status : matchAll.error.code).toBe('rule_matches_everything');
    const seriesPattern = await api.call(contract.updateRule, { params: { id: series.id }, body: { version: 1, pattern: 'retro' } });
    expect(seriesPattern.status).toBe(400);
    expect((await api.call(contract.deleteRule, { params: { id: created.id }, query: { version: 1 } })).status).toBe(409);
    expect(await api.ok(contract.deleteRule, { params: { id: created.id }, query: { version: 2 } })).toEqual({ ok: true });
    await api.ok(contract.deleteRule, { params: { id: series.id }, query: { version: 1 } });
    expect((await api.ok(contract.listRules)).items).toEqual([]);
    expect((await meeting('Sprint retro', '2027-03-09T09:00:00Z')).suggestionSource).toBeNull();
  });

  it('keeps rules to their owner: colleagues and other organisations get 404, and only visible projects', async () => {
    const mine = await api.ok(contract.createRule, { body: { kind: 'subject', pattern: 'planning', projectId: engine, mode: 'suggest' } });
    const bob = await env.t.addMember(ada, 'bob@rules.test', 'member');
    const owner = await env.t.signup('olga@other.test');
    for (const other of [bob, owner]) {
      const them = env.t.client({ token: other.token });
      expect((await them.ok(contract.listRules)).items).toEqual([]);
      expect((await them.call(contract.getRule, { params: { id: mine.id } })).status).toBe(404);
      expect((await them.call(contract.updateRule, { params: { id: mine.id }, body: { version: 1, mode: 'track' } })).status).toBe(404);
      expect((await them.call(contract.deleteRule, { params: { id: mine.id }, query: { version: 1 } })).status).toBe(404);
      // a project they do not belong to (or of another organisation) is no project at all
      expect(
        (await them.call(contract.createRule, { body: { kind: 'subject', pattern: 'planning', projectId: engine, mode: 'track' } })).status,
      ).toBe(404);
    }
    expect((await api.ok(contract.getRule, { params: { id: mine.id } })).version).toBe(1);
    await api.ok(contract.deleteRule, { params: { id: mine.id }, query: { version: 1 } });
  });
});

describe('tracking automatically after a sync', () => {
  it('tracks each ended meeting once, never a cancelled, free, private-by-subject, coming or locked one, and never an undone one again', async () => {
    const org = await api.ok(contract.getOrganization);
    await api.ok(contract.updateOrganization, { body: { version: org.version, lockedUntil: '2027-03-09' } });
    const rule = await api.ok(contract.createRule, {
      body: { kind: 'subject', pattern: 'standup', projectId: engine, taskId: design, tagIds: [weekly], mode: 'track' },
    });
    await sync();
    const first = await ruleRecords();
    // the 8th is locked, the 10th's standup ended at 08:15, the 11th and 12th are still to come
    expect(first.map((record) => record.start).sort()).toEqual(['2027-03-09T08:00:00Z', '2027-03-10T08:00:00Z']);
    expect(first[0]).toMatchObject({
      projectId: engine,
      taskId: design,
      tagIds: [weekly],
      description: 'Daily Standup',
      billable: true,
      source: 'rule',
    });
    const tuesday = await meeting('Daily Standup', '2027-03-09T08:00:00Z');
    expect(tuesday).toMatchObject({ state: 'tracked', timeRecordId: expect.any(String), ruleId: rule.id });

    // the same feed again (unchanged) makes nothing twice
    await sync();
    expect((await ruleRecords()).length).toBe(2);

    // undo: deleting the record is remembered, the rule does not make it again
    const undone = first.find((record) => record.start === '2027-03-09T08:00:00Z')!;
    await api.ok(contract.deleteTimeRecord, { params: { id: undone.id }, query: { version: undone.version } });
    await sync();
    expect((await ruleRecords()).map((record) => record.start)).toEqual(['2027-03-10T08:00:00Z']);
    const preview = await api.ok(contract.previewRule, { body: { kind: 'subject', pattern: 'standup', ruleId: rule.id } });
    expect(byStart(preview.items)).toMatchObject({
      'Daily Standup 2027-03-09T08:00:00Z': 'skip:undone',
      'Daily Standup 2027-03-10T08:00:00Z': 'tracked',
    });
    // tracking it by hand still works
    await api.ok(contract.trackImpulse, { params: { id: tuesday.id }, body: {} });

    // a day later the 11th has ended: the next sync tracks it
    env.advance(24 * 3_600_000);
    await sync();
    expect((await ruleRecords()).map((record) => record.start).sort()).toEqual(['2027-03-10T08:00:00Z', '2027-03-11T08:00:00Z']);
    await api.ok(contract.deleteRule, { params: { id: rule.id }, query: { version: 1 } });
  });

  it('tracks a private meeting by its series rule, as "Private appointment"', async () => {
    const doctor = (await impulses()).find((item) => item.private)!;
    const rule = await api.ok(contract.createRule, { body: { kind: 'series', impulseId: doctor.id, projectId: engine, mode: 'track' } });
    expect(rule.seriesLabel).toBe('Private appointment');
    await sync();
    expect((await ruleRecords()).filter((record) => record.impulseId === doctor.id)).toEqual([
      expect.objectContaining({ description: 'Private appointment', start: '2027-03-09T15:00:00Z', end: '2027-03-09T16:00:00Z' }),
    ]);
  });
});
