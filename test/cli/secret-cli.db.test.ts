import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkHash } from '../../src/calendar/link-hash.ts';
import { createSecretBox } from '../../src/calendar/secret-box.ts';
import { loadConfig } from '../../src/config.ts';
import { calendarConnections } from '../../src/db/calendar-schema.ts';
import { organizations, users } from '../../src/db/schema.ts';
import { runCalendarWorker } from '../../src/sync/calendar-runtime.ts';
import { type CliDatabase, createCliDatabase, runKairos, withDb } from '../support/cli.ts';

// Each command opens the database itself (a PGlite data dir takes seconds under load).
const TIMEOUT_MS = 180_000;
const LINKS = [
  'https://outlook.office365.com/owa/calendar/a1@contoso.test/k1/calendar.ics',
  'https://calendar.example.test/feeds/k2/basic.ics',
];

let target: CliDatabase;
const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const withKey = (key: Buffer, extra: Record<string, string> = {}) => ({
  ...target.env,
  KAIROS_SECRET: key.toString('base64'),
  KAIROS_SECRET_PREVIOUS: '',
  ...extra,
});

beforeAll(async () => {
  target = await createCliDatabase();
  const box = createSecretBox(oldKey);
  await withDb(target, async ({ db }) => {
    await db.insert(organizations).values({ id: 'org-1', name: 'Acme' });
    await db.insert(users).values({ id: 'user-1', orgId: 'org-1', email: 'owner@secret-cli.test', name: 'Owner', role: 'owner' });
    await db.insert(calendarConnections).values(
      LINKS.map((url, index) => ({
        id: `conn-${index}`,
        orgId: 'org-1',
        userId: 'user-1',
        provider: 'ics' as const,
        name: `Calendar ${index}`,
        urlCiphertext: box.seal(url),
        urlMasked: 'masked',
        linkHash: linkHash(oldKey, url),
        status: 'ok' as const,
      })),
    );
  });
}, TIMEOUT_MS);
afterAll(() => target?.close());

async function statuses(): Promise<string[]> {
  return withDb(target, async ({ db }) =>
    (await db.select().from(calendarConnections).orderBy(calendarConnections.id)).map((row) => row.status),
  );
}

describe('kairos secret', () => {
  it(
    'checks the key: exit 0 with the key the links were encrypted with, 1 naming the variable with another',
    async () => {
      const good = await runKairos(['secret', 'check'], withKey(oldKey));
      expect(good.code, good.stderr).toBe(0);
      expect(good.stdout).toBe('KAIROS_SECRET opens all 2 calendar links.\n');
      const bad = await runKairos(['secret', 'check'], withKey(newKey));
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/^kairos secret check: KAIROS_SECRET does not open 2 of 2 calendar links: .*kairos secret rotate/);
      // a check writes nothing
      expect(await statuses()).toEqual(['ok', 'ok']);
    },
    TIMEOUT_MS,
  );

  it(
    'kairos worker starts with one line naming KAIROS_SECRET, not a crash, and the links wait for their owner',
    async () => {
      const lines: string[] = [];
      const stop = new AbortController();
      stop.abort();
      await runCalendarWorker(loadConfig({ ...withKey(newKey), LOG_LEVEL: 'silent' }), {
        signal: stop.signal,
        onKeyWarning: (line) => lines.push(line),
      });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^kairos: KAIROS_SECRET is not the key that encrypted 2 of 2 calendar links; their owners are asked to paste them again/,
      );
      expect(await statuses()).toEqual(['secret_changed', 'secret_changed']);
    },
    TIMEOUT_MS,
  );

  it(
    'refuses a rotation without the previous key, or with the same key twice, with exit 2',
    async () => {
      const missing = await runKairos(['secret', 'rotate'], withKey(newKey));
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('set KAIROS_SECRET_PREVIOUS');
      const same = await runKairos(['secret', 'rotate'], withKey(newKey, { KAIROS_SECRET_PREVIOUS: newKey.toString('base64') }));
      expect(same.code).toBe(2);
      expect(same.stderr).toContain('the same key');
      const unknown = await runKairos(['secret', 'frobnicate'], withKey(newKey));
      expect(unknown.code).toBe(2);
    },
    TIMEOUT_MS,
  );

  it(
    'rotates every link to the new key, idempotently, and the links work again',
    async () => {
      const env = withKey(newKey, { KAIROS_SECRET_PREVIOUS: oldKey.toString('base64') });
      const first = await runKairos(['secret', 'rotate'], env);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain('Re-encrypted 2 calendar links; 0 were under the new key already.');
      const second = await runKairos(['secret', 'rotate'], env);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toContain('Re-encrypted 0 calendar links; 2 were under the new key already.');
      expect(await statuses()).toEqual(['pending', 'pending']);
      await withDb(target, async ({ db }) => {
        const rows = await db.select().from(calendarConnections).orderBy(calendarConnections.id);
        const box = createSecretBox(newKey);
        expect(rows.map((row) => box.open(row.urlCiphertext))).toEqual(LINKS);
        expect(rows.map((row) => row.linkHash)).toEqual(LINKS.map((url) => linkHash(newKey, url)));
      });
      expect((await runKairos(['secret', 'check'], withKey(newKey))).stdout).toBe(
        'KAIROS_SECRET is the key the calendar links are encrypted with.\n',
      );
      expect((await runKairos(['secret', 'check'], withKey(oldKey))).code).toBe(1);
    },
    TIMEOUT_MS,
  );
});
