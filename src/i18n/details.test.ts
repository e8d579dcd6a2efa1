import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssue } from './details.ts';
import type { Language } from './translate.ts';

// zod's own wording, English and its Czech locale: none of it may reach a reader.
const RAW_ZOD = [
  /Invalid input/i,
  /expected \w+, received/i,
  /received undefined/i,
  /Too (small|big)/i,
  /Invalid (string|option|email|format)/i,
  /Unrecognized key/i,
  /Neplatn[ýá] (vstup|formát|volba|klíč)/i,
  /očekáváno/i,
  /obdrženo/i,
  /Hodnota je příliš/i,
  /Nerozpoznan/i,
];

const Shape = z.strictObject({
  email: z.email(),
  name: z.string().min(1).max(5),
  password: z.string().min(3),
  count: z.number().int().max(10),
  role: z.enum(['admin', 'member']),
  tags: z.array(z.string()).min(1),
});
const valid = { email: 'ada@example.test', name: 'Ada', password: 'secret', count: 1, role: 'admin', tags: ['a'] };

const cases: Array<{ name: string; input: Record<string, unknown>; field: string; en: RegExp; cs: RegExp }> = [
  {
    name: 'missing field',
    input: { ...valid, email: undefined },
    field: 'email',
    en: /^"email" is required\.$/,
    cs: /^„email“ je povinné\.$/,
  },
  {
    name: 'wrong type',
    input: { ...valid, count: 'three' },
    field: 'count',
    en: /^"count" must be a number, not text\.$/,
    cs: /^„count“ musí být číslo, ne text\.$/,
  },
  {
    name: 'not a whole number',
    input: { ...valid, count: 1.5 },
    field: 'count',
    en: /^"count" must be a whole number/,
    cs: /^„count“ musí být celé číslo/,
  },
  {
    name: 'bad e-mail',
    input: { ...valid, email: 'nope' },
    field: 'email',
    en: /^"email" must be an e-mail address/,
    cs: /^„email“ musí být e-mailová adresa/,
  },
  {
    name: 'empty text',
    input: { ...valid, name: '' },
    field: 'name',
    en: /^"name" must not be empty\.$/,
    cs: /^„name“ nesmí být prázdné\.$/,
  },
  {
    name: 'too short',
    input: { ...valid, password: 'ab' },
    field: 'password',
    en: /^"password" must be at least 3 characters long\.$/,
    cs: /^„password“ musí mít alespoň 3 znaky\.$/,
  },
  {
    name: 'too long',
    input: { ...valid, name: 'Augusta' },
    field: 'name',
    en: /^"name" must be at most 5 characters long\.$/,
    cs: /^„name“ smí mít nejvýše 5 znaků\.$/,
  },
  {
    name: 'too big',
    input: { ...valid, count: 11 },
    field: 'count',
    en: /^"count" must be at most 10\.$/,
    cs: /^„count“ smí být nejvýše 10\.$/,
  },
  {
    name: 'empty list',
    input: { ...valid, tags: [] },
    field: 'tags',
    en: /^"tags" must have at least 1 item\.$/,
    cs: /^„tags“ musí mít alespoň 1 položku\.$/,
  },
  {
    name: 'bad enum',
    input: { ...valid, role: 'boss' },
    field: 'role',
    en: /^"role" must be one of "admin" or "member"\.$/,
    cs: /^„role“ musí být jedna z hodnot „admin“ nebo „member“\.$/,
  },
  {
    name: 'unknown key',
    input: { ...valid, colour: 'red' },
    field: 'body',
    en: /^"body" has unknown field "colour": remove it\.$/,
    cs: /^„body“ obsahuje neznámé pole „colour“: odeberte ho\.$/,
  },
];

describe('validation details read as sentences naming the field', () => {
  it.each(cases)('$name, in English and Czech', ({ input, field, en, cs }) => {
    const parsed = Shape.safeParse(input);
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues[0]!;
    const texts: Record<Language, string> = {
      en: describeIssue('en', field, { ...issue, input: issue.path.reduce<any>((value, key) => value?.[key as string], input) }),
      cs: describeIssue('cs', field, { ...issue, input: issue.path.reduce<any>((value, key) => value?.[key as string], input) }),
    };
    expect(texts.en).toMatch(en);
    expect(texts.cs).toMatch(cs);
    for (const text of Object.values(texts)) for (const raw of RAW_ZOD) expect(text).not.toMatch(raw);
  });

  it('words our own rules per language, and rules without a predicate as predicates', () => {
    expect(describeIssue('en', 'end', { code: 'custom', message: 'must be after start' })).toBe('"end" must be after start.');
    expect(describeIssue('cs', 'end', { code: 'custom', message: 'must be after start' })).toBe('„end“ musí být po začátku.');
    expect(describeIssue('en', 'projectId', { message: 'required for a recent impulse' })).toBe(
      '"projectId" is required for a recent impulse.',
    );
  });
});
