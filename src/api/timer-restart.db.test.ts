import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-db.ts';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./timer-restart-child.ts', import.meta.url));

// The issue asks for "the same database, a new process": two node processes one after the other.
describe('a running timer across a server restart', () => {
  let database: TestDatabase | null = null;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kairos-timer-'));
    if (process.env.KAIROS_TEST_DB === 'pg') database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is still running, with its start, in a new process on the same database', async () => {
    const env = { ...process.env, ...(database?.url ? { KAIROS_TEST_CHILD_PG_URL: database.url } : { KAIROS_TEST_CHILD_DIR: dir }) };
    const first = await run(process.execPath, ['--import', 'tsx', child, 'start'], { env });
    const { token, running } = JSON.parse(first.stdout);
    expect(running).toMatchObject({ description: 'survives', startedAt: expect.any(String) });
    const second = await run(process.execPath, ['--import', 'tsx', child, 'read'], { env: { ...env, KAIROS_TEST_TOKEN: token } });
    const after = JSON.parse(second.stdout);
    expect(after.running).toMatchObject({ description: 'survives', startedAt: running.startedAt, projectId: running.projectId });
    expect(after.running.elapsedSeconds).toBeGreaterThanOrEqual(0);
    // two node processes loading tsx and the database one after the other: seconds each under load
  }, 120_000);
});
