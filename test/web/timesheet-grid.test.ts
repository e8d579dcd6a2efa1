import { describe, expect, it } from 'vitest';
import {
  addedRows,
  blankRow,
  emptyRows,
  keepInside,
  moveFocus,
  rowKeyOf,
  rowLabel,
  shownRows,
  startsTyping,
  type TimesheetRow,
} from '../../web/src/timesheet/timesheet-grid.ts';

const projects = [
  { id: 'p1', name: 'Website', color: '#123456', clientId: 'c1', archived: false },
  { id: 'p2', name: 'Audit', color: '#654321', clientId: null, archived: true },
];
const clients = [{ id: 'c1', name: 'ACME' }];
const tasks = [
  { id: 't1', name: 'Design' },
  { id: 't2', name: 'Old', archived: true },
];

function row(projectName: string, extra: Partial<TimesheetRow> = {}): TimesheetRow {
  const base = { projectId: projectName, taskId: null, billable: true };
  return {
    key: rowKeyOf({ ...base, ...extra }),
    ...base,
    clientId: null,
    clientName: null,
    projectName,
    projectColor: '#000',
    taskName: null,
    archived: false,
    cells: [0, 0, 0, 0, 0, 0, 0],
    totalSeconds: 0,
    ...extra,
  };
}

describe('the timesheet rows', () => {
  it('makes an empty row with the client, project and task names', () => {
    const made = blankRow({ projectId: 'p1', taskId: 't1', billable: false }, projects, clients, tasks);
    expect(made).toMatchObject({
      key: 'p1:t1:false',
      clientName: 'ACME',
      projectName: 'Website',
      taskName: 'Design',
      billable: false,
      archived: false,
      totalSeconds: 0,
    });
    expect(made?.cells).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(rowLabel(made!)).toBe('ACME › Website › Design');
    expect(blankRow({ projectId: 'p2', taskId: null, billable: true }, projects, clients, tasks)).toMatchObject({
      archived: true,
      clientName: null,
    });
    expect(blankRow({ projectId: 'p1', taskId: 't2', billable: true }, projects, clients, tasks)?.archived).toBe(true);
    expect(blankRow({ projectId: 'nope', taskId: null, billable: true }, projects, clients, tasks)).toBeNull();
    expect(blankRow({ projectId: 'p1', taskId: 'gone', billable: true }, projects, clients, tasks)).toBeNull();
  });

  it("shows the kept empty rows with the server's, once each, sorted as the server sorts", () => {
    const server = [row('Website', { clientName: 'ACME', totalSeconds: 3600 }), row('Zeta')];
    const kept = [row('Website', { clientName: 'ACME' }), row('Alpha'), row('Website', { clientName: 'ACME', billable: false })];
    expect(shownRows(server, kept, 'en').map((item) => [item.clientName, item.projectName, item.billable, item.totalSeconds])).toEqual([
      [null, 'Alpha', true, 0],
      [null, 'Zeta', true, 0],
      ['ACME', 'Website', true, 3600],
      ['ACME', 'Website', false, 0],
    ]);
  });

  it('sorts Czech names by Czech rules (ch after h)', () => {
    expect(shownRows([row('Chata'), row('Hrad'), row('Ivan')], [], 'cs').map((item) => item.projectName)).toEqual([
      'Hrad',
      'Chata',
      'Ivan',
    ]);
  });

  it('keeps the empty rows of an answer and counts the rows it added', () => {
    const before = [row('A', { totalSeconds: 60 })];
    const after = [row('A', { totalSeconds: 60 }), row('B'), row('C', { totalSeconds: 0 })];
    expect(emptyRows(after).map((item) => item.projectName)).toEqual(['B', 'C']);
    expect(addedRows(before, after)).toBe(2);
    expect(addedRows(after, after)).toBe(0);
  });
});

describe('the timesheet keyboard', () => {
  it('moves with the arrows inside the rows and the footer, and stops at the edges', () => {
    expect(moveFocus({ row: 0, col: 1 }, 'ArrowDown', 2)).toEqual({ row: 1, col: 1 });
    expect(moveFocus({ row: 2, col: 1 }, 'ArrowDown', 2)).toEqual({ row: 2, col: 1 });
    expect(moveFocus({ row: 0, col: 1 }, 'ArrowUp', 2)).toEqual({ row: 0, col: 1 });
    expect(moveFocus({ row: 0, col: 0 }, 'ArrowLeft', 2)).toEqual({ row: 0, col: 0 });
    expect(moveFocus({ row: 0, col: 8 }, 'ArrowRight', 2)).toEqual({ row: 0, col: 8 });
    expect(moveFocus({ row: 1, col: 3 }, 'ArrowRight', 2)).toEqual({ row: 1, col: 4 });
    expect(moveFocus({ row: 1, col: 3 }, 'Home', 2)).toEqual({ row: 1, col: 0 });
    expect(moveFocus({ row: 1, col: 3 }, 'End', 2)).toEqual({ row: 1, col: 8 });
    expect(moveFocus({ row: 1, col: 3 }, 'Home', 2, true)).toEqual({ row: 0, col: 0 });
    expect(moveFocus({ row: 1, col: 3 }, 'End', 2, true)).toEqual({ row: 2, col: 8 });
    expect(moveFocus({ row: 1, col: 3 }, 'PageUp', 2)).toEqual({ row: 0, col: 3 });
    expect(moveFocus({ row: 0, col: 3 }, 'PageDown', 2)).toEqual({ row: 2, col: 3 });
    expect(moveFocus({ row: 0, col: 3 }, 'Enter', 2)).toBeNull();
    // no rows: only the footer
    expect(moveFocus({ row: 0, col: 3 }, 'ArrowDown', 0)).toEqual({ row: 0, col: 3 });
  });

  it('keeps the focus inside when rows go away', () => {
    expect(keepInside({ row: 5, col: 3 }, 2)).toEqual({ row: 2, col: 3 });
    expect(keepInside({ row: 1, col: 3 }, 2)).toEqual({ row: 1, col: 3 });
  });

  it('starts editing on a printable key without modifiers', () => {
    const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
      key: k,
      ctrlKey: false,
      metaKey: false,
      altKey: false,
      ...mods,
    });
    expect(startsTyping(key('1'))).toBe(true);
    expect(startsTyping(key(','))).toBe(true);
    expect(startsTyping(key('ArrowDown'))).toBe(false);
    expect(startsTyping(key(' '))).toBe(false);
    expect(startsTyping(key('c', { ctrlKey: true }))).toBe(false);
    expect(startsTyping(key('1', { altKey: true }))).toBe(false);
  });
});
