import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createAddressPolicy, createGuardedLookup, literalAddress, SSRF_ERROR_CODE } from './fetch-address-guard.ts';

// Pure: the resolver is a stand-in and nothing here opens a socket.

describe('createAddressPolicy', () => {
  const policy = createAddressPolicy();

  it.each([
    { name: 'IPv4 loopback', address: '127.0.0.1' },
    { name: 'another IPv4 loopback', address: '127.0.0.2' },
    { name: 'IPv6 loopback', address: '::1' },
    { name: 'private 10/8', address: '10.0.0.1' },
    { name: 'private 172.16/12', address: '172.31.255.254' },
    { name: 'private 192.168/16', address: '192.168.1.1' },
    { name: 'carrier-grade NAT', address: '100.64.0.1' },
    { name: 'IPv4 link-local', address: '169.254.10.10' },
    { name: 'AWS / GCP / Azure metadata', address: '169.254.169.254' },
    { name: 'Alibaba metadata', address: '100.100.100.200' },
    { name: 'AWS IPv6 metadata', address: 'fd00:ec2::254' },
    { name: 'unique local IPv6', address: 'fd00::1' },
    { name: 'unique local IPv6 fc00::/7 lower half', address: 'fc12::1' },
    { name: 'IPv6 link-local', address: 'fe80::1' },
    { name: 'IPv4 multicast', address: '239.1.2.3' },
    { name: 'IPv6 multicast', address: 'ff02::1' },
    { name: 'IPv4 unspecified', address: '0.0.0.0' },
    { name: 'IPv6 unspecified', address: '::' },
    { name: 'broadcast', address: '255.255.255.255' },
    { name: 'IPv4-mapped loopback', address: '::ffff:127.0.0.1' },
    { name: 'IPv4-mapped private', address: '::ffff:10.0.0.1' },
    { name: 'IPv4-mapped metadata', address: '::ffff:169.254.169.254' },
    { name: 'IPv4-compatible loopback', address: '::127.0.0.2' },
    { name: 'NAT64 of a private address', address: '64:ff9b::10.0.0.1' },
    { name: 'documentation range', address: '192.0.2.10' },
  ])('blocks $name ($address)', ({ address }) => {
    expect(policy.blockedReason(address, 'calendar.example.test')).not.toBeNull();
  });

  it.each([
    { name: 'a public IPv4 address', address: '93.184.216.34' },
    { name: 'a public IPv6 address', address: '2606:2800:220:1:248:1893:25c8:1946' },
    { name: 'NAT64 of a public address', address: '64:ff9b::93.184.216.34' },
  ])('lets through $name', ({ address }) => {
    expect(policy.blockedReason(address, 'calendar.example.test')).toBeNull();
  });

  it('lets an allowed host name reach its private addresses', () => {
    const allowing = createAddressPolicy(['Exchange.Contoso.Local']);
    expect(allowing.blockedReason('10.1.2.3', 'exchange.contoso.local')).toBeNull();
    expect(allowing.blockedReason('10.1.2.3', 'exchange.contoso.local.')).toBeNull();
    expect(allowing.blockedReason('10.1.2.3', 'other.contoso.local')).not.toBeNull();
  });

  it('lets addresses inside an allowed CIDR through, for any name', () => {
    const allowing = createAddressPolicy(['10.20.0.0/16', 'fd12:3456::/32', '192.168.7.7']);
    expect(allowing.blockedReason('10.20.3.4', 'mail.internal')).toBeNull();
    expect(allowing.blockedReason('::ffff:10.20.3.4', 'mail.internal')).toBeNull();
    expect(allowing.blockedReason('fd12:3456::5', 'mail.internal')).toBeNull();
    expect(allowing.blockedReason('192.168.7.7', 'mail.internal')).toBeNull();
    expect(allowing.blockedReason('10.21.0.1', 'mail.internal')).not.toBeNull();
    expect(allowing.blockedReason('192.168.7.8', 'mail.internal')).not.toBeNull();
  });

  it('keeps metadata addresses blocked even inside an allowed CIDR or behind an allowed name', () => {
    const allowing = createAddressPolicy(['169.254.0.0/16', 'fd00::/8', 'exchange.contoso.local']);
    expect(allowing.blockedReason('169.254.169.254', 'exchange.contoso.local')).toBe('cloud metadata address');
    expect(allowing.blockedReason('fd00:ec2::254', 'x')).toBe('cloud metadata address');
    expect(allowing.blockedReason('169.254.1.1', 'x')).toBeNull();
  });

  it('refuses a malformed CIDR at start-up', () => {
    expect(() => createAddressPolicy(['10.0.0.0/33'])).toThrow(/allowHosts/);
  });
});

describe('literalAddress', () => {
  it.each([
    { host: '127.0.0.1', literal: '127.0.0.1' },
    { host: '[::1]', literal: '::1' },
    { host: '[::ffff:7f00:1]', literal: '::ffff:7f00:1' },
    { host: 'localhost', literal: null },
    { host: 'outlook.office365.com', literal: null },
  ])('reads $host as $literal', ({ host, literal }) => {
    expect(literalAddress(host)).toBe(literal);
  });
});

describe('createGuardedLookup', () => {
  const resolver =
    (addresses: string[]): LookupFunction =>
    (_hostname, _options, callback) =>
      callback(
        null,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );

  function lookupWith(addresses: string[], all: boolean) {
    const lookup = createGuardedLookup(resolver(addresses), createAddressPolicy());
    return new Promise<{ error: NodeJS.ErrnoException | null; result: string | LookupAddress[] }>((resolve) =>
      lookup('calendar.example.test', { all }, (error, result) => resolve({ error, result })),
    );
  }

  it('refuses the whole answer when one address of several is private (DNS rebinding)', async () => {
    const { error } = await lookupWith(['93.184.216.34', '10.0.0.1'], true);
    expect(error?.code).toBe(SSRF_ERROR_CODE);
  });

  it('hands every checked address on when asked for all', async () => {
    const { error, result } = await lookupWith(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'], true);
    expect(error).toBeNull();
    expect(result).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
    ]);
  });

  it('hands the first address on when asked for one', async () => {
    const { error, result } = await lookupWith(['93.184.216.34'], false);
    expect(error).toBeNull();
    expect(result).toBe('93.184.216.34');
  });

  it('reports an empty answer as ENOTFOUND', async () => {
    const { error } = await lookupWith([], true);
    expect(error?.code).toBe('ENOTFOUND');
  });
});
