// No reader ever sees a "{placeholder}": every API error and feed state, rendered in both
// languages with the parameters its code paths pass, is plain text.
import { describe, expect, it } from 'vitest';
import { ANSWERED_FETCH_ERRORS, type FeedFetchError, mapFetchError } from '../calendar/fetch-errors.ts';
import { feedErrorParams } from '../calendar/fetch-feed.ts';
import { errorStatus } from '../errors.ts';
import { renderProblem } from '../services/connections-present.ts';
import { cs } from './cs.ts';
import { en } from './en.ts';
import { languages } from './translate.ts';

const PLACEHOLDER = /\{\w+\}/;

// what the throw sites pass (services, api/auth.ts, api/error-handler.ts); a message or hint
// that needs more than its code's entry here fails below until its throw site passes it
const ERROR_PARAMS: Partial<Record<keyof typeof errorStatus, Record<string, string | number>>> = {
  version_conflict: { sent: 1, current: 2 },
  https_required: { suggestion: 'https://calendar.example.test/a.ics' },
  html_view_link: { icsUrl: 'https://calendar.example.test/calendar.ics' },
  period_locked: { lockedUntil: '2027-03-01' },
  internal: { requestId: 'req-1' },
  project_archived: { name: 'Engine' },
  task_archived: { name: 'Review' },
  name_taken: { name: 'Travel' },
  connection_exists: { name: 'Work' },
  csrf_failed: { publicUrl: 'https://kairos.example.test' },
  timesheet_day_too_long: { date: '2026-03-29', hours: 23 },
  timesheet_record_spans_day: { date: '2026-03-29' },
  rule_matches_everything: { min: 2 },
  // src/services/backup-format.ts; errorParams fills `detail` of backup_damaged from backup.damage.<kind>
  backup_truncated: { lines: 12 },
  backup_damaged: { line: 7, detail: 'the line is not JSON' },
  backup_too_new: { version: '0.2.0', schema: '0017_next', current: '0016_tracking_rules' },
  restore_failed: { from: 7, to: 1006, detail: 'duplicate key value violates unique constraint "time_records_pkey"' },
  database_too_new: { current: '0016_tracking_rules' },
  // src/services/organization-backup.ts
  organization_exists: { name: 'Babbage s.r.o.' },
  organization_unknown: { organization: 'Babbage' },
  organization_ambiguous: { organization: 'Babbage', ids: 'org-1, org-2' },
  member_elsewhere: { emails: 'ada@example.test, charles@example.test' },
  // src/api/upload-lines.ts
  upload_too_large: { limit: '256 MiB' },
  unsupported_upload: { type: 'application/x-ndjson' },
};

// every feed state the fetcher gives has a text
const FETCH_CODES: FeedFetchError[] = [
  'unpublished',
  'login_required',
  'feed_forbidden',
  'server_error',
  'timeout',
  'too_large',
  'not_ics',
  'tls_error',
  'dns_error',
  'unreachable',
  'ssrf_blocked',
  'too_many_redirects',
  'http_error',
];
// the catalogue's feed states, with what refresh-connection.ts and the link check pass: the
// fetcher's status only where an answer came, the parser's line for invalid_ics
const FEED_CODES = Object.keys(en)
  .filter((key) => /^feed\.\w+\.message$/.test(key))
  .map((key) => key.split('.')[1]!);
function feedParams(code: string): Record<string, number> {
  if (code === 'invalid_ics') return { line: 0 };
  return feedErrorParams({ status: ANSWERED_FETCH_ERRORS.has(code as FeedFetchError) ? 404 : null });
}

function rendered(problem: { message: string; hint?: string }): string {
  return `${problem.message} ${problem.hint ?? ''}`;
}

describe('rendered messages keep no placeholder', () => {
  it('uses the same placeholders in Czech as in English, for every text', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(names(cs[key]), key).toEqual(names(en[key]));
  });

  it.each(languages)('renders every API error in %s with the parameters its throw sites pass', (language) => {
    for (const code of Object.keys(errorStatus) as (keyof typeof errorStatus)[]) {
      const problem = renderProblem(language, 'error', { code, params: ERROR_PARAMS[code] ?? {} });
      expect(problem.message, code).not.toBe(code);
      expect(rendered(problem), code).not.toMatch(PLACEHOLDER);
    }
  });

  it.each(languages)('renders every feed state in %s as the fetcher and the import report it', (language) => {
    expect(FEED_CODES).toEqual(
      expect.arrayContaining([...FETCH_CODES, 'invalid_ics', 'truncated', 'availability_only', 'secret_changed', 'link_missing']),
    );
    for (const code of [...FETCH_CODES, 'secret_changed', 'link_missing'])
      expect(renderProblem(language, 'feed', { code, params: feedParams(code) }).hint, code).toBeDefined();
    for (const code of FEED_CODES) {
      // a link that never worked has its own texts for some codes (the `.first` keys)
      for (const neverWorked of [false, true]) {
        expect(rendered(renderProblem(language, 'feed', { code, params: feedParams(code) }, { neverWorked })), code).not.toMatch(
          PLACEHOLDER,
        );
      }
    }
  });

  it('gives an exception (no HTTP answer, so no status) only codes whose texts need no status', () => {
    const thrown = [
      'ECONNREFUSED',
      'ECONNRESET',
      'EHOSTUNREACH',
      'ENOTFOUND',
      'UND_ERR_CONNECT_TIMEOUT',
      'CERT_HAS_EXPIRED',
      'UND_ERR_SOCKET',
      'ERR_KAIROS_SSRF_BLOCKED',
    ].map((code) => mapFetchError(Object.assign(new Error('fetch failed'), { cause: Object.assign(new Error(code), { code }) })).code);
    expect(thrown).toEqual([
      'unreachable',
      'unreachable',
      'unreachable',
      'dns_error',
      'timeout',
      'tls_error',
      'unreachable',
      'ssrf_blocked',
    ]);
    expect(mapFetchError(new TypeError('something else')).code).toBe('unreachable');
    for (const code of thrown) expect(ANSWERED_FETCH_ERRORS.has(code), code).toBe(false);
  });
});
