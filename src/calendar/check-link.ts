// The link check a user's pasted calendar address goes through before anything is fetched
// or saved (POST /connections/check and connection writes). Pure: no I/O, no clock.

export type LinkNotice = { code: 'webcal_converted' };

export type LinkProblemCode = 'invalid_url' | 'https_required' | 'html_view_link';

export type LinkCheck =
  | { ok: true; url: string; notices: LinkNotice[] }
  | { ok: false; code: LinkProblemCode; params: Record<string, string> };

export type CalendarProvider = 'exchange' | 'ics';

// what mail clients and chat tools wrap a pasted link in: quotes, <angle brackets>, backticks
const WRAPPING_CHARS = /^[\s"'`<>\u201c\u201d\u2018\u2019\u00ab\u00bb]+|[\s"'`<>\u201c\u201d\u2018\u2019\u00ab\u00bb]+$/g;

// Outlook "Publish this calendar" and OWA "Public calendar" give two links: the HTML view
// (calendar.html / reachcalendar.html) and the subscription link (calendar.ics / reachcalendar.ics).
// People copy the first one; the .ics sibling is the same path with the other extension.
const HTML_VIEW_FILE = /\/(calendar|reachcalendar)\.html?$/i;

export function checkLink(input: string): LinkCheck {
  let text = input.replace(WRAPPING_CHARS, '');
  const notices: LinkNotice[] = [];
  if (text === '') return invalid('empty');

  // webcal:// is the "open in calendar app" form of the same https resource (RFC-less, Apple's)
  const webcal = /^webcals?:\/\//i.exec(text);
  if (webcal) {
    text = `https://${text.slice(webcal[0].length)}`;
    notices.push({ code: 'webcal_converted' });
  }

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return invalid(/^[a-z][a-z0-9+.-]*:/i.test(text) ? 'unparseable' : 'no_scheme');
  }

  if (url.protocol === 'http:') {
    const secure = new URL(url.href);
    secure.protocol = 'https:';
    secure.hash = '';
    return { ok: false, code: 'https_required', params: { suggestion: secure.href } };
  }
  if (url.protocol !== 'https:') return invalid('scheme');
  if (url.hostname === '') return invalid('no_host');
  // a link with user:password@ would put a credential where we only expect a secret path
  if (url.username !== '' || url.password !== '') return invalid('credentials');

  url.hash = '';
  const htmlView = HTML_VIEW_FILE.exec(url.pathname);
  if (htmlView) {
    const ics = new URL(url.href);
    ics.pathname = `${url.pathname.slice(0, htmlView.index)}/${htmlView[1]}.ics`;
    return { ok: false, code: 'html_view_link', params: { icsUrl: ics.href } };
  }
  return { ok: true, url: url.href, notices };
}

function invalid(reason: string): LinkCheck {
  return { ok: false, code: 'invalid_url', params: { reason } };
}

// A file name worth showing: short, a calendar extension, no long token-like run of hex/digits
// (Exchange ends links with calendar.ics, Google with basic.ics; Nextcloud ends with the token).
const SHOWABLE_TAIL = /^[a-z][a-z0-9_-]{0,23}\.(ics|ical|ifb|vcs|html?)$/i;
const TOKEN_LIKE = /[0-9a-f]{8,}|\d{5,}/i;

/**
 * Host, a fingerprint of the secret part and a short, non-secret tail, e.g.
 * `outlook.office365.com/…/8a7b…2345/calendar.ics`: enough to tell a user's calendars on one
 * host apart, never enough to rebuild the link (at most a third of a long token, the last four
 * characters of a shorter one, nothing of a short one or of the query).
 */
export function maskUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '…';
  }
  const segments = parsed.pathname.split('/').filter((segment) => segment !== '');
  const last = segments.at(-1);
  if (last === undefined) return parsed.host;
  const isShowable = SHOWABLE_TAIL.test(last) && !TOKEN_LIKE.test(last.replace(/\.[^.]*$/, ''));
  const tail = isShowable ? [last] : [];
  const token = longestToken(isShowable ? segments.slice(0, -1) : segments);
  const middle = token === null ? [] : [fingerprint(token)];
  if (tail.length === 0 && middle.length === 0) return `${parsed.host}/…`;
  return segments.length === 1 && middle.length === 0 ? `${parsed.host}/${last}` : [parsed.host, '…', ...middle, ...tail].join('/');
}

const MIN_TOKEN_CHARS = 12;
const LONG_TOKEN_CHARS = 24;

function longestToken(segments: string[]): string | null {
  let best: string | null = null;
  for (const segment of segments) if (segment.length >= MIN_TOKEN_CHARS && segment.length >= (best?.length ?? 0)) best = segment;
  return best;
}

function fingerprint(segment: string): string {
  // a file extension (".ics") is no part of the secret: keep it visible, fingerprint the rest
  const extension = /\.(ics|ical|ifb|vcs)$/i.exec(segment)?.[0] ?? '';
  const token = segment.slice(0, segment.length - extension.length);
  if (token.length >= LONG_TOKEN_CHARS) return `${token.slice(0, 4)}…${token.slice(-4)}${extension}`;
  if (token.length >= MIN_TOKEN_CHARS) return `…${token.slice(-4)}${extension}`;
  return `…${extension}`;
}

const EXCHANGE_HOSTS = ['office365.com', 'outlook.com', 'office.com', 'outlook.live.com', 'live.com'];

export function detectProvider(url: string): CalendarProvider {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'ics';
  }
  const host = parsed.hostname.toLowerCase();
  if (EXCHANGE_HOSTS.some((suffix) => host === suffix || host.endsWith(`.${suffix}`))) return 'exchange';
  // on-premises Exchange publishes under Outlook Web App: /owa/calendar/<id>/<id>/calendar.ics
  return /^\/owa\//i.test(parsed.pathname) ? 'exchange' : 'ics';
}
