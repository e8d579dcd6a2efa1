// The layering of ../shared brief "Architecture", checked by `npm test` (scripts/test.mjs runs depcruise).
// Dependencies point inward: domain <- calendar <- services <- api/cli/sync; web talks only through contract and i18n.
const NOT_TESTS = '\\.test\\.ts$|^src/calendar/(test-feed|random-rule-feed)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain holds types and rules: it imports nothing else of ours and no I/O, database or server library.',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: NOT_TESTS },
      to: { pathNot: '^src/domain/|^node_modules/temporal-polyfill/' },
    },
    {
      name: 'calendar-has-no-database-or-server',
      comment:
        'src/calendar is pure (link checks, parse, expand, detail level) plus the one guarded fetch: no database, Fastify, services or config.',
      severity: 'error',
      from: { path: '^src/calendar/', pathNot: NOT_TESTS },
      to: {
        path: '^src/(db|api|services|sync|cli|contract|config|runtime)|^node_modules/(fastify|@fastify|pg|@electric-sql|drizzle-orm)/',
      },
    },
    {
      name: 'routes-never-touch-the-database',
      comment: 'Routes call services; SQL lives in src/db only.',
      severity: 'error',
      from: { path: '^src/api/routes/' },
      to: { path: '^src/db/|^node_modules/(pg|@electric-sql|drizzle-orm)/' },
    },
    {
      name: 'sql-only-in-db',
      comment: 'Only src/db talks to the database drivers and drizzle.',
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/db/|${NOT_TESTS}` },
      to: { path: '^node_modules/(pg|@electric-sql/pglite|drizzle-orm)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-only-through-contract-and-i18n',
      comment: 'The web app imports only src/contract and src/i18n of the server code.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/', pathNot: '^src/(contract|i18n)/' },
    },
    {
      name: 'contract-and-i18n-stay-shared',
      comment: 'contract and i18n are shared with the browser: they import no server code.',
      severity: 'error',
      from: { path: '^src/(contract|i18n)/', pathNot: NOT_TESTS },
      to: { path: '^src/(db|api|services|sync|cli|calendar|runtime|config)' },
    },
    {
      name: 'src-never-imports-tests',
      comment: 'Test helpers live under test/; nothing in src outside the test files imports them or bench/.',
      severity: 'error',
      from: { path: '^src/', pathNot: NOT_TESTS },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|web/dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs'],
    },
  },
};
