import { useI18n } from '../i18n.tsx';

/** a period of the report by its first day: "16. 3. 2026", "Week of 16. 3. 2026", "březen 2026" */
export function usePeriodLabel(): (unit: 'day' | 'week' | 'month' | string, first: string) => string {
  const { t, lang, date } = useI18n();
  return (unit, first) => {
    if (unit === 'week') return t('reports.weekOf', { date: date(first) });
    if (unit === 'month') {
      return new Intl.DateTimeFormat(lang === 'cs' ? 'cs-CZ' : 'en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(
        new Date(`${first}T12:00:00Z`),
      );
    }
    return date(first);
  };
}
