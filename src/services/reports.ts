import { listUsers } from '../db/accounts-repository.ts';
import { findOrganization } from '../db/accounts-repository.ts';
import { listClients, listProjectMembers, listProjects, listTags, listTasks } from '../db/catalog-repository.ts';
import {
  type DetailedRow,
  type Dimension,
  type ReportFilter,
  type SummaryRow,
  detailedPage,
  meetingCoverage,
  summarize,
} from '../db/reports-repository.ts';
import type { Actor } from '../domain/actor.ts';
import { classifyMeeting, type MeetingClass, type Rounding, type RoundingMinutes, roundRow } from '../domain/report-rules.ts';
import { toDate } from '../domain/time-range.ts';
import type { Deps } from './deps.ts';
import { recordScope } from './time-records-access.ts';
import { validationFailed } from './time-records-rules.ts';
import { decodeCursor, encodeCursor, resolveRange } from './time-records.ts';

// Reports (issue 10) as domain values: the API renders labels for "no client / task / tag".
const MAX_RANGE_DAYS = 400;

export type ReportQuery = {
  from: string;
  to: string;
  users?: string[] | undefined;
  clients?: string[] | undefined;
  projects?: string[] | undefined;
  tasks?: string[] | undefined;
  tags?: string[] | undefined;
  billable?: boolean | undefined;
  rounding?: number | undefined;
  roundingScope?: 'record' | 'total' | undefined;
};

export type Figures = { seconds: number; billableSeconds: number; amount: number; records: number };
export type Group = Figures & { dimension: Dimension; key: string | null; name: string | null; groups?: Group[] };

export type Summary = {
  from: Date;
  to: Date;
  timeZone: string;
  weekStart: number;
  currency: string;
  groupBy: Dimension[];
  rounding: Rounding;
  tagsCountEachRecordOnce: boolean;
  groups: Group[];
  total: Figures;
};

async function prepare(deps: Deps, actor: Actor, query: ReportQuery): Promise<{ filter: ReportFilter; rounding: Rounding }> {
  const range = resolveRange(actor, query.from, query.to);
  const from = range.from!,
    to = range.to!;
  if (to.since(from).total('hours') > MAX_RANGE_DAYS * 24) {
    throw validationFailed([{ path: 'query.to', message: `the range may span at most ${MAX_RANGE_DAYS} days` }]);
  }
  const rounding: Rounding = { minutes: (query.rounding ?? 0) as RoundingMinutes, scope: query.roundingScope ?? 'record' };
  const filter: ReportFilter = {
    orgId: actor.orgId,
    from: toDate(from),
    to: toDate(to),
    timeZone: actor.timeZone,
    weekStart: actor.weekStart,
    visibleTo: await recordScope(deps, actor),
    userIds: query.users,
    clientIds: query.clients,
    projectIds: query.projects,
    taskIds: query.tasks,
    tagIds: query.tags,
    billable: query.billable,
  };
  return { filter, rounding };
}

const roundingSeconds = (rounding: Rounding) => (rounding.scope === 'record' ? rounding.minutes * 60 : 0);

type Names = Record<'client' | 'project' | 'task' | 'user' | 'tag', Map<string, string>>;

async function loadNames(deps: Deps, orgId: string): Promise<Names> {
  const [clients, projects, tasks, users, tags] = await Promise.all([
    listClients(deps.db, orgId),
    listProjects(deps.db, orgId),
    listTasks(deps.db, orgId),
    listUsers(deps.db, orgId),
    listTags(deps.db, orgId),
  ]);
  const byId = (rows: Array<{ id: string; name: string }>) => new Map(rows.map((row) => [row.id, row.name]));
  return { client: byId(clients), project: byId(projects), task: byId(tasks), user: byId(users), tag: byId(tags) };
}

function nameOf(names: Names, dimension: Dimension, key: string | null): string | null {
  if (key === null) return null;
  if (dimension === 'day' || dimension === 'week' || dimension === 'month') return key;
  return names[dimension].get(key) ?? key;
}

const add = (a: Figures, b: Figures): Figures => ({
  seconds: a.seconds + b.seconds,
  billableSeconds: a.billableSeconds + b.billableSeconds,
  amount: a.amount + b.amount,
  records: a.records + b.records,
});
const ZERO: Figures = { seconds: 0, billableSeconds: 0, amount: 0, records: 0 };

function leafFigures(row: SummaryRow, rounding: Rounding): Figures {
  const rounded = roundRow(row, rounding);
  return rounding.scope === 'total' && rounding.minutes > 0
    ? { ...rounded, records: row.records }
    : { seconds: row.seconds, billableSeconds: row.billableSeconds, amount: row.amount, records: row.records };
}

// Periods in time order, everything else by name; "no client / task / tag" last.
function compareGroups(a: Group, b: Group): number {
  if (a.key === null || b.key === null) return a.key === null ? (b.key === null ? 0 : 1) : -1;
  if (a.dimension === 'day' || a.dimension === 'week' || a.dimension === 'month') return a.key.localeCompare(b.key);
  return (a.name ?? '').localeCompare(b.name ?? '', undefined, { sensitivity: 'base' }) || a.key.localeCompare(b.key);
}

export async function summaryReport(deps: Deps, actor: Actor, query: ReportQuery & { groupBy: Dimension[] }): Promise<Summary> {
  const { filter, rounding } = await prepare(deps, actor, query);
  const dimensions = query.groupBy;
  const [{ rows, total: counted }, names, organization] = await Promise.all([
    summarize(deps.db, filter, dimensions, roundingSeconds(rounding)),
    loadNames(deps, actor.orgId),
    findOrganization(deps.db, actor.orgId),
  ]);
  const [first, second] = dimensions as [Dimension, Dimension | undefined];
  const top = new Map<string, Group>();
  for (const row of rows) {
    const figures = leafFigures(row, rounding);
    const topKey = row.keys[0] ?? null;
    const mapKey = topKey ?? '\0';
    let group = top.get(mapKey);
    if (!group) {
      group = { dimension: first, key: topKey, name: nameOf(names, first, topKey), ...ZERO, ...(second && { groups: [] }) };
      top.set(mapKey, group);
    }
    Object.assign(group, add(group, figures));
    if (second)
      group.groups!.push({ dimension: second, key: row.keys[1] ?? null, name: nameOf(names, second, row.keys[1] ?? null), ...figures });
  }
  const groups = [...top.values()].sort(compareGroups);
  for (const group of groups) group.groups?.sort(compareGroups);
  const byTag = dimensions.includes('tag');
  // by tag, a record with two tags is in two rows: the total counts it once; otherwise the total is
  // the sum of the rows (so that rounded rows add up), with each record counted once
  const total = byTag
    ? leafFigures(counted, rounding)
    : { ...groups.reduce((sum, group) => add(sum, group), ZERO), records: counted.records };
  return {
    from: filter.from,
    to: filter.to,
    timeZone: actor.timeZone,
    weekStart: actor.weekStart,
    currency: organization?.currency ?? 'EUR',
    groupBy: dimensions,
    rounding,
    tagsCountEachRecordOnce: !byTag,
    groups,
    total,
  };
}

export type DetailedItem = DetailedRow & {
  userName: string;
  clientName: string | null;
  projectName: string;
  taskName: string | null;
  tagNames: string[];
};

export async function detailedReport(
  deps: Deps,
  actor: Actor,
  query: ReportQuery & { limit: number; cursor?: string | undefined },
): Promise<{ items: DetailedItem[]; nextCursor: string | null; currency: string }> {
  const { filter, rounding } = await prepare(deps, actor, query);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const [rows, names, organization] = await Promise.all([
    detailedPage(deps.db, filter, roundingSeconds(rounding), query.limit + 1, after),
    loadNames(deps, actor.orgId),
    findOrganization(deps.db, actor.orgId),
  ]);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    currency: organization?.currency ?? 'EUR',
    nextCursor: rows.length > query.limit && last ? encodeCursor({ startsAt: last.startsAt, id: last.id }) : null,
    items: page.map((row) => ({
      ...row,
      userName: names.user.get(row.userId) ?? '',
      clientName: row.clientId ? (names.client.get(row.clientId) ?? null) : null,
      projectName: names.project.get(row.projectId) ?? '',
      taskName: row.taskId ? (names.task.get(row.taskId) ?? null) : null,
      tagNames: row.tagIds.map((id) => names.tag.get(id) ?? id),
    })),
  };
}

export type CoverageCounts = { meetingSeconds: number; trackedSeconds: number } & Record<
  MeetingClass,
  { meetings: number; seconds: number }
>;

export type CalendarVsTracked = {
  from: Date;
  to: Date;
  total: CoverageCounts;
  users: Array<CoverageCounts & { userId: string; name: string }>;
  projects: Array<{ projectId: string; name: string; meetings: number; seconds: number }>;
  meetings: Array<{
    impulseId: string;
    userId: string;
    start: Date;
    end: Date;
    summary: string;
    private: boolean;
    class: MeetingClass;
    timeRecordId: string | null;
    coveredSeconds: number;
    projectId: string | null;
    own: boolean;
  }>;
};

const emptyCounts = (): CoverageCounts => ({
  meetingSeconds: 0,
  trackedSeconds: 0,
  tracked: { meetings: 0, seconds: 0 },
  trackedDifferently: { meetings: 0, seconds: 0 },
  untracked: { meetings: 0, seconds: 0 },
});

// Whose calendars the caller may compare: everyone's for owners and admins, a manager's own and
// those of the members of projects they manage, a member's own.
async function visibleUserIds(deps: Deps, actor: Actor): Promise<string[] | null> {
  const scope = await recordScope(deps, actor);
  if (scope === null) return null;
  if (scope.projectIds.length === 0) return [actor.userId];
  const members = await Promise.all(scope.projectIds.map((projectId) => listProjectMembers(deps.db, actor.orgId, projectId)));
  return [...new Set([actor.userId, ...members.flat().map((member) => member.userId)])];
}

export async function calendarVsTracked(
  deps: Deps,
  actor: Actor,
  query: { from: string; to: string; users?: string[] | undefined },
): Promise<CalendarVsTracked> {
  const range = resolveRange(actor, query.from, query.to);
  const from = toDate(range.from!),
    to = toDate(range.to!);
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
    throw validationFailed([{ path: 'query.to', message: `the range may span at most ${MAX_RANGE_DAYS} days` }]);
  }
  const visible = await visibleUserIds(deps, actor);
  const asked = query.users?.length ? query.users : null;
  const userIds = visible === null ? asked : asked ? asked.filter((id) => visible.includes(id)) : visible;
  const [meetings, names] = await Promise.all([meetingCoverage(deps.db, actor.orgId, userIds, from, to), loadNames(deps, actor.orgId)]);
  const total = emptyCounts();
  const byUser = new Map<string, CoverageCounts>();
  const byProject = new Map<string, { meetings: number; seconds: number }>();
  const out: CalendarVsTracked['meetings'] = [];
  for (const meeting of meetings) {
    const seconds = Math.round((meeting.endsAt.getTime() - meeting.startsAt.getTime()) / 1000);
    const kind = classifyMeeting({
      start: meeting.startsAt.getTime(),
      end: meeting.endsAt.getTime(),
      coveredSeconds: meeting.coveredSeconds,
      linked: meeting.linkedStart && meeting.linkedEnd ? { start: meeting.linkedStart.getTime(), end: meeting.linkedEnd.getTime() } : null,
    });
    const projectId = kind === 'untracked' ? null : (meeting.linkedProjectId ?? meeting.coverProjectId);
    const counts = byUser.get(meeting.userId) ?? emptyCounts();
    byUser.set(meeting.userId, counts);
    for (const target of [total, counts]) {
      target.meetingSeconds += seconds;
      target.trackedSeconds += Math.min(meeting.coveredSeconds, seconds);
      target[kind].meetings += 1;
      target[kind].seconds += seconds;
    }
    if (projectId) {
      const project = byProject.get(projectId) ?? { meetings: 0, seconds: 0 };
      project.meetings += 1;
      project.seconds += seconds;
      byProject.set(projectId, project);
    }
    const own = meeting.userId === actor.userId;
    out.push({
      impulseId: meeting.id,
      userId: meeting.userId,
      start: meeting.startsAt,
      end: meeting.endsAt,
      // a private meeting's subject is its owner's alone; the edge writes "Private appointment" for others
      summary: meeting.private && !own ? '' : meeting.summary,
      private: meeting.private,
      class: kind,
      timeRecordId: meeting.linkedRecordId,
      coveredSeconds: Math.min(meeting.coveredSeconds, seconds),
      projectId,
      own,
    });
  }
  return {
    from,
    to,
    total,
    meetings: out,
    users: [...byUser.entries()]
      .map(([userId, counts]) => ({ userId, name: names.user.get(userId) ?? '', ...counts }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    projects: [...byProject.entries()]
      .map(([projectId, figures]) => ({ projectId, name: names.project.get(projectId) ?? '', ...figures }))
      .sort((a, b) => b.seconds - a.seconds || a.name.localeCompare(b.name)),
  };
}
