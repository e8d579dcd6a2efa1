// The SSRF guard of fetch-feed.ts: which addresses a calendar link may reach. A user's link
// must never make the server talk to itself, its LAN or a cloud metadata endpoint, whatever
// the name resolves to, on any redirect hop (checked at connect time, so DNS rebinding
// between check and connect has no window).
import { isIP, type LookupFunction } from 'node:net';
import type { LookupAddress, LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';

type Ip = ipaddr.IPv4 | ipaddr.IPv6;

export type AddressPolicy = {
  /** why `address` may not be reached from `host`, or null when it may */
  blockedReason(address: string, host?: string): string | null;
};

export const SSRF_ERROR_CODE = 'ERR_KAIROS_SSRF_BLOCKED';

// Metadata endpoints stay blocked even inside an allowed CIDR: an allowed internal name that
// starts resolving to one of these is an attack, never an on-premises Exchange.
const METADATA_ADDRESSES = ['169.254.169.254', 'fd00:ec2::254', '100.100.100.200'].map((address) =>
  ipaddr.parse(address).toNormalizedString(),
);

/** allowHosts entries: host names (exact, case-insensitive), single addresses or CIDRs. */
export function createAddressPolicy(allowHosts: readonly string[] = []): AddressPolicy {
  const allowedNames = new Set<string>();
  const allowedRanges: [Ip, number][] = [];
  for (const raw of allowHosts) {
    const entry = raw
      .trim()
      .toLowerCase()
      .replace(/^\[|\]$/g, '');
    if (entry === '') continue;
    if (entry.includes('/')) {
      if (!ipaddr.isValidCIDR(entry)) throw new Error(`allowHosts: not a CIDR: ${entry}`);
      allowedRanges.push(ipaddr.parseCIDR(entry));
    } else if (isIP(entry) !== 0) {
      const ip = ipaddr.parse(entry);
      allowedRanges.push([ip, ip.kind() === 'ipv4' ? 32 : 128]);
    } else {
      allowedNames.add(entry.replace(/\.$/, ''));
    }
  }

  const isInAllowedRange = (ip: Ip) => allowedRanges.some(([base, bits]) => base.kind() === ip.kind() && ip.match(base, bits));

  return {
    blockedReason(address, host) {
      if (isIP(address) === 0) return 'not an address';
      const ip = unmap(ipaddr.parse(address));
      if (METADATA_ADDRESSES.includes(ip.toNormalizedString())) return 'cloud metadata address';
      if (host !== undefined && allowedNames.has(normaliseHost(host))) return null;
      if (isInAllowedRange(ip)) return null;
      return nonPublicRange(ip);
    },
  };
}

function normaliseHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
}

/** the address a literal host (as in a URL) stands for, or null for a name */
export function literalAddress(host: string): string | null {
  const bare = host.replace(/^\[|\]$/g, '');
  return isIP(bare) === 0 ? null : bare;
}

function unmap(ip: Ip): Ip {
  // ::ffff:127.0.0.1 connects to 127.0.0.1
  return ip instanceof ipaddr.IPv6 && ip.isIPv4MappedAddress() ? ip.toIPv4Address() : ip;
}

function nonPublicRange(ip: Ip): string | null {
  if (ip instanceof ipaddr.IPv4) {
    const range = ip.range();
    return range === 'unicast' ? null : `${range} range`;
  }
  const v6 = ip;
  const parts = v6.parts;
  // ::a.b.c.d (IPv4-compatible, deprecated) and NAT64 64:ff9b::a.b.c.d carry an IPv4 address
  const embedsIpv4 = parts.slice(0, 6).every((part) => part === 0) || v6.range() === 'rfc6052';
  if (embedsIpv4 && v6.range() !== 'loopback' && v6.range() !== 'unspecified') {
    const bytes = v6.toByteArray().slice(12);
    return nonPublicRange(new ipaddr.IPv4(bytes));
  }
  const range = v6.range();
  return range === 'unicast' ? null : `${range} range`;
}

export function ssrfError(reason: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`address refused: ${reason}`);
  error.code = SSRF_ERROR_CODE;
  return error;
}

/**
 * Wraps a resolver so every answer is checked before the socket connects. With more than one
 * answer, one refused address refuses them all (a rebinding name mixing public and private).
 */
export function createGuardedLookup(resolve: LookupFunction, policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    const wantsAll = options.all === true;
    const resolveOptions: LookupOptions = { ...options, all: true };
    resolve(hostname, resolveOptions, (error, result, resultFamily) => {
      if (error) return callback(error, '');
      const addresses: LookupAddress[] = Array.isArray(result) ? result : [{ address: result, family: resultFamily ?? isIP(result) }];
      if (addresses.length === 0) {
        const notFound: NodeJS.ErrnoException = new Error('no address');
        notFound.code = 'ENOTFOUND';
        return callback(notFound, '');
      }
      for (const { address } of addresses) {
        const reason = policy.blockedReason(address, hostname);
        if (reason !== null) return callback(ssrfError(reason), '');
      }
      const first = addresses[0] as LookupAddress;
      if (wantsAll) return callback(null, addresses);
      callback(null, first.address, first.family);
    });
  };
}
