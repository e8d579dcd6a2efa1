import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedUp, type TestApp } from '../../test/support/test-app.ts';

// zod's own wording, English and its Czech locale: none of it may reach a reader.
const RAW_ZOD =
  /Invalid input|expected \w+, received|received undefined|Too (small|big)|Invalid (string|option|email|format)|Unrecognized key|Neplatn[ýá] (vstup|formát|volba|klíč)|očekáváno|obdrženo|Hodnota je příliš|Nerozpoznan/i;

describe('validation details over the API', () => {
  let t: TestApp;
  const users: Partial<Record<'en' | 'cs', SignedUp>> = {};
  beforeAll(async () => {
    t = await createTestApp();
    users.en = await t.signup('details@example.test');
    users.cs = await t.signup('podrobnosti@example.test', 'Česká', { language: 'cs' });
  });
  afterAll(() => t.close());

  const signup = { email: 'x@example.test', password: 'correct horse battery', name: 'X', organizationName: 'X' };
  const cases = [
    {
      name: 'missing field',
      method: 'POST',
      url: '/api/v1/auth/signup',
      body: { ...signup, email: undefined },
      path: 'body.email',
      en: '"email" is required.',
      cs: '„email“ je povinné.',
    },
    {
      name: 'wrong type',
      method: 'PATCH',
      url: '/api/v1/me',
      body: { version: '1' },
      path: 'body.version',
      en: '"version" must be a number, not text.',
      cs: '„version“ musí být číslo, ne text.',
    },
    {
      name: 'bad e-mail',
      method: 'POST',
      url: '/api/v1/auth/signup',
      body: { ...signup, email: 'nope' },
      path: 'body.email',
      en: '"email" must be an e-mail address such as ada@example.com.',
      cs: '„email“ musí být e-mailová adresa, například ada@example.com.',
    },
    {
      name: 'too short',
      method: 'POST',
      url: '/api/v1/auth/signup',
      body: { ...signup, password: 'short' },
      path: 'body.password',
      en: '"password" must be at least 10 characters.',
      cs: '„password“ musí mít alespoň 10 znaků.',
    },
    {
      name: 'too big',
      method: 'PATCH',
      url: '/api/v1/me',
      body: { version: 1, weekStart: 8 },
      path: 'body.weekStart',
      en: '"weekStart" must be at most 7.',
      cs: '„weekStart“ smí být nejvýše 7.',
    },
    {
      name: 'bad enum',
      method: 'PATCH',
      url: '/api/v1/me',
      body: { version: 1, language: 'de' },
      path: 'body.language',
      en: '"language" must be one of "en" or "cs".',
      cs: '„language“ musí být jedna z hodnot „en“ nebo „cs“.',
    },
    {
      name: 'unknown key',
      method: 'PATCH',
      url: '/api/v1/me',
      body: { version: 1, colour: 'red' },
      path: 'body',
      en: '"body" has unknown field "colour": remove it.',
      cs: '„body“ obsahuje neznámé pole „colour“: odeberte ho.',
    },
    {
      name: 'bad query value',
      method: 'GET',
      url: '/api/v1/time-records?limit=lots',
      body: undefined,
      path: 'query.limit',
      en: '"limit" must be a number, not text.',
      cs: '„limit“ musí být číslo, ne text.',
    },
  ] as const;

  it.each(cases)('$name: a sentence naming the field in English and in Czech', async ({ method, url, body, path, en, cs }) => {
    for (const [language, expected] of [
      ['en', en],
      ['cs', cs],
    ] as const) {
      // signed in, the profile's language counts; before, Accept-Language
      const token = url.includes('signup') ? undefined : users[language]!.token;
      const reply = await t.call(method, url, { token, headers: { 'accept-language': language }, ...(body && { body }) });
      expect(reply.status).toBe(400);
      expect(reply.body.error.details).toContainEqual(expect.objectContaining({ path, message: expected }));
      for (const detail of reply.body.error.details) expect(detail.message).not.toMatch(RAW_ZOD);
    }
  });
});
