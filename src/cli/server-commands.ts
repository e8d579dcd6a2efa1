import { parseArgs } from 'node:util';
import { buildApp } from '../api/app.ts';
import { loadConfig } from '../config.ts';
import { createDeps, openConfiguredDatabase } from '../runtime.ts';
import type { Io } from './main.ts';

const SERVE_HELP = `Usage: kairos serve

Starts the Kairos server: REST API under /api/v1, API docs at /api/docs, and the calendar
sync worker in the same process. Listens on HOST:PORT (default 127.0.0.1:3000).
Uses PostgreSQL when DATABASE_URL is set, else the embedded PGlite database in
KAIROS_DATA_DIR (default ./data), applying migrations at start.
`;

const WORKER_HELP = `Usage: kairos worker

Runs the calendar sync worker alone: it refreshes due calendar connections and exits on
SIGINT/SIGTERM. Start several next to "kairos serve" on PostgreSQL (DATABASE_URL); each
connection is fetched by exactly one of them per cycle.
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

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const done = (signal: string) => resolve(signal);
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

export async function runServe(args: string[], io: Io): Promise<number> {
  if (wantsHelp(args, SERVE_HELP, io)) return 0;
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  const deps = createDeps(config, database);
  const app = await buildApp({ deps, logger: { level: config.LOG_LEVEL } });
  try {
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (error) {
    await app.close();
    await database.close();
    io.stderr(`kairos: cannot listen on ${config.HOST}:${config.PORT}: ${(error as Error).message}\n`);
    return 1;
  }
  const address = app.server.address();
  const url = typeof address === 'object' && address ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}` : deps.publicUrl;
  io.stdout(`Kairos is running on ${url} (${database.kind === 'pglite' ? `embedded database in ${config.KAIROS_DATA_DIR}` : 'PostgreSQL'}); API docs at ${url}/api/docs\n`);
  await untilSignal();
  await app.close();
  await database.close();
  return 0;
}

export async function runWorker(args: string[], io: Io): Promise<number> {
  if (wantsHelp(args, WORKER_HELP, io)) return 0;
  io.stderr('kairos: the calendar sync worker is not available in this build\n');
  return 1;
}

export async function runMigrate(args: string[], io: Io): Promise<number> {
  if (wantsHelp(args, MIGRATE_HELP, io)) return 0;
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  await database.close();
  io.stdout(`Migrations applied (${database.kind}).\n`);
  return 0;
}
