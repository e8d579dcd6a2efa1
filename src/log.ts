// The one log format of every Kairos process (serve, worker, the HTTP server's own request
// logs): JSON lines on stdout with `time` (ISO-8601 UTC), `level` (a name), `msg`, `pid`,
// `hostname`, and `requestId` / `orgId` on the lines of an API request. A request is logged by
// its route pattern, never its path or query (invite and reset tokens travel in paths), and
// fields that could hold a calendar link or a credential are censored wherever they appear.
import { randomUUID } from 'node:crypto';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

const SECRET_KEYS = ['url', 'link', 'token', 'password', 'authorization', 'cookie', 'secret', 'urlCiphertext'];
export const REDACTED_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

type RequestLike = { method?: string; routeOptions?: { url?: string } };
type ReplyLike = { statusCode?: number };

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (request: RequestLike) => ({ method: request.method, route: request.routeOptions?.url ?? 'unmatched' }),
      res: (reply: ReplyLike) => ({ statusCode: reply.statusCode }),
      err: pino.stdSerializers.err,
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** A proxy's X-Request-Id when it looks like one, else a fresh id: lines of one request share it. */
export function requestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/** Adds fields (the organisation, once authenticated) to every later line of a request. */
export function bindLogFields(log: unknown, fields: Record<string, string>): void {
  const target = log as { setBindings?: (bindings: Record<string, string>) => void };
  target.setBindings?.(fields);
}
