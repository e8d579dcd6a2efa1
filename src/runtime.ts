import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/database.ts';
import type { Deps } from './services/deps.ts';

// Opens the configured database: PostgreSQL when DATABASE_URL is set, else PGlite in the data dir.
export async function openConfiguredDatabase(config: Config, options: { migrate?: boolean } = {}): Promise<Database> {
  const database = config.DATABASE_URL
    ? await openDatabase({ kind: 'postgres', url: config.DATABASE_URL })
    : await openDatabase({ kind: 'pglite', dataDir: config.KAIROS_DATA_DIR });
  if (options.migrate ?? true) await database.migrate();
  return database;
}

// KAIROS_SECRET encrypts calendar links at rest. With PGlite and no KAIROS_SECRET, one is generated
// once into the data dir (readable by its owner only), so `npm start` needs no set-up.
export function loadSecretKey(config: Config): Buffer {
  if (config.KAIROS_SECRET) return Buffer.from(config.KAIROS_SECRET, 'base64');
  const dir = path.resolve(config.KAIROS_DATA_DIR);
  const file = path.join(dir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold 32 base64-encoded bytes`);
  return key;
}

/** How the start-up warning names the key in use. */
export function secretKeySource(config: Config): string {
  return config.KAIROS_SECRET
    ? 'KAIROS_SECRET'
    : `the key in ${path.join(path.resolve(config.KAIROS_DATA_DIR), 'secret.key')} (KAIROS_SECRET is not set)`;
}

/** This build's version (package.json; the same path from src/ and dist/). */
export function kairosVersion(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export function publicUrl(config: Config): string {
  return config.KAIROS_PUBLIC_URL ?? `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${config.PORT}`;
}

export function createDeps(config: Config, database: Database): Deps {
  return { db: database.db, now: () => new Date(), publicUrl: publicUrl(config), signup: config.KAIROS_SIGNUP };
}

/**
 * Resolves on the first SIGINT or SIGTERM (or when `abort` fires). Call it before the process
 * says it is ready: a signal that arrives before a listener exists takes the default action and
 * kills the process without its shutdown (the data dir lock stays behind). The listeners stay
 * afterwards: a Ctrl-C reaches npm (or npx) and us, npm passes it on again, and that second
 * signal must not cut the shutdown short.
 */
export function untilStopped(abort?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
    if (abort) {
      if (abort.aborted) resolve();
      else abort.addEventListener('abort', done, { once: true });
    }
  });
}
