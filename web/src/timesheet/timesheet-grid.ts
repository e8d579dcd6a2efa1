// The timesheet grid's rules that need no browser (tested in test/web/timesheet-grid.test.ts):
// which rows the week shows, their labels, and where the arrow keys move the focus.
import type { TimesheetRow } from '../../../src/contract/timesheet.ts';

export type { TimesheetRow };

export const rowKeyOf = (key: { projectId: string; taskId: string | null; billable: boolean }) =>
  `${key.projectId}:${key.taskId ?? ''}:${key.billable}`;

type ProjectLike = { id: string; name: string; color: string; clientId: string | null; archived: boolean };
type NamedLike = { id: string; name: string; archived?: boolean };

// A row the person added (or copied without hours) that has no time yet: the server lists a row
// only while it has records, so the screen keeps these until the week changes.
export function blankRow(
  key: { projectId: string; taskId: string | null; billable: boolean },
  projects: readonly ProjectLike[],
  clients: readonly NamedLike[],
  tasks: readonly NamedLike[],
): TimesheetRow | null {
  const project = projects.find((item) => item.id === key.projectId);
  if (!project) return null;
  const client = project.clientId ? clients.find((item) => item.id === project.clientId) : undefined;
  const task = key.taskId ? tasks.find((item) => item.id === key.taskId) : undefined;
  if (key.taskId && !task) return null;
  return {
    key: rowKeyOf(key),
    projectId: project.id,
    taskId: key.taskId,
    billable: key.billable,
    clientId: client?.id ?? null,
    clientName: client?.name ?? null,
    projectName: project.name,
    projectColor: project.color,
    taskName: task?.name ?? null,
    archived: project.archived || Boolean(task?.archived),
    cells: [0, 0, 0, 0, 0, 0, 0],
    totalSeconds: 0,
  };
}

// The server's rows and the kept empty ones, in the server's order: client, project, task,
// billable before not billable.
export function shownRows(server: readonly TimesheetRow[], kept: readonly TimesheetRow[], language: 'en' | 'cs'): TimesheetRow[] {
  const keys = new Set(server.map((row) => row.key));
  const rows = [...server, ...kept.filter((row) => !keys.has(row.key))];
  const compare = new Intl.Collator(language).compare;
  return rows.sort(
    (a, b) =>
      compare(a.clientName ?? '', b.clientName ?? '') ||
      compare(a.projectName, b.projectName) ||
      compare(a.taskName ?? '', b.taskName ?? '') ||
      Number(b.billable) - Number(a.billable) ||
      a.key.localeCompare(b.key),
  );
}

// Rows of an answer that are empty: kept so that the next answer (which drops them) does not hide them.
export function emptyRows(rows: readonly TimesheetRow[]): TimesheetRow[] {
  return rows.filter((row) => row.totalSeconds === 0);
}

// "ACME › Website › Design"
export function rowLabel(row: Pick<TimesheetRow, 'clientName' | 'projectName' | 'taskName'>): string {
  return [row.clientName, row.projectName, row.taskName].filter((part): part is string => Boolean(part)).join(' › ');
}

// Grid positions: row 0..rows-1 are the timesheet rows, row `rows` is the footer ("Total per
// day"); column 0 is the row header (its delete button), 1..7 the days, 8 the row total.
export type Position = { row: number; col: number };
export const LAST_COL = 8;

export function moveFocus(at: Position, key: string, rows: number, ctrl = false): Position | null {
  const lastRow = rows; // the footer
  const clamp = (row: number, col: number): Position => ({
    row: Math.max(0, Math.min(lastRow, row)),
    col: Math.max(0, Math.min(LAST_COL, col)),
  });
  switch (key) {
    case 'ArrowUp':
      return clamp(at.row - 1, at.col);
    case 'ArrowDown':
      return clamp(at.row + 1, at.col);
    case 'ArrowLeft':
      return clamp(at.row, at.col - 1);
    case 'ArrowRight':
      return clamp(at.row, at.col + 1);
    case 'Home':
      return ctrl ? clamp(0, 0) : clamp(at.row, 0);
    case 'End':
      return ctrl ? clamp(lastRow, LAST_COL) : clamp(at.row, LAST_COL);
    case 'PageUp':
      return clamp(0, at.col);
    case 'PageDown':
      return clamp(lastRow, at.col);
    default:
      return null;
  }
}

// The position the grid's focus stays at when rows come and go (a row removed, a week changed).
export function keepInside(at: Position, rows: number): Position {
  return { row: Math.max(0, Math.min(rows, at.row)), col: Math.max(0, Math.min(LAST_COL, at.col)) };
}

// A key that starts editing a cell with what it types: one printable character, no modifier.
export function startsTyping(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean {
  return event.key.length === 1 && event.key !== ' ' && !event.ctrlKey && !event.metaKey && !event.altKey;
}

// "Copied 2 rows": the rows of the answer that were not shown before.
export function addedRows(before: readonly TimesheetRow[], after: readonly TimesheetRow[]): number {
  const keys = new Set(before.map((row) => row.key));
  return after.filter((row) => !keys.has(row.key)).length;
}
