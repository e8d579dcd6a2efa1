// Maps what Node, OpenSSL and undici throw during a feed fetch to a feed error code.
// Details keep only error codes: Node's messages name the host, undici's may carry the URL.
import { SSRF_ERROR_CODE } from './fetch-address-guard.ts';

export type FeedFetchError =
  | 'unpublished'
  | 'login_required'
  | 'feed_forbidden'
  | 'server_error'
  | 'timeout'
  | 'too_large'
  | 'not_ics'
  | 'tls_error'
  | 'dns_error'
  | 'unreachable'
  | 'ssrf_blocked'
  | 'too_many_redirects'
  | 'http_error';

/** Codes that only an HTTP answer gives: their outcome always carries the status. */
export const ANSWERED_FETCH_ERRORS: ReadonlySet<FeedFetchError> = new Set([
  'unpublished',
  'login_required',
  'feed_forbidden',
  'server_error',
  'too_large',
  'not_ics',
  'too_many_redirects',
  'http_error',
]);

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA', 'ENODATA']);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
// OpenSSL verification results as Node reports them, plus Node's own TLS / SSL codes
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_)|CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY|DECRYPT)|^EPROTO$/;

export function mapFetchError(error: unknown): { code: FeedFetchError; detail: string } {
  const codes = collectCodes(error);
  const detail = codes.length > 0 ? codes.join(' < ') : errorName(error);
  if (codes.includes(SSRF_ERROR_CODE)) return { code: 'ssrf_blocked', detail: ssrfReason(error) ?? detail };
  if (codes.some((code) => DNS_CODES.has(code))) return { code: 'dns_error', detail };
  if (codes.some((code) => TIMEOUT_CODES.has(code))) return { code: 'timeout', detail };
  if (codes.some((code) => TLS_CODE.test(code))) return { code: 'tls_error', detail };
  // no HTTP answer came (http_error is for answers that cannot be used): ECONNREFUSED,
  // ECONNRESET, EHOSTUNREACH, a socket closed early... the server could not be reached
  return { code: 'unreachable', detail };
}

/** codes along the cause chain and inside AggregateErrors (Happy Eyeballs tries every address) */
function collectCodes(error: unknown, depth = 0): string[] {
  if (typeof error !== 'object' || error === null || depth > 5) return [];
  const codes: string[] = [];
  if ('code' in error && typeof error.code === 'string') codes.push(error.code);
  if (error instanceof AggregateError) {
    for (const inner of error.errors) codes.push(...collectCodes(inner, depth + 1));
  }
  if ('cause' in error) codes.push(...collectCodes(error.cause, depth + 1));
  return codes;
}

function ssrfReason(error: unknown, depth = 0): string | null {
  if (typeof error !== 'object' || error === null || depth > 5) return null;
  if ('code' in error && error.code === SSRF_ERROR_CODE && error instanceof Error) return error.message;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const reason = ssrfReason(inner, depth + 1);
      if (reason !== null) return reason;
    }
  }
  return 'cause' in error ? ssrfReason(error.cause, depth + 1) : null;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown error';
}
