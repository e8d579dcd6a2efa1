import { Temporal } from 'temporal-polyfill';
import { DEFAULT_PREFERENCES, withDefaultPreferences } from '../contract/account.ts';
import type { Timesheet, TimesheetRow } from '../contract/timesheet.ts';
import { findOrganization, findUser } from '../db/accounts-repository.ts';
import * as catalog from '../db/catalog-repository.ts';
import type { TimeRecordRow } from '../db/time-records-repository.ts';
import * as repo from '../db/time-records-repository.ts';
import { listOwnRecords, lockUserTimesheet } from '../db/timesheet-repository.ts';
import type { Actor } from '../domain/actor.ts';
import { isLocked } from '../domain/time-record-rules.ts';
import { toDate, toInstant } from '../domain/time-range.ts';
import {
  applySteps,
  type CellStep,
  type Day,
  localDay,
  planCellChange,
  type RowRecord,
  secondsWithin,
  spanSeconds,
  weekOf,
} from '../domain/timesheet-cells.ts';
import { AppError } from '../errors.ts';
import type { Deps } from './deps.ts';
import { versionConflict } from './accounts.ts';
import { newId } from './secrets.ts';
import { isProjectVisible, notFound, requireVisibleProject } from './time-records-access.ts';
import { assertNotLocked, assertProjectOpen, resolveTask } from './time-records-rules.ts';

// The weekly timesheet: the caller's own records only, whatever their role.

export type RowKey = { projectId: string; taskId: string | null; billable: boolean };
type Held = RowRecord & { row: TimeRecordRow };

export const rowKeyOf = (key: RowKey) => `${key.projectId}:${key.taskId ?? ''}:${key.billable}`;

function today(deps: Deps, actor: Actor): string {
  return Temporal.Instant.fromEpochMilliseconds(deps.now().getTime()).toZonedDateTimeISO(actor.timeZone).toPlainDate().toString();
}

async function lockedUntilOf(deps: Deps, actor: Actor): Promise<string | null> {
  if (actor.lockedUntil !== undefined) return actor.lockedUntil;
  return (await findOrganization(deps.db, actor.orgId))?.lockedUntil ?? null;
}

const held = (row: TimeRecordRow): Held => ({ id: row.id, start: toInstant(row.startsAt), end: toInstant(row.endsAt), row });
const keyOfRecord = (row: Pick<TimeRecordRow, 'projectId' | 'taskId' | 'billable'>) => rowKeyOf(row);

export async function getTimesheet(deps: Deps, actor: Actor, week: string | undefined): Promise<Timesheet> {
  const days = weekOf(week ?? today(deps, actor), actor.weekStart, actor.timeZone);
  return presentWeek(deps, actor, days, []);
}

// Builds the grid of `days` from the caller's records, plus `extraRows` that may have none.
async function presentWeek(deps: Deps, actor: Actor, days: Day[], extraRows: RowKey[]): Promise<Timesheet> {
  const first = days[0]!,
    last = days[6]!;
  // one query at a time: inside a transaction they share one connection
  const rows = await listOwnRecords(deps.db, actor.orgId, actor.userId, toDate(first.start), toDate(last.end));
  const lockedUntil = await lockedUntilOf(deps, actor);
  const byKey = new Map<string, { key: RowKey; cells: number[] }>();
  const rowFor = (key: RowKey) => {
    const id = rowKeyOf(key);
    let found = byKey.get(id);
    if (!found)
      byKey.set(id, (found = { key: { projectId: key.projectId, taskId: key.taskId, billable: key.billable }, cells: days.map(() => 0) }));
    return found;
  };
  for (const key of extraRows) rowFor(key);
  for (const row of rows) {
    const cells = rowFor(row).cells;
    const span = { start: toInstant(row.startsAt), end: toInstant(row.endsAt) };
    days.forEach((day, index) => {
      cells[index]! += secondsWithin(span, day);
    });
  }
  const presented = await describeRows(deps, actor, [...byKey.values()]);
  const dayTotals = days.map((_, index) => presented.reduce((sum, row) => sum + row.cells[index]!, 0));
  return {
    from: first.date,
    to: Temporal.PlainDate.from(last.date).add({ days: 1 }).toString(),
    timeZone: actor.timeZone,
    weekStart: actor.weekStart,
    lockedUntil,
    days: days.map((day, index) => ({
      date: day.date,
      seconds: dayTotals[index]!,
      lengthSeconds: spanSeconds(day),
      locked: isLocked(day.start, lockedUntil, actor.timeZone),
    })),
    rows: presented,
    totalSeconds: dayTotals.reduce((sum, seconds) => sum + seconds, 0),
  };
}

async function describeRows(deps: Deps, actor: Actor, rows: Array<{ key: RowKey; cells: number[] }>): Promise<TimesheetRow[]> {
  if (rows.length === 0) return [];
  const projectIds = [...new Set(rows.map((row) => row.key.projectId))];
  const projects = await catalog.listProjects(deps.db, actor.orgId);
  const clients = await catalog.listClients(deps.db, actor.orgId);
  const tasks = await catalog.listTasks(deps.db, actor.orgId, projectIds);
  const projectById = new Map(projects.map((project) => [project.id, project]));
  const clientById = new Map(clients.map((client) => [client.id, client]));
  const taskById = new Map(tasks.map((task) => [task.id, task]));
  const described = rows.flatMap(({ key, cells }): TimesheetRow[] => {
    const project = projectById.get(key.projectId);
    if (!project) return [];
    const client = project.clientId ? clientById.get(project.clientId) : undefined;
    const task = key.taskId ? taskById.get(key.taskId) : undefined;
    return [
      {
        key: rowKeyOf(key),
        projectId: key.projectId,
        taskId: key.taskId,
        billable: key.billable,
        clientId: client?.id ?? null,
        clientName: client?.name ?? null,
        projectName: project.name,
        projectColor: project.color,
        taskName: task?.name ?? null,
        archived: project.archived || (task?.archived ?? false),
        cells,
        totalSeconds: cells.reduce((sum, seconds) => sum + seconds, 0),
      },
    ];
  });
  const compare = new Intl.Collator(actor.language).compare;
  return described.sort(
    (a, b) =>
      compare(a.clientName ?? '', b.clientName ?? '') ||
      compare(a.projectName, b.projectName) ||
      compare(a.taskName ?? '', b.taskName ?? '') ||
      Number(b.billable) - Number(a.billable) ||
      a.key.localeCompare(b.key),
  );
}

export type CellChange = {
  date: string;
  projectId: string;
  taskId?: string | null | undefined;
  billable?: boolean | undefined;
  seconds: number;
};

// One cell change is one transaction: the plan, the lock check and the writes.
export async function putTimesheetCell(deps: Deps, actor: Actor, change: CellChange): Promise<Timesheet> {
  return deps.db.transaction(async (tx) => {
    const txDeps = { ...deps, db: tx };
    await lockUserTimesheet(tx, actor.userId);
    const project = await requireVisibleProject(txDeps, actor, change.projectId);
    const key = { projectId: project.id, taskId: change.taskId ?? null, billable: change.billable ?? project.billable };
    const day = localDay(Temporal.PlainDate.from(change.date), actor.timeZone);
    const records = (await listOwnRecords(tx, actor.orgId, actor.userId, toDate(day.start), toDate(day.end))).map(held);
    const rowRecords = records.filter((record) => keyOfRecord(record.row) === rowKeyOf(key));
    const plan = planCellChange({
      day,
      rowRecords,
      otherRecords: records.filter((record) => !rowRecords.includes(record)),
      targetSeconds: change.seconds,
      emptyDayStart: await dayStartOf(txDeps, actor, day),
    });
    if (!plan.ok) throw planRefused(plan.reason, day);
    if (plan.steps.some((step) => step.kind === 'insert')) {
      assertProjectOpen(project);
      await resolveTask(txDeps, actor, key.taskId, project, 'body.taskId');
    } else if (key.taskId && rowRecords.length === 0) {
      await resolveTask(txDeps, actor, key.taskId, project, 'body.taskId');
    }
    await runSteps(txDeps, actor, key, rowRecords, plan.steps);
    return presentWeek(txDeps, actor, weekOf(change.date, actor.weekStart, actor.timeZone), [key]);
  });
}

function planRefused(reason: 'spans_whole_day' | 'longer_than_day', day: Day): AppError {
  if (reason === 'longer_than_day')
    return new AppError('timesheet_day_too_long', 'more than the day holds', { date: day.date, hours: spanSeconds(day) / 3600 });
  return new AppError('timesheet_record_spans_day', 'a record covers the whole day', { date: day.date });
}

// Where the first record of an empty cell starts: the profile's day start (09:00 by default).
async function dayStartOf(deps: Deps, actor: Actor, day: Day): Promise<Temporal.Instant> {
  const user = await findUser(deps.db, actor.orgId, actor.userId);
  const { dayStartTime } = user ? withDefaultPreferences(user.preferences) : DEFAULT_PREFERENCES;
  return Temporal.PlainDate.from(day.date)
    .toZonedDateTime({ timeZone: actor.timeZone, plainTime: Temporal.PlainTime.from(dayStartTime) })
    .toInstant();
}

// Checks the lock date for every start that changes, then writes the steps.
async function runSteps(deps: Deps, actor: Actor, key: RowKey, records: Held[], steps: CellStep[]): Promise<void> {
  const byId = new Map(records.map((record) => [record.id, record]));
  const starts = steps.flatMap((step) =>
    step.kind === 'insert' ? [step.start] : step.kind === 'update' ? [byId.get(step.id)!.start, step.start] : [byId.get(step.id)!.start],
  );
  await assertNotLocked(deps, actor, starts);
  const now = deps.now();
  for (const step of steps) {
    if (step.kind === 'insert') {
      await repo.insertRecord(deps.db, {
        id: newId(),
        orgId: actor.orgId,
        userId: actor.userId,
        projectId: key.projectId,
        taskId: key.taskId,
        description: '',
        billable: key.billable,
        tagIds: [],
        startsAt: toDate(step.start),
        endsAt: toDate(step.end),
        source: 'manual',
        impulseId: null,
        updatedAt: now,
      });
      continue;
    }
    const current = byId.get(step.id)!.row;
    const done =
      step.kind === 'delete'
        ? await repo.deleteRecord(deps.db, actor.orgId, step.id, current.version)
        : Boolean(
            await repo.updateRecord(
              deps.db,
              actor.orgId,
              step.id,
              current.version,
              { startsAt: toDate(step.start), endsAt: toDate(step.end) },
              now,
            ),
          );
    // the person's timesheet writes are serialised, so only another path (a PATCH) can get here first
    if (!done) throw versionConflict(current.version, current.version + 1);
  }
}

// Removes the row from the week: every day of it is set to zero, in one transaction.
export async function deleteTimesheetRow(
  deps: Deps,
  actor: Actor,
  query: { week: string; projectId: string; taskId?: string | null | undefined; billable: boolean },
): Promise<Timesheet> {
  return deps.db.transaction(async (tx) => {
    const txDeps = { ...deps, db: tx };
    await lockUserTimesheet(tx, actor.userId);
    if (!(await catalog.findProject(tx, actor.orgId, query.projectId))) throw notFound('project');
    const key = { projectId: query.projectId, taskId: query.taskId ?? null, billable: query.billable };
    const days = weekOf(query.week, actor.weekStart, actor.timeZone);
    await zeroRow(txDeps, actor, key, days);
    return presentWeek(txDeps, actor, days, []);
  });
}

async function zeroRow(deps: Deps, actor: Actor, key: RowKey, days: Day[]): Promise<void> {
  const rows = await listOwnRecords(deps.db, actor.orgId, actor.userId, toDate(days[0]!.start), toDate(days[6]!.end));
  let records = rows.filter((row) => keyOfRecord(row) === rowKeyOf(key)).map(held);
  const steps: CellStep[] = [];
  for (const day of days) {
    const plan = planCellChange({ day, rowRecords: records, otherRecords: [], targetSeconds: 0, emptyDayStart: day.start });
    if (!plan.ok) throw planRefused(plan.reason, day);
    steps.push(...plan.steps);
    records = applySteps(records, plan.steps, () => {
      throw new Error('zeroing never inserts');
    });
  }
  // a record crossing midnight is planned once per day: write its final span once
  const original = new Map(rows.map((row) => [row.id, held(row)]));
  const final = new Map(records.map((record) => [record.id, record]));
  const merged: CellStep[] = [...original.keys()].flatMap((id): CellStep[] => {
    if (!steps.some((step) => step.kind !== 'insert' && step.id === id)) return [];
    const after = final.get(id);
    return after ? [{ kind: 'update', id, start: after.start, end: after.end }] : [{ kind: 'delete', id }];
  });
  await runSteps(deps, actor, key, [...original.values()], merged);
}

// The week with last week's rows; withHours also copies last week's cells into this week's empty
// cells. Archived projects and tasks are not copied; locked days stay as they are.
export async function copyPreviousWeek(deps: Deps, actor: Actor, body: { week: string; withHours: boolean }): Promise<Timesheet> {
  return deps.db.transaction(async (tx) => {
    const txDeps = { ...deps, db: tx };
    await lockUserTimesheet(tx, actor.userId);
    const days = weekOf(body.week, actor.weekStart, actor.timeZone);
    const previousWeek = Temporal.PlainDate.from(days[0]!.date).subtract({ days: 7 }).toString();
    const previous = await copyableRows(
      txDeps,
      actor,
      (await presentWeek(txDeps, actor, weekOf(previousWeek, actor.weekStart, actor.timeZone), [])).rows,
    );
    const keys = previous.map(({ projectId, taskId, billable }) => ({ projectId, taskId, billable }));
    if (body.withHours) {
      const current = await presentWeek(txDeps, actor, days, keys);
      for (const row of previous) {
        const now = current.rows.find((candidate) => candidate.key === row.key);
        for (const [index, seconds] of row.cells.entries()) {
          if (seconds === 0 || current.days[index]!.locked || (now?.cells[index] ?? 0) > 0) continue;
          await fillCell(txDeps, actor, row, days[index]!, seconds);
        }
      }
    }
    return presentWeek(txDeps, actor, days, keys);
  });
}

// Rows that can take new time: not archived, on a project the caller still belongs to.
async function copyableRows(deps: Deps, actor: Actor, rows: TimesheetRow[]): Promise<TimesheetRow[]> {
  const visible = new Map<string, boolean>();
  for (const projectId of new Set(rows.map((row) => row.projectId))) {
    const project = await catalog.findProject(deps.db, actor.orgId, projectId);
    visible.set(projectId, project !== null && (await isProjectVisible(deps, actor, project)));
  }
  return rows.filter((row) => !row.archived && visible.get(row.projectId));
}

async function fillCell(deps: Deps, actor: Actor, key: RowKey, day: Day, seconds: number): Promise<void> {
  const records = (await listOwnRecords(deps.db, actor.orgId, actor.userId, toDate(day.start), toDate(day.end))).map(held);
  const plan = planCellChange({
    day,
    rowRecords: records.filter((record) => keyOfRecord(record.row) === rowKeyOf(key)),
    otherRecords: records,
    targetSeconds: Math.min(seconds, spanSeconds(day)),
    emptyDayStart: await dayStartOf(deps, actor, day),
  });
  if (plan.ok) await runSteps(deps, actor, key, records, plan.steps);
}
