import { useState } from 'react';
import type { Response } from '../../../src/contract/client.ts';
import type { detailedReport } from '../../../src/contract/reports.ts';
import { useI18n } from '../i18n.tsx';
import { formatMoney } from './report-view.ts';
import { SortHeader } from './SummaryTable.tsx';

export type DetailedPage = Response<typeof detailedReport>;
type Item = DetailedPage['items'][number];

type Key = 'start' | 'user' | 'project' | 'description' | 'seconds' | 'amount';

// The records behind the summary, a page at a time ("Show more"); the columns sort what is loaded.
export function DetailedRecords({
  items,
  currency,
  showUser,
  hasMore,
  loadingMore,
  onMore,
}: {
  items: Item[];
  currency: string;
  showUser: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  onMore: () => void;
}) {
  const { t, lang, date, dateOf, timeRange, duration } = useI18n();
  const [sort, setSort] = useState<{ key: Key; direction: 'ascending' | 'descending' }>({ key: 'start', direction: 'ascending' });
  const collator = new Intl.Collator(lang === 'cs' ? 'cs-CZ' : 'en-GB', { sensitivity: 'base', numeric: true });
  const project = (item: Item) => [item.clientName, item.projectName, item.taskName].filter(Boolean).join(' › ');
  const compare = (a: Item, b: Item): number => {
    switch (sort.key) {
      case 'start':
        return a.start.localeCompare(b.start);
      case 'user':
        return collator.compare(a.userName, b.userName);
      case 'project':
        return collator.compare(project(a), project(b));
      case 'description':
        return collator.compare(a.description, b.description);
      case 'seconds':
        return a.roundedSeconds - b.roundedSeconds;
      case 'amount':
        return a.amount - b.amount;
    }
  };
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const rows = [...items].sort((a, b) => sign * compare(a, b) || a.start.localeCompare(b.start));
  const onSort = (key: string) =>
    setSort(
      sort.key === key
        ? { key: key as Key, direction: sort.direction === 'ascending' ? 'descending' : 'ascending' }
        : { key: key as Key, direction: key === 'seconds' || key === 'amount' ? 'descending' : 'ascending' },
    );
  return (
    <section className="rp-card" aria-labelledby="rp-detailed-title">
      <h2 id="rp-detailed-title">{t('reports.detailed.title')}</h2>
      <div className="rp-scroll">
        <table className="rp-table rp-detailed" data-testid="detailed-table">
          <thead>
            <tr>
              <SortHeader label={t('reports.col.date')} sortKey="start" sort={sort} onSort={onSort} />
              {showUser && <SortHeader label={t('reports.dim.user')} sortKey="user" sort={sort} onSort={onSort} />}
              <SortHeader label={t('reports.dim.project')} sortKey="project" sort={sort} onSort={onSort} />
              <SortHeader label={t('reports.col.description')} sortKey="description" sort={sort} onSort={onSort} />
              <SortHeader label={t('reports.col.duration')} sortKey="seconds" sort={sort} onSort={onSort} numeric />
              <SortHeader label={t('reports.col.amount')} sortKey="amount" sort={sort} onSort={onSort} numeric />
            </tr>
          </thead>
          <tbody>
            {rows.map((item) => (
              <tr key={`${item.id}-${item.start}`} data-record-id={item.id}>
                <td className="rp-nowrap">
                  {date(dateOf(item.start))}
                  <span className="rp-sub">{timeRange(item.start, item.end)}</span>
                </td>
                {showUser && <td>{item.userName}</td>}
                <td>
                  {project(item)}
                  {item.tagNames.length > 0 && <span className="rp-sub">{item.tagNames.join(', ')}</span>}
                </td>
                <td>{item.description || <span className="muted">{t('reports.noDescription')}</span>}</td>
                <td className="rp-num">{duration(item.roundedSeconds)}</td>
                <td className="rp-num">
                  {item.billable ? formatMoney(item.amount, currency, lang) : <span className="muted">{t('reports.notBillable')}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {hasMore && (
        <button type="button" className="rp-more" onClick={onMore} disabled={loadingMore} aria-busy={loadingMore || undefined}>
          {t('reports.detailed.more')}
        </button>
      )}
    </section>
  );
}
