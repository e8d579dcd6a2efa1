// The project's one file doing outbound HTTP: fetching a user's calendar feed safely.
// A link is a secret and user-supplied: it never appears in an outcome or error, every hop is
// address-checked at connect time (fetch-address-guard.ts), size and time are bounded, and TLS
// verification is never relaxed (an internal CA is added to the default ones instead).
import { createHash } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { createSecureContext, rootCertificates } from 'node:tls';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import { createAddressPolicy, createGuardedLookup, literalAddress, ssrfError } from './fetch-address-guard.ts';
import { isICalendar, isSignInPage, isSignInUrl, parseRetryAfter } from './fetch-classify.ts';
import { mapFetchError, type FeedFetchError } from './fetch-errors.ts';
import { readDecodedBody } from './fetch-read-body.ts';

export type { FeedFetchError } from './fetch-errors.ts';

export type FetchOutcome =
  | {
      kind: 'ok';
      body: Uint8Array;
      etag: string | null;
      lastModified: string | null;
      /** sha256 hex of the decoded body */
      contentHash: string;
      finalUrl: string;
      status: number;
    }
  | { kind: 'not_modified'; etag: string | null; lastModified: string | null }
  | {
      kind: 'error';
      code: FeedFetchError;
      status: number | null;
      retryAfterMs: number | null;
      /** for logs; never contains the link's path or query */
      detail: string;
    };

export type FeedFetcherOptions = {
  maxBytes: number;
  timeoutMs: number;
  connectTimeoutMs?: number;
  /** host names, addresses or CIDRs exempt from the private-address block */
  allowHosts?: string[];
  /** an extra trusted CA (on-premises Exchange with an internal CA), added to the default ones */
  caPem?: string;
  /** injectable resolver (dns.lookup fits); every answer still goes through the address guard */
  lookup?: LookupFunction;
  maxRedirects?: number;
};

export type ConditionalRequest = { etag?: string | null; lastModified?: string | null };

export type FeedFetcher = {
  fetch(url: string, conditional?: ConditionalRequest): Promise<FetchOutcome>;
  /**
   * The address rules of a fetch without fetching: a literal address or every answer of the
   * resolver goes through the same guard (allowHosts included). Null when a fetch may connect.
   */
  checkAddress(url: string): Promise<{ code: 'ssrf_blocked' | 'dns_error' | 'timeout'; detail: string } | null>;
  close(): Promise<void>;
};

export const FEED_MAX_BYTES = 20 * 1024 * 1024;
export const FEED_TIMEOUT_MS = 15_000;
const MAX_REDIRECTS = 5;
const USER_AGENT = 'Kairos/0.1 (+calendar sync)';
const ACCEPT = 'text/calendar, */*;q=0.5';
const DISCARD_LIMIT_BYTES = 64 * 1024;

type ErrorOutcome = Extract<FetchOutcome, { kind: 'error' }>;

export function createFeedFetcher(options: FeedFetcherOptions): FeedFetcher {
  const policy = createAddressPolicy(options.allowHosts);
  const lookup = createGuardedLookup(options.lookup ?? dnsLookup, policy);
  // The CA list is parsed into one TLS context per fetcher: handing `ca` to every tls.connect
  // would rebuild a context from the whole bundle for each connection (tens of ms of blocked loop).
  const secureContext = options.caPem === undefined ? undefined : createSecureContext({ ca: [...rootCertificates, options.caPem] });
  const tlsConnect = buildConnector({
    timeout: options.connectTimeoutMs ?? Math.min(10_000, options.timeoutMs),
    lookup,
    ...(secureContext === undefined ? {} : { secureContext }),
  });
  const agent = new Agent({
    // Node connects to an IP literal without calling lookup, so the connector checks it too
    connect: (connectOptions, callback) => {
      const literal = literalAddress(connectOptions.hostname);
      const reason = literal === null ? null : policy.blockedReason(literal, connectOptions.hostname);
      if (reason !== null) return callback(ssrfError(reason), null);
      tlsConnect(connectOptions, callback);
    },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;

  async function fetchFollowingRedirects(link: string, conditional: ConditionalRequest, signal: AbortSignal): Promise<FetchOutcome> {
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      return failure('unreachable', null, 'not a valid URL');
    }
    const visited = new Set<string>();
    for (let redirects = 0; ; redirects += 1) {
      if (url.protocol !== 'https:') return failure('unreachable', null, 'only https links are fetched');
      const literal = literalAddress(url.hostname);
      const reason = literal === null ? null : policy.blockedReason(literal, url.hostname);
      if (reason !== null) return failure('ssrf_blocked', null, ssrfError(reason).message);
      visited.add(url.href);

      const response = await agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: requestHeaders(conditional),
        signal,
      });
      if (!isRedirect(response.statusCode)) return interpret(response, url, conditional);

      await discard(response);
      const location = header(response, 'location');
      if (location === undefined) return failure('http_error', response.statusCode, 'redirect without Location');
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        return failure('http_error', response.statusCode, 'redirect to an invalid Location');
      }
      if (isSignInUrl(next)) {
        return failure('login_required', response.statusCode, `redirect to a sign-in page on ${next.hostname}`);
      }
      if (next.protocol !== 'https:') return failure('http_error', response.statusCode, 'redirect from https to http refused');
      if (visited.has(next.href)) return failure('too_many_redirects', response.statusCode, 'redirect loop');
      if (redirects + 1 > maxRedirects) {
        return failure('too_many_redirects', response.statusCode, `more than ${maxRedirects} redirects`);
      }
      url = next;
    }
  }

  async function interpret(response: Dispatcher.ResponseData, url: URL, conditional: ConditionalRequest): Promise<FetchOutcome> {
    const status = response.statusCode;
    const etag = header(response, 'etag') ?? null;
    const lastModified = header(response, 'last-modified') ?? null;
    if (status === 304) {
      await discard(response);
      return {
        kind: 'not_modified',
        etag: etag ?? conditional.etag ?? null,
        lastModified: lastModified ?? conditional.lastModified ?? null,
      };
    }
    if (status < 200 || status > 299) {
      await discard(response);
      return statusFailure(status, header(response, 'retry-after'));
    }

    const contentEncoding = header(response, 'content-encoding');
    const declaredLength = Number(header(response, 'content-length') ?? Number.NaN);
    if (contentEncoding === undefined && declaredLength > options.maxBytes) {
      response.body.destroy();
      return failure('too_large', status, `declared length over ${options.maxBytes} bytes`);
    }
    const read = await readDecodedBody(response.body, contentEncoding, options.maxBytes, declaredLength);
    if (read.kind === 'too_large') return failure('too_large', status, `decoded body over ${options.maxBytes} bytes`);
    if (read.kind === 'decode_error') return failure('http_error', status, read.detail);

    const contentType = header(response, 'content-type');
    if (!isICalendar(read.body)) {
      if (isSignInPage(read.body, contentType)) return failure('login_required', status, 'answered with a sign-in page');
      return failure('not_ics', status, `not iCalendar (content-type ${contentType ?? 'none'})`);
    }
    return {
      kind: 'ok',
      body: read.body,
      etag,
      lastModified,
      contentHash: createHash('sha256').update(read.body).digest('hex'),
      finalUrl: url.href,
      status,
    };
  }

  const connectTimeoutMs = options.connectTimeoutMs ?? Math.min(10_000, options.timeoutMs);

  function checkAddress(link: string): Promise<{ code: 'ssrf_blocked' | 'dns_error' | 'timeout'; detail: string } | null> {
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      return Promise.resolve(null);
    }
    const literal = literalAddress(url.hostname);
    if (literal !== null) {
      const reason = policy.blockedReason(literal, url.hostname);
      return Promise.resolve(reason === null ? null : { code: 'ssrf_blocked', detail: ssrfError(reason).message });
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ code: 'timeout', detail: 'the resolver did not answer in time' }), connectTimeoutMs);
      lookup(url.hostname, { all: true }, (error) => {
        clearTimeout(timer);
        if (error === null) return resolve(null);
        const mapped = mapFetchError(error);
        resolve({ code: mapped.code === 'ssrf_blocked' ? 'ssrf_blocked' : 'dns_error', detail: mapped.detail });
      });
    });
  }

  return {
    checkAddress,
    async fetch(link, conditional = {}) {
      const controller = new AbortController();
      let timedOut = false;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<FetchOutcome>((resolve) => {
        timer = setTimeout(() => {
          timedOut = true;
          controller.abort();
          resolve(failure('timeout', null, `no complete answer within ${options.timeoutMs} ms`));
        }, options.timeoutMs);
      });
      const work = fetchFollowingRedirects(link, conditional, controller.signal).catch((error: unknown) =>
        timedOut ? failure('timeout', null, 'aborted at the time limit') : fromException(error),
      );
      try {
        return await Promise.race([work, deadline]);
      } finally {
        clearTimeout(timer);
        // an outcome reached before the deadline leaves nothing running; one after it is dropped
        if (!timedOut) controller.abort();
      }
    },
    async close() {
      await agent.destroy();
    },
  };
}

function requestHeaders(conditional: ConditionalRequest): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    accept: ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
  };
  if (conditional.etag) headers['if-none-match'] = conditional.etag;
  if (conditional.lastModified) headers['if-modified-since'] = conditional.lastModified;
  return headers;
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function header(response: Dispatcher.ResponseData, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function discard(response: Dispatcher.ResponseData): Promise<void> {
  // reading a small rest keeps the connection reusable; a big one is cut off instead
  await response.body.dump({ limit: DISCARD_LIMIT_BYTES }).catch(() => undefined);
}

function statusFailure(status: number, retryAfter: string | undefined): ErrorOutcome {
  if (status === 404 || status === 410) return failure('unpublished', status, `HTTP ${status}`);
  if (status === 401 || status === 403) return failure('feed_forbidden', status, `HTTP ${status}`);
  if (status === 429 || status >= 500) {
    return { ...failure('server_error', status, `HTTP ${status}`), retryAfterMs: parseRetryAfter(retryAfter, Date.now()) };
  }
  return failure('http_error', status, `HTTP ${status}`);
}

/** The parameters a feed problem's message is rendered with (feed.<code>.message in src/i18n). */
export function feedErrorParams(outcome: Pick<ErrorOutcome, 'status'>): Record<string, number> {
  return outcome.status === null ? {} : { status: outcome.status };
}

function failure(code: FeedFetchError, status: number | null, detail: string): ErrorOutcome {
  return { kind: 'error', code, status, retryAfterMs: null, detail };
}

function fromException(error: unknown): ErrorOutcome {
  const mapped = mapFetchError(error);
  return failure(mapped.code, null, mapped.detail);
}

/** For the `kairos ics inspect <url>` support command: one fetch with the default limits. */
export async function fetchFeedOnce(
  url: string,
  options: Partial<FeedFetcherOptions> = {},
): Promise<{ ok: true; body: Uint8Array } | { ok: false; code: string; message: string }> {
  const fetcher = createFeedFetcher({ maxBytes: FEED_MAX_BYTES, timeoutMs: FEED_TIMEOUT_MS, ...options });
  try {
    const outcome = await fetcher.fetch(url);
    if (outcome.kind === 'ok') return { ok: true, body: outcome.body };
    if (outcome.kind === 'not_modified') return { ok: false, code: 'not_modified', message: 'not modified' };
    return { ok: false, code: outcome.code, message: outcome.detail };
  } finally {
    await fetcher.close();
  }
}
