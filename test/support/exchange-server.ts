// A local HTTPS server imitating Exchange / Office 365 calendar publishing, for fetch and
// sync tests. It listens on 127.0.0.1 (port 0) only; tests reach it as https://localhost:<port>
// with the fetcher's allowHosts: ['localhost'] and the CA from test-ca.ts.
//
//   const ca = await createTestCa();
//   const server = await startExchangeServer({ tls: ca.leaf });
//   server.route('/owa/calendar/a/b/calendar.ics', { body: ics, etag: '"v1"', gzip: true });
//   server.url('/owa/calendar/a/b/calendar.ics')   // https://localhost:<port>/owa/...
//   server.hits('/owa/calendar/a/b/calendar.ics')  // requests seen on that path
//   server.requests                                // [{ method, path, headers }] in order
//   await server.close();
//
// Routes (matched on the path without its query; unknown paths answer 404):
//   { body?, status?, contentType?, headers?, etag?, lastModified?, gzip? }
//       serve a body; with etag / lastModified it answers 304 to a matching conditional
//       request; gzip compresses it when the request accepts gzip.
//   { redirect: location, status? }    3xx (default 302) to any Location, absolute or relative
//   { stall: prefix }                  200 headers and the prefix, then nothing until the client leaves
//   { hang: true }                     accepts the request and never answers
//   { hugeBytes: n, announceLength? }  streams n bytes of a calendar-looking body (chunked unless
//                                      announceLength), with backpressure, stopping when the client leaves
//   { gzipBomb: n }                    Content-Encoding: gzip whose decoded size is n bytes (~1000:1)
//   (req, res) => void                 anything else
import { once } from 'node:events';
import https from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { TestCertificate } from './test-ca.ts';

export type ServeRoute = {
  body?: string | Uint8Array;
  status?: number;
  contentType?: string;
  headers?: Record<string, string>;
  etag?: string;
  lastModified?: string;
  gzip?: boolean;
};
export type Route =
  | ServeRoute
  | { redirect: string; status?: 301 | 302 | 303 | 307 | 308 }
  | { stall: string }
  | { hang: true }
  | { hugeBytes: number; announceLength?: boolean }
  | { gzipBomb: number }
  | ((req: IncomingMessage, res: ServerResponse) => void);

export type RecordedRequest = { method: string; path: string; headers: IncomingHttpHeaders };

export type ExchangeServer = {
  port: number;
  url(path: string, host?: string): string;
  route(path: string, route: Route): void;
  hits(path: string): number;
  requests: RecordedRequest[];
  /** TLS connections accepted so far */
  connections(): number;
  close(): Promise<void>;
};

const ICS_TYPE = 'text/calendar; charset=utf-8';
const BOMB_MEMBER_BYTES = 8 * 1024 * 1024;

export async function startExchangeServer(options: { tls: TestCertificate }): Promise<ExchangeServer> {
  const routes = new Map<string, Route>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let connectionCount = 0;

  const server = https.createServer({ key: options.tls.key, cert: options.tls.cert }, (req, res) => {
    const path = new URL(req.url ?? '/', 'https://localhost').pathname;
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers });
    const route = routes.get(path);
    if (route === undefined) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    handle(route, req, res);
  });
  server.on('secureConnection', (socket: Socket) => {
    connectionCount += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    port,
    url: (path, host = 'localhost') => `https://${host}:${port}${path}`,
    route: (path, route) => void routes.set(path, route),
    hits: (path) => requests.filter((request) => request.path === path).length,
    requests,
    connections: () => connectionCount,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function handle(route: Route, req: IncomingMessage, res: ServerResponse): void {
  if (typeof route === 'function') return route(req, res);
  if ('redirect' in route) return void res.writeHead(route.status ?? 302, { location: route.redirect }).end();
  if ('stall' in route) {
    res.writeHead(200, { 'content-type': ICS_TYPE });
    res.write(route.stall);
    return;
  }
  if ('hang' in route) return;
  if ('hugeBytes' in route) {
    streamHuge(res, route.hugeBytes, route.announceLength ?? false).catch(() => res.destroy());
    return;
  }
  if ('gzipBomb' in route) return streamGzipBomb(res, route.gzipBomb);
  serve(route, req, res);
}

const gzipped = new WeakMap<ServeRoute, Buffer>();

function serve(route: ServeRoute, req: IncomingMessage, res: ServerResponse): void {
  const headers: Record<string, string> = { 'content-type': route.contentType ?? ICS_TYPE, ...route.headers };
  if (route.etag !== undefined) headers.etag = route.etag;
  if (route.lastModified !== undefined) headers['last-modified'] = route.lastModified;
  const status = route.status ?? 200;
  if (status === 200 && isNotModified(route, req)) return void res.writeHead(304, headers).end();

  let body: Buffer = typeof route.body === 'string' ? Buffer.from(route.body) : Buffer.from(route.body ?? new Uint8Array());
  if (route.gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
    // compressed once per route, as a real server caches it (the sync bench asks 1,000 routes many times)
    const cached = gzipped.get(route);
    body = cached ?? gzipSync(body);
    if (cached === undefined) gzipped.set(route, body);
    headers['content-encoding'] = 'gzip';
  }
  headers['content-length'] = String(body.length);
  res.writeHead(status, headers).end(body);
}

function isNotModified(route: ServeRoute, req: IncomingMessage): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (route.etag !== undefined && ifNoneMatch !== undefined) {
    return ifNoneMatch.split(',').some((tag) => tag.trim() === route.etag || tag.trim() === '*');
  }
  const ifModifiedSince = req.headers['if-modified-since'];
  if (route.lastModified !== undefined && ifModifiedSince !== undefined) {
    return Date.parse(route.lastModified) <= Date.parse(ifModifiedSince);
  }
  return false;
}

async function streamHuge(res: ServerResponse, totalBytes: number, announceLength: boolean): Promise<void> {
  const headers: Record<string, string> = { 'content-type': ICS_TYPE };
  if (announceLength) headers['content-length'] = String(totalBytes);
  res.writeHead(200, headers);
  const head = Buffer.from('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n');
  const filler = Buffer.alloc(64 * 1024, 'X-FILLER:padding-padding-padding\r\n');
  let sent = 0;
  let chunk: Buffer = head;
  while (sent < totalBytes && !res.destroyed) {
    const part = chunk.subarray(0, Math.min(chunk.length, totalBytes - sent));
    sent += part.length;
    if (!res.write(part) && !(await drainedOrClosed(res))) return;
    chunk = filler;
  }
  res.end();
}

/** true once the response drained, false when the client left */
function drainedOrClosed(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const settle = (drained: boolean) => () => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(drained);
    };
    const onDrain = settle(true);
    const onClose = settle(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

let bombMember: Buffer | undefined;

function streamGzipBomb(res: ServerResponse, decodedBytes: number): void {
  // concatenated gzip members are one valid gzip stream; each member is 8 MB of one letter
  // squeezed into ~8 KB, so the whole bomb costs the server nothing to build or send
  bombMember ??= gzipSync(Buffer.alloc(BOMB_MEMBER_BYTES, 'A'), { level: 9 });
  res.writeHead(200, { 'content-type': ICS_TYPE, 'content-encoding': 'gzip' });
  res.write(gzipSync('BEGIN:VCALENDAR\r\n'));
  const members = Math.ceil(decodedBytes / BOMB_MEMBER_BYTES);
  res.end(Buffer.concat(Array.from({ length: members }, () => bombMember as Buffer)));
}
