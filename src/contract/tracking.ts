import { z } from 'zod';
import {
  Color,
  Cursor,
  DateString,
  DeleteBody,
  DeleteQuery,
  Id,
  IdParams,
  Instant,
  Money,
  Ok,
  Page,
  RangeBound,
  Version,
} from './common.ts';
import { endpoint } from './endpoint.ts';

// Clients, projects (+ members), tasks, tags, time records and the timer (issue 3).
const Name = z.string().trim().min(1).max(200);
const Archived = z.boolean().describe('Archived items stay on old time records but take no new ones');
// DELETE takes the version you read in the query (?version=3) or in a JSON body
const HourlyRate = Money.nullable().describe("In the organisation's currency, e.g. 85.5; null = none");

export const Client = z.object({ id: Id, name: z.string(), archived: z.boolean(), version: Version });
const ClientInput = z.strictObject({ name: Name, archived: Archived.optional() });

export const listClients = endpoint({
  method: 'GET',
  path: '/api/v1/clients',
  tag: 'clients',
  auth: 'user',
  summary: 'Clients of your organisation',
  response: Page(Client),
});
export const getClient = endpoint({
  method: 'GET',
  path: '/api/v1/clients/:id',
  tag: 'clients',
  auth: 'user',
  summary: 'One client',
  params: IdParams,
  response: Client,
});
export const createClient = endpoint({
  method: 'POST',
  path: '/api/v1/clients',
  tag: 'clients',
  auth: 'user',
  status: 201,
  idempotent: true,
  summary: 'Create a client (owner, admin)',
  body: ClientInput,
  response: Client,
});
export const updateClient = endpoint({
  method: 'PATCH',
  path: '/api/v1/clients/:id',
  tag: 'clients',
  auth: 'user',
  summary: 'Rename or archive a client (owner, admin)',
  params: IdParams,
  body: ClientInput.partial().extend({ version: Version }),
  response: Client,
});
export const deleteClient = endpoint({
  method: 'DELETE',
  path: '/api/v1/clients/:id',
  tag: 'clients',
  auth: 'user',
  summary: 'Delete a client without projects (owner, admin)',
  params: IdParams,
  query: DeleteQuery,
  body: DeleteBody,
  response: Ok,
});

export const ProjectRole = z.enum(['manager', 'member']);
export const ProjectMember = z.object({
  userId: Id,
  name: z.string(),
  email: z.string(),
  role: ProjectRole,
  hourlyRate: z.number().nullable(),
});

export const Project = z.object({
  id: Id,
  clientId: Id.nullable(),
  name: z.string(),
  color: z.string(),
  billable: z.boolean(),
  hourlyRate: z.number().nullable(),
  archived: z.boolean(),
  version: Version,
  members: z.array(ProjectMember).optional().describe("Present on GET /projects/:id for owners, admins and the project's managers"),
});
const ProjectInput = z.strictObject({
  name: Name,
  clientId: Id.nullable().optional(),
  color: Color.optional(),
  billable: z.boolean().optional().describe('Default for new time records of the project (true when omitted)'),
  hourlyRate: HourlyRate.optional(),
  archived: Archived.optional(),
});

export const listProjects = endpoint({
  method: 'GET',
  path: '/api/v1/projects',
  tag: 'projects',
  auth: 'user',
  summary: 'Projects: all for owners and admins, else the ones you belong to',
  response: Page(Project),
});
export const getProject = endpoint({
  method: 'GET',
  path: '/api/v1/projects/:id',
  tag: 'projects',
  auth: 'user',
  summary: 'One project',
  params: IdParams,
  response: Project,
});
export const createProject = endpoint({
  method: 'POST',
  path: '/api/v1/projects',
  tag: 'projects',
  auth: 'user',
  status: 201,
  idempotent: true,
  summary: 'Create a project (owner, admin)',
  body: ProjectInput,
  response: Project,
});
export const updateProject = endpoint({
  method: 'PATCH',
  path: '/api/v1/projects/:id',
  tag: 'projects',
  auth: 'user',
  summary: 'Change a project (owner, admin)',
  params: IdParams,
  body: ProjectInput.partial().extend({ version: Version }),
  response: Project,
});
export const deleteProject = endpoint({
  method: 'DELETE',
  path: '/api/v1/projects/:id',
  tag: 'projects',
  auth: 'user',
  summary: 'Delete a project without time records (owner, admin); archive it otherwise',
  params: IdParams,
  query: DeleteQuery,
  body: DeleteBody,
  response: Ok,
});

const MemberParams = z.strictObject({ id: Id, userId: Id });
export const listProjectMembers = endpoint({
  method: 'GET',
  path: '/api/v1/projects/:id/members',
  tag: 'projects',
  auth: 'user',
  summary: "Members of a project (owner, admin, the project's managers)",
  params: IdParams,
  response: Page(ProjectMember),
});
export const putProjectMember = endpoint({
  method: 'PUT',
  path: '/api/v1/projects/:id/members/:userId',
  tag: 'projects',
  auth: 'user',
  summary: 'Add a member to a project or change their project role and rate (owner, admin)',
  params: MemberParams,
  body: z.strictObject({ role: ProjectRole, hourlyRate: HourlyRate.optional() }),
  response: ProjectMember,
});
export const deleteProjectMember = endpoint({
  method: 'DELETE',
  path: '/api/v1/projects/:id/members/:userId',
  tag: 'projects',
  auth: 'user',
  summary: 'Remove a member from a project (owner, admin)',
  params: MemberParams,
  response: Ok,
});

export const Task = z.object({ id: Id, projectId: Id, name: z.string(), archived: z.boolean(), version: Version });

export const listTasks = endpoint({
  method: 'GET',
  path: '/api/v1/tasks',
  tag: 'tasks',
  auth: 'user',
  summary: 'Tasks of the projects you see',
  query: z.strictObject({ projectId: Id.optional() }),
  response: Page(Task),
});
export const getTask = endpoint({
  method: 'GET',
  path: '/api/v1/tasks/:id',
  tag: 'tasks',
  auth: 'user',
  summary: 'One task',
  params: IdParams,
  response: Task,
});
export const createTask = endpoint({
  method: 'POST',
  path: '/api/v1/tasks',
  tag: 'tasks',
  auth: 'user',
  status: 201,
  idempotent: true,
  summary: "Create a task (owner, admin, the project's managers)",
  body: z.strictObject({ projectId: Id, name: Name, archived: Archived.optional() }),
  response: Task,
});
export const updateTask = endpoint({
  method: 'PATCH',
  path: '/api/v1/tasks/:id',
  tag: 'tasks',
  auth: 'user',
  summary: 'Rename or archive a task',
  params: IdParams,
  body: z.strictObject({ version: Version, name: Name.optional(), archived: Archived.optional() }),
  response: Task,
});
export const deleteTask = endpoint({
  method: 'DELETE',
  path: '/api/v1/tasks/:id',
  tag: 'tasks',
  auth: 'user',
  summary: 'Delete a task without time records',
  params: IdParams,
  query: DeleteQuery,
  body: DeleteBody,
  response: Ok,
});

export const Tag = z.object({ id: Id, name: z.string(), archived: z.boolean(), version: Version });

export const listTags = endpoint({
  method: 'GET',
  path: '/api/v1/tags',
  tag: 'tags',
  auth: 'user',
  summary: 'Tags of your organisation',
  response: Page(Tag),
});
export const getTag = endpoint({
  method: 'GET',
  path: '/api/v1/tags/:id',
  tag: 'tags',
  auth: 'user',
  summary: 'One tag',
  params: IdParams,
  response: Tag,
});
export const createTag = endpoint({
  method: 'POST',
  path: '/api/v1/tags',
  tag: 'tags',
  auth: 'user',
  status: 201,
  idempotent: true,
  summary: 'Create a tag (owner, admin)',
  body: z.strictObject({ name: Name, archived: Archived.optional() }),
  response: Tag,
});
export const updateTag = endpoint({
  method: 'PATCH',
  path: '/api/v1/tags/:id',
  tag: 'tags',
  auth: 'user',
  summary: 'Rename, archive or restore a tag (owner, admin)',
  params: IdParams,
  body: z.strictObject({ version: Version, name: Name.optional(), archived: Archived.optional() }),
  response: Tag,
});
export const deleteTag = endpoint({
  method: 'DELETE',
  path: '/api/v1/tags/:id',
  tag: 'tags',
  auth: 'user',
  summary: 'Delete a tag no time record uses (owner, admin)',
  params: IdParams,
  query: DeleteQuery,
  body: DeleteBody,
  response: Ok,
});

export const TimeRecordSource = z
  .enum(['manual', 'timer', 'impulse', 'import', 'rule'])
  .describe('rule: tracked automatically by one of your rules (ruleId says which)');
export const TimeRecord = z.object({
  id: Id,
  userId: Id,
  start: Instant,
  end: Instant,
  durationSeconds: z.number().int().describe('Read-only: end - start'),
  projectId: Id,
  taskId: Id.nullable(),
  description: z.string(),
  billable: z.boolean(),
  tagIds: z.array(Id),
  source: TimeRecordSource,
  impulseId: Id.nullable(),
  overlaps: z.array(Id).describe("Ids of the same user's time records that overlap this one (shared edges do not)"),
  version: Version,
});
export type TimeRecord = z.infer<typeof TimeRecord>;

const Description = z.string().max(2000);
const TagIds = z.array(Id).max(50);

export const listTimeRecords = endpoint({
  method: 'GET',
  path: '/api/v1/time-records',
  tag: 'time-records',
  auth: 'user',
  summary: 'Time records overlapping [from, to), ordered by start: yours, or those you may see',
  query: z.strictObject({
    from: RangeBound.optional(),
    to: RangeBound.optional(),
    userId: Id.optional(),
    projectId: Id.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: Cursor.optional(),
  }),
  response: Page(TimeRecord),
});
export const getTimeRecord = endpoint({
  method: 'GET',
  path: '/api/v1/time-records/:id',
  tag: 'time-records',
  auth: 'user',
  summary: 'One time record',
  params: IdParams,
  response: TimeRecord,
});
export const createTimeRecord = endpoint({
  method: 'POST',
  path: '/api/v1/time-records',
  tag: 'time-records',
  auth: 'user',
  status: 201,
  idempotent: true,
  summary: "Record time; billable defaults to the project's; userId (someone else) for owners, admins and the project's managers",
  body: z.strictObject({
    start: Instant,
    end: Instant,
    projectId: Id,
    taskId: Id.nullable().optional(),
    description: Description.optional(),
    billable: z.boolean().optional(),
    tagIds: TagIds.optional(),
    userId: Id.optional(),
  }),
  response: TimeRecord,
});
export const updateTimeRecord = endpoint({
  method: 'PATCH',
  path: '/api/v1/time-records/:id',
  tag: 'time-records',
  auth: 'user',
  summary: 'Change a time record',
  params: IdParams,
  body: z.strictObject({
    version: Version,
    start: Instant.optional(),
    end: Instant.optional(),
    projectId: Id.optional(),
    taskId: Id.nullable().optional(),
    description: Description.optional(),
    billable: z.boolean().optional(),
    tagIds: TagIds.optional(),
  }),
  response: TimeRecord,
});
export const deleteTimeRecord = endpoint({
  method: 'DELETE',
  path: '/api/v1/time-records/:id',
  tag: 'time-records',
  auth: 'user',
  summary: 'Delete a time record',
  params: IdParams,
  query: DeleteQuery,
  body: DeleteBody,
  response: Ok,
});

export const Totals = z.object({
  groupBy: z.enum(['day', 'week']),
  timeZone: z.string(),
  weekStart: z.number().int(),
  items: z.array(
    z.object({
      date: DateString.describe('First day of the period'),
      end: DateString.describe('Day after the period'),
      seconds: z.number().int(),
    }),
  ),
  totalSeconds: z.number().int(),
});
export const timeRecordTotals = endpoint({
  method: 'GET',
  path: '/api/v1/time-records/totals',
  tag: 'time-records',
  auth: 'user',
  summary: 'Tracked seconds per day or week, cut at midnight in your time zone and weeks by your week start',
  query: z.strictObject({ from: RangeBound, to: RangeBound, groupBy: z.enum(['day', 'week']).default('day'), userId: Id.optional() }),
  response: Totals,
});

export const RunningTimer = z.object({
  projectId: Id.nullable().describe('null until a project is chosen (stopping asks for it)'),
  taskId: Id.nullable(),
  description: z.string(),
  billable: z.boolean(),
  tagIds: z.array(Id),
  startedAt: Instant,
  impulseId: Id.nullable(),
  elapsedSeconds: z.number().int(),
});
export const TimerState = z.object({ running: RunningTimer.nullable() });

export const getTimer = endpoint({
  method: 'GET',
  path: '/api/v1/timer',
  tag: 'timer',
  auth: 'user',
  summary: 'Your running timer (stopwatch), if any',
  response: TimerState,
});
export const startTimer = endpoint({
  method: 'POST',
  path: '/api/v1/timer/start',
  tag: 'timer',
  auth: 'user',
  idempotent: true,
  summary: 'Start the timer; a running one is stopped and saved as a time record first',
  body: z.strictObject({
    projectId: Id.optional().describe('May be chosen later (PATCH /timer, or when stopping)'),
    taskId: Id.nullable().optional(),
    description: Description.optional(),
    billable: z.boolean().optional(),
    tagIds: TagIds.optional(),
    startedAt: Instant.optional().describe('Defaults to now; not in the future'),
  }),
  response: z.object({ running: RunningTimer, stopped: TimeRecord.nullable() }),
});
export const updateTimer = endpoint({
  method: 'PATCH',
  path: '/api/v1/timer',
  tag: 'timer',
  auth: 'user',
  summary:
    'Change the running timer: description, project, task, billable, tags, or when it started (not in the future, not in a locked period)',
  body: z.strictObject({
    projectId: Id.nullable()
      .optional()
      .describe("Choosing a project for a timer that had none also sets billable to the project's default, unless billable is given"),
    taskId: Id.nullable().optional().describe('Cleared when the project changes, unless given'),
    description: Description.optional(),
    billable: z.boolean().optional(),
    tagIds: TagIds.optional(),
    startedAt: Instant.optional(),
  }),
  response: z.object({ running: RunningTimer }),
});
export const discardTimer = endpoint({
  method: 'DELETE',
  path: '/api/v1/timer',
  tag: 'timer',
  auth: 'user',
  summary: 'Discard the running timer without saving a time record',
  response: Ok,
});
export const stopTimer = endpoint({
  method: 'POST',
  path: '/api/v1/timer/stop',
  tag: 'timer',
  auth: 'user',
  idempotent: true,
  summary: 'Stop the timer and save it as a time record (400 project_required while it has no project and none is given)',
  body: z
    .strictObject({
      end: Instant.optional().describe('When you stopped working, if not now (e.g. a forgotten timer)'),
      projectId: Id.optional().describe("The record's project, if not the timer's (required when the timer has none)"),
      taskId: Id.nullable().optional(),
    })
    .nullish(),
  response: TimeRecord,
});
