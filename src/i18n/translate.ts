import { cs } from './cs.ts';
import { en, type MessageKey } from './en.ts';

export const languages = ['en', 'cs'] as const;
export type Language = (typeof languages)[number];

const catalogues: Record<Language, Record<MessageKey, string>> = { en, cs };

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

export function translate(language: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogues[language][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

// Picks the first supported language of an Accept-Language header ("cs-CZ,cs;q=0.9,en;q=0.8").
/**
 * The parameters of an error's message and hint: a damaged backup's `detail` is the sentence for its
 * `kind` (backup.damage.*), in the same language.
 */
export function errorParams(language: Language, code: string, params: Record<string, string | number>): Record<string, string | number> {
  const kind = `backup.damage.${String(params.kind)}`;
  return code === 'backup_damaged' && isMessageKey(kind) ? { ...params, detail: translate(language, kind, params) } : params;
}

export function languageFromHeader(header: string | undefined): Language | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.tag !== '' && Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0];
    if (base === 'en' || base === 'cs') return base;
  }
  return null;
}

// The command line speaks the language of the POSIX locale (LC_ALL, else LC_MESSAGES, else LANG):
// cs_CZ.UTF-8 or cs gives Czech, anything else English.
export function languageFromLocale(env: Record<string, string | undefined>): Language {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^cs([_.@-]|$)/i.test(locale) ? 'cs' : 'en';
}
