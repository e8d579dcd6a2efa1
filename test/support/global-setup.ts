import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { build, buildIsCurrent } from '../../scripts/build.mjs';
import { openDatabase } from '../../src/db/database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
  }
}

// Builds one migrated template per run: a PGlite data-dir dump, or a PostgreSQL template
// database. Each test file then starts from a copy (see test-db.ts).
// Suites that spawn bin/kairos.js run the compiled dist/: it is brought up to date once here.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!buildIsCurrent()) await build();
  const engine = process.env.KAIROS_TEST_DB ?? 'pglite';
  if (engine === 'pg') {
    const url = process.env.KAIROS_TEST_PG_URL;
    if (!url) throw new Error('KAIROS_TEST_DB=pg needs KAIROS_TEST_PG_URL');
    const name = `kairos_tpl_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const database = await openDatabase({ kind: 'postgres', url: withDatabase(url, name), poolSize: 1 });
    await database.migrate();
    await database.close();
    await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
    project.provide('pgTemplate', name);
    project.provide('pgliteTemplate', '');
    return async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  }
  const database = await openDatabase({ kind: 'pglite', dataDir: ':memory:' });
  await database.migrate();
  const dump = await database.dump?.();
  await database.close();
  const dir = path.resolve('.test-tmp');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `pglite-template-${process.pid}.tar`);
  if (!dump) throw new Error('pglite dump unavailable');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  project.provide('pgTemplate', '');
  return async () => {};
}

export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}
