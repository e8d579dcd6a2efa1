import { type KeyboardEvent, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { Timesheet } from '../../../src/contract/timesheet.ts';
import { type DurationFormat, formatDurationCell, parseDurationInput } from '../../../src/i18n/duration-input.ts';
import type { ApiError } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { LAST_COL, keepInside, moveFocus, type Position, rowLabel, startsTyping, type TimesheetRow } from './timesheet-grid.ts';

// The week as an APG grid with a roving tabindex (UX.md B10): one cell of the grid is in the Tab
// order; arrows move; Enter or typing edits; Enter saves and moves down; Esc cancels; Tab leaves.
// A refused value stays in its cell with the reason under it, so nothing typed is lost.

type Draft = { text: string; error: Pick<ApiError, 'message' | 'hint'> | null; saving: boolean };
export type CellResult = { ok: true } | { ok: false; error: Pick<ApiError, 'message' | 'hint'> };

const cellId = (rowKey: string, day: number) => `${rowKey}|${day}`;
const MAX_CELL_SECONDS = 25 * 3600;

export function TimesheetGrid({
  sheet,
  rows,
  format,
  titleId,
  lockText,
  onCell,
  onDelete,
  onLocked,
  focusRow,
}: {
  sheet: Timesheet;
  rows: TimesheetRow[];
  format: DurationFormat;
  titleId: string;
  lockText: string;
  onCell: (row: TimesheetRow, day: number, seconds: number) => Promise<CellResult>;
  onDelete: (row: TimesheetRow) => void;
  onLocked: () => void;
  // a row key to move the focus to (a row just added), with a counter so the same row can be asked twice
  focusRow: { key: string; n: number } | null;
}) {
  const { t, lang, dayShort, spokenDuration, today } = useI18n();
  const todayDate = today();
  const hintId = useId();
  const [focus, setFocus] = useState<Position>({ row: 0, col: 1 });
  const [drafts, setDraftsState] = useState<Record<string, Draft>>({});
  const draftsRef = useRef(drafts);
  const setDrafts = (update: (current: Record<string, Draft>) => Record<string, Draft>) => {
    draftsRef.current = update(draftsRef.current);
    setDraftsState(draftsRef.current);
  };
  const tableRef = useRef<HTMLTableElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const wantFocus = useRef(false);
  const selectOnFocus = useRef(true);

  const shown = (seconds: number) => formatDurationCell(seconds, format, lang);
  const totalText = (seconds: number) => shown(seconds) || (format === 'hm' ? '0:00' : '0');

  // a different week: nothing of the old one is being edited
  useEffect(() => {
    setDrafts(() => ({}));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sheet.from]);

  // on a narrow screen the grid scrolls sideways: today's column comes into view first
  useEffect(() => {
    const box = scrollRef.current;
    const column = box?.querySelector<HTMLElement>('th.is-today');
    if (!box || !column || box.scrollWidth <= box.clientWidth) return;
    const head = box.querySelector<HTMLElement>('.ts-rowhead-col');
    box.scrollLeft = Math.max(0, column.offsetLeft - (head?.offsetWidth ?? 0));
  }, [sheet.from]);

  useEffect(() => {
    setFocus((current) => keepInside(current, rows.length));
  }, [rows.length]);

  useEffect(() => {
    if (!focusRow) return;
    const index = rows.findIndex((row) => row.key === focusRow.key);
    if (index < 0) return;
    const firstOpen = sheet.days.findIndex((day) => !day.locked);
    focusAt({ row: index, col: firstOpen >= 0 ? firstOpen + 1 : 1 });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusRow]);

  function focusAt(position: Position) {
    wantFocus.current = true;
    setFocus(position);
  }

  // after a render that moved the focus: the element at the position gets it
  useLayoutEffect(() => {
    if (!wantFocus.current) return;
    wantFocus.current = false;
    const cell = tableRef.current?.querySelector<HTMLElement>(`[data-pos="${focus.row}:${focus.col}"]`);
    const target = cell?.querySelector<HTMLElement>('input, button') ?? cell;
    target?.focus();
    if (target instanceof HTMLInputElement && selectOnFocus.current) target.select();
    selectOnFocus.current = true;
  });

  // `typed`: the text is what was typed (the caret goes after it), else the cell's value (selected)
  function startEditing(row: TimesheetRow, day: number, text: string, typed = false) {
    if (sheet.days[day]!.locked) {
      onLocked();
      return;
    }
    const id = cellId(row.key, day);
    // rendered and focused at once, so the keys typed right after the first land in the input
    flushSync(() => {
      setDrafts((current) => ({ ...current, [id]: { text, error: null, saving: false } }));
      wantFocus.current = true;
      selectOnFocus.current = !typed;
      setFocus({ row: rows.indexOf(row), col: day + 1 });
    });
  }

  function cancel(row: TimesheetRow, day: number) {
    const id = cellId(row.key, day);
    setDrafts(({ [id]: _dropped, ...rest }) => rest);
    focusAt({ row: rows.indexOf(row), col: day + 1 });
  }

  // Saves a draft; `then` runs once the value is accepted locally (Enter moves down at once, the
  // request follows in the background and a refusal comes back to the cell).
  async function commit(row: TimesheetRow, day: number, then?: () => void): Promise<void> {
    const id = cellId(row.key, day);
    const draft = draftsRef.current[id];
    if (!draft || draft.saving) return;
    const seconds = parseDurationInput(draft.text);
    // the API takes at most the long DST day; longer is refused here, in the same words
    const tooLong = seconds !== null && seconds > MAX_CELL_SECONDS;
    if (seconds === null || tooLong) {
      const hours = sheet.days[day]!.lengthSeconds / 3600;
      setDrafts((current) => ({
        ...current,
        [id]: { ...draft, error: { message: tooLong ? t('timesheet.tooLong', { hours }) : t('timesheet.invalid') } },
      }));
      return;
    }
    if (seconds === row.cells[day]) {
      setDrafts(({ [id]: _dropped, ...rest }) => rest);
      then?.();
      return;
    }
    setDrafts((current) => ({ ...current, [id]: { ...draft, error: null, saving: true } }));
    then?.();
    const result = await onCell(row, day, seconds);
    if (result.ok) {
      setDrafts((current) => {
        if (current[id]?.text !== draft.text) return current;
        const { [id]: _dropped, ...rest } = current;
        return rest;
      });
    } else {
      // back to the refused value, unless another cell is being typed into meanwhile
      const typing = document.activeElement instanceof HTMLInputElement && tableRef.current?.contains(document.activeElement);
      const index = rows.findIndex((item) => item.key === row.key);
      if (!typing && index >= 0) {
        wantFocus.current = true;
        selectOnFocus.current = false;
        setFocus({ row: index, col: day + 1 });
      }
      setDrafts((current) => ({ ...current, [id]: { text: draft.text, error: result.error, saving: false } }));
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTableElement>) {
    const target = event.target as HTMLElement;
    const cell = target.closest<HTMLElement>('[data-pos]');
    if (!cell) return;
    const [rowIndex, col] = cell.dataset.pos!.split(':').map(Number) as [number, number];
    const row = rows[rowIndex];
    const day = col - 1;
    const isDay = row !== undefined && col >= 1 && col <= 7;
    if (target instanceof HTMLInputElement) {
      if (!row) return;
      if (event.key === 'Enter') {
        event.preventDefault();
        void commit(row, day, () => focusAt({ row: Math.min(rowIndex + 1, rows.length - 1), col }));
      } else if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        cancel(row, day);
      }
      return;
    }
    const next = moveFocus({ row: rowIndex, col }, event.key, rows.length, event.ctrlKey);
    if (next) {
      event.preventDefault();
      focusAt(next);
      return;
    }
    if (!isDay) return;
    if (event.key === 'Enter' || event.key === 'F2') {
      event.preventDefault();
      startEditing(row, day, shown(row.cells[day]!));
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      startEditing(row, day, '', true);
    } else if (startsTyping(event)) {
      event.preventDefault();
      // a key that came before the input took the focus belongs to the same value
      const started = draftsRef.current[cellId(row.key, day)];
      startEditing(row, day, started && !started.saving ? started.text + event.key : event.key, true);
    }
  }

  const tab = (row: number, col: number) => (focus.row === row && focus.col === col ? 0 : -1);
  const footer = rows.length;

  return (
    <div className="ts-scroll" ref={scrollRef}>
      <p id={hintId} className="sr-only">
        {t('timesheet.cellHint')} {t('timesheet.keysHint')}
      </p>
      <table
        ref={tableRef}
        role="grid"
        className="ts-grid"
        aria-labelledby={titleId}
        aria-describedby={hintId}
        onKeyDown={onKeyDown}
        onFocus={(event) => {
          const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-pos]');
          if (!cell) return;
          const [row, col] = cell.dataset.pos!.split(':').map(Number) as [number, number];
          if (row !== focus.row || col !== focus.col) setFocus({ row, col });
        }}
      >
        <thead>
          <tr>
            <th scope="col" className="ts-rowhead-col">
              {t('timesheet.column.row')}
            </th>
            {sheet.days.map((day) => (
              <th
                key={day.date}
                scope="col"
                className={`ts-day-col${day.locked ? ' is-locked' : ''}${day.date === todayDate ? ' is-today' : ''}`}
                title={day.locked ? lockText : undefined}
                aria-current={day.date === todayDate ? 'date' : undefined}
              >
                {dayShort(day.date)}
                {day.locked && (
                  <span className="ts-locked-head">
                    <span aria-hidden="true">🔒︎ </span>
                    {t('timesheet.locked')}
                  </span>
                )}
              </th>
            ))}
            <th scope="col" className="ts-total-col">
              {t('timesheet.column.total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, rowIndex) => {
            const label = rowLabel(row);
            return (
              <tr key={row.key} data-row-key={row.key}>
                <th scope="row" className="ts-rowhead" data-pos={`${rowIndex}:0`}>
                  <div className="ts-rowhead-inner">
                    <span className="ts-color" style={{ background: row.projectColor }} aria-hidden="true" />
                    <span className="ts-rowname">
                      {row.clientName && <span className="ts-client">{row.clientName} › </span>}
                      <span className="ts-project">{row.projectName}</span>
                      {row.taskName && <span className="ts-task"> › {row.taskName}</span>}
                      <span className="ts-row-facts">
                        {row.billable ? t('timesheet.billable') : t('timesheet.notBillable')}
                        {row.archived && <> · {t('timesheet.archived')}</>}
                      </span>
                    </span>
                    <button
                      type="button"
                      className="icon-button ts-delete"
                      tabIndex={tab(rowIndex, 0)}
                      aria-label={t('timesheet.deleteRow', { row: label })}
                      title={t('timesheet.deleteRow', { row: label })}
                      onClick={() => onDelete(row)}
                    >
                      <span aria-hidden="true">×</span>
                    </button>
                  </div>
                </th>
                {row.cells.map((seconds, day) => {
                  const date = sheet.days[day]!;
                  const draft = drafts[cellId(row.key, day)];
                  const pos = `${rowIndex}:${day + 1}`;
                  const errorId = `${hintId}-e-${rowIndex}-${day}`;
                  if (draft && !draft.saving) {
                    return (
                      <td key={date.date} data-pos={pos} className={`ts-cell is-editing${draft.error ? ' has-error' : ''}`}>
                        <input
                          type="text"
                          inputMode="decimal"
                          autoComplete="off"
                          className="ts-input"
                          value={draft.text}
                          tabIndex={tab(rowIndex, day + 1)}
                          aria-label={t('timesheet.cellInput', { row: label, day: dayShort(date.date) })}
                          aria-invalid={draft.error ? true : undefined}
                          aria-describedby={draft.error ? errorId : hintId}
                          onChange={(event) => {
                            const text = event.target.value;
                            setDrafts((current) => ({
                              ...current,
                              [cellId(row.key, day)]: { text, error: current[cellId(row.key, day)]?.error ?? null, saving: false },
                            }));
                          }}
                          onBlur={() => void commit(row, day)}
                        />
                        {draft.error && (
                          <span id={errorId} className="ts-error" role="alert">
                            {draft.error.message}
                            {draft.error.hint && <span className="ts-error-hint"> {draft.error.hint}</span>}
                          </span>
                        )}
                      </td>
                    );
                  }
                  return (
                    <td
                      key={date.date}
                      data-pos={pos}
                      tabIndex={tab(rowIndex, day + 1)}
                      className={`ts-cell${date.locked ? ' is-locked' : ''}${draft?.saving ? ' is-saving' : ''}`}
                      aria-readonly={date.locked || undefined}
                      aria-busy={draft?.saving || undefined}
                      title={date.locked ? lockText : t('timesheet.cellHint')}
                      data-seconds={seconds}
                      onClick={() => startEditing(row, day, shown(seconds))}
                    >
                      <span className="ts-value">{draft?.saving ? draft.text : shown(seconds)}</span>
                      {seconds > 0 && <span className="sr-only"> ({spokenDuration(seconds)})</span>}
                      {date.locked && <span className="ts-locked">{t('timesheet.locked')}</span>}
                    </td>
                  );
                })}
                <td
                  data-pos={`${rowIndex}:${LAST_COL}`}
                  tabIndex={tab(rowIndex, LAST_COL)}
                  className="ts-total"
                  aria-readonly="true"
                  data-seconds={row.totalSeconds}
                >
                  {totalText(row.totalSeconds)}
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" className="ts-rowhead ts-foot-head" data-pos={`${footer}:0`} tabIndex={tab(footer, 0)}>
              {t('timesheet.footer')}
            </th>
            {sheet.days.map((day, index) => (
              <td
                key={day.date}
                data-pos={`${footer}:${index + 1}`}
                tabIndex={tab(footer, index + 1)}
                className="ts-total"
                aria-readonly="true"
                data-seconds={day.seconds}
                data-day-total={day.date}
              >
                {totalText(day.seconds)}
              </td>
            ))}
            <td
              data-pos={`${footer}:${LAST_COL}`}
              tabIndex={tab(footer, LAST_COL)}
              className="ts-total ts-week-total"
              aria-readonly="true"
              data-seconds={sheet.totalSeconds}
              data-testid="week-total"
            >
              {totalText(sheet.totalSeconds)}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
