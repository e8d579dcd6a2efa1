import { Fragment, useState } from 'react';
import type { Response } from '../../../src/contract/client.ts';
import type { summaryReport } from '../../../src/contract/reports.ts';
import { useI18n } from '../i18n.tsx';
import { type Dimension, formatMoney, nextSort, type Sort, type SortKey, sortRows } from './report-view.ts';
import { usePeriodLabel } from './period-label.ts';

export type Summary = Response<typeof summaryReport>;
type Group = Summary['groups'][number];

const PERIODS: readonly Dimension[] = ['day', 'week', 'month'];

/** a column header that sorts its table (UX.md B11: a real <table> with aria-sort) */
export function SortHeader({
  label,
  sortKey,
  sort,
  onSort,
  numeric = false,
}: {
  label: string;
  sortKey: string;
  sort: { key: string; direction: 'ascending' | 'descending' };
  onSort: (key: string) => void;
  numeric?: boolean;
}) {
  const active = sort.key === sortKey;
  return (
    <th scope="col" aria-sort={active ? sort.direction : 'none'} className={numeric ? 'rp-num' : undefined}>
      <button type="button" className="rp-sort" onClick={() => onSort(sortKey)}>
        {label}
        <span aria-hidden="true" className="rp-sort-mark">
          {active ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

// The summary as a table: a row per group of the first dimension and, grouped by two, its
// sub-groups under it; every column sorts (names as the language sorts, periods in time).
export function SummaryTable({ report, caption }: { report: Summary; caption: string }) {
  const { t, lang, duration } = useI18n();
  const periodLabel = usePeriodLabel();
  const [sort, setSort] = useState<Sort>({ key: 'seconds', direction: 'descending' });
  const [first, second] = report.groupBy as [Dimension, Dimension | undefined];
  const money = (minor: number) => formatMoney(minor, report.currency, lang);
  const label = (dimension: Dimension, group: Group) =>
    PERIODS.includes(dimension) && group.key ? periodLabel(dimension, group.key) : group.label;
  const order = (dimension: Dimension, groups: readonly Group[]) => sortRows(groups, sort, lang, PERIODS.includes(dimension));
  const heading = second ? `${t(`reports.dim.${first}`)} › ${t(`reports.dim.${second}`)}` : t(`reports.dim.${first}`);
  const figures = (group: Group | Summary['total']) => (
    <>
      <td className="rp-num" data-seconds={group.seconds}>
        {duration(group.seconds)}
      </td>
      <td className="rp-num">{duration(group.billableSeconds)}</td>
      <td className="rp-num" data-amount={group.amount}>
        {money(group.amount)}
      </td>
      <td className="rp-num">{group.records}</td>
    </>
  );
  return (
    <div className="rp-scroll">
      <table className="rp-table" data-testid="summary-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <SortHeader label={heading} sortKey="label" sort={sort} onSort={(key) => setSort(nextSort(sort, key as SortKey))} />
            <SortHeader
              label={t('reports.col.duration')}
              sortKey="seconds"
              sort={sort}
              onSort={(key) => setSort(nextSort(sort, key as SortKey))}
              numeric
            />
            <SortHeader
              label={t('reports.col.billable')}
              sortKey="billableSeconds"
              sort={sort}
              onSort={(key) => setSort(nextSort(sort, key as SortKey))}
              numeric
            />
            <SortHeader
              label={t('reports.col.amount')}
              sortKey="amount"
              sort={sort}
              onSort={(key) => setSort(nextSort(sort, key as SortKey))}
              numeric
            />
            <SortHeader
              label={t('reports.col.records')}
              sortKey="records"
              sort={sort}
              onSort={(key) => setSort(nextSort(sort, key as SortKey))}
              numeric
            />
          </tr>
        </thead>
        <tbody>
          {order(first, report.groups).map((group) => (
            <Fragment key={group.key ?? 'none'}>
              <tr className={second ? 'rp-parent' : undefined} data-group={group.key ?? ''}>
                <th scope="row">{label(first, group)}</th>
                {figures(group)}
              </tr>
              {second &&
                order(second, group.groups ?? []).map((child) => (
                  <tr key={child.key ?? 'none'} className="rp-child" data-group={`${group.key ?? ''}/${child.key ?? ''}`}>
                    <th scope="row">
                      <span className="sr-only">{label(first, group)} › </span>
                      {label(second, child)}
                    </th>
                    {figures(child)}
                  </tr>
                ))}
            </Fragment>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="summary-total">
            <th scope="row">{t('reports.totalRow')}</th>
            {figures(report.total)}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
