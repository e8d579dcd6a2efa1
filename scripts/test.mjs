#!/usr/bin/env node
// `npm test`: type check, every suite on embedded PGlite, the database suites (*.db.test.ts)
// again on PostgreSQL when KAIROS_TEST_PG_URL is set, then one plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const extraArgs = process.argv.slice(2);
const tmp = path.resolve('.test-tmp');
mkdirSync(tmp, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const runs = [];

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, TZ: 'UTC', ...env } });
  return result.status ?? 1;
}

function vitest(label, engine, filters) {
  const report = path.join(tmp, `vitest-${engine}.json`);
  rmSync(report, { force: true });
  const status = run(
    label,
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...filters, ...extraArgs],
    {
      KAIROS_TEST_DB: engine,
    },
  );
  if (!existsSync(report)) {
    totals.failed += 1;
    runs.push(`${label}: no report (exit ${status})`);
    return;
  }
  const json = JSON.parse(readFileSync(report, 'utf8'));
  const failedSuites = json.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length;
  totals.passed += json.numPassedTests;
  totals.failed += json.numFailedTests + failedSuites;
  totals.skipped += json.numPendingTests + json.numTodoTests;
  if (status !== 0 && json.numFailedTests + failedSuites === 0) totals.failed += 1;
  runs.push(`${label}: ${json.numPassedTests} passed, ${json.numFailedTests + failedSuites} failed, ${json.numPendingTests} skipped`);
}

const checks = [
  ['type check (tsc --noEmit)', ['tsc', '--noEmit']],
  ['type check of the web app (tsc -p web)', ['tsc', '--noEmit', '-p', 'web']],
  [
    'layering (dependency-cruiser, .dependency-cruiser.cjs)',
    ['depcruise', 'src', 'web/src', 'bin', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
  ],
  ['unused files, exports and dependencies (knip, knip.json)', ['knip', '--no-progress']],
  ['formatting (biome format, biome.json: npm run format fixes it)', ['biome', 'format', '.']],
];
for (const [label, args] of checks) {
  const status = run(label, 'npx', args);
  if (status === 0) totals.passed += 1;
  else totals.failed += 1;
  runs.push(`${label}: ${status === 0 ? 'ok' : 'FAILED'}`);
}

vitest('all suites on PGlite', 'pglite', []);

if (process.env.KAIROS_TEST_PG_URL) {
  vitest('database suites on PostgreSQL', 'pg', ['.db.test.ts']);
} else if (process.env.KAIROS_TEST_REQUIRE_PG) {
  totals.failed += 1;
  runs.push('PostgreSQL run: MISSING (KAIROS_TEST_PG_URL is not set)');
} else {
  runs.push('PostgreSQL run: skipped (set KAIROS_TEST_PG_URL=postgres://postgres@127.0.0.1:5432/postgres to include it)');
}

console.log('\n=== summary ===');
for (const line of runs) console.log(line);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 ? 0 : 1);
