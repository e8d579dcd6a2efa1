import { useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../i18n.tsx';
import { type ChartBar, chartScaleHours } from './report-view.ts';
import { usePeriodLabel } from './period-label.ts';
import { SortHeader } from './SummaryTable.tsx';

export type ChartProject = { id: string; name: string; color: string };

// Time per day (or week) stacked by project, drawn with plain SVG; "Show as table" gives the same
// figures as a sortable table (UX.md B11: every chart has a table alternative).
export function TimeChart({ bars, unit, projects }: { bars: ChartBar[]; unit: 'day' | 'week'; projects: ChartProject[] }) {
  const { t, duration, spokenDuration, dayShort } = useI18n();
  const periodLabel = usePeriodLabel();
  const [asTable, setAsTable] = useState(false);
  const byId = useMemo(() => new Map(projects.map((project) => [project.id, project])), [projects]);
  const shown = projects.filter((project) => bars.some((bar) => bar.parts.some((part) => part.projectId === project.id)));
  const title = t(unit === 'day' ? 'reports.chart.title' : 'reports.chart.titleWeek');
  const label = (period: string) => (unit === 'day' ? dayShort(period) : periodLabel('week', period));
  const total = bars.reduce((sum, bar) => sum + bar.seconds, 0);
  const busiest = bars.reduce<ChartBar | null>((best, bar) => (!best || bar.seconds > best.seconds ? bar : best), null);
  const summary = t('reports.chart.summary', {
    total: spokenDuration(total),
    periods: String(bars.length),
    busiest: busiest && busiest.seconds > 0 ? `${label(busiest.period)}, ${spokenDuration(busiest.seconds)}` : '–',
  });
  return (
    <section className="rp-card rp-chart" aria-labelledby="rp-chart-title">
      <div className="rp-card-head">
        <h2 id="rp-chart-title">{title}</h2>
        <button type="button" onClick={() => setAsTable(!asTable)} aria-pressed={asTable}>
          {t('reports.chart.showTable')}
        </button>
      </div>
      {asTable ? (
        <ChartTable bars={bars} projects={shown} label={label} unit={unit} caption={title} />
      ) : (
        <>
          <Bars
            bars={bars}
            byId={byId}
            label={label}
            unit={unit}
            summary={summary}
            name={(id) => byId.get(id ?? '')?.name ?? ''}
            duration={duration}
          />
          <ul className="rp-legend" aria-label={t('reports.chart.legend')}>
            {shown.map((project) => (
              <li key={project.id}>
                <span className="rp-swatch" style={{ background: project.color }} aria-hidden="true" />
                {project.name}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

const HEIGHT = 180;
const TOP = 10;
const AXIS = 44;

function Bars({
  bars,
  byId,
  label,
  unit,
  summary,
  name,
  duration,
}: {
  bars: ChartBar[];
  byId: Map<string, ChartProject>;
  label: (period: string) => string;
  unit: 'day' | 'week';
  summary: string;
  name: (id: string | null) => string;
  duration: (seconds: number) => string;
}) {
  const { lang } = useI18n();
  const max = chartScaleHours(Math.max(0, ...bars.map((bar) => bar.seconds))) * 3600;
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const available = useWidth(box);
  // the bars share the width there is, at least 14 px each (narrower: it scrolls), and stay slim
  const slot = Math.max(14, Math.min(160, Math.floor((available - AXIS) / Math.max(bars.length, 1))));
  const width = AXIS + bars.length * slot;
  const gap = Math.max(2, slot - Math.min(56, Math.round(slot * 0.75)));
  const hours = (seconds: number) =>
    `${new Intl.NumberFormat(lang === 'cs' ? 'cs-CZ' : 'en-GB', { maximumFractionDigits: 1 }).format(seconds / 3600)} h`;
  const y = (seconds: number) => TOP + HEIGHT - (seconds / max) * HEIGHT;
  // with many days, a label on the first day of each week only
  const labelled = (index: number) => bars.length <= 14 || index % 7 === 0;
  // "Mon 16" / "po 16." for a week, the day of the month for longer ranges, "16/3" for weeks
  const tick = (period: string) => {
    const [, month, day] = period.split('-').map(Number) as [number, number, number];
    if (unit === 'week') return lang === 'cs' ? `${day}. ${month}.` : `${day}/${month}`;
    return bars.length > 7 ? String(day) : label(period).split(' ').slice(0, 2).join(' ');
  };
  return (
    <div className="rp-chart-scroll" ref={setBox}>
      <svg
        role="img"
        aria-label={summary}
        viewBox={`0 0 ${width} ${TOP + HEIGHT + 28}`}
        width={width}
        height={TOP + HEIGHT + 28}
        className="rp-svg"
        data-testid="time-chart"
      >
        {[0, 0.5, 1].map((share) => (
          <g key={share} aria-hidden="true">
            <line x1={AXIS} x2={width} y1={y(max * share) + 0.5} y2={y(max * share) + 0.5} className="rp-grid" />
            <text x={AXIS - 6} y={y(max * share) + 4} textAnchor="end" className="rp-axis">
              {hours(max * share)}
            </text>
          </g>
        ))}
        {bars.map((bar, index) => {
          let top = TOP + HEIGHT;
          const x = AXIS + index * slot + gap / 2;
          return (
            <g key={bar.period} data-period={bar.period} data-seconds={bar.seconds}>
              <title>{`${label(bar.period)}: ${duration(bar.seconds)}`}</title>
              {bar.parts.map((part) => {
                const h = (part.seconds / max) * HEIGHT;
                top -= h;
                return (
                  <rect
                    key={part.projectId ?? 'none'}
                    x={x}
                    y={top}
                    width={slot - gap}
                    height={Math.max(h, 0.5)}
                    rx={2}
                    fill={byId.get(part.projectId ?? '')?.color ?? '#64748b'}
                    data-project={part.projectId ?? ''}
                  >
                    <title>{`${label(bar.period)} · ${name(part.projectId)}: ${duration(part.seconds)}`}</title>
                  </rect>
                );
              })}
              {labelled(index) && (
                <text x={x + (slot - gap) / 2} y={TOP + HEIGHT + 18} textAnchor="middle" className="rp-axis" aria-hidden="true">
                  {tick(bar.period)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

function ChartTable({
  bars,
  projects,
  label,
  unit,
  caption,
}: {
  bars: ChartBar[];
  projects: ChartProject[];
  label: (period: string) => string;
  unit: 'day' | 'week';
  caption: string;
}) {
  const { t, duration } = useI18n();
  const [sort, setSort] = useState<{ key: string; direction: 'ascending' | 'descending' }>({ key: 'period', direction: 'ascending' });
  const seconds = (bar: ChartBar, projectId: string) => bar.parts.find((part) => part.projectId === projectId)?.seconds ?? 0;
  const value = (bar: ChartBar, key: string) => (key === 'total' ? bar.seconds : seconds(bar, key));
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const rows = [...bars].sort(
    (a, b) =>
      sign * (sort.key === 'period' ? a.period.localeCompare(b.period) : value(a, sort.key) - value(b, sort.key)) ||
      a.period.localeCompare(b.period),
  );
  const onSort = (key: string) =>
    setSort(
      sort.key === key
        ? { key, direction: sort.direction === 'ascending' ? 'descending' : 'ascending' }
        : { key, direction: key === 'period' ? 'ascending' : 'descending' },
    );
  return (
    <div className="rp-scroll">
      <table className="rp-table" data-testid="chart-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <SortHeader label={t(unit === 'day' ? 'reports.dim.day' : 'reports.dim.week')} sortKey="period" sort={sort} onSort={onSort} />
            {projects.map((project) => (
              <SortHeader key={project.id} label={project.name} sortKey={project.id} sort={sort} onSort={onSort} numeric />
            ))}
            <SortHeader label={t('reports.totalRow')} sortKey="total" sort={sort} onSort={onSort} numeric />
          </tr>
        </thead>
        <tbody>
          {rows.map((bar) => (
            <tr key={bar.period} data-period={bar.period}>
              <th scope="row">{label(bar.period)}</th>
              {projects.map((project) => (
                <td key={project.id} className="rp-num">
                  {seconds(bar, project.id) ? duration(seconds(bar, project.id)) : '–'}
                </td>
              ))}
              <td className="rp-num" data-seconds={bar.seconds}>
                {duration(bar.seconds)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function useWidth(element: HTMLElement | null): number {
  const [width, setWidth] = useState(600);
  const observer = useRef<ResizeObserver | null>(null);
  useEffect(() => {
    if (!element) return;
    setWidth(element.clientWidth);
    observer.current = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.current.observe(element);
    return () => observer.current?.disconnect();
  }, [element]);
  return width;
}
