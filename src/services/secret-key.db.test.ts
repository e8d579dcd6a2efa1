import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarConnections } from '../db/calendar-schema.ts';
import { settings } from '../db/schema.ts';
import { type CalendarTestEnv, createCalendarTestEnv } from '../../test/support/calendar-env.ts';
import { exchangeFeed } from '../../test/support/exchange-feed.ts';
import type { SignedUp } from '../../test/support/test-app.ts';
import { presentConnection } from './connections-present.ts';
import { checkKeyAtStart, inspectSecretKey, rotateSecretKey } from './secret-key.ts';

const FEED = exchangeFeed([{ uid: 'one', summary: 'Planning', start: '20270311T100000', end: '20270311T110000' }], {
  name: 'Team calendar',
});
const PATH_A = '/owa/calendar/5a1b@contoso.test/aa11bb22cc33dd44/calendar.ics';
const PATH_B = '/owa/calendar/5a1b@contoso.test/ee55ff66aa77bb88/calendar.ics';

let env: CalendarTestEnv;
let owner: SignedUp;
let keyA: Buffer;

beforeAll(async () => {
  env = await createCalendarTestEnv();
  keyA = Buffer.from(env.calendar.secretKey);
  owner = await env.t.signup('owner@secret-key.test');
  env.server.route(PATH_A, { body: FEED });
  env.server.route(PATH_B, { body: FEED.replace('Team calendar', 'Other calendar') });
});
afterAll(() => env.close());

const db = () => env.t.deps.db;
const connection = (id: string) => env.t.call('GET', `/api/v1/connections/${id}`, { token: owner.token });

describe('a changed KAIROS_SECRET', () => {
  it('stores a key check value at the first start and then opens nothing at start', async () => {
    const created = await env.t.call('POST', '/api/v1/connections', { token: owner.token, body: { url: env.server.url(PATH_A) } });
    expect(created.body.status).toBe('ok');
    expect(await inspectSecretKey(db(), keyA, { repair: true, now: env.t.clock.now })).toMatchObject({
      keyMatches: null,
      scanned: true,
      links: 1,
      unreadable: 0,
    });
    const [check] = await db().select().from(settings).where(eq(settings.key, 'key_check'));
    expect(check?.value).toMatch(/^v1\.[\w-]{43}$/);
    expect(check?.value).not.toContain(keyA.toString('base64url'));
    expect(await inspectSecretKey(db(), keyA, { repair: true, now: env.t.clock.now })).toMatchObject({ keyMatches: true, scanned: false });
    expect(await checkKeyAtStart(db(), keyA, 'KAIROS_SECRET')).toBeNull();
  });

  it('says so in one line at start, asks the owner for the link again, and a sync answers 200 instead of 500', async () => {
    const [row] = await db().select().from(calendarConnections);
    const keyB = randomBytes(32);
    env.calendar.secretKey = keyB;
    const line = await checkKeyAtStart(db(), keyB, 'KAIROS_SECRET');
    expect(line).toMatch(
      /^kairos: KAIROS_SECRET is not the key that encrypted 1 of 1 calendar links; .*KAIROS_SECRET_PREVIOUS=<old> kairos secret rotate/,
    );
    expect(line).not.toContain('\n');
    // still the old key's check: every start keeps saying it until the key is fixed
    expect(await inspectSecretKey(db(), keyB, { repair: false, now: env.t.clock.now })).toMatchObject({ keyMatches: false, unreadable: 1 });

    const en = await connection(row!.id);
    expect(en.body).toMatchObject({ status: 'secret_changed', lastError: { code: 'secret_changed' } });
    expect(en.body.lastError.message).toContain('KAIROS_SECRET');
    expect(en.body.lastError.hint).toMatch(/Paste the calendar's ICS link again/);
    const [stored] = await db().select().from(calendarConnections).where(eq(calendarConnections.id, row!.id));
    expect(presentConnection(stored!, 'cs').lastError?.hint).toMatch(/^Vložte odkaz ICS kalendáře znovu/);

    const synced = await env.t.call('POST', `/api/v1/connections/${row!.id}/sync`, { token: owner.token });
    expect(synced.status).toBe(200);
    expect(synced.body.status).toBe('secret_changed');
    // the worker neither crashes nor fetches: the job waits the longest backoff
    env.advance(3600_000);
    await env.worker.runOnce();
    expect((await connection(row!.id)).body.status).toBe('secret_changed');
    expect(env.logs.some((entry) => entry.message.includes('crashed'))).toBe(false);
  });

  it('comes back by itself when the previous key is set again', async () => {
    env.calendar.secretKey = keyA;
    expect(await checkKeyAtStart(db(), keyA, 'KAIROS_SECRET')).toBeNull();
    const [row] = await db().select().from(calendarConnections);
    expect(row).toMatchObject({ status: 'pending', lastError: null });
    await env.worker.runOnce();
    expect((await connection(row!.id)).body.status).toBe('ok');
  });

  it('takes the pasted link again under the new key', async () => {
    const keyB = randomBytes(32);
    env.calendar.secretKey = keyB;
    await checkKeyAtStart(db(), keyB, 'KAIROS_SECRET');
    const [row] = await db().select().from(calendarConnections);
    const relinked = await env.t.call('PATCH', `/api/v1/connections/${row!.id}`, {
      token: owner.token,
      body: { version: row!.version, url: env.server.url(PATH_A) },
    });
    expect(relinked.body).toMatchObject({ status: 'ok', lastError: null });
    // every link opens with the new key now: it becomes the checked key
    expect(await checkKeyAtStart(db(), keyB, 'KAIROS_SECRET')).toBeNull();
    expect(await inspectSecretKey(db(), keyB, { repair: false, now: env.t.clock.now })).toMatchObject({ keyMatches: true });
    keyA = keyB;
  });
});

describe('rotating KAIROS_SECRET', () => {
  it('re-encrypts every link and its hash under the new key in one go; a second run changes nothing', async () => {
    const second = await env.t.call('POST', '/api/v1/connections', { token: owner.token, body: { url: env.server.url(PATH_B) } });
    expect(second.status).toBe(201);
    const before = await db().select().from(calendarConnections);
    const keyC = randomBytes(32);
    expect(await rotateSecretKey(db(), { from: keyA, to: keyC }, env.t.clock.now)).toEqual({
      links: 2,
      resealed: 2,
      already: 0,
      unreadable: 0,
      missing: 0,
    });
    const after = await db().select().from(calendarConnections);
    for (const row of after) {
      const old = before.find((item) => item.id === row.id)!;
      expect(row.urlCiphertext).not.toBe(old.urlCiphertext);
      expect(row.linkHash).not.toBe(old.linkHash);
    }
    expect(await rotateSecretKey(db(), { from: keyA, to: keyC }, env.t.clock.now)).toEqual({
      links: 2,
      resealed: 0,
      already: 2,
      unreadable: 0,
      missing: 0,
    });
    expect((await db().select().from(calendarConnections)).map((row) => row.urlCiphertext).sort()).toEqual(
      after.map((row) => row.urlCiphertext).sort(),
    );

    env.calendar.secretKey = keyC;
    expect(await checkKeyAtStart(db(), keyC, 'KAIROS_SECRET')).toBeNull();
    // the same feed is still recognised under the new key's hash
    const again = await env.t.call('POST', '/api/v1/connections', { token: owner.token, body: { url: env.server.url(PATH_B) } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('connection_exists');
    const synced = await env.t.call('POST', `/api/v1/connections/${second.body.id}/sync`, { token: owner.token });
    expect(synced.body.status).toBe('ok');
  });

  it('re-encrypts nothing when the previous key given is wrong, and keeps the checked key', async () => {
    const before = await db().select().from(calendarConnections);
    const wrong = randomBytes(32);
    expect(await rotateSecretKey(db(), { from: randomBytes(32), to: wrong }, env.t.clock.now)).toMatchObject({
      resealed: 0,
      already: 0,
      unreadable: 2,
    });
    const after = await db().select().from(calendarConnections);
    expect(after.every((row) => row.status === 'secret_changed')).toBe(true);
    expect(after.map((row) => row.urlCiphertext).sort()).toEqual(before.map((row) => row.urlCiphertext).sort());
    expect(await inspectSecretKey(db(), wrong, { repair: false, now: env.t.clock.now })).toMatchObject({ keyMatches: false });
    // and the right key brings them back
    expect(await checkKeyAtStart(db(), env.calendar.secretKey, 'KAIROS_SECRET')).toBeNull();
    expect((await db().select().from(calendarConnections)).every((row) => row.status === 'pending')).toBe(true);
  });
});
