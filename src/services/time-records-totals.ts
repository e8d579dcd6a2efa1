import type { z } from 'zod';
import type { Totals } from '../contract/tracking.ts';
import { listUserRecordSpans } from '../db/time-records-repository.ts';
import type { Actor } from '../domain/actor.ts';
import { type GroupBy, totalsByPeriod } from '../domain/totals.ts';
import { toDate, toInstant } from '../domain/time-range.ts';
import type { Deps } from './deps.ts';
import { recordScope } from './time-records-access.ts';
import { validationFailed } from './time-records-rules.ts';
import { resolveRange, resolveSubject } from './time-records.ts';

const MAX_RANGE_DAYS = 400;

// Tracked time per local day or week of the caller (their zone and week start), for the caller
// or, for owners, admins and managers, another user of the organisation.
export async function timeRecordTotals(
  deps: Deps,
  actor: Actor,
  query: { from: string; to: string; groupBy: GroupBy; userId?: string | undefined },
): Promise<z.infer<typeof Totals>> {
  const userId = (await resolveSubject(deps, actor, query.userId)) ?? actor.userId;
  const range = resolveRange(actor, query.from, query.to);
  const start = range.from!,
    end = range.to!;
  if (end.since(start).total('hours') > MAX_RANGE_DAYS * 24) {
    throw validationFailed([{ path: 'query.to', message: `the range may span at most ${MAX_RANGE_DAYS} days` }]);
  }
  const scope = await recordScope(deps, actor);
  // someone else's records: a manager counts only the projects they manage
  const projectIds = scope && userId !== actor.userId ? scope.projectIds : undefined;
  const rows = await listUserRecordSpans(deps.db, actor.orgId, userId, toDate(start), toDate(end), projectIds);
  const items = totalsByPeriod({
    records: rows.map((row) => ({ start: toInstant(row.startsAt), end: toInstant(row.endsAt) })),
    range: { start, end },
    timeZone: actor.timeZone,
    groupBy: query.groupBy,
    weekStart: actor.weekStart,
  });
  return {
    groupBy: query.groupBy,
    timeZone: actor.timeZone,
    weekStart: actor.weekStart,
    items,
    totalSeconds: items.reduce((sum, item) => sum + item.seconds, 0),
  };
}
