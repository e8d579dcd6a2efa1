// The web app's texts: one file per area under ./ui (each with en and cs, equal key sets: a test),
// merged here. Placeholders are {name}; plural keys end in .one/.few/.many/.other (see plural()).
import { auth } from './ui/auth.ts';
import { catalog } from './ui/catalog.ts';
import { closeDay } from './ui/close-day.ts';
import { common } from './ui/common.ts';
import { connections } from './ui/connections.ts';
import { dashboard } from './ui/dashboard.ts';
import { imports } from './ui/imports.ts';
import { impulses } from './ui/impulses.ts';
import { profile } from './ui/profile.ts';
import { reports } from './ui/reports.ts';
import { rules } from './ui/rules.ts';
import { settings } from './ui/settings.ts';
import { team } from './ui/team.ts';
import { timesheet } from './ui/timesheet.ts';

export type UiLanguage = 'en' | 'cs';

const areas = [
  common,
  impulses,
  dashboard,
  connections,
  profile,
  auth,
  catalog,
  settings,
  timesheet,
  team,
  reports,
  closeDay,
  imports,
  rules,
] as const;

type Merge<T extends readonly { en: object }[]> = T extends readonly [
  infer A extends { en: object },
  ...infer R extends readonly { en: object }[],
]
  ? A['en'] & Merge<R>
  : unknown;

export type UiKey = keyof Merge<typeof areas> & string;

export const uiTexts: Record<UiLanguage, Record<string, string>> = {
  en: Object.assign({}, ...areas.map((area) => area.en)),
  cs: Object.assign({}, ...areas.map((area) => area.cs)),
};

export const uiAreas: ReadonlyArray<{ en: Record<string, string>; cs: Record<string, string> }> = areas;

export function uiText(language: UiLanguage, key: UiKey, params: Record<string, string | number> = {}): string {
  const template = uiTexts[language][key] ?? uiTexts.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

// A counted text: `${base}.one|few|many|other` by the language's plural rules, {count} filled in.
export function uiPlural(language: UiLanguage, base: string, count: number, params: Record<string, string | number> = {}): string {
  const category = new Intl.PluralRules(language === 'cs' ? 'cs-CZ' : 'en-GB').select(count);
  const table = uiTexts[language];
  const key = [`${base}.${category}`, `${base}.other`].find((candidate) => candidate in table) ?? `${base}.other`;
  const shown = new Intl.NumberFormat(language === 'cs' ? 'cs-CZ' : 'en-GB', { maximumFractionDigits: 2 }).format(count);
  return uiText(language, key as UiKey, { count: shown, ...params });
}
