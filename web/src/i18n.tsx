import { createContext, type ReactNode, useContext, useMemo } from 'react';
import * as format from '../../src/i18n/format.ts';
import { type UiKey, type UiLanguage, uiPlural, uiText } from '../../src/i18n/ui.ts';

// The reader's language and time zone, and every text and formatter bound to them. The zone is the
// profile's, never the browser's: a person in Prague looking from a laptop set to New York sees Prague.
export type I18n = {
  lang: UiLanguage;
  zone: string;
  t: (key: UiKey, params?: Record<string, string | number>) => string;
  tp: (base: string, count: number, params?: Record<string, string | number>) => string;
  date: (date: string) => string;
  dayShort: (date: string) => string;
  dayLong: (date: string) => string;
  time: (instant: Date | string) => string;
  timeRange: (start: Date | string, end: Date | string) => string;
  duration: (seconds: number, style?: format.DurationStyle) => string;
  spokenDuration: (seconds: number) => string;
  today: () => string;
  dateOf: (instant: Date | string) => string;
};

export function makeI18n(lang: UiLanguage, zone: string, durationStyle: format.DurationStyle = 'hm'): I18n {
  return {
    lang,
    zone,
    t: (key, params) => uiText(lang, key, params),
    tp: (base, count, params) => uiPlural(lang, base, count, params),
    date: (date) => format.formatDate(lang, date),
    dayShort: (date) => format.formatDayShort(lang, date),
    dayLong: (date) => format.formatDayLong(lang, date),
    time: (instant) => format.formatTime(instant, zone),
    timeRange: (start, end) => format.formatTimeRange(start, end, zone),
    duration: (seconds, style) => format.formatDuration(lang, seconds, style ?? durationStyle),
    spokenDuration: (seconds) => format.spokenDuration(lang, seconds),
    today: () => format.dateInZone(new Date(), zone),
    dateOf: (instant) => format.dateInZone(instant, zone),
  };
}

const I18nContext = createContext<I18n>(makeI18n('en', 'UTC'));

export function I18nProvider({
  lang,
  zone,
  durationStyle,
  children,
}: {
  lang: UiLanguage;
  zone: string;
  durationStyle?: format.DurationStyle;
  children: ReactNode;
}) {
  const value = useMemo(() => makeI18n(lang, zone, durationStyle), [lang, zone, durationStyle]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

// The language before anyone signs in: a choice made on this device, else the browser's.
export function guessLanguage(): UiLanguage {
  const stored = localStorage.getItem('kairos.language');
  if (stored === 'en' || stored === 'cs') return stored;
  return navigator.languages.some((language) => language.toLowerCase().startsWith('cs')) ? 'cs' : 'en';
}

export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
