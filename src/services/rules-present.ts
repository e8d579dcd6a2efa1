import type { Rule } from '../contract/rules.ts';
import type { RuleRow } from '../db/rules-repository.ts';
import { formatInstant } from '../domain/time-range.ts';
import type { Language } from '../i18n/translate.ts';
import { translate } from '../i18n/translate.ts';
import type { SuggestingRule } from './impulses-present.ts';

/** A stored rule as the domain engine sees it. */
export function toRuleLike(row: RuleRow): SuggestingRule & { mode: RuleRow['mode'] } {
  const common = { id: row.id, createdAt: row.createdAt, projectId: row.projectId, taskId: row.taskId, tagIds: row.tagIds, mode: row.mode };
  return row.kind === 'series'
    ? { ...common, kind: 'series', seriesKey: row.seriesKey ?? '' }
    : { ...common, kind: 'subject', pattern: row.pattern ?? '' };
}

export function presentRule(row: RuleRow, labels: Map<string, { summary: string; private: boolean }>, language: Language): Rule {
  const label = row.seriesKey === null ? undefined : labels.get(row.seriesKey);
  return {
    id: row.id,
    kind: row.kind,
    pattern: row.pattern,
    seriesLabel:
      row.kind !== 'series'
        ? null
        : label === undefined
          ? null
          : label.private
            ? translate(language, 'label.private_appointment')
            : label.summary,
    projectId: row.projectId,
    taskId: row.taskId,
    tagIds: row.tagIds,
    mode: row.mode,
    createdAt: formatInstant(row.createdAt),
    version: row.version,
  };
}
