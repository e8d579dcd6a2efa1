#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ (built by `npm ci`'s prepare script). After a pull or an
// edit, a source newer than the build recompiles it first (a few seconds, once), so the command
// never runs stale code and never needs tsx.
import { build, buildIsCurrent } from '../scripts/build.mjs';

if (!buildIsCurrent()) {
  process.stderr.write('kairos: compiling the sources (once after install or update)…\n');
  await build();
}
const { runCli } = await import('../dist/cli/main.js');
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
