import type { Connection } from '../contract/connections.ts';
import type { StoredError, StoredNotice } from '../db/calendar-schema.ts';
import type { ConnectionRow } from '../db/connections-repository.ts';
import { formatInstant } from '../domain/time-range.ts';
import { isMessageKey, type Language, translate } from '../i18n/translate.ts';

// Feed states are stored as codes with parameters and rendered in the reader's language. A
// link that never worked gets the `.first` texts where a code has them: "publishing was
// stopped" is wrong for a link that was never published.
export function renderProblem(
  language: Language,
  prefix: 'feed' | 'error',
  problem: StoredError,
  options: { neverWorked?: boolean } = {},
): { code: string; message: string; hint?: string } {
  const first = `${prefix}.${problem.code}.first`;
  const base = options.neverWorked && isMessageKey(`${first}.message`) ? first : `${prefix}.${problem.code}`;
  const messageKey = `${base}.message`;
  const hintKey = `${base}.hint`;
  return {
    code: problem.code,
    message: isMessageKey(messageKey) ? translate(language, messageKey, problem.params) : problem.code,
    ...(isMessageKey(hintKey) && { hint: translate(language, hintKey, problem.params) }),
  };
}

export function renderNotice(language: Language, notice: StoredNotice): { code: string; message: string } {
  const key = `notice.${notice.code}`;
  return { code: notice.code, message: isMessageKey(key) ? translate(language, key, notice.params ?? {}) : notice.code };
}

const iso = (value: Date | null) => (value === null ? null : formatInstant(value));

export function presentConnection(row: ConnectionRow, language: Language): Connection {
  return {
    id: row.id,
    provider: row.provider,
    name: row.name,
    enabled: row.enabled,
    urlMasked: row.urlMasked,
    status: row.enabled ? row.status : 'disabled',
    detailLevel: row.detailLevel,
    // the column counts occurrences (distinct occurrence keys) since the first sync
    occurrenceCount: row.eventCount,
    eventCount: row.eventCount,
    lastSyncAt: iso(row.lastSyncAt),
    lastSuccessAt: iso(row.lastSuccessAt),
    nextSyncAt: row.enabled ? iso(row.nextSyncAt) : null,
    lastError: row.lastError ? renderProblem(language, 'feed', row.lastError, { neverWorked: row.lastSuccessAt === null }) : null,
    notices: row.notices.map((notice) => renderNotice(language, notice)),
    version: row.version,
  };
}
