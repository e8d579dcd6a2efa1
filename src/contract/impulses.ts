import { z } from 'zod';
import { Id, IdParams, Instant, Page, RangeBound } from './common.ts';
import { endpoint } from './endpoint.ts';
import { RunningTimer, TimeRecord } from './tracking.ts';

const MeetingSnapshot = z.object({ start: z.string(), end: z.string(), summary: z.string() });

export const Impulse = z.object({
  id: Id.describe('Stable across syncs for a meeting (derived from connection, UID and recurrence id)'),
  kind: z.enum(['meeting', 'recent']),
  source: z.object({ connectionId: Id, name: z.string() }).nullable().describe('The connected calendar of a meeting; null for recent'),
  start: z.string().nullable().describe('Instant, or a date when allDay; null for recent'),
  end: z.string().nullable().describe('Instant, or a date (exclusive) when allDay; null for recent'),
  allDay: z.boolean(),
  summary: z.string().describe('"Private appointment" for private items'),
  location: z.string().nullable(),
  busyStatus: z.enum(['busy', 'tentative', 'free', 'oof', 'workingElsewhere']).nullable(),
  cancelled: z.boolean(),
  private: z.boolean(),
  removed: z.boolean().describe('The meeting vanished from the feed (listed only when tracked)'),
  state: z.enum(['open', 'tracked', 'dismissed']),
  recurring: z.boolean().describe('The meeting is one occurrence of a recurring series'),
  timeRecordId: Id.nullable(),
  suggestedProjectId: Id.nullable().describe(
    "From your rule, the project remembered for the series, how the same series, then the same subject, was tracked before; a recent impulse's own project",
  ),
  suggestedTaskId: Id.nullable().describe('The task that goes with suggestedProjectId'),
  suggestedTagIds: z.array(Id).describe('The tags of the rule that suggests the project (empty otherwise)'),
  suggestionSource: z
    .enum(['rule', 'series', 'subject', 'recent'])
    .nullable()
    .describe(
      'Where the suggestion comes from: one of your rules (ruleId), the series (remembered or tracked before), the same subject, or recent work',
    ),
  ruleId: Id.nullable().describe('The rule that applies to the meeting (suggest or track automatically)'),
  projectId: Id.nullable().describe("recent: the combination's project"),
  taskId: Id.nullable().describe("recent: the combination's task"),
  description: z.string().nullable().describe("recent: the combination's description"),
  changedSinceTracked: z
    .object({
      before: MeetingSnapshot,
      after: MeetingSnapshot.nullable(),
      cancelled: z.boolean(),
      removed: z.boolean(),
    })
    .nullable()
    .describe('How the feed changed the meeting after it was tracked; the time record stays as saved'),
});
export type Impulse = z.infer<typeof Impulse>;

export const listImpulses = endpoint({
  method: 'GET',
  path: '/api/v1/impulses',
  tag: 'impulses',
  auth: 'user',
  summary: 'Your impulses: meetings from your enabled calendars and your recent project/task/description combinations',
  query: z.strictObject({
    from: RangeBound.optional().describe("Default: today minus your profile's impulseWindow.pastDays"),
    to: RangeBound.optional().describe('Default: the end of today plus impulseWindow.futureDays'),
  }),
  response: Page(Impulse),
});

export const trackImpulse = endpoint({
  method: 'POST',
  path: '/api/v1/impulses/:id/track',
  tag: 'impulses',
  auth: 'user',
  status: 201,
  summary:
    'Make a time record of an impulse (idempotent per meeting: a repeat with the same values answers the same record, other values 409 already_tracked)',
  params: IdParams,
  body: z.strictObject({
    projectId: Id.optional().describe('Default: suggestedProjectId'),
    taskId: Id.nullable().optional(),
    description: z.string().max(2000).optional().describe("Default: the meeting's summary"),
    start: Instant.optional().describe("Default: the meeting's start (required for all-day and recent impulses)"),
    end: Instant.optional(),
    billable: z.boolean().optional(),
    tagIds: z.array(Id).max(50).optional(),
    rememberForSeries: z
      .boolean()
      .optional()
      .describe('Remember the project and task for every occurrence of the series (later suggestions use it first)'),
  }),
  response: TimeRecord,
});

export const updateImpulseRecord = endpoint({
  method: 'POST',
  path: '/api/v1/impulses/:id/update-record',
  tag: 'impulses',
  auth: 'user',
  summary:
    "Move the time record of a meeting that changed since it was tracked to the meeting's new time (and its new subject, when the description was the old one); 409 nothing_to_update when it has not changed",
  params: IdParams,
  response: z.object({ record: TimeRecord, impulse: Impulse }),
});

export const startImpulseTimer = endpoint({
  method: 'POST',
  path: '/api/v1/impulses/:id/start-timer',
  tag: 'impulses',
  auth: 'user',
  summary: 'Start the timer (stopwatch) from an impulse; a running timer is stopped and saved first',
  params: IdParams,
  body: z
    .strictObject({ projectId: Id.optional(), taskId: Id.nullable().optional(), description: z.string().max(2000).optional() })
    .optional(),
  response: z.object({ running: RunningTimer, stopped: TimeRecord.nullable() }),
});

const SeriesBody = z
  .strictObject({
    series: z.boolean().optional().describe("Every occurrence of the meeting's series, also those a later sync brings"),
  })
  .nullish();

export const dismissImpulse = endpoint({
  method: 'POST',
  path: '/api/v1/impulses/:id/dismiss',
  tag: 'impulses',
  auth: 'user',
  summary: 'Hide an impulse (state dismissed), or with series: true every occurrence of its series',
  params: IdParams,
  body: SeriesBody,
  response: Impulse,
});

export const restoreImpulse = endpoint({
  method: 'POST',
  path: '/api/v1/impulses/:id/restore',
  tag: 'impulses',
  auth: 'user',
  summary: 'Bring back a dismissed impulse, or with series: true every occurrence of its series',
  params: IdParams,
  body: SeriesBody,
  response: Impulse,
});
