import { createHook } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import diagnosticsChannel from 'node:diagnostics_channel';
import { once } from 'node:events';
import net, { type LookupFunction } from 'node:net';
import tls from 'node:tls';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startExchangeServer, type ExchangeServer } from '../../test/support/exchange-server.ts';
import { createTestCa, type TestCa } from '../../test/support/test-ca.ts';
import { createFeedFetcher, fetchFeedOnce, type FeedFetcher, type FeedFetcherOptions, type FetchOutcome } from './fetch-feed.ts';

// Network rules (CONVENTIONS.md): only the loopback server started here is ever contacted.
// Every fetcher resolves through a stand-in resolver that knows `localhost` alone, so even a
// bug could not send anything to a public or private-range address.

const MB = 1024 * 1024;
const FEED = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:Microsoft Exchange Server 2010',
  'BEGIN:VEVENT',
  'UID:040000008200E00074C5B7101A82E008000000001',
  'SUMMARY:Sprint planning',
  'DTSTART;TZID=W. Europe Standard Time:20260316T090000',
  'DTEND;TZID=W. Europe Standard Time:20260316T100000',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');
const OWA_SIGN_IN_PAGE = `<!DOCTYPE html><html><head><title>Outlook</title></head><body>
<form action="/owa/auth.owa" method="POST"><input name="username"><input type="password" name="password">
<input type="submit" value="Sign in"></form></body></html>`;

let ca: TestCa;
let server: ExchangeServer;
let fetcher: FeedFetcher;
const resolved: string[] = [];

/** knows `localhost` (the test server) and nothing else */
function loopbackOnlyLookup(record: string[]): LookupFunction {
  return (hostname, options, callback) => {
    record.push(hostname);
    if (hostname !== 'localhost') return callback(lookupError('ENOTFOUND', hostname), '');
    if (options.all) return callback(null, [{ address: '127.0.0.1', family: 4 }]);
    callback(null, '127.0.0.1', 4);
  };
}

/** answers a made-up name with the given addresses without touching any network */
function fixedLookup(addresses: string[], record: string[]): LookupFunction {
  return (hostname, options, callback) => {
    record.push(hostname);
    const answers = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    if (options.all) return callback(null, answers);
    callback(null, answers[0]?.address ?? '', answers[0]?.family ?? 4);
  };
}

function lookupError(code: string, hostname: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`getaddrinfo ${code} ${hostname}`);
  error.code = code;
  return error;
}

function testFetcher(overrides: Partial<FeedFetcherOptions> = {}): FeedFetcher {
  return createFeedFetcher({
    maxBytes: 20 * MB,
    timeoutMs: 3000,
    connectTimeoutMs: 1000,
    allowHosts: ['localhost'],
    caPem: ca.caPem,
    lookup: loopbackOnlyLookup(resolved),
    ...overrides,
  });
}

/** counts TCP connection attempts (a TCPCONNECTWRAP is made right before connect(2)) and undici connects */
async function watchConnections<T>(run: () => Promise<T>): Promise<{ result: T; tcpConnects: number; hosts: string[] }> {
  let tcpConnects = 0;
  const hosts: string[] = [];
  const hook = createHook({
    init(_id, type) {
      if (type === 'TCPCONNECTWRAP') tcpConnects += 1;
    },
  }).enable();
  const onBeforeConnect = (message: unknown) => {
    const { connectParams } = message as { connectParams: { hostname: string } };
    hosts.push(connectParams.hostname);
  };
  diagnosticsChannel.subscribe('undici:client:beforeConnect', onBeforeConnect);
  try {
    return { result: await run(), tcpConnects, hosts };
  } finally {
    hook.disable();
    diagnosticsChannel.unsubscribe('undici:client:beforeConnect', onBeforeConnect);
  }
}

function expectError(outcome: FetchOutcome, code: string): Extract<FetchOutcome, { kind: 'error' }> {
  expect(outcome).toMatchObject({ kind: 'error', code });
  if (outcome.kind !== 'error') throw new Error('unreachable');
  return outcome;
}

beforeAll(async () => {
  ca = await createTestCa();
  server = await startExchangeServer({ tls: ca.leaf });
  fetcher = testFetcher();
});

afterAll(async () => {
  await fetcher?.close();
  await server?.close();
});

describe('fetching a published calendar', () => {
  it('returns the feed with its ETag, Last-Modified and the sha256 of the body', async () => {
    const lastModified = 'Mon, 16 Mar 2026 08:00:00 GMT';
    server.route('/ok/calendar.ics', { body: FEED, etag: '"e1"', lastModified });

    const outcome = await fetcher.fetch(server.url('/ok/calendar.ics'));

    expect(outcome).toMatchObject({ kind: 'ok', etag: '"e1"', lastModified, status: 200 });
    if (outcome.kind !== 'ok') throw new Error('unreachable');
    expect(Buffer.from(outcome.body).toString('utf8')).toBe(FEED);
    expect(outcome.contentHash).toBe(createHash('sha256').update(FEED).digest('hex'));
    expect(outcome.finalUrl).toBe(server.url('/ok/calendar.ics'));
  });

  it('introduces itself and asks for iCalendar first', async () => {
    server.route('/headers/calendar.ics', { body: FEED });
    await fetcher.fetch(server.url('/headers/calendar.ics'));
    const request = server.requests.find((seen) => seen.path === '/headers/calendar.ics');
    expect(request?.headers['user-agent']).toBe('Kairos/0.1 (+calendar sync)');
    expect(request?.headers.accept).toBe('text/calendar, */*;q=0.5');
    expect(request?.headers['accept-encoding']).toContain('gzip');
  });

  it('sends If-None-Match and reports not_modified on 304', async () => {
    server.route('/etag/calendar.ics', { body: FEED, etag: '"v7"' });
    const outcome = await fetcher.fetch(server.url('/etag/calendar.ics'), { etag: '"v7"' });
    expect(outcome).toEqual({ kind: 'not_modified', etag: '"v7"', lastModified: null });
    expect(server.requests.find((seen) => seen.path === '/etag/calendar.ics')?.headers['if-none-match']).toBe('"v7"');
  });

  it('sends If-Modified-Since and reports not_modified on 304', async () => {
    const lastModified = 'Mon, 16 Mar 2026 08:00:00 GMT';
    server.route('/since/calendar.ics', { body: FEED, lastModified });
    const outcome = await fetcher.fetch(server.url('/since/calendar.ics'), { lastModified });
    expect(outcome).toEqual({ kind: 'not_modified', etag: null, lastModified });
  });

  it('fetches the whole feed again when the ETag changed', async () => {
    server.route('/changed/calendar.ics', { body: FEED, etag: '"v8"' });
    const outcome = await fetcher.fetch(server.url('/changed/calendar.ics'), { etag: '"v7"' });
    expect(outcome).toMatchObject({ kind: 'ok', etag: '"v8"' });
  });

  it.each([
    { name: 'gzip', encoding: 'gzip', encode: gzipSync },
    { name: 'deflate', encoding: 'deflate', encode: deflateSync },
    { name: 'brotli', encoding: 'br', encode: brotliCompressSync },
  ])('decodes a $name-compressed feed and hashes the decoded bytes', async ({ encoding, encode }) => {
    const path = `/${encoding}/calendar.ics`;
    server.route(path, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/calendar', 'content-encoding': encoding }).end(encode(FEED));
    });
    const outcome = await fetcher.fetch(server.url(path));
    expect(outcome).toMatchObject({ kind: 'ok', contentHash: createHash('sha256').update(FEED).digest('hex') });
  });

  // with a small Content-Length the body is read whole and decoded in one call
  it.each([
    { name: 'gzip', encoding: 'gzip', encode: gzipSync },
    { name: 'deflate', encoding: 'deflate', encode: deflateSync },
    { name: 'brotli', encoding: 'br', encode: brotliCompressSync },
    { name: 'gzip twice', encoding: 'gzip, gzip', encode: (body: string) => gzipSync(gzipSync(body)) },
  ])('decodes a $name-compressed feed of announced length the same way', async ({ encoding, encode }) => {
    const path = `/announced-${encoding.replace(/\W/g, '')}/calendar.ics`;
    const encoded = encode(FEED);
    server.route(path, (_req, res) => {
      res
        .writeHead(200, { 'content-type': 'text/calendar', 'content-encoding': encoding, 'content-length': String(encoded.length) })
        .end(encoded);
    });
    const outcome = await fetcher.fetch(server.url(path));
    expect(outcome).toMatchObject({ kind: 'ok', contentHash: createHash('sha256').update(FEED).digest('hex') });
    expect(Buffer.from((outcome as { body: Uint8Array }).body).toString()).toBe(FEED);
  });

  it('accepts a feed with a byte order mark and a leading blank line', async () => {
    server.route('/bom/calendar.ics', { body: `\uFEFF\r\n${FEED.toLowerCase()}` });
    expect(await fetcher.fetch(server.url('/bom/calendar.ics'))).toMatchObject({ kind: 'ok' });
  });

  it('follows up to five redirects', async () => {
    for (let hop = 1; hop <= 5; hop += 1) server.route(`/five/${hop}`, { redirect: hop === 5 ? '/five/feed.ics' : `/five/${hop + 1}` });
    server.route('/five/feed.ics', { body: FEED });
    const outcome = await fetcher.fetch(server.url('/five/1'));
    expect(outcome).toMatchObject({ kind: 'ok', finalUrl: server.url('/five/feed.ics') });
  });
});

describe('a feed the server no longer gives out', () => {
  it.each([404, 410])('reports unpublished on %i', async (status) => {
    server.route(`/gone-${status}/calendar.ics`, { status, body: 'gone', contentType: 'text/html' });
    const outcome = expectError(await fetcher.fetch(server.url(`/gone-${status}/calendar.ics`)), 'unpublished');
    expect(outcome.status).toBe(status);
  });

  it.each([401, 403])('reports feed_forbidden on %i', async (status) => {
    server.route(`/forbidden-${status}/calendar.ics`, { status, body: 'no' });
    const outcome = expectError(await fetcher.fetch(server.url(`/forbidden-${status}/calendar.ics`)), 'feed_forbidden');
    expect(outcome.status).toBe(status);
  });

  it('reports login_required on a redirect to the Microsoft sign-in page, without following it', async () => {
    const signIn = 'https://login.microsoftonline.com/common/oauth2/authorize?client_id=00000002&state=abc';
    server.route('/signin-redirect/calendar.ics', { redirect: signIn });
    resolved.length = 0;
    expectError(await fetcher.fetch(server.url('/signin-redirect/calendar.ics')), 'login_required');
    expect(resolved).not.toContain('login.microsoftonline.com');
  });

  it('reports login_required on a redirect to the OWA forms login', async () => {
    server.route('/owa-redirect/calendar.ics', { redirect: '/owa/auth/logon.aspx?replaceCurrent=1&url=x' });
    expectError(await fetcher.fetch(server.url('/owa-redirect/calendar.ics')), 'login_required');
    expect(server.hits('/owa/auth/logon.aspx')).toBe(0);
  });

  it('reports login_required when a sign-in page answers 200', async () => {
    server.route('/signin-200/calendar.ics', { body: OWA_SIGN_IN_PAGE, contentType: 'text/html; charset=utf-8' });
    expectError(await fetcher.fetch(server.url('/signin-200/calendar.ics')), 'login_required');
  });

  it.each([
    { name: 'the Outlook HTML view', body: '<html><body><table class="calendar"></table></body></html>', type: 'text/html' },
    { name: 'a JSON answer', body: '{"error":"not a calendar"}', type: 'application/json' },
    { name: 'an empty answer', body: '', type: 'text/calendar' },
  ])('reports not_ics for $name', async ({ name, body, type }) => {
    const path = `/not-ics/${name.replaceAll(' ', '-')}`;
    server.route(path, { body, contentType: type });
    expectError(await fetcher.fetch(server.url(path)), 'not_ics');
  });
});

describe('a busy or failing server', () => {
  it('reports unreachable, without a status, when the server refuses the connection', async () => {
    // a loopback port that was just free: nothing listens there
    const closed = net.createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as net.AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const outcome = expectError(await fetcher.fetch(`https://localhost:${port}/calendar.ics`), 'unreachable');
    expect(outcome).toMatchObject({ status: null, detail: expect.stringContaining('ECONNREFUSED') });
  });

  it('reports server_error on 503 with Retry-After in seconds', async () => {
    server.route('/busy-seconds/calendar.ics', { status: 503, headers: { 'retry-after': '120' } });
    const outcome = expectError(await fetcher.fetch(server.url('/busy-seconds/calendar.ics')), 'server_error');
    expect(outcome).toMatchObject({ status: 503, retryAfterMs: 120_000 });
  });

  it('reports server_error on 503 with Retry-After as an HTTP date', async () => {
    const retryAt = new Date(Date.now() + 600_000).toUTCString();
    server.route('/busy-date/calendar.ics', { status: 503, headers: { 'retry-after': retryAt } });
    const outcome = expectError(await fetcher.fetch(server.url('/busy-date/calendar.ics')), 'server_error');
    expect(outcome.retryAfterMs).toBeGreaterThan(597_000);
    expect(outcome.retryAfterMs).toBeLessThanOrEqual(600_000);
  });

  it('reports server_error on 429 and on 500 without Retry-After', async () => {
    server.route('/throttled/calendar.ics', { status: 429, headers: { 'retry-after': '30' } });
    server.route('/broken/calendar.ics', { status: 500 });
    expect(await fetcher.fetch(server.url('/throttled/calendar.ics'))).toMatchObject({
      code: 'server_error',
      status: 429,
      retryAfterMs: 30_000,
    });
    expect(await fetcher.fetch(server.url('/broken/calendar.ics'))).toMatchObject({
      code: 'server_error',
      status: 500,
      retryAfterMs: null,
    });
  });

  it('gives up on a body that stalls, returning no partial feed', async () => {
    const impatient = testFetcher({ timeoutMs: 300 });
    server.route('/stall/calendar.ics', { stall: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n' });
    const started = Date.now();
    const outcome = await impatient.fetch(server.url('/stall/calendar.ics'));
    expect(outcome).toEqual(expect.objectContaining({ kind: 'error', code: 'timeout', status: null }));
    expect(outcome).not.toHaveProperty('body');
    expect(Date.now() - started).toBeLessThan(2000);
    await impatient.close();
  });

  it('gives up on a server that never answers', async () => {
    const impatient = testFetcher({ timeoutMs: 300 });
    server.route('/hang/calendar.ics', { hang: true });
    expectError(await impatient.fetch(server.url('/hang/calendar.ics')), 'timeout');
    await impatient.close();
  });

  it('gives up on a resolver that never answers', async () => {
    const impatient = testFetcher({ timeoutMs: 200, lookup: () => undefined });
    expectError(await impatient.fetch('https://calendar.example.test/calendar.ics'), 'timeout');
    await impatient.close();
  });

  it('applies the connect time limit on its own, before the total one', async () => {
    const impatient = testFetcher({ timeoutMs: 3000, connectTimeoutMs: 100, lookup: () => undefined });
    const started = Date.now();
    expectError(await impatient.fetch('https://calendar.example.test/calendar.ics'), 'timeout');
    expect(Date.now() - started).toBeLessThan(1500);
    await impatient.close();
  });

  it('refuses a 30 MB feed while streaming it', async () => {
    server.route('/huge/calendar.ics', { hugeBytes: 30 * MB });
    const outcome = expectError(await fetcher.fetch(server.url('/huge/calendar.ics')), 'too_large');
    expect(outcome.status).toBe(200);
  });

  it('refuses a 30 MB feed from its Content-Length before reading it', async () => {
    server.route('/huge-announced/calendar.ics', { hugeBytes: 30 * MB, announceLength: true });
    expectError(await fetcher.fetch(server.url('/huge-announced/calendar.ics')), 'too_large');
  });

  it('stops a gzip bomb at the decoded size limit', async () => {
    server.route('/bomb/calendar.ics', { gzipBomb: 1024 * MB });
    const started = Date.now();
    expectError(await fetcher.fetch(server.url('/bomb/calendar.ics')), 'too_large');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('stops a gzip bomb of announced length at the decoded size limit', async () => {
    // 40 KB announced that inflate to 40 MB, twice the limit: decoded in one call, which stops at the limit
    const bomb = gzipSync(Buffer.alloc(40 * MB, 'A'), { level: 9 });
    expect(bomb.length).toBeLessThan(64 * 1024);
    server.route('/announced-bomb/calendar.ics', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/calendar', 'content-encoding': 'gzip', 'content-length': String(bomb.length) }).end(bomb);
    });
    expectError(await fetcher.fetch(server.url('/announced-bomb/calendar.ics')), 'too_large');
  });

  it('reports a truncated gzip body of announced length as an HTTP error', async () => {
    const gzipped = gzipSync(FEED).subarray(0, -12);
    server.route('/truncated-announced/calendar.ics', (_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(gzipped.length) }).end(gzipped);
    });
    expectError(await fetcher.fetch(server.url('/truncated-announced/calendar.ics')), 'http_error');
  });

  it('reports a truncated gzip body as an HTTP error, not as a feed', async () => {
    server.route('/truncated-gzip/calendar.ics', (_req, res) => {
      const gzipped = gzipSync(FEED);
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipped.subarray(0, gzipped.length - 12));
    });
    expectError(await fetcher.fetch(server.url('/truncated-gzip/calendar.ics')), 'http_error');
  });
});

describe('redirects', () => {
  it('detects a redirect loop', async () => {
    server.route('/loop/a', { redirect: '/loop/b' });
    server.route('/loop/b', { redirect: '/loop/a' });
    const outcome = expectError(await fetcher.fetch(server.url('/loop/a')), 'too_many_redirects');
    expect(outcome.detail).toBe('redirect loop');
    expect(server.hits('/loop/a')).toBe(1);
  });

  it('refuses a sixth redirect', async () => {
    for (let hop = 1; hop <= 6; hop += 1) server.route(`/six/${hop}`, { redirect: hop === 6 ? '/six/feed.ics' : `/six/${hop + 1}` });
    server.route('/six/feed.ics', { body: FEED });
    expectError(await fetcher.fetch(server.url('/six/1')), 'too_many_redirects');
    expect(server.hits('/six/6')).toBe(1);
    expect(server.hits('/six/feed.ics')).toBe(0);
  });

  it('refuses a redirect from https to http', async () => {
    server.route('/downgrade/calendar.ics', { redirect: `http://localhost:${server.port}/downgrade/plain.ics` });
    const outcome = expectError(await fetcher.fetch(server.url('/downgrade/calendar.ics')), 'http_error');
    expect(outcome.detail).toBe('redirect from https to http refused');
    expect(server.hits('/downgrade/plain.ics')).toBe(0);
  });
});

describe('addresses a calendar link may not reach', () => {
  it.each([
    { name: '127.0.0.2', host: '127.0.0.2' },
    { name: '[::1]', host: '[::1]' },
    { name: '[::ffff:127.0.0.1]', host: '[::ffff:127.0.0.1]' },
    { name: '2130706433 (127.0.0.1 as one number)', host: '2130706433' },
    { name: '0x7f.1 (127.0.0.1 in hex shorthand)', host: '0x7f.1' },
  ])('refuses a redirect to $name without connecting to it', async ({ name, host }) => {
    const target = `/ssrf-target/${encodeURIComponent(name)}`;
    server.route(`/ssrf-redirect${target}`, { redirect: `https://${host}:${server.port}${target}` });
    server.route(target, { body: FEED });

    const { result, hosts } = await watchConnections(() => fetcher.fetch(server.url(`/ssrf-redirect${target}`)));

    expectError(result, 'ssrf_blocked');
    expect(server.hits(`/ssrf-redirect${target}`)).toBe(1);
    expect(server.hits(target)).toBe(0);
    expect(hosts.filter((attempted) => attempted !== 'localhost')).toEqual([]);
  });

  it('refuses a loopback address given directly, although localhost itself is allowed', async () => {
    server.route('/direct/calendar.ics', { body: FEED });
    const { result, hosts } = await watchConnections(() => fetcher.fetch(server.url('/direct/calendar.ics', '127.0.0.1')));
    expectError(result, 'ssrf_blocked');
    expect(hosts).toEqual([]);
    expect(server.hits('/direct/calendar.ics')).toBe(0);
  });

  it('refuses localhost when it is not in allowHosts', async () => {
    const strict = testFetcher({ allowHosts: [] });
    server.route('/strict/calendar.ics', { body: FEED });
    const { result, tcpConnects } = await watchConnections(() => strict.fetch(server.url('/strict/calendar.ics')));
    expectError(result, 'ssrf_blocked');
    expect(tcpConnects).toBe(0);
    expect(server.hits('/strict/calendar.ics')).toBe(0);
    await strict.close();
  });

  it.each([
    { name: 'a private 10/8 address', addresses: ['10.0.0.1'] },
    { name: 'the cloud metadata address', addresses: ['169.254.169.254'] },
    { name: 'a private 192.168/16 address', addresses: ['192.168.1.1'] },
    { name: 'a private 172.16/12 address', addresses: ['172.16.5.4'] },
    { name: 'a carrier-grade NAT address', addresses: ['100.64.0.1'] },
    { name: 'the Alibaba metadata address', addresses: ['100.100.100.200'] },
    { name: 'a unique local IPv6 address', addresses: ['fd00::1'] },
    { name: 'the AWS IPv6 metadata address', addresses: ['fd00:ec2::254'] },
    { name: 'a link-local IPv6 address', addresses: ['fe80::1'] },
    { name: 'an IPv4-mapped private address', addresses: ['::ffff:10.0.0.1'] },
    { name: 'the unspecified address', addresses: ['0.0.0.0'] },
    { name: 'a multicast address', addresses: ['224.0.0.251'] },
    { name: 'the broadcast address', addresses: ['255.255.255.255'] },
    { name: 'a rebinding answer mixing documentation and private addresses', addresses: ['192.0.2.10', '10.0.0.1'] },
  ])('refuses a name resolving to $name without opening a socket', async ({ addresses }) => {
    const asked: string[] = [];
    const guarded = testFetcher({ lookup: fixedLookup(addresses, asked), allowHosts: [] });

    const { result, tcpConnects } = await watchConnections(() =>
      guarded.fetch('https://calendar.example.test/owa/calendar/a/b/calendar.ics'),
    );

    expectError(result, 'ssrf_blocked');
    expect(asked).toEqual(['calendar.example.test']);
    expect(tcpConnects).toBe(0);
    await guarded.close();
  });

  it('applies the same rules without fetching (a link check): literal addresses, resolver answers, allowHosts', async () => {
    const asked: string[] = [];
    const guarded = testFetcher({ lookup: fixedLookup(['10.0.0.5'], asked), allowHosts: ['calendar.allowed.test', '192.168.7.0/24'] });
    const { result, tcpConnects } = await watchConnections(async () => ({
      privateName: await guarded.checkAddress('https://intranet.example.test/owa/calendar/a/b/calendar.ics'),
      allowedName: await guarded.checkAddress('https://calendar.allowed.test/owa/calendar/a/b/calendar.ics'),
      privateLiteral: await guarded.checkAddress('https://10.1.2.3/calendar.ics'),
      metadata: await guarded.checkAddress('https://169.254.169.254/latest/meta-data'),
      allowedRange: await guarded.checkAddress('https://192.168.7.20/calendar.ics'),
      loopbackLiteral: await fetcher.checkAddress(server.url('/calendar.ics', '127.0.0.1')),
      allowedLocalhost: await fetcher.checkAddress(server.url('/calendar.ics')),
      unknownName: await fetcher.checkAddress('https://nowhere.example.test/calendar.ics'),
    }));
    expect(result).toEqual({
      privateName: { code: 'ssrf_blocked', detail: expect.stringContaining('private') },
      allowedName: null,
      privateLiteral: { code: 'ssrf_blocked', detail: expect.any(String) },
      metadata: { code: 'ssrf_blocked', detail: expect.stringContaining('metadata') },
      allowedRange: null,
      loopbackLiteral: { code: 'ssrf_blocked', detail: expect.any(String) },
      allowedLocalhost: null,
      unknownName: { code: 'dns_error', detail: expect.stringContaining('ENOTFOUND') },
    });
    expect(asked).toEqual(['intranet.example.test', 'calendar.allowed.test']);
    expect(tcpConnects).toBe(0);
    await guarded.close();
  });

  it.each(['ENOTFOUND', 'EAI_AGAIN'])('reports dns_error when the resolver answers %s', async (code) => {
    const failing = testFetcher({ lookup: (hostname, _options, callback) => callback(lookupError(code, hostname), '') });
    const { result, tcpConnects } = await watchConnections(() => failing.fetch('https://calendar.example.test/calendar.ics'));
    expectError(result, 'dns_error');
    expect(tcpConnects).toBe(0);
    await failing.close();
  });
});

describe('certificates', () => {
  it('reports tls_error for a certificate from an untrusted CA', async () => {
    const impostor = await startExchangeServer({ tls: ca.untrusted.leaf });
    impostor.route('/calendar.ics', { body: FEED });
    try {
      expectError(await fetcher.fetch(impostor.url('/calendar.ics')), 'tls_error');
      expect(impostor.hits('/calendar.ics')).toBe(0);
    } finally {
      await impostor.close();
    }
  });

  it('trusts the test server only through the configured CA', async () => {
    const withoutCa = testFetcher({ caPem: undefined });
    server.route('/ca/calendar.ics', { body: FEED });
    expectError(await withoutCa.fetch(server.url('/ca/calendar.ics')), 'tls_error');
    expect(await fetcher.fetch(server.url('/ca/calendar.ics'))).toMatchObject({ kind: 'ok' });
    await withoutCa.close();
  });

  it('builds the TLS context with the extra CA once per fetcher, not for every connection', async () => {
    // tls.connect builds a context from `ca` itself when it is not handed one (node's _tls_wrap
    // calls tls.createSecureContext), so counting that call counts contexts built
    const contexts = vi.spyOn(tls, 'createSecureContext');
    try {
      const ownFetcher = testFetcher();
      contexts.mockClear();
      // Connection: close makes every fetch a new TLS connection
      server.route('/context/calendar.ics', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/calendar', connection: 'close' }).end(FEED);
      });
      const connectionsBefore = server.connections();
      for (let round = 0; round < 3; round += 1) {
        expect(await ownFetcher.fetch(server.url('/context/calendar.ics'))).toMatchObject({ kind: 'ok' });
      }
      await ownFetcher.close();
      expect(server.connections() - connectionsBefore).toBe(3);
      expect(contexts).not.toHaveBeenCalled();
    } finally {
      contexts.mockRestore();
    }
  });
});

describe('the link stays secret', () => {
  it('keeps the path and query out of every error outcome', async () => {
    const secret = 'S3cr3tT0k3n';
    const at = (scenario: string) => `/owa/calendar/${secret}@contoso.com/${scenario}/calendar.ics?token=${secret}`;
    server.route(new URL(server.url(at('gone'))).pathname, { status: 404 });
    server.route(new URL(server.url(at('busy'))).pathname, { status: 503, headers: { 'retry-after': '5' } });
    server.route(new URL(server.url(at('html'))).pathname, { body: '<html>hi</html>', contentType: 'text/html' });
    server.route(new URL(server.url(at('ssrf'))).pathname, { redirect: `https://127.0.0.2:${server.port}${at('x')}` });
    server.route(new URL(server.url(at('loop'))).pathname, { redirect: at('loop') });
    const outcomes = [
      await fetcher.fetch(server.url(at('gone'))),
      await fetcher.fetch(server.url(at('busy'))),
      await fetcher.fetch(server.url(at('html'))),
      await fetcher.fetch(server.url(at('ssrf'))),
      await fetcher.fetch(server.url(at('loop'))),
      await fetcher.fetch(`https://unknown.example.test${at('dns')}`),
    ];
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(Array(outcomes.length).fill('error'));
    for (const outcome of outcomes) expect(JSON.stringify(outcome)).not.toContain(secret);
  });
});

describe('fetchFeedOnce (support CLI)', () => {
  const options = () => ({ allowHosts: ['localhost'], caPem: ca.caPem, lookup: loopbackOnlyLookup(resolved) });

  it('returns the body of a working link', async () => {
    server.route('/once/calendar.ics', { body: FEED });
    const result = await fetchFeedOnce(server.url('/once/calendar.ics'), options());
    expect(result.ok && Buffer.from(result.body).toString('utf8')).toBe(FEED);
  });

  it('returns the error code of a broken link', async () => {
    server.route('/once-gone/calendar.ics', { status: 410 });
    expect(await fetchFeedOnce(server.url('/once-gone/calendar.ics'), options())).toEqual({
      ok: false,
      code: 'unpublished',
      message: 'HTTP 410',
    });
  });
});
