import { describe, expect, it } from 'vitest';
import {
  currencyOptions,
  isEmailAddress,
  lastLockedDayOf,
  lockedUntilOf,
  organizationChanges,
  organizationDraft,
  sortMembers,
  sortTokens,
} from '../../web/src/team/team-view.ts';

const member = (name: string, role: 'owner' | 'admin' | 'manager' | 'member', active = true) => ({ name, role, active });

describe('the team list', () => {
  it('lists active people first, the owner on top, then by role and by name as Czech sorts', () => {
    const members = [
      member('Čestmír', 'member'),
      member('Adam', 'member', false),
      member('Cyril', 'member'),
      member('Zdena', 'owner'),
      member('Bára', 'admin'),
    ];
    expect(sortMembers(members, 'cs').map((each) => each.name)).toEqual(['Zdena', 'Bára', 'Cyril', 'Čestmír', 'Adam']);
  });

  it('lists tokens in use first, newest first, then the revoked ones', () => {
    const tokens = [
      { name: 'old', createdAt: '2026-01-01T00:00:00.000Z', revokedAt: null },
      { name: 'gone', createdAt: '2026-03-01T00:00:00.000Z', revokedAt: '2026-03-02T00:00:00.000Z' },
      { name: 'new', createdAt: '2026-02-01T00:00:00.000Z', revokedAt: null },
    ];
    expect(sortTokens(tokens).map((each) => each.name)).toEqual(['new', 'old', 'gone']);
  });

  it.each([
    ['jana@example.com', true],
    [' jana@example.com ', true],
    ['jana.novakova@firma.cz', true],
    ['jana', false],
    ['jana@example', false],
    ['ja na@example.com', false],
    ['@example.com', false],
    ['jana@example.', false],
    ['', false],
  ])('takes %j as an e-mail address: %s', (text, expected) => {
    expect(isEmailAddress(text)).toBe(expected);
  });
});

describe('the lock date as a person reads it', () => {
  it('shows the last locked day: the API locks records starting before lockedUntil', () => {
    expect(lastLockedDayOf('2026-04-01')).toBe('2026-03-31');
    expect(lastLockedDayOf('2026-01-01')).toBe('2025-12-31');
    expect(lastLockedDayOf(null)).toBe('');
  });

  it('sends the day after the typed last locked day, null for none, and refuses what is no date', () => {
    expect(lockedUntilOf('2026-03-31')).toBe('2026-04-01');
    expect(lockedUntilOf('2024-02-29')).toBe('2024-03-01');
    expect(lockedUntilOf('2025-12-31')).toBe('2026-01-01');
    expect(lockedUntilOf('')).toBeNull();
    expect(lockedUntilOf('2026-02-30')).toBe('invalid');
    expect(lockedUntilOf('31. 3. 2026')).toBe('2026-04-01');
    expect(lockedUntilOf('31/03/2026')).toBe('2026-04-01');
    expect(lockedUntilOf('31. 13. 2026')).toBe('invalid');
    expect(lockedUntilOf('tomorrow')).toBe('invalid');
    expect(lockedUntilOf('1800-01-01')).toBe('invalid');
    expect(lockedUntilOf('31. 12. 9999')).toBe('invalid');
  });
});

describe('the organisation form', () => {
  const organization = { name: 'Nováková Studio', currency: 'CZK', lockedUntil: '2026-04-01', defaultHourlyRate: 1200.5 };

  it("starts from what was read, in the reader's number format", () => {
    expect(organizationDraft(organization, 'cs')).toEqual({
      name: 'Nováková Studio',
      currency: 'CZK',
      lastLockedDay: '31. 3. 2026',
      rate: '1200,50',
    });
    expect(organizationDraft(organization, 'en')).toMatchObject({ lastLockedDay: '31/03/2026', rate: '1200.50' });
    expect(organizationDraft({ ...organization, lockedUntil: null, defaultHourlyRate: null }, 'en')).toMatchObject({
      lastLockedDay: '',
      rate: '',
    });
  });

  it('sends only what changed', () => {
    const draft = organizationDraft(organization, 'cs');
    expect(organizationChanges(organization, draft)).toEqual({ patch: {}, invalid: [] });
    expect(organizationChanges(organization, { ...draft, name: '  Studio N  ', lastLockedDay: '30. 4. 2026', rate: '1 300' })).toEqual({
      patch: { name: 'Studio N', lockedUntil: '2026-05-01', defaultHourlyRate: 1300 },
      invalid: [],
    });
    expect(organizationChanges(organization, { ...draft, currency: 'EUR', lastLockedDay: '', rate: '' })).toEqual({
      patch: { currency: 'EUR', lockedUntil: null, defaultHourlyRate: null },
      invalid: [],
    });
  });

  it('leaves how large a rate may be to the API, whose refusal the screen shows', () => {
    const draft = organizationDraft(organization, 'en');
    expect(organizationChanges(organization, { ...draft, rate: '2000000' })).toEqual({
      patch: { defaultHourlyRate: 2_000_000 },
      invalid: [],
    });
  });

  it('names every field that is not valid', () => {
    const draft = organizationDraft(organization, 'en');
    expect(
      organizationChanges(organization, { ...draft, name: ' ', currency: 'czk', lastLockedDay: '2026-13-01', rate: '12,345' }).invalid,
    ).toEqual(['name', 'currency', 'lock', 'rate']);
  });

  it('offers the ISO currencies by code with their names in the language, and always the current one', () => {
    const cs = currencyOptions('cs', 'CZK');
    expect(cs.find((option) => option.code === 'CZK')?.label).toBe('CZK – česká koruna');
    expect(currencyOptions('en', 'EUR').find((option) => option.code === 'EUR')?.label).toBe('EUR – Euro');
    expect(cs.map((option) => option.code)).toEqual([...cs.map((option) => option.code)].sort());
    expect(cs.length).toBeGreaterThan(100);
    expect(currencyOptions('en', 'XYZ').some((option) => option.code === 'XYZ')).toBe(true);
  });
});
