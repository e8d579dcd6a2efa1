import { z } from 'zod';
import type { Language } from './translate.ts';

// Field-level messages of validation_failed `details`. They are written once, in English, where
// the rule lives (contract, service); Czech readers get them from this table, and zod's own
// messages from zod's Czech locale.
const czech: Record<string, string> = {
  'belongs to another project': 'patří k jinému projektu',
  'is not a cursor from a previous page': 'není kurzor z předchozí stránky',
  'is not a real date': 'není skutečné datum',
  'is not a real instant': 'není skutečný okamžik',
  'is not an id': 'není identifikátor',
  'is wrong': 'není správně',
  'must be a colour such as #3b82f6': 'musí být barva, například #3b82f6',
  'must be a date such as 2026-03-16': 'musí být datum, například 2026-03-16',
  'must be after start': 'musí být po začátku',
  'must be after the timer started': 'musí být po spuštění stopek',
  'must be an IANA time zone such as Europe/Prague': 'musí být časové pásmo IANA, například Europe/Prague',
  'must be an instant such as 2026-03-16T09:00:00Z or a real date such as 2026-03-16': 'musí být okamžik, například 2026-03-16T09:00:00Z, nebo skutečné datum, například 2026-03-16',
  'must be an ISO-8601 UTC instant such as 2026-03-16T09:00:00Z': 'musí být okamžik ISO-8601 v UTC, například 2026-03-16T09:00:00Z',
  'must be at least 10 characters': 'musí mít alespoň 10 znaků',
  'must be in the years 1900 to 9999': 'musí být v letech 1900 až 9999',
  'must be within the last 7 days': 'musí být v posledních 7 dnech',
  'must not be in the future': 'nesmí být v budoucnosti',
  'must be 1 to 200 characters': 'musí mít 1 až 200 znaků',
  'a time record may last at most 7 days': 'časový záznam smí trvat nejvýše 7 dní',
  'contains a character that cannot be stored (such as a NUL byte)': 'obsahuje znak, který nelze uložit (například bajt NUL)',
  'required for a recent impulse': 'povinné pro impuls z nedávných záznamů',
  'required for an all-day meeting': 'povinné pro celodenní schůzku',
  'required: no earlier time record suggests a project for this meeting': 'povinné: žádný dřívější časový záznam nenavrhuje projekt pro tuto schůzku',
  'send the version you read (?version=N or a JSON body)': 'pošlete verzi, kterou jste načetli (?version=N nebo v těle JSON)',
  'the range may span at most 400 days': 'rozsah smí zahrnovat nejvýše 400 dní',
};

const zodCzech = z.locales.cs().localeError;

export type ValidationIssue = { code?: string; message: string; [field: string]: unknown };

export function localizeDetail(language: Language, issue: ValidationIssue): string {
  if (language === 'en') return issue.message;
  const known = czech[issue.message];
  if (known) return known;
  if (issue.code && issue.code !== 'custom') {
    const translated = zodCzech(issue as unknown as Parameters<typeof zodCzech>[0]);
    const text = typeof translated === 'string' ? translated : translated?.message;
    if (text) return text;
  }
  return issue.message;
}
