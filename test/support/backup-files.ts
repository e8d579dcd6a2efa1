import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { calendarRouteGroup } from '../../src/api/routes/connections.ts';
import type { Database } from '../../src/db/database.ts';
import { type CalendarTestEnv, createCalendarTestEnv } from './calendar-env.ts';
import { type CliDatabase, createCliDatabase } from './cli.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { testEngine } from './test-db.ts';

/**
 * A backup file's text with `rewrite` applied to its lines before the end line, and the end
 * line's row counts and checksum made to fit again: a file only the checks of content can refuse.
 */
export function resealed(content: string, rewrite: (lines: string[]) => string[]): string {
  const lines = content.trimEnd().split('\n');
  const body = rewrite(lines.slice(0, -1));
  const rows: Record<string, number> = {};
  let table = '';
  for (const line of body.slice(1)) {
    if (line.startsWith('{"@table"')) rows[(table = JSON.parse(line)['@table'])] = 0;
    else rows[table] = (rows[table] ?? 0) + 1;
  }
  const text = `${body.join('\n')}\n`;
  return `${text}${JSON.stringify({ '@end': { rows, sha256: createHash('sha256').update(text).digest('hex') } })}\n`;
}

/** What the backup command-line tests share: a seeded source installation, fresh targets, files. */
export type BackupKit = {
  /** the source installation, with its calendar set-up */
  env: CalendarTestEnv;
  /** KAIROS_SECRET of the source, base64 */
  secret: string;
  /** a directory of the test's own for its files */
  dir: string;
  /** the environment of a command on `target`, in English, with the source's secret */
  cliEnv(target: CliDatabase, extra?: Record<string, string>): Record<string, string>;
  /** a fresh database of the CLI's own, closed with the kit */
  newTarget(engine?: 'pglite' | 'pg'): Promise<CliDatabase>;
  /** the targets made so far, oldest first */
  targets: readonly CliDatabase[];
  /** an app on the target's database, closed before the next command (PGlite has one user) */
  withApp<T>(target: CliDatabase, body: (t: TestApp) => Promise<T>): Promise<T>;
  /** writes `content` to `name` in the directory and answers its path */
  file(name: string, content: string): string;
  close(): Promise<void>;
};

export async function createBackupKit(now: Date, prefix: string): Promise<BackupKit> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const env = await createCalendarTestEnv({ now });
  const secret = Buffer.from(env.calendar.secretKey).toString('base64');
  const targets: CliDatabase[] = [];
  return {
    env,
    secret,
    dir,
    targets,
    cliEnv: (target, extra = {}) => ({ ...target.env, KAIROS_SECRET: secret, LC_ALL: '', LC_MESSAGES: '', LANG: 'en_US.UTF-8', ...extra }),
    async newTarget(engine = testEngine) {
      const target = await createCliDatabase(engine);
      targets.push(target);
      return target;
    },
    async withApp(target, body) {
      const database: Database = await target.open();
      const t = await createTestApp({ database: { ...database, url: null }, now, routeGroups: [calendarRouteGroup(env.calendar)] });
      try {
        return await body(t);
      } finally {
        await t.close();
      }
    },
    file(name, content) {
      const target = path.join(dir, name);
      writeFileSync(target, content);
      return target;
    },
    async close() {
      for (const target of targets) await target.close();
      await env.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
