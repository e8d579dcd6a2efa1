// `npm run bench [-- --quick] [-- --only startup,memory,api,reports,backup,ics,sync,web,load]`: every benchmark in one run, ratios against
// peers measured in the same run, one JSON file with the commit in bench/results/all.json.
// PostgreSQL parts use KAIROS_BENCH_PG_URL, else KAIROS_TEST_PG_URL, else the local server.
import { benchApi } from './api.ts';
import { benchBackup } from './backup.ts';
import { benchIcs } from './ics.ts';
import { benchLoad } from './load.ts';
import { benchMemory } from './memory.ts';
import { benchReports } from './reports.ts';
import { benchRruleFuzz } from './rrule-fuzz.ts';
import { benchStartup } from './startup.ts';
import { writeResult } from './stats.ts';
import { benchSync } from './sync.ts';
import { benchWeb } from './web.ts';

const quick = process.argv.includes('--quick');
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex === -1 ? null : new Set((process.argv[onlyIndex + 1] ?? '').split(','));
const pgUrl = process.env.KAIROS_BENCH_PG_URL ?? process.env.KAIROS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const wanted = (name: string) => only === null || only.has(name);

const results: Record<string, unknown> = { quick, machine: { cpus: (await import('node:os')).cpus().length, node: process.version } };
if (wanted('startup')) results.startup = await benchStartup({ quick });
if (wanted('memory')) results.memory = await benchMemory({ quick, pgUrl });
if (wanted('ics')) results.ics = await benchIcs({ quick });
if (wanted('rrule-fuzz')) results.rruleFuzz = await benchRruleFuzz({ quick });
if (wanted('api')) results.api = await benchApi({ quick, pgUrl });
if (wanted('reports')) results.reports = await benchReports({ quick, pgUrl });
if (wanted('backup')) results.backup = await benchBackup({ quick, pgUrl });
if (wanted('sync')) results.sync = await benchSync({ quick, pgUrl });
if (wanted('web')) results.web = await benchWeb({ quick });
if (wanted('load')) results.load = await benchLoad({ pgUrl, users: quick ? 50 : 200, rounds: quick ? 2 : 5 });
console.log(`\nwrote ${writeResult('all', results)}`);
