import { defineConfig } from 'vitest/config';

// Pure suites run once; suites named *.db.test.ts run once per database engine
// (scripts/test.mjs sets KAIROS_TEST_DB=pglite or KAIROS_TEST_DB=pg).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { TZ: 'UTC' },
    globalSetup: ['test/support/global-setup.ts'],
  },
});
