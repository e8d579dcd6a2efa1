// What an HTTP answer from a calendar host means, decided from bytes and headers alone.
// Pure helpers of fetch-feed.ts; every rule here comes from a real Exchange failure.

const BEGIN_VCALENDAR = 'BEGIN:VCALENDAR';

/** RFC 5545 §3.4: the object starts with BEGIN:VCALENDAR; Exchange may prepend a BOM or a blank line. */
export function isICalendar(body: Uint8Array): boolean {
  let offset = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  while (offset < body.length && isAsciiWhitespace(body[offset] as number)) offset += 1;
  const head = Buffer.from(body.subarray(offset, offset + BEGIN_VCALENDAR.length)).toString('latin1');
  return head.toUpperCase() === BEGIN_VCALENDAR;
}

function isAsciiWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0c;
}

// When an organisation forbids anonymous publishing, Office 365 / Exchange answer the old
// link with a redirect to Azure AD, Microsoft account, AD FS or the OWA forms login.
const SIGN_IN_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoft.com',
  'login.windows.net',
  'login.live.com',
  'account.live.com',
]);
const SIGN_IN_PATH = /^\/(owa\/auth\/logon\.aspx|owa\/auth\.owa|adfs\/ls\b|adfs\/oauth2\b)/i;

export function isSignInUrl(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  return SIGN_IN_HOSTS.has(host) || /^(adfs|sts|fs)\./.test(host) || SIGN_IN_PATH.test(url.pathname);
}

const SIGN_IN_MARKERS = [
  /<input[^>]*type\s*=\s*["']?password/i,
  /\bsign[\s-]?in\b/i,
  /p[řr]ihl[aá][sš]/i, // Czech OWA: "Přihlásit se"
  /login\.microsoftonline\.com|\/owa\/auth\//i,
];

/** An HTML answer with a password field or sign-in wording: the link needs an account now. */
export function isSignInPage(body: Uint8Array, contentType: string | undefined): boolean {
  const head = Buffer.from(body.subarray(0, 64 * 1024)).toString('utf8');
  const isHtml = /html/i.test(contentType ?? '') || /^\s*</.test(head.replace(/^\uFEFF/, ''));
  return isHtml && SIGN_IN_MARKERS.some((marker) => marker.test(head));
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/**
 * The calendar's own name (X-WR-CALNAME) from the head of a feed, without parsing it: what a
 * new connection is called when the user gives no name. Null when there is none.
 */
export function feedCalendarName(body: Uint8Array): string | null {
  const head = Buffer.from(body.subarray(0, 64 * 1024))
    .toString('utf8')
    .replace(/\r?\n[ \t]/g, '');
  const match = /^X-WR-CALNAME(?:;[^:\r\n]*)?:(.*)$/im.exec(head);
  if (!match) return null;
  const name = (match[1] ?? '').replace(/\\([\\;,nN])/g, (_whole, char: string) => (char === 'n' || char === 'N' ? ' ' : char)).trim();
  return name === '' ? null : name.slice(0, 200);
}
