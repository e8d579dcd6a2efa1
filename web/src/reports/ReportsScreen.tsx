import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { listMembers } from '../../../src/contract/account.ts';
import { buildPath } from '../../../src/contract/client.ts';
import {
  calendarVsTracked,
  detailedReport,
  exportDetailedReport,
  exportSummaryReport,
  summaryReport,
} from '../../../src/contract/reports.ts';
import { api, type ApiError } from '../api.ts';
import { periodTitle } from '../dashboard/grid-time.ts';
import { PROJECT_COLORS } from '../catalog/catalog-view.ts';
import { loadCatalog, useStore } from '../data/store.ts';
import { useI18n } from '../i18n.tsx';
import { useSignedIn } from '../session.tsx';
import { Frame, ScreenTitle } from '../shell/Frame.tsx';
import { Problem } from '../ui/problem.tsx';
import { DetailedRecords, type DetailedPage } from './DetailedRecords.tsx';
import { type Coverage, MeetingsVsTracked } from './MeetingsVsTracked.tsx';
import { type FilterOptions, type Option, ReportFilters } from './ReportFilters.tsx';
import {
  chartBars,
  distinctColors,
  chartPeriods,
  type DateRange,
  type Dimension,
  dimensionsFor,
  type Filters,
  formatMoney,
  groupByOf,
  NO_FILTERS,
  type Preset,
  presetRange,
  reportQuery,
} from './report-view.ts';
import { type Summary, SummaryTable } from './SummaryTable.tsx';
import { TimeChart } from './TimeChart.tsx';
import './reports.css';

type Loaded = { summary: Summary; chart: Summary; detailed: DetailedPage; coverage: Coverage };

// Přehledy (UX.md B11): filters, totals, time per day stacked by project (or as a table), the
// summary grouped by one or two dimensions, the records, exports, and meetings against tracked time.
export function ReportsScreen() {
  const { t, tp, lang, today, duration } = useI18n();
  const { profile } = useSignedIn();
  const [preset, setPreset] = useState<Preset>('thisWeek');
  const [custom, setCustom] = useState<DateRange | null>(null);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [groupBy, setGroupBy] = useState<[Dimension, Dimension | '']>(['project', '']);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [members, setMembers] = useState<Option[] | null>(null);
  const request = useRef(0);
  const isMember = profile.role === 'member';

  const range = useMemo<DateRange>(
    () => (preset === 'custom' && custom ? custom : presetRange(preset === 'custom' ? 'thisWeek' : preset, today(), profile.weekStart)),
    [preset, custom, today, profile.weekStart],
  );
  const query = useMemo(() => reportQuery(range, filters), [range, filters]);
  const grouping = groupByOf(groupBy[0], groupBy[1]);
  const chartUnit = chartPeriods(range, profile.weekStart);

  const load = useCallback(async () => {
    const n = ++request.current;
    setBusy(true);
    const [summary, chart, detailed, coverage] = await Promise.all([
      api.call(summaryReport, { query: { ...query, groupBy: grouping } }),
      api.call(summaryReport, { query: { ...query, groupBy: `${chartUnit.unit},project` } }),
      api.call(detailedReport, { query: { ...query, limit: 100 } }),
      api.call(calendarVsTracked, { query: { from: query.from, to: query.to, ...(query.users && { users: query.users }) } }),
    ]);
    if (n !== request.current) return;
    setBusy(false);
    const failed = [summary, chart, detailed, coverage].find((result) => !result.ok);
    if (failed && !failed.ok) {
      setError(failed.error);
      return;
    }
    if (summary.ok && chart.ok && detailed.ok && coverage.ok) {
      setError(null);
      setLoaded({ summary: summary.data, chart: chart.data, detailed: detailed.data, coverage: coverage.data });
    }
  }, [query, grouping, chartUnit.unit]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    void loadCatalog();
    if (isMember) return;
    void api.call(listMembers).then((result) => {
      if (result.ok) setMembers(result.data.items.map((member) => ({ id: member.id, label: member.name })));
    });
  }, [isMember]);

  async function more() {
    if (!loaded?.detailed.nextCursor) return;
    setLoadingMore(true);
    const result = await api.call(detailedReport, { query: { ...query, limit: 100, cursor: loaded.detailed.nextCursor } });
    setLoadingMore(false);
    if (!result.ok) return setError(result.error);
    setLoaded({ ...loaded, detailed: { ...result.data, items: [...loaded.detailed.items, ...result.data.items] } });
  }

  const projects = useStore((s) => s.projects);
  const clients = useStore((s) => s.clients);
  const tasks = useStore((s) => s.tasks);
  const tags = useStore((s) => s.tags);
  const options = useMemo<FilterOptions>(() => {
    const collator = new Intl.Collator(lang === 'cs' ? 'cs-CZ' : 'en-GB', { sensitivity: 'base', numeric: true });
    const sorted = (items: Option[]) => items.sort((a, b) => collator.compare(a.label, b.label));
    const clientName = new Map(clients.map((client) => [client.id, client.name]));
    return {
      users: members && sorted([...members]),
      clients: sorted(clients.map((client) => ({ id: client.id, label: client.name }))),
      projects: sorted(
        projects.map((project) => ({
          id: project.id,
          label: project.clientId ? `${clientName.get(project.clientId) ?? ''} › ${project.name}` : project.name,
        })),
      ),
      // tasks are offered for the chosen projects (all tasks of an organisation would be a long list)
      tasks: sorted(tasks.filter((task) => filters.projects.includes(task.projectId)).map((task) => ({ id: task.id, label: task.name }))),
      tags: sorted(tags.map((tag) => ({ id: tag.id, label: tag.name }))),
    };
  }, [lang, clients, projects, tasks, tags, members, filters.projects]);

  const chartProjects = useMemo(() => {
    const totals = new Map<string, number>();
    for (const period of loaded?.chart.groups ?? [])
      for (const part of period.groups ?? []) if (part.key) totals.set(part.key, (totals.get(part.key) ?? 0) + part.seconds);
    const labels = new Map<string, string>();
    for (const period of loaded?.chart.groups ?? []) for (const part of period.groups ?? []) if (part.key) labels.set(part.key, part.label);
    return distinctColors(
      [...totals.keys()]
        .sort((a, b) => totals.get(b)! - totals.get(a)!)
        .map((id) => ({
          id,
          name: labels.get(id) ?? '',
          color: projects.find((project) => project.id === id)?.color ?? PROJECT_COLORS[0],
        })),
    );
  }, [loaded, projects]);

  const summary = loaded?.summary;
  // plain links: the browser downloads the file with the session cookie (a GET needs no CSRF header)
  const exportLink = (kind: 'summary' | 'detailed', format: 'xlsx' | 'csv') =>
    kind === 'summary'
      ? buildPath(exportSummaryReport.path, undefined, { ...query, groupBy: grouping, format })
      : buildPath(exportDetailedReport.path, undefined, { ...query, format });
  const title = periodTitle(lang, preset === 'thisMonth' || preset === 'lastMonth' ? 'month' : 'week', range.from, range.to);
  const tagged = groupBy.includes('tag');

  return (
    <Frame>
      <main className="page reports-page" id="main">
        <ScreenTitle>{t('reports.title')}</ScreenTitle>
        <ReportFilters
          preset={preset}
          range={range}
          filters={filters}
          options={options}
          dimensions={dimensionsFor(profile.role)}
          groupBy={groupBy}
          onPreset={(next) => {
            if (next === 'custom' && !custom) setCustom(range);
            setPreset(next);
          }}
          onCustom={setCustom}
          onFilters={setFilters}
          onGroupBy={setGroupBy}
        />
        <h2 className="rp-period" aria-live="polite" data-testid="report-period">
          {title}
        </h2>
        {error && (
          <div>
            <Problem error={error} />
            <button type="button" onClick={() => void load()}>
              {t('action.retry')}
            </button>
          </div>
        )}
        {!loaded && !error && (
          <p className="muted" aria-live="polite">
            {t('state.loading')}
          </p>
        )}
        {loaded && summary && (
          <div aria-busy={busy || undefined} className={busy ? 'rp-busy' : undefined}>
            <dl className="rp-totals" data-testid="report-totals">
              <div>
                <dt>{t('reports.total.duration')}</dt>
                <dd data-testid="total-duration" data-seconds={summary.total.seconds}>
                  {duration(summary.total.seconds)}
                </dd>
              </div>
              <div>
                <dt>{t('reports.total.billable')}</dt>
                <dd data-testid="total-billable" data-seconds={summary.total.billableSeconds}>
                  {duration(summary.total.billableSeconds)}
                </dd>
              </div>
              <div>
                <dt>{t('reports.total.amount')}</dt>
                <dd data-testid="total-amount" data-amount={summary.total.amount}>
                  {formatMoney(summary.total.amount, summary.currency, lang)}
                </dd>
              </div>
              <div>
                <dt>{t('reports.total.records')}</dt>
                <dd data-testid="total-records">{tp('reports.records', summary.total.records)}</dd>
              </div>
            </dl>
            {summary.total.records === 0 ? (
              <div className="empty-state rp-empty" data-testid="report-empty">
                <p className="rp-empty-title">{t('reports.empty.title')}</p>
                <p>{t('reports.empty.body')}</p>
              </div>
            ) : (
              <>
                <TimeChart
                  bars={chartBars(
                    chartUnit.periods,
                    loaded.chart.groups,
                    chartProjects.map((project) => project.id),
                  )}
                  unit={chartUnit.unit}
                  projects={chartProjects}
                />
                <section className="rp-card" aria-labelledby="rp-summary-title">
                  <div className="rp-card-head">
                    <h2 id="rp-summary-title">{t('reports.summary.title')}</h2>
                    <ExportLinks link={exportLink} />
                  </div>
                  {tagged && !summary.tagsCountEachRecordOnce && (
                    <p className="rp-note" role="note">
                      {t('reports.tagNote')}
                    </p>
                  )}
                  <SummaryTable report={summary} caption={t('reports.summary.title')} />
                </section>
                <DetailedRecords
                  items={loaded.detailed.items}
                  currency={loaded.detailed.currency}
                  showUser={!isMember}
                  hasMore={loaded.detailed.nextCursor !== null}
                  loadingMore={loadingMore}
                  onMore={() => void more()}
                />
              </>
            )}
            <MeetingsVsTracked coverage={loaded.coverage} showUsers={!isMember} onTracked={() => void load()} />
          </div>
        )}
      </main>
    </Frame>
  );
}

function ExportLinks({ link }: { link: (kind: 'summary' | 'detailed', format: 'xlsx' | 'csv') => string }) {
  const { t } = useI18n();
  return (
    <div className="rp-exports" role="group" aria-label={t('reports.export.title')}>
      <span className="rp-exports-label" aria-hidden="true">
        {t('reports.export.title')}:
      </span>
      <a className="button" href={link('summary', 'xlsx')} download>
        {t('reports.export.summaryXlsx')}
      </a>
      <a className="button" href={link('summary', 'csv')} download>
        {t('reports.export.summaryCsv')}
      </a>
      <a className="button" href={link('detailed', 'xlsx')} download>
        {t('reports.export.detailedXlsx')}
      </a>
      <a className="button" href={link('detailed', 'csv')} download>
        {t('reports.export.detailedCsv')}
      </a>
    </div>
  );
}
