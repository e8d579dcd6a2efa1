// Pure helpers of the Team, API token and organisation screens: order, e-mail check, the lock
// date as a person reads it, currencies and the organisation form's changes.
import { addDays, parseDate } from '../../../src/i18n/format.ts';
import { dateInputText } from '../records/record-times.ts';
import { parseRate, rateText } from '../catalog/catalog-view.ts';
import type { Role } from './permissions.ts';

const ROLE_ORDER: Record<Role, number> = { owner: 0, admin: 1, manager: 2, member: 3 };

function collator(lang: 'en' | 'cs'): Intl.Collator {
  return new Intl.Collator(lang === 'cs' ? 'cs-CZ' : 'en-GB', { sensitivity: 'base', numeric: true });
}

/** active people first, then deactivated ones; each by role (owner first), then by name as the language sorts */
export function sortMembers<T extends { name: string; role: Role; active: boolean }>(members: readonly T[], lang: 'en' | 'cs'): T[] {
  const byName = collator(lang);
  return [...members].sort(
    (a, b) => Number(b.active) - Number(a.active) || ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || byName.compare(a.name, b.name),
  );
}

/** tokens still in use first (newest first), then the revoked ones */
export function sortTokens<T extends { createdAt: string; revokedAt: string | null }>(tokens: readonly T[]): T[] {
  return [...tokens].sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || b.createdAt.localeCompare(a.createdAt));
}

/** an address worth sending to the API: something@domain.tld, no spaces (the API checks the rest) */
export function isEmailAddress(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(text.trim()) && text.trim().length <= 254;
}

/**
 * The API's `lockedUntil` is the first day that is open (records starting before it are locked);
 * people read and type the last locked day ("Locked until 31. 3. 2026"), as the calendar shows it.
 */
export function lastLockedDayOf(lockedUntil: string | null): string {
  return lockedUntil === null ? '' : addDays(lockedUntil, -1);
}

/** the typed last locked day ("31. 3. 2026", "31/03/2026", "2026-03-31"; empty = no lock) as the API's lockedUntil */
export function lockedUntilOf(lastLockedDay: string): string | null | 'invalid' {
  const text = lastLockedDay.trim();
  if (text === '') return null;
  const date = parseDate(text);
  // the API takes the years 1900 to 9999 (a lock on the last day of 9999 has no next day in them)
  if (!date || date < '1900-01-01' || date > '9999-12-30') return 'invalid';
  return addDays(date, 1);
}

const CURRENCY_FALLBACK = ['CZK', 'EUR', 'USD', 'GBP', 'CHF', 'PLN', 'HUF', 'SEK', 'NOK', 'DKK', 'JPY', 'CAD', 'AUD'];

/** every ISO 4217 currency the browser knows, "CZK – Czech koruna", by code; the current one always in */
export function currencyOptions(lang: 'en' | 'cs', current: string): Array<{ code: string; label: string }> {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  let codes: string[];
  try {
    codes = intl.supportedValuesOf ? intl.supportedValuesOf('currency') : CURRENCY_FALLBACK;
  } catch {
    codes = CURRENCY_FALLBACK;
  }
  const all = [...new Set([...codes, current])].filter((code) => /^[A-Z]{3}$/.test(code)).sort();
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([lang === 'cs' ? 'cs-CZ' : 'en-GB'], { type: 'currency' });
  } catch {
    names = null;
  }
  return all.map((code) => {
    const name = names?.of(code);
    return { code, label: name && name !== code ? `${code} – ${name}` : code };
  });
}

export type OrganizationValues = { name: string; currency: string; lockedUntil: string | null; defaultHourlyRate: number | null };
export type OrganizationDraft = { name: string; currency: string; lastLockedDay: string; rate: string };
export type OrganizationPatch = { name?: string; currency?: string; lockedUntil?: string | null; defaultHourlyRate?: number | null };

export function organizationDraft(organization: OrganizationValues, lang: 'en' | 'cs'): OrganizationDraft {
  const lastLocked = lastLockedDayOf(organization.lockedUntil);
  return {
    name: organization.name,
    currency: organization.currency,
    lastLockedDay: lastLocked && dateInputText(lang, lastLocked),
    rate: rateText(organization.defaultHourlyRate, lang),
  };
}

/** what the form changes against what was read, or which fields are not valid */
export function organizationChanges(
  organization: OrganizationValues,
  draft: OrganizationDraft,
): { patch: OrganizationPatch; invalid: Array<'name' | 'currency' | 'lock' | 'rate'> } {
  const invalid: Array<'name' | 'currency' | 'lock' | 'rate'> = [];
  const patch: OrganizationPatch = {};
  const name = draft.name.trim();
  if (name === '' || name.length > 200) invalid.push('name');
  else if (name !== organization.name) patch.name = name;
  if (!/^[A-Z]{3}$/.test(draft.currency)) invalid.push('currency');
  else if (draft.currency !== organization.currency) patch.currency = draft.currency;
  const lockedUntil = lockedUntilOf(draft.lastLockedDay);
  if (lockedUntil === 'invalid') invalid.push('lock');
  else if (lockedUntil !== organization.lockedUntil) patch.lockedUntil = lockedUntil;
  // the form checks the shape; how large a rate may be is the API's to say (its message is shown)
  const rate = parseRate(draft.rate, Number.POSITIVE_INFINITY);
  if (rate === 'invalid') invalid.push('rate');
  else if (rate !== organization.defaultHourlyRate) patch.defaultHourlyRate = rate;
  return { patch, invalid };
}
