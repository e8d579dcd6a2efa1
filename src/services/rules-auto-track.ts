// "Track automatically" rules: after a refresh of a connection, every meeting of it that ended
// inside the owner's impulse window and that a track rule picks (src/domain/rules.ts) becomes a
// time record (source 'rule', linked to the meeting), in one transaction per connection. Never for
// cancelled, free, all-day or removed meetings, nor private ones without a series rule, nor inside
// the locked period, nor twice: the unique (user, impulse) link of manual tracking holds, and a
// meeting a rule tracked once is never tracked by a rule again, also after its record was deleted.
import { Temporal } from 'temporal-polyfill';
import { findOrganization, findUser } from '../db/accounts-repository.ts';
import * as catalog from '../db/catalog-repository.ts';
import * as repo from '../db/rules-repository.ts';
import { autoTrackSkip, pickRule } from '../domain/rules.ts';
import { isLocked } from '../domain/time-record-rules.ts';
import { parseInstant, startOfLocalDay } from '../domain/time-range.ts';
import { translate } from '../i18n/translate.ts';
import { toActor } from './accounts.ts';
import type { Deps } from './deps.ts';
import { toRuleLike } from './rules-present.ts';
import { newId } from './secrets.ts';
import { requireVisibleProject } from './time-records-access.ts';

const MAX_RECORD_MS = 7 * 86_400_000;

type Target = { projectId: string; taskId: string | null; tagIds: string[]; billable: boolean };

/** Answers how many records the connection's owner's rules made. */
export async function autoTrackConnection(deps: Deps, connection: { id: string; orgId: string; userId: string }): Promise<number> {
  const owner = { orgId: connection.orgId, userId: connection.userId };
  const rules = (await repo.listRules(deps.db, owner)).map(toRuleLike);
  if (!rules.some((rule) => rule.mode === 'track')) return 0;
  const [user, organization] = await Promise.all([findUser(deps.db, owner.orgId, owner.userId), findOrganization(deps.db, owner.orgId)]);
  if (!user?.active || !organization) return 0;
  const now = deps.now();
  const today = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(user.timeZone).toPlainDate();
  const from = new Date(startOfLocalDay(today.subtract({ days: user.impulsePastDays }), user.timeZone).epochMilliseconds);
  const candidates = await repo.autoTrackCandidates(deps.db, connection.id, owner.userId, from, now);
  if (candidates.length === 0) return 0;

  const actor = toActor(user, 'token', organization.lockedUntil);
  const locked = (start: string) => isLocked(parseInstant(start), organization.lockedUntil, user.timeZone);
  const targets = new Map<string, Target | null>();
  // a rule whose project the person no longer sees, or that was archived, tracks nothing
  async function targetOf(rule: (typeof rules)[number]): Promise<Target | null> {
    if (targets.has(rule.id)) return targets.get(rule.id)!;
    let target: Target | null = null;
    const project = await requireVisibleProject(deps, actor, rule.projectId).catch(() => null);
    if (project && !project.archived) {
      const task = rule.taskId ? await catalog.findTask(deps.db, owner.orgId, rule.taskId) : null;
      const tags = rule.tagIds.length > 0 ? await catalog.listTags(deps.db, owner.orgId) : [];
      const openTags = new Set(tags.filter((tag) => !tag.archived).map((tag) => tag.id));
      target = {
        projectId: project.id,
        taskId: task && !task.archived && task.projectId === project.id ? task.id : null,
        tagIds: rule.tagIds.filter((id) => openTags.has(id)),
        billable: project.billable,
      };
    }
    targets.set(rule.id, target);
    return target;
  }

  const records: repo.RuleRecord[] = [];
  const snapshots = new Map<string, { start: string; end: string; summary: string }>();
  for (const row of candidates) {
    const meeting = {
      uid: row.uid,
      summary: row.summary,
      private: row.private,
      start: row.start,
      end: row.end,
      allDay: row.all_day,
      cancelled: row.cancelled,
      busyStatus: row.busy_status,
      removed: false,
    };
    // a record lasts more than nothing and at most 7 days (src/domain/time-record-rules.ts)
    const length = Date.parse(row.end) - Date.parse(row.start);
    if (!(length > 0 && length <= MAX_RECORD_MS)) continue;
    const rule = pickRule(rules, meeting);
    if (!rule || rule.mode !== 'track' || autoTrackSkip(meeting, rule, now, locked) !== null) continue;
    const target = await targetOf(rule);
    if (!target) continue;
    records.push({
      id: newId(),
      orgId: owner.orgId,
      userId: owner.userId,
      projectId: target.projectId,
      taskId: target.taskId,
      description: row.private ? translate(user.language, 'label.private_appointment') : row.summary,
      billable: target.billable,
      tagIds: target.tagIds,
      startsAt: new Date(row.start),
      endsAt: new Date(row.end),
      source: 'rule',
      impulseId: row.id,
      ruleId: rule.id,
      updatedAt: now,
    });
    snapshots.set(row.id, { start: row.start, end: row.end, summary: row.summary });
  }
  if (records.length === 0) return 0;
  const made = await deps.db.transaction((tx) => repo.insertRuleRecords(tx, owner, records, snapshots, now));
  return made.length;
}
