import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { copyPreviousWeek, deleteTimesheetRow, getTimesheet, putTimesheetCell, type Timesheet } from '../../../src/contract/timesheet.ts';
import { addDays } from '../../../src/i18n/format.ts';
import { api, type ApiError } from '../api.ts';
import { lastLockedDay, periodTitle } from '../dashboard/grid-time.ts';
import { loadCatalog, useStore } from '../data/store.ts';
import { useI18n } from '../i18n.tsx';
import { navigate, useLocation } from '../router.tsx';
import { useSignedIn } from '../session.tsx';
import { Frame, ScreenTitle } from '../shell/Frame.tsx';
import { useGlobalShortcut } from '../shell/shortcuts.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { Problem } from '../ui/problem.tsx';
import { AddRowDialog, type RowChoice } from './AddRowDialog.tsx';
import { addedRows, blankRow, emptyRows, rowKeyOf, rowLabel, shownRows, type TimesheetRow } from './timesheet-grid.ts';
import { type CellResult, TimesheetGrid } from './TimesheetGrid.tsx';
import './timesheet.css';

// Týdenní výkaz (UX.md B10): the week in the profile's zone and week start, one request for the
// week and one per cell change; rows added or copied without hours are kept on screen until the
// week changes (the server lists a row only while it has time).
export function TimesheetScreen() {
  const { t, tp, lang, date, duration, dayShort } = useI18n();
  const { profile, organization } = useSignedIn();
  const announce = useAnnounce();
  const { search } = useLocation();
  const week = search.get('week') ?? undefined;
  const [sheet, setSheet] = useState<Timesheet | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [kept, setKept] = useState<{ from: string; rows: TimesheetRow[] }>({ from: '', rows: [] });
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<TimesheetRow | null>(null);
  const [withHours, setWithHours] = useState(false);
  const [copying, setCopying] = useState(false);
  const [focusRow, setFocusRow] = useState<{ key: string; n: number } | null>(null);
  const projects = useStore((s) => s.projects);
  const clients = useStore((s) => s.clients);
  const tasks = useStore((s) => s.tasks);
  // cell changes go one after another, so the last answer is the newest week
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const load = useCallback(async () => {
    setLoading(true);
    const result = await api.call(getTimesheet, { query: week ? { week } : {} });
    setLoading(false);
    if (result.ok) {
      setSheet(result.data);
      setLoadError(null);
    } else setLoadError(result.error);
  }, [week]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    void loadCatalog();
  }, []);

  const keptRows = sheet && kept.from === sheet.from ? kept.rows : [];
  const rows = useMemo(() => (sheet ? shownRows(sheet.rows, keptRows, lang) : []), [sheet, keptRows, lang]);
  const recentIds = useMemo(() => [...new Set(rows.map((row) => row.projectId))], [rows]);
  const lockText = organization.lockedUntil ? t('calendar.locked', { date: date(lastLockedDay(organization.lockedUntil)) }) : '';
  const lockedUntil = sheet?.lockedUntil ?? organization.lockedUntil;

  const keep = (from: string, more: TimesheetRow[]) =>
    setKept((current) => {
      const base = current.from === from ? current.rows : [];
      const keys = new Set(base.map((row) => row.key));
      return { from, rows: [...base, ...more.filter((row) => !keys.has(row.key))] };
    });

  const goTo = (target: string | null) => navigate(target ? `/timesheet?week=${target}` : '/timesheet');
  const previous = () => sheet && goTo(addDays(sheet.from, -7));
  const next = () => sheet && goTo(addDays(sheet.from, 7));
  useGlobalShortcut('ArrowLeft', () => previous(), profile, { alt: true });
  useGlobalShortcut('ArrowRight', () => next(), profile, { alt: true });
  useGlobalShortcut('t', () => goTo(null), profile);

  function onCell(row: TimesheetRow, day: number, seconds: number): Promise<CellResult> {
    const run = queue.current.then(async (): Promise<CellResult> => {
      const current = sheet!;
      const result = await api.call(putTimesheetCell, {
        body: { date: current.days[day]!.date, projectId: row.projectId, taskId: row.taskId, billable: row.billable, seconds },
      });
      if (!result.ok) return { ok: false, error: result.error };
      setSheet(result.data);
      announce(t('timesheet.saved', { row: rowLabel(row), day: dayShort(current.days[day]!.date), duration: duration(seconds) }));
      return { ok: true };
    });
    queue.current = run.catch(() => undefined);
    return run;
  }

  function addRow(choice: RowChoice): string | null {
    if (!sheet) return null;
    const key = rowKeyOf(choice);
    if (rows.some((row) => row.key === key)) return t('timesheet.addRow.exists');
    const row = blankRow(choice, projects, clients, tasks);
    if (!row) return null;
    keep(sheet.from, [row]);
    setAdding(false);
    setFocusRow((current) => ({ key, n: (current?.n ?? 0) + 1 }));
    announce(t('timesheet.addRow.added', { row: rowLabel(row) }));
    return null;
  }

  function askDelete(row: TimesheetRow) {
    if (row.totalSeconds > 0) {
      setDeleting(row);
      return;
    }
    setKept((current) => ({ ...current, rows: current.rows.filter((item) => item.key !== row.key) }));
    announce(t('timesheet.deleteRow.done', { row: rowLabel(row) }));
  }

  async function copy() {
    if (!sheet) return;
    setCopying(true);
    const before = rows;
    const result = await api.call(copyPreviousWeek, { body: { week: sheet.from, withHours } });
    setCopying(false);
    if (!result.ok) {
      announce(result.error.message, { tone: 'error', ...(result.error.hint && { hint: result.error.hint }) });
      return;
    }
    setSheet(result.data);
    keep(result.data.from, emptyRows(result.data.rows));
    const added = addedRows(before, result.data.rows);
    const gained = result.data.totalSeconds - sheet.totalSeconds;
    if (withHours && gained > 0) announce(t('timesheet.copy.hours', { duration: duration(gained) }));
    else if (added > 0) announce(tp('timesheet.copy.done', added));
    else announce(t('timesheet.copy.nothing'));
  }

  const title = sheet ? periodTitle(lang, 'week', sheet.from, sheet.to) : '';
  const format = profile.preferences.timeFormat;

  return (
    <Frame>
      <main className="page timesheet-page" id="main">
        <ScreenTitle>{t('timesheet.title')}</ScreenTitle>
        <div className="ts-toolbar">
          <div className="ts-week" role="group" aria-label={t('timesheet.weekNav')}>
            <button
              type="button"
              className="icon-button"
              aria-label={t('timesheet.prevWeek')}
              title={t('timesheet.prevWeek')}
              onClick={previous}
              disabled={!sheet}
            >
              ‹
            </button>
            <button type="button" onClick={() => goTo(null)} aria-keyshortcuts="T">
              {t('timesheet.thisWeek')}
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={t('timesheet.nextWeek')}
              title={t('timesheet.nextWeek')}
              onClick={next}
              disabled={!sheet}
            >
              ›
            </button>
            <h2 id="ts-period" className="ts-period" aria-live="polite">
              {title}
            </h2>
          </div>
          <div className="ts-actions">
            <button type="button" className="primary" onClick={() => setAdding(true)} disabled={!sheet}>
              <span aria-hidden="true">+ </span>
              {t('timesheet.addRow')}
            </button>
            <span className="ts-copy">
              <button type="button" onClick={() => void copy()} disabled={!sheet || copying} aria-busy={copying || undefined}>
                {t('timesheet.copy')}
              </button>
              <label className="check">
                <input type="checkbox" checked={withHours} onChange={(event) => setWithHours(event.target.checked)} />
                {t('timesheet.copy.withHours')}
              </label>
            </span>
          </div>
        </div>
        {lockedUntil && sheet && sheet.days.some((day) => day.locked) && (
          <p className="ts-lock-note">
            <span aria-hidden="true">🔒︎ </span>
            {t('calendar.locked', { date: date(lastLockedDay(lockedUntil)) })}
          </p>
        )}
        {loadError && (
          <div>
            <Problem error={loadError} />
            <button type="button" onClick={() => void load()}>
              {t('action.retry')}
            </button>
          </div>
        )}
        {!sheet && !loadError && (
          <p className="muted" aria-live="polite">
            {t('state.loading')}
          </p>
        )}
        {sheet && (
          <div aria-busy={loading || undefined}>
            {rows.length === 0 && <p className="empty-state ts-empty">{t('timesheet.empty')}</p>}
            <TimesheetGrid
              sheet={sheet}
              rows={rows}
              format={format}
              titleId="ts-period"
              lockText={lockText}
              onCell={onCell}
              onDelete={askDelete}
              focusRow={focusRow}
              onLocked={() =>
                announce(t('timesheet.lockedRefused', { date: date(lastLockedDay(lockedUntil ?? sheet.from)) }), { tone: 'error' })
              }
            />
            <p className="ts-week-sum">{t('timesheet.weekTotal', { duration: duration(sheet.totalSeconds) })}</p>
          </div>
        )}
      </main>
      {adding && <AddRowDialog onClose={() => setAdding(false)} onAdd={addRow} recentIds={recentIds} />}
      {deleting && sheet && (
        <DeleteRowDialog
          row={deleting}
          week={sheet.from}
          onClose={() => setDeleting(null)}
          onDeleted={(answer) => {
            setSheet(answer);
            setKept((current) => ({ ...current, rows: current.rows.filter((item) => item.key !== deleting.key) }));
            setDeleting(null);
            announce(t('timesheet.deleteRow.done', { row: rowLabel(deleting) }));
          }}
        />
      )}
    </Frame>
  );
}

function DeleteRowDialog({
  row,
  week,
  onClose,
  onDeleted,
}: {
  row: TimesheetRow;
  week: string;
  onClose: () => void;
  onDeleted: (sheet: Timesheet) => void;
}) {
  const { t, duration } = useI18n();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  async function confirm() {
    setBusy(true);
    const result = await api.call(deleteTimesheetRow, {
      query: { week, projectId: row.projectId, ...(row.taskId && { taskId: row.taskId }), billable: row.billable ? 'true' : 'false' },
    });
    setBusy(false);
    if (result.ok) onDeleted(result.data);
    else setError(result.error);
  }
  return (
    <Dialog title={t('timesheet.deleteRow.title')} onClose={onClose} initialFocus=".dialog-cancel" describedBy="ts-delete-body">
      <p id="ts-delete-body">{t('timesheet.deleteRow.body', { row: rowLabel(row), duration: duration(row.totalSeconds) })}</p>
      <Problem error={error} />
      <div className="form-actions">
        <button type="button" className="dialog-cancel" onClick={onClose}>
          {t('action.cancel')}
        </button>
        <button type="button" className="danger primary" onClick={() => void confirm()} disabled={busy}>
          {t('timesheet.deleteRow.confirm')}
        </button>
      </div>
    </Dialog>
  );
}
