import { type FormEvent, useId, useState } from 'react';
import { addDays } from '../../../src/i18n/format.ts';
import { dateInputText } from '../records/record-times.ts';
import { useI18n } from '../i18n.tsx';
import { customRange, type DateRange, type Dimension, type Filters, type Preset, PRESETS } from './report-view.ts';

export type Option = { id: string; label: string };
export type FilterOptions = { users: Option[] | null; clients: Option[]; projects: Option[]; tasks: Option[]; tags: Option[] };

// The filters of the Reports screen (UX.md B11): ordinary form controls. A preset applies at once;
// custom dates are typed ("1. 3. 2026") and applied with Apply; each list filter is a disclosure of
// checkboxes that says how many are chosen.
export function ReportFilters({
  preset,
  range,
  filters,
  options,
  dimensions,
  groupBy,
  onPreset,
  onCustom,
  onFilters,
  onGroupBy,
}: {
  preset: Preset;
  range: DateRange;
  filters: Filters;
  options: FilterOptions;
  dimensions: Dimension[];
  groupBy: [Dimension, Dimension | ''];
  onPreset: (preset: Preset) => void;
  onCustom: (range: DateRange) => void;
  onFilters: (filters: Filters) => void;
  onGroupBy: (groupBy: [Dimension, Dimension | '']) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [first, second] = groupBy;
  return (
    <form className="rp-filters" aria-label={t('reports.filters')} onSubmit={(event) => event.preventDefault()}>
      <div className="rp-filter-row">
        <div className="field">
          <label htmlFor={`${id}-period`}>{t('reports.period')}</label>
          <select id={`${id}-period`} value={preset} onChange={(event) => onPreset(event.target.value as Preset)}>
            {PRESETS.map((each) => (
              <option key={each} value={each}>
                {t(`reports.preset.${each}`)}
              </option>
            ))}
          </select>
        </div>
        {preset === 'custom' && <CustomDates range={range} onApply={onCustom} />}
        <div className="field">
          <label htmlFor={`${id}-group`}>{t('reports.groupBy')}</label>
          <select
            id={`${id}-group`}
            value={first}
            onChange={(event) => {
              const next = event.target.value as Dimension;
              onGroupBy([next, second === next ? '' : second]);
            }}
          >
            {dimensions.map((each) => (
              <option key={each} value={each}>
                {t(`reports.dim.${each}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-then`}>{t('reports.thenBy')}</label>
          <select id={`${id}-then`} value={second} onChange={(event) => onGroupBy([first, event.target.value as Dimension | ''])}>
            <option value="">{t('reports.thenBy.none')}</option>
            {dimensions
              .filter((each) => each !== first)
              .map((each) => (
                <option key={each} value={each}>
                  {t(`reports.dim.${each}`)}
                </option>
              ))}
          </select>
        </div>
      </div>
      <div className="rp-filter-row">
        {options.users && (
          <CheckList
            label={t('reports.filter.users')}
            options={options.users}
            chosen={filters.users}
            onChange={(users) => onFilters({ ...filters, users })}
          />
        )}
        <CheckList
          label={t('reports.filter.clients')}
          options={options.clients}
          chosen={filters.clients}
          onChange={(clients) => onFilters({ ...filters, clients })}
        />
        <CheckList
          label={t('reports.filter.projects')}
          options={options.projects}
          chosen={filters.projects}
          onChange={(projects) => onFilters({ ...filters, projects })}
        />
        {options.tasks.length > 0 && (
          <CheckList
            label={t('reports.filter.tasks')}
            options={options.tasks}
            chosen={filters.tasks}
            onChange={(tasks) => onFilters({ ...filters, tasks })}
          />
        )}
        <CheckList
          label={t('reports.filter.tags')}
          options={options.tags}
          chosen={filters.tags}
          onChange={(tags) => onFilters({ ...filters, tags })}
        />
        <div className="field">
          <label htmlFor={`${id}-billable`}>{t('reports.billable')}</label>
          <select
            id={`${id}-billable`}
            value={filters.billable}
            onChange={(event) => onFilters({ ...filters, billable: event.target.value as Filters['billable'] })}
          >
            <option value="all">{t('reports.billable.all')}</option>
            <option value="true">{t('reports.billable.true')}</option>
            <option value="false">{t('reports.billable.false')}</option>
          </select>
        </div>
      </div>
    </form>
  );
}

function CustomDates({ range, onApply }: { range: DateRange; onApply: (range: DateRange) => void }) {
  const { t, lang } = useI18n();
  const id = useId();
  const [from, setFrom] = useState(() => dateInputText(lang, range.from));
  const [to, setTo] = useState(() => dateInputText(lang, addDays(range.to, -1)));
  const [problem, setProblem] = useState<{ field: 'from' | 'to'; text: string } | null>(null);
  function apply(event?: FormEvent) {
    event?.preventDefault();
    const parsed = customRange(from, to);
    if (!parsed.ok) {
      setProblem({ field: parsed.field, text: t(`reports.error.${parsed.problem}`) });
      return;
    }
    setProblem(null);
    onApply(parsed.range);
  }
  const field = (which: 'from' | 'to', value: string, set: (value: string) => void) => (
    <div className="field rp-date">
      <label htmlFor={`${id}-${which}`}>{t(which === 'from' ? 'reports.from' : 'reports.to')}</label>
      <input
        id={`${id}-${which}`}
        value={value}
        inputMode="numeric"
        autoComplete="off"
        onChange={(event) => set(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') apply(event);
        }}
        aria-invalid={problem?.field === which || undefined}
        aria-describedby={`${id}-help${problem?.field === which ? ` ${id}-problem` : ''}`}
      />
    </div>
  );
  return (
    <div className="rp-custom" role="group" aria-label={t('reports.preset.custom')}>
      {field('from', from, setFrom)}
      {field('to', to, setTo)}
      <button type="button" className="primary rp-apply" onClick={() => apply()}>
        {t('reports.apply')}
      </button>
      <p id={`${id}-help`} className="field-help rp-date-help">
        {t('reports.dateHelp', { example: dateInputText(lang, range.from) })}
      </p>
      {problem && (
        <p id={`${id}-problem`} className="field-error rp-date-help" role="alert">
          {problem.text}
        </p>
      )}
    </div>
  );
}

function CheckList({
  label,
  options,
  chosen,
  onChange,
}: {
  label: string;
  options: Option[];
  chosen: string[];
  onChange: (chosen: string[]) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const state = chosen.length === 0 ? t('reports.filter.all') : t('reports.filter.selected', { count: chosen.length });
  return (
    <details className="rp-pick">
      <summary>
        <span className="rp-pick-label">{`${label}:`}</span>
        <span className="rp-pick-state">{state}</span>
      </summary>
      <fieldset className="rp-pick-body">
        <legend className="sr-only">{label}</legend>
        {options.length === 0 && <p className="muted">{t('reports.filter.none')}</p>}
        <ul>
          {options.map((option) => (
            <li key={option.id}>
              <label className="check" htmlFor={`${id}-${option.id}`}>
                <input
                  id={`${id}-${option.id}`}
                  type="checkbox"
                  checked={chosen.includes(option.id)}
                  onChange={(event) =>
                    onChange(event.target.checked ? [...chosen, option.id] : chosen.filter((each) => each !== option.id))
                  }
                />
                {option.label}
              </label>
            </li>
          ))}
        </ul>
        {chosen.length > 0 && (
          <button type="button" className="link-button" onClick={() => onChange([])}>
            {t('reports.filter.clear')}
            <span className="sr-only"> {label}</span>
          </button>
        )}
      </fieldset>
    </details>
  );
}
