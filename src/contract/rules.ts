import { z } from 'zod';
import { DeleteBody, DeleteQuery, Id, IdParams, Instant, Ok, Page, Version } from './common.ts';
import { endpoint } from './endpoint.ts';

// Rules for recurring work (issue 11; the engine is src/domain/rules.ts): your own rules only.
// A subject rule matches meetings whose subject contains the pattern's words as whole words, in
// order, ignoring case and punctuation ("team sync" matches "Weekly Team-Sync", not "Async");
// a series rule matches every occurrence of one meeting series. When several match: series
// first, then the longer pattern, then the older rule.

export const RuleKind = z.enum(['subject', 'series']);
export const RuleMode = z
  .enum(['suggest', 'track'])
  .describe('suggest: preselected in the impulses panel and dialogs; track: the sync tracks the meeting once it ended');

export const Rule = z.object({
  id: Id,
  kind: RuleKind,
  pattern: z.string().nullable().describe('subject rules: the words to match'),
  seriesLabel: z
    .string()
    .nullable()
    .describe('series rules: the subject of the series\' latest meeting ("Private appointment" when private)'),
  projectId: Id,
  taskId: Id.nullable(),
  tagIds: z.array(Id),
  mode: RuleMode,
  createdAt: Instant,
  version: Version,
});
export type Rule = z.infer<typeof Rule>;

const Pattern = z
  .string()
  .max(200)
  .describe('At least 2 letters or digits; "*" and other match-everything patterns are refused (400 rule_matches_everything)');
const Matcher = {
  kind: RuleKind,
  pattern: Pattern.optional().describe('Required for kind subject'),
  impulseId: Id.optional().describe(
    'Required for kind series: one of your meeting impulses of the series (the rule keeps its series, not the impulse)',
  ),
};
const Target = {
  projectId: Id,
  taskId: Id.nullable().optional(),
  tagIds: z.array(Id).max(50).optional(),
  mode: RuleMode,
};

export const RuleInput = z.strictObject({ ...Matcher, ...Target });
export type RuleInput = z.infer<typeof RuleInput>;

export const listRules = endpoint({
  method: 'GET',
  path: '/api/v1/rules',
  tag: 'rules',
  auth: 'user',
  summary: 'Your rules, best first (the order in which they apply)',
  response: Page(Rule),
});
export const getRule = endpoint({
  method: 'GET',
  path: '/api/v1/rules/:id',
  tag: 'rules',
  auth: 'user',
  summary: 'One of your rules',
  params: IdParams,
  response: Rule,
});
export const createRule = endpoint({
  method: 'POST',
  path: '/api/v1/rules',
  tag: 'rules',
  auth: 'user',
  status: 201,
  idempotent: true,
  summary: 'Create a rule: a project you can see, its task and tags',
  body: RuleInput,
  response: Rule,
});
export const updateRule = endpoint({
  method: 'PATCH',
  path: '/api/v1/rules/:id',
  tag: 'rules',
  auth: 'user',
  summary: "Change a rule's pattern (subject rules), project, task, tags or mode",
  params: IdParams,
  body: z.strictObject({
    version: Version,
    pattern: Pattern.optional(),
    projectId: Id.optional(),
    taskId: Id.nullable().optional(),
    tagIds: z.array(Id).max(50).optional(),
    mode: RuleMode.optional(),
  }),
  response: Rule,
});
export const deleteRule = endpoint({
  method: 'DELETE',
  path: '/api/v1/rules/:id',
  tag: 'rules',
  auth: 'user',
  summary: 'Delete a rule (the records it made stay)',
  params: IdParams,
  query: DeleteQuery,
  body: DeleteBody,
  response: Ok,
});

export const RuleOutcome = z.enum(['tracked', 'track_now', 'track_when_ended', 'suggest', 'other_rule', 'skip']);
export const RuleSkipReason = z.enum(['cancelled', 'free', 'private', 'all_day', 'locked', 'undone', 'dismissed']);

export const RuleMatch = z.object({
  impulseId: Id,
  start: z.string().describe('Instant, or a date when allDay'),
  end: z.string(),
  allDay: z.boolean(),
  summary: z.string().describe('"Private appointment" for private meetings'),
  private: z.boolean(),
  cancelled: z.boolean(),
  ended: z.boolean().describe('Past: the meeting ended before now'),
  timeRecordId: Id.nullable(),
  outcome: RuleOutcome.describe(
    'tracked: has a record already; track_now: the next sync tracks it; track_when_ended: the first sync after it ends; suggest: preselected; other_rule: another of your rules wins (otherRuleId); skip: never tracked automatically (skipReason)',
  ),
  otherRuleId: Id.nullable(),
  skipReason: RuleSkipReason.nullable().describe('undone: a rule tracked it before and you deleted that record'),
});
export type RuleMatch = z.infer<typeof RuleMatch>;

export const previewRule = endpoint({
  method: 'POST',
  path: '/api/v1/rules/preview',
  tag: 'rules',
  auth: 'user',
  summary: 'The past and coming meetings of your impulse window an unsaved rule matches, and what it would do with each',
  body: z.strictObject({
    ...Matcher,
    mode: RuleMode.optional().describe('Default track'),
    ruleId: Id.optional().describe('Editing this rule: it is left out when telling which other rule wins'),
  }),
  response: z.object({ items: z.array(RuleMatch), from: Instant, to: Instant }),
});
