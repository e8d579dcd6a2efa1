// Backup and restore (kairos backup / kairos restore) in rows per second on PGlite and PostgreSQL,
// each against a floor measured in the same run on the same rows: for the backup the bare
// SELECT * of every table (the driver hands every row over, held in memory, nothing written), for
// the restore the database copying the same rows into the emptied tables itself (INSERT ... SELECT
// from a saved copy, in one transaction: the same indexes and constraints, no file, no parsing);
// on PostgreSQL also psql's COPY TO and FROM a file when psql is installed.
import { execFileSync } from 'node:child_process';
import { open, rm } from 'node:fs/promises';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'drizzle-orm';
import { BACKUP_TABLES, ORG_BACKUP_TABLES } from '../src/db/backup-repository.ts';
import { type Database, openDatabase } from '../src/db/database.ts';
import { restoreBackup, writeBackup } from '../src/services/backup.ts';
import { writeOrganizationBackup } from '../src/services/organization-backup.ts';
import { round, writeResult } from './stats.ts';
import { createThrowawayPostgres } from './throwaway-database.ts';

type Engine = 'pglite' | 'postgres';

const ORIGIN = Date.parse('2025-01-06T08:00:00Z');

async function seed(database: Database, records: number): Promise<void> {
  const { db } = database;
  await db.execute(sql`INSERT INTO organizations (id, name, default_hourly_rate_cents) VALUES ('org', 'Bench', 5000)`);
  await db.execute(sql`INSERT INTO users (id, org_id, email, name, role, password_hash)
    SELECT 'u' || g, 'org', 'user' || g || '@bench.test', 'User ' || g, CASE WHEN g = 1 THEN 'owner' ELSE 'member' END, '$argon2id$v=19$m=19456,t=2,p=1$bench$bench'
    FROM generate_series(1, 20) g`);
  await db.execute(sql`INSERT INTO clients (id, org_id, name) SELECT 'c' || g, 'org', 'Client ' || g FROM generate_series(1, 5) g`);
  await db.execute(sql`INSERT INTO projects (id, org_id, client_id, name, hourly_rate_cents)
    SELECT 'p' || g, 'org', 'c' || (1 + g % 5), 'Project ' || g, CASE WHEN g % 2 = 0 THEN 8000 END FROM generate_series(1, 20) g`);
  await db.execute(
    sql`INSERT INTO tasks (id, org_id, project_id, name) SELECT 'k' || g, 'org', 'p' || (1 + g % 20), 'Task ' || g FROM generate_series(1, 40) g`,
  );
  await db.execute(sql`INSERT INTO tags (id, org_id, name) SELECT 't' || g, 'org', 'Tag ' || g FROM generate_series(1, 8) g`);
  for (let from = 0; from < records; from += 50_000) {
    const to = Math.min(records, from + 50_000) - 1;
    await db.execute(sql`INSERT INTO time_records (id, org_id, user_id, project_id, task_id, description, starts_at, ends_at, billable, tag_ids, source)
      SELECT 'r' || g, 'org', 'u' || (1 + g % 20), 'p' || (1 + g % 20), CASE WHEN g % 3 = 0 THEN 'k' || (1 + g % 40) END,
        'Record ' || g || ' — práce na "projektu"', to_timestamp(${ORIGIN / 1000} + g * 1800), to_timestamp(${ORIGIN / 1000} + g * 1800 + 1500),
        g % 4 <> 0, ARRAY['t' || (1 + g % 8), 't' || (1 + (g + 3) % 8)], 'manual'
      FROM generate_series(${from}::int, ${to}::int) g`);
  }
  await db.execute(sql`ANALYZE`);
}

async function totalRows(database: Database): Promise<number> {
  let total = 0;
  for (const table of BACKUP_TABLES) {
    const result = (await database.db.execute(sql.raw(`SELECT count(*)::int AS n FROM "${table}"`))) as unknown as {
      rows: Array<{ n: number }>;
    };
    total += result.rows[0]!.n;
  }
  return total;
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await run();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

/** The largest heap seen while `run` runs, above the heap before it (sampled every 20 ms). */
async function heapGrowth<T>(run: () => Promise<T>): Promise<{ mb: number; value: T }> {
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sampler = setInterval(() => void (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  try {
    const value = await run();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { mb: round((peak - before) / 1_048_576, 1), value };
  } finally {
    clearInterval(sampler);
  }
}

const perSecond = (rows: number, ms: number) => Math.round(rows / (ms / 1000));

async function benchEngine(engine: Engine, pgUrl: string | undefined, records: number): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kairos-bench-backup-'));
  const throwaway = engine === 'postgres' ? await createThrowawayPostgres(pgUrl as string, 'kairos_bench_backup') : null;
  const database = throwaway?.database ?? (await openDatabase({ kind: 'pglite', dataDir: ':memory:' }));
  if (!throwaway) await database.migrate();
  try {
    await seed(database, records);
    const rows = await totalRows(database);
    const file = path.join(dir, 'backup.ndjson');

    // warm both paths once on a small table set: the first query of each kind plans and caches
    await database.db.execute(sql`SELECT * FROM organizations`);

    const floorSelect = await timed(async () => {
      let seen = 0;
      await database.db.transaction(
        async (tx) => {
          for (const table of BACKUP_TABLES)
            seen += ((await tx.execute(sql.raw(`SELECT * FROM "${table}"`))) as unknown as { rows: unknown[] }).rows.length;
        },
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      );
      return seen;
    });
    if (floorSelect.value !== rows) throw new Error(`the floor read ${floorSelect.value} of ${rows} rows`);

    const backup = await heapGrowth(() =>
      timed(async () => {
        const handle = await open(file, 'w');
        try {
          return await writeBackup(
            database.db,
            { write: async (text) => void (await handle.write(text)) },
            { includeSecrets: true, kairosVersion: 'bench', now: new Date() },
          );
        } finally {
          await handle.close();
        }
      }),
    );
    const backedUp = Object.values(backup.value.value.rows).reduce((sum, n) => sum + (n ?? 0), 0);
    if (backedUp !== rows) throw new Error(`the backup wrote ${backedUp} of ${rows} rows`);

    // the restore's floor: the same rows copied by the database into the emptied tables, undone after
    const floorInsert = await timed(async () => {
      try {
        await database.db.transaction(async (tx) => {
          for (const table of BACKUP_TABLES) await tx.execute(sql.raw(`CREATE TEMP TABLE "copy_${table}" AS SELECT * FROM "${table}"`));
          await tx.execute(sql.raw(`TRUNCATE ${BACKUP_TABLES.map((table) => `"${table}"`).join(', ')}`));
          const started = process.hrtime.bigint();
          for (const table of BACKUP_TABLES) await tx.execute(sql.raw(`INSERT INTO "${table}" SELECT * FROM "copy_${table}"`));
          throw Object.assign(new Error('undo'), { insertMs: Number(process.hrtime.bigint() - started) / 1e6 });
        });
      } catch (error) {
        if ((error as Error).message !== 'undo') throw error;
        return (error as { insertMs: number }).insertMs;
      }
      throw new Error('the floor transaction was not undone');
    });

    const restore = await heapGrowth(() =>
      timed(async () => {
        const input = (await open(file, 'r')).createReadStream();
        try {
          return await restoreBackup(database.db, createInterface({ input, crlfDelay: Infinity }), { replace: true });
        } finally {
          input.destroy();
        }
      }),
    );
    if ((await totalRows(database)) !== rows) throw new Error('the restore did not give back every row');

    // the one organisation the seed has (every row but the installation's), backed up by itself and
    // restored with --replace over itself (its rows deleted, the file's inserted, in one transaction)
    const orgFile = path.join(dir, 'org.ndjson');
    const orgBackup = await timed(async () => {
      const handle = await open(orgFile, 'w');
      try {
        return await writeOrganizationBackup(
          database.db,
          { write: async (text) => void (await handle.write(text)) },
          { organization: { id: 'org', name: 'Bench' }, includeSecrets: true, kairosVersion: 'bench', now: new Date() },
        );
      } finally {
        await handle.close();
      }
    });
    const orgRows = ORG_BACKUP_TABLES.reduce((sum, table) => sum + (orgBackup.value.rows[table] ?? 0), 0);
    const orgRestore = await timed(async () => {
      const input = (await open(orgFile, 'r')).createReadStream();
      try {
        return await restoreBackup(database.db, createInterface({ input, crlfDelay: Infinity }), { replace: true });
      } finally {
        input.destroy();
      }
    });
    if (orgRestore.value.scope !== 'organization' || (await totalRows(database)) !== rows)
      throw new Error('the organisation restore did not give back every row');

    const copy = engine === 'postgres' ? psqlCopy(throwaway!.url, dir) : null;
    const bytes = statSync(file).size;
    const selectRate = perSecond(rows, floorSelect.ms);
    const insertRate = perSecond(rows, floorInsert.value);
    return {
      records,
      rows,
      bytes,
      backup: { ms: round(backup.value.ms, 1), rowsPerSecond: perSecond(rows, backup.value.ms), heapGrowthMb: backup.mb },
      restore: { ms: round(restore.value.ms, 1), rowsPerSecond: perSecond(rows, restore.value.ms), heapGrowthMb: restore.mb },
      organization: {
        rows: orgRows,
        backupMs: round(orgBackup.ms, 1),
        backupRowsPerSecond: perSecond(orgRows, orgBackup.ms),
        restoreMs: round(orgRestore.ms, 1),
        restoreRowsPerSecond: perSecond(orgRows, orgRestore.ms),
        // the floors' rate over the organisation's rate (time per row against the floor's)
        backupVsSelect: round(selectRate / perSecond(orgRows, orgBackup.ms), 2),
        restoreVsInsertSelect: round(insertRate / perSecond(orgRows, orgRestore.ms), 2),
      },
      floor: {
        selectMs: round(floorSelect.ms, 1),
        selectRowsPerSecond: perSecond(rows, floorSelect.ms),
        insertSelectMs: round(floorInsert.value, 1),
        insertSelectRowsPerSecond: perSecond(rows, floorInsert.value),
        ...(copy && { copyToMs: copy.toMs, copyFromMs: copy.fromMs }),
      },
      ratio: {
        backupVsSelect: round(backup.value.ms / floorSelect.ms, 2),
        restoreVsInsertSelect: round(restore.value.ms / floorInsert.value, 2),
        ...(copy && { backupVsCopyTo: round(backup.value.ms / copy.toMs, 2), restoreVsCopyFrom: round(restore.value.ms / copy.fromMs, 2) }),
      },
    };
  } finally {
    await database.close();
    await throwaway?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** psql's COPY of every table to files and back into the emptied tables in one transaction (rolled back); null without psql. */
function psqlCopy(url: string, dir: string): { toMs: number; fromMs: number } | null {
  try {
    execFileSync('psql', ['--version'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const fileOf = (table: string) => path.join(dir, `${table}.copy`);
  const run = (script: string) => {
    const started = process.hrtime.bigint();
    execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', url], { input: script, stdio: ['pipe', 'ignore', 'inherit'] });
    return round(Number(process.hrtime.bigint() - started) / 1e6, 1);
  };
  const toMs = run(
    `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\n${BACKUP_TABLES.map((table) => `\\copy "${table}" TO '${fileOf(table)}'`).join('\n')}\nCOMMIT;\n`,
  );
  const fromMs = run(
    `BEGIN;\nTRUNCATE ${BACKUP_TABLES.map((table) => `"${table}"`).join(', ')};\n${BACKUP_TABLES.map((table) => `\\copy "${table}" FROM '${fileOf(table)}'`).join('\n')}\nROLLBACK;\n`,
  );
  for (const table of BACKUP_TABLES) void rm(fileOf(table), { force: true });
  return { toMs, fromMs };
}

export async function benchBackup(options: { quick?: boolean; pgUrl?: string | undefined }): Promise<Record<string, unknown>> {
  const records = options.quick ? 5_000 : 20_000;
  const engines: Record<string, any> = {};
  engines.pglite = await benchEngine('pglite', undefined, records);
  if (options.pgUrl) engines.postgres = await benchEngine('postgres', options.pgUrl, options.quick ? 20_000 : 100_000);
  console.log('\nBackup and restore (rows/s over every table; ratio = time / the floor of the same rows in the same run)');
  console.log(
    'engine    | rows    | MB   | backup rows/s | bare SELECT rows/s | ratio | restore rows/s | bare INSERT…SELECT rows/s | ratio | psql COPY to / from ms | heap growth backup / restore MB',
  );
  for (const [engine, r] of Object.entries(engines)) {
    console.log(
      [
        engine.padEnd(9),
        String(r.rows).padEnd(7),
        String(round(r.bytes / 1_048_576, 1)).padStart(4),
        String(r.backup.rowsPerSecond).padStart(13),
        String(r.floor.selectRowsPerSecond).padStart(18),
        `${r.ratio.backupVsSelect}x`.padStart(5),
        String(r.restore.rowsPerSecond).padStart(14),
        String(r.floor.insertSelectRowsPerSecond).padStart(25),
        `${r.ratio.restoreVsInsertSelect}x`.padStart(5),
        (r.floor.copyToMs === undefined
          ? '-'
          : `${r.floor.copyToMs} / ${r.floor.copyFromMs} (${r.ratio.backupVsCopyTo}x / ${r.ratio.restoreVsCopyFrom}x)`
        ).padStart(22),
        `${r.backup.heapGrowthMb} / ${r.restore.heapGrowthMb}`.padStart(12),
      ].join(' | '),
    );
  }
  console.log('\nOne organisation (kairos backup --org; kairos restore --replace of it), against the same floors');
  console.log('engine    | rows    | org backup rows/s | ratio | org restore rows/s | ratio');
  for (const [engine, r] of Object.entries(engines)) {
    const o = r.organization;
    console.log(
      [
        engine.padEnd(9),
        String(o.rows).padEnd(7),
        String(o.backupRowsPerSecond).padStart(17),
        `${o.backupVsSelect}x`.padStart(5),
        String(o.restoreRowsPerSecond).padStart(18),
        `${o.restoreVsInsertSelect}x`.padStart(5),
      ].join(' | '),
    );
  }
  return { engines };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchBackup({
    quick: process.argv.includes('--quick'),
    pgUrl: process.env.KAIROS_BENCH_PG_URL ?? process.env.KAIROS_TEST_PG_URL,
  });
  console.log(`wrote ${writeResult('backup', result)}`);
}
