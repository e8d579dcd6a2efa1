// Which feed a link stands for, without keeping the link: the links of one feed as a user may
// paste them (webcal://, upper-case host, a trailing dot) give one keyed hash. Pure crypto, no I/O.
import { createHmac } from 'node:crypto';

/** The link as checkLink normalised it, with the host in one form (case, trailing dot) and no fragment. */
export function linkIdentity(url: string): string {
  const parsed = new URL(url.replace(/^webcals?:\/\//i, 'https://'));
  parsed.hash = '';
  parsed.hostname = parsed.hostname.toLowerCase().replace(/\.$/, '');
  return parsed.href;
}

/** HMAC-SHA256 with the link key: equal for equal feeds, meaningless without KAIROS_SECRET. */
export function linkHash(secretKey: Uint8Array, url: string): string {
  return createHmac('sha256', secretKey)
    .update(`calendar-link\n${linkIdentity(url)}`)
    .digest('base64url');
}
