// A person's rules for recurring work (issue 11): list, create, change, delete, and the preview of
// the meetings an unsaved rule matches. Everything is looked up by the signed-in user: nobody
// (owners and admins included) sees or changes another person's rules. A rule names a project the
// person can see, as their time records do.
import type { Rule, RuleInput, RuleMatch } from '../contract/rules.ts';
import { findOrganization, findUser } from '../db/accounts-repository.ts';
import * as series from '../db/impulse-series-repository.ts';
import * as states from '../db/impulses-repository.ts';
import { findUserOccurrence, listUserOccurrences } from '../db/occurrences-repository.ts';
import * as repo from '../db/rules-repository.ts';
import type { RuleRow } from '../db/rules-repository.ts';
import type { Actor } from '../domain/actor.ts';
import {
  autoTrackSkip,
  compareRules,
  MIN_PATTERN_CHARS,
  normalizePattern,
  patternProblem,
  pickRule,
  ruleMatches,
  type RuleMatcher,
  type RuleMode,
} from '../domain/rules.ts';
import { isLocked } from '../domain/time-record-rules.ts';
import { formatInstant, parseInstant } from '../domain/time-range.ts';
import { AppError } from '../errors.ts';
import { translate } from '../i18n/translate.ts';
import { versionConflict } from './accounts.ts';
import type { Deps } from './deps.ts';
import { isInWindow, occurrenceSpan, resolveWindow } from './impulses.ts';
import { isDismissed } from './impulses-present.ts';
import { presentRule, toRuleLike } from './rules-present.ts';
import { newId } from './secrets.ts';
import { notFound, requireVisibleProject } from './time-records-access.ts';
import { assertProjectOpen, resolveTagIds, resolveTask, validationFailed } from './time-records-rules.ts';

const owner = (actor: Actor) => ({ orgId: actor.orgId, userId: actor.userId });

function checkedPattern(pattern: string, path = 'body.pattern'): string {
  const problem = patternProblem(pattern);
  if (problem === 'too_long') throw validationFailed([{ path, message: 'is too long' }]);
  if (problem) throw new AppError('rule_matches_everything', `pattern ${problem}`, { min: MIN_PATTERN_CHARS }, [{ path, problem }]);
  return normalizePattern(pattern);
}

type Matcher = { kind: 'subject'; pattern: string; seriesKey: null } | { kind: 'series'; pattern: null; seriesKey: string };

// Subject rules take a pattern; series rules one of the user's meetings, whose series (UID) they keep.
async function resolveMatcher(
  deps: Deps,
  actor: Actor,
  input: { kind: 'subject' | 'series'; pattern?: string | undefined; impulseId?: string | undefined },
): Promise<Matcher> {
  if (input.kind === 'subject') {
    if (input.impulseId !== undefined) throw validationFailed([{ path: 'body.impulseId', message: 'only for kind series' }]);
    if (input.pattern === undefined) throw validationFailed([{ path: 'body.pattern', message: 'required for kind subject' }]);
    return { kind: 'subject', pattern: checkedPattern(input.pattern), seriesKey: null };
  }
  if (input.pattern !== undefined) throw validationFailed([{ path: 'body.pattern', message: 'only for kind subject' }]);
  if (input.impulseId === undefined) throw validationFailed([{ path: 'body.impulseId', message: 'required for kind series' }]);
  const occurrence = input.impulseId.startsWith('m_')
    ? await findUserOccurrence(deps.db, actor.orgId, actor.userId, input.impulseId)
    : null;
  if (!occurrence) throw notFound('meeting impulse');
  return { kind: 'series', pattern: null, seriesKey: occurrence.uid };
}

// The project the caller can see and is open, its task, existing tags.
async function resolveTarget(
  deps: Deps,
  actor: Actor,
  target: { projectId: string; taskId?: string | null | undefined; tagIds?: string[] | undefined },
) {
  const project = await requireVisibleProject(deps, actor, target.projectId);
  assertProjectOpen(project);
  const task = await resolveTask(deps, actor, target.taskId, project);
  const tagIds = await resolveTagIds(deps, actor, target.tagIds);
  return { projectId: project.id, taskId: task?.id ?? null, tagIds };
}

async function present(deps: Deps, actor: Actor, rows: RuleRow[]): Promise<Rule[]> {
  const labels = await repo.seriesLabels(
    deps.db,
    actor.userId,
    rows.flatMap((row) => (row.seriesKey === null ? [] : [row.seriesKey])),
  );
  return rows.map((row) => presentRule(row, labels, actor.language));
}

async function requireRule(deps: Deps, actor: Actor, id: string): Promise<RuleRow> {
  const row = await repo.findRule(deps.db, owner(actor), id);
  if (!row) throw notFound('rule');
  return row;
}

export async function listRules(deps: Deps, actor: Actor): Promise<Rule[]> {
  const rows = await repo.listRules(deps.db, owner(actor));
  const order = new Map(rows.map((row) => [row.id, toRuleLike(row)]));
  rows.sort((a, b) => compareRules(order.get(a.id)!, order.get(b.id)!));
  return present(deps, actor, rows);
}

export async function getRule(deps: Deps, actor: Actor, id: string): Promise<Rule> {
  const [rule] = await present(deps, actor, [await requireRule(deps, actor, id)]);
  return rule!;
}

export async function createRule(deps: Deps, actor: Actor, input: RuleInput): Promise<Rule> {
  const matcher = await resolveMatcher(deps, actor, input);
  const target = await resolveTarget(deps, actor, input);
  const row = await repo.insertRule(deps.db, {
    id: newId(),
    ...owner(actor),
    ...matcher,
    ...target,
    mode: input.mode,
    createdAt: deps.now(),
  });
  const [rule] = await present(deps, actor, [row]);
  return rule!;
}

export type RuleChanges = {
  version: number;
  pattern?: string | undefined;
  projectId?: string | undefined;
  taskId?: string | null | undefined;
  tagIds?: string[] | undefined;
  mode?: RuleMode | undefined;
};

export async function updateRule(deps: Deps, actor: Actor, id: string, changes: RuleChanges): Promise<Rule> {
  const current = await requireRule(deps, actor, id);
  if (changes.pattern !== undefined && current.kind !== 'subject')
    throw validationFailed([{ path: 'body.pattern', message: 'only for subject rules' }]);
  const pattern = changes.pattern === undefined ? undefined : checkedPattern(changes.pattern);
  const projectChanged = changes.projectId !== undefined && changes.projectId !== current.projectId;
  // the old task belongs to the old project
  const taskId = changes.taskId !== undefined ? changes.taskId : projectChanged ? null : current.taskId;
  const target =
    projectChanged || changes.taskId !== undefined || changes.tagIds !== undefined
      ? await resolveTarget(deps, actor, {
          projectId: changes.projectId ?? current.projectId,
          taskId,
          tagIds: changes.tagIds ?? current.tagIds,
        })
      : {};
  const updated = await repo.updateRule(deps.db, owner(actor), id, changes.version, {
    ...(pattern !== undefined && { pattern }),
    ...target,
    ...(changes.mode !== undefined && { mode: changes.mode }),
  });
  if (!updated) throw versionConflict(changes.version, current.version);
  const [rule] = await present(deps, actor, [updated]);
  return rule!;
}

export async function deleteRule(deps: Deps, actor: Actor, id: string, version: number): Promise<void> {
  const current = await requireRule(deps, actor, id);
  if (!(await repo.deleteRule(deps.db, owner(actor), id, version))) throw versionConflict(version, current.version);
}

export type PreviewInput = {
  kind: 'subject' | 'series';
  pattern?: string | undefined;
  impulseId?: string | undefined;
  mode?: RuleMode | undefined;
  ruleId?: string | undefined;
};

// What an unsaved rule would do with the meetings of the caller's impulse window: which it
// matches, which another rule of theirs takes, and what the sync would track.
export async function previewRule(
  deps: Deps,
  actor: Actor,
  input: PreviewInput,
): Promise<{ items: RuleMatch[]; from: string; to: string }> {
  const matcher = await resolveMatcher(deps, actor, input);
  const mode = input.mode ?? 'track';
  const user = await findUser(deps.db, actor.orgId, actor.userId);
  if (!user) throw notFound('user');
  const window = resolveWindow(deps.now(), user, {});
  const now = deps.now();
  const candidate = {
    id: input.ruleId ?? '',
    createdAt: now,
    ...(matcher.kind === 'subject'
      ? { kind: 'subject' as const, pattern: matcher.pattern }
      : { kind: 'series' as const, seriesKey: matcher.seriesKey }),
  };
  const preview: RuleMatcher = candidate;
  const [rows, others, organization] = await Promise.all([
    listUserOccurrences(deps.db, actor.orgId, actor.userId, new Date(window.from), new Date(window.to)),
    repo.listRules(deps.db, owner(actor)),
    actor.lockedUntil !== undefined ? Promise.resolve({ lockedUntil: actor.lockedUntil }) : findOrganization(deps.db, actor.orgId),
  ]);
  const matched = rows.filter(
    (row) => row.removedAt === null && isInWindow(occurrenceSpan(row, user.timeZone), window) && ruleMatches(preview, row),
  );
  const ids = matched.map((row) => row.id);
  const [records, stateRows, seriesRows] = await Promise.all([
    states.recordsByImpulse(deps.db, actor.userId, ids),
    states.listStates(deps.db, actor.userId, ids),
    series.listSeries(
      deps.db,
      actor.userId,
      matched.map((row) => row.uid),
    ),
  ]);
  const competing = [...others.filter((row) => row.id !== input.ruleId).map(toRuleLike), candidate];
  const lockedUntil = organization?.lockedUntil ?? null;
  const locked = (start: string) => isLocked(parseInstant(start), lockedUntil, actor.timeZone);
  const items = matched.map((row): RuleMatch => {
    const timeRecordId = records.get(row.id) ?? null;
    const winner = pickRule(competing, row);
    const otherRuleId = winner !== null && winner !== candidate ? winner.id : null;
    const state = stateRows.get(row.id);
    const ended = occurrenceSpan(row, user.timeZone).to <= now.getTime();
    let outcome: RuleMatch['outcome'];
    let skipReason: RuleMatch['skipReason'] = null;
    const skip = autoTrackSkip({ ...row, removed: false }, preview, now, locked);
    if (timeRecordId !== null) outcome = 'tracked';
    else if (otherRuleId !== null) outcome = 'other_rule';
    else if (mode === 'suggest') outcome = 'suggest';
    else if (skip === 'upcoming') outcome = 'track_when_ended';
    else if (skip !== null && skip !== 'removed') [outcome, skipReason] = ['skip', skip];
    else if (state?.ruleTrackedAt) [outcome, skipReason] = ['skip', 'undone'];
    else if (isDismissed(state, seriesRows.get(row.uid))) [outcome, skipReason] = ['skip', 'dismissed'];
    else outcome = 'track_now';
    return {
      impulseId: row.id,
      start: row.start,
      end: row.end,
      allDay: row.allDay,
      summary: row.private ? translate(actor.language, 'label.private_appointment') : row.summary,
      private: row.private,
      cancelled: row.cancelled,
      ended,
      timeRecordId,
      outcome,
      otherRuleId,
      skipReason,
    };
  });
  return { items, from: formatInstant(new Date(window.from)), to: formatInstant(new Date(window.to)) };
}
