import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { buildApp } from '../api/app.ts';
import { calendarRouteGroup } from '../api/routes/connections.ts';
import { loadConfig } from '../config.ts';
import { createDeps, loadSecretKey, openConfiguredDatabase, secretKeySource, untilStopped } from '../runtime.ts';
import { backfillConnectionLinks } from '../services/connections.ts';
import { checkKeyAtStart } from '../services/secret-key.ts';
import { createCalendarDeps, runCalendarWorker } from '../sync/calendar-runtime.ts';
import { createLogger } from '../log.ts';
import { createSyncWorker } from '../sync/sync-worker.ts';
import { HOUSEKEEPING_INTERVAL_MS, purgeExpired } from '../services/housekeeping.ts';
import { createMetrics } from '../services/metrics.ts';
import type { Io } from './main.ts';
import { ensureWebBuild } from './web-build.ts';

const SERVE_HELP = `Usage: kairos serve

Starts the Kairos server: REST API under /api/v1, API docs at /api/docs, and the calendar
sync worker in the same process. Listens on HOST:PORT (default 127.0.0.1:3000).
Uses PostgreSQL when DATABASE_URL is set, else the embedded PGlite database in
KAIROS_DATA_DIR (default ./data), applying migrations at start.
`;

const WORKER_HELP = `Usage: kairos worker [--worker-id <name>] [--poll-ms <ms>] [--batch-size <n>]

Runs the calendar sync worker alone: it refreshes due calendar connections and exits on
SIGINT/SIGTERM. Start several next to "kairos serve" on PostgreSQL (DATABASE_URL); each
connection is fetched by exactly one of them per cycle. It does not migrate: run
"kairos migrate" or "kairos serve" first.
`;

const MIGRATE_HELP = `Usage: kairos migrate

Applies the database migrations and exits. "kairos serve" does this at start too; with
PGlite, stop the server first.
`;

function wantsHelp(args: string[], help: string, io: Io): boolean {
  const { values } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) io.stdout(help);
  return values.help === true;
}

export async function runServe(args: string[], io: Io): Promise<number> {
  if (wantsHelp(args, SERVE_HELP, io)) return 0;
  const config = loadConfig();
  const secretKey = loadSecretKey(config);
  const log = createLogger(config.LOG_LEVEL);
  // listening for the stop signals from the start: one that comes while the server starts stops
  // it once it has started, never with the default action that would leave the data dir locked
  const stopped = untilStopped();
  // start-up milestones print in the log format whatever LOG_LEVEL says: scripts wait for them
  const announce = createLogger('info');
  await ensureWebBuild((text) => announce.info(text.trim()));
  const database = await openConfiguredDatabase(config);
  // a changed KAIROS_SECRET: one line, and the links it cannot open wait for their owners
  const keyWarning = await checkKeyAtStart(database.db, secretKey, secretKeySource(config));
  if (keyWarning) io.stderr(`${keyWarning}\n`);
  // connections saved before links were hashed: one connection per feed needs the hash
  await backfillConnectionLinks(database.db, secretKey);
  const deps = createDeps(config, database);
  const metrics = config.KAIROS_METRICS === 'on' ? createMetrics() : undefined;
  const calendar = { ...createCalendarDeps(config, secretKey, log), ...(metrics && { metrics }) };
  const app = await buildApp({
    deps,
    logger: log,
    routeGroups: [calendarRouteGroup(calendar)],
    ...(metrics && { metrics: { metrics, poolStats: database.poolStats } }),
  });
  const worker = createSyncWorker(deps, calendar, { workerId: `${hostname()}:${process.pid}:serve`, pollMs: 1000 });
  const housekeeping = setInterval(() => {
    purgeExpired(deps).catch((error: Error) => log.warn({ error: error.message }, 'housekeeping failed'));
  }, HOUSEKEEPING_INTERVAL_MS);
  housekeeping.unref();
  const shutdown = async () => {
    clearInterval(housekeeping);
    await worker.stop();
    await app.close();
    await calendar.fetcher.close();
    await database.close();
  };
  try {
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (error) {
    await shutdown();
    io.stderr(`kairos: cannot listen on ${config.HOST}:${config.PORT}: ${(error as Error).message}\n`);
    return 1;
  }
  worker.start();
  const address = app.server.address();
  const url =
    typeof address === 'object' && address
      ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
      : deps.publicUrl;
  announce.info(
    `Kairos is running on ${url} (${database.kind === 'pglite' ? `embedded database in ${config.KAIROS_DATA_DIR}` : 'PostgreSQL'}); API docs at ${url}/api/docs`,
  );
  await stopped;
  await shutdown();
  return 0;
}

export async function runWorker(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      'worker-id': { type: 'string' },
      'poll-ms': { type: 'string' },
      'batch-size': { type: 'string' },
    },
  });
  if (values.help) {
    io.stdout(WORKER_HELP);
    return 0;
  }
  const pollMs = Number(values['poll-ms'] ?? 1000);
  const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
  if (!Number.isInteger(pollMs) || pollMs < 10 || (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1))) {
    io.stderr(
      `kairos worker: --poll-ms must be a whole number of milliseconds (at least 10) and --batch-size a positive whole number\n\n${WORKER_HELP}`,
    );
    return 2;
  }
  await runCalendarWorker(loadConfig(), {
    pollMs,
    onKeyWarning: (line) => io.stderr(`${line}\n`),
    ...(values['worker-id'] && { workerId: values['worker-id'] }),
    ...(batchSize !== undefined && { batchSize }),
  });
  return 0;
}

export async function runMigrate(args: string[], io: Io): Promise<number> {
  if (wantsHelp(args, MIGRATE_HELP, io)) return 0;
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  await database.close();
  io.stdout(`Migrations applied (${database.kind}).\n`);
  return 0;
}
