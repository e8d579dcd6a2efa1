// A test app with the calendar routes, a local Exchange-imitating HTTPS server trusted through a
// per-run test CA, and a sync worker on the app clock. Only loopback is ever contacted: the
// resolver knows `localhost` alone.
import { randomBytes } from 'node:crypto';
import type { LookupFunction } from 'node:net';
import { createFeedFetcher, type FeedFetcherOptions } from '../../src/calendar/fetch-feed.ts';
import { calendarRouteGroup } from '../../src/api/routes/connections.ts';
import { type CalendarDeps, type SyncLog } from '../../src/services/calendar-deps.ts';
import type { Metrics } from '../../src/services/metrics.ts';
import { createSyncWorker, type SyncWorker } from '../../src/sync/sync-worker.ts';
import { type ExchangeServer, startExchangeServer } from './exchange-server.ts';
import { createTestCa, type TestCa } from './test-ca.ts';
import { createTestApp, type TestApp } from './test-app.ts';

export type CapturedLog = { level: string; fields: Record<string, unknown>; message: string };

export type CalendarTestEnv = {
  t: TestApp;
  ca: TestCa;
  server: ExchangeServer;
  calendar: CalendarDeps;
  worker: SyncWorker;
  logs: CapturedLog[];
  /** advances the app clock */
  advance(ms: number): void;
  close(): Promise<void>;
};

export function localhostOnlyLookup(): LookupFunction {
  return (hostname, options, callback) => {
    if (hostname !== 'localhost') {
      const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      error.code = 'ENOTFOUND';
      return callback(error, '');
    }
    if (options.all) return callback(null, [{ address: '127.0.0.1', family: 4 }]);
    callback(null, '127.0.0.1', 4);
  };
}

export function capturingLog(logs: CapturedLog[]): SyncLog {
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => void logs.push({ level, fields, message });
  return { info: at('info'), warn: at('warn'), error: at('error') };
}

export async function createCalendarTestEnv(
  options: { now?: Date; syncIntervalS?: number; fetcher?: Partial<FeedFetcherOptions>; maxBackoffS?: number; metrics?: Metrics } = {},
): Promise<CalendarTestEnv> {
  const ca = await createTestCa();
  const server = await startExchangeServer({ tls: ca.leaf });
  const logs: CapturedLog[] = [];
  const fetcher = createFeedFetcher({
    maxBytes: 2 * 1024 * 1024,
    timeoutMs: 8000,
    connectTimeoutMs: 5000,
    allowHosts: ['localhost'],
    caPem: ca.caPem,
    lookup: localhostOnlyLookup(),
    ...options.fetcher,
  });
  const calendar: CalendarDeps = {
    secretKey: randomBytes(32),
    fetcher,
    syncIntervalS: options.syncIntervalS ?? 900,
    horizon: { pastDays: 90, futureDays: 180 },
    log: capturingLog(logs),
    ...(options.maxBackoffS !== undefined && { maxBackoffS: options.maxBackoffS }),
    ...(options.metrics && { metrics: options.metrics }),
  };
  const t = await createTestApp({
    now: options.now ?? new Date('2027-03-10T08:00:00Z'),
    routeGroups: [calendarRouteGroup(calendar)],
    ...(options.metrics && { metrics: options.metrics }),
  });
  const worker = createSyncWorker(t.deps, calendar, { workerId: 'test-worker', pollMs: 60_000 });
  return {
    t,
    ca,
    server,
    calendar,
    worker,
    logs,
    advance: (ms) => void (t.clock.now = new Date(t.clock.now.getTime() + ms)),
    async close() {
      await worker.stop();
      await t.close();
      await fetcher.close();
      await server.close();
    },
  };
}
