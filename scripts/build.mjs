// Compiles src/ to plain JavaScript in dist/ (same layout, so `../../web/dist` and the like resolve
// the same from both): each file on its own with TypeScript's transpiler (no type check; `npm test`
// type-checks), `.ts` imports rewritten to `.js`, migrations and other non-TypeScript files copied.
// Runs in `npm ci` (the `prepare` script) and from bin/kairos.js when a source is newer than the
// build. Every file is written to a temporary name and renamed, and the stamp comes last, so a
// process starting during a build never reads half a file and concurrent builds are harmless.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const srcDir = path.join(root, 'src');
export const distDir = path.join(root, 'dist');
export const stampFile = path.join(distDir, '.kairos-build');

// tests and their helpers stay TypeScript (vitest runs them); so does the tsx shim the tests' worker uses
const leftOut = (file) =>
  /\.test\.ts$|\.d\.ts$/.test(file) ||
  file.endsWith('-test-support.ts') ||
  file.endsWith('timer-restart-child.ts') ||
  file.endsWith('.mjs');

function sources() {
  return readdirSync(srcDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(srcDir, path.join(entry.parentPath, entry.name)))
    .filter((file) => !leftOut(file));
}

/** True when dist/ holds a build at least as new as every source file it is made of. */
export function buildIsCurrent() {
  let built;
  try {
    built = statSync(stampFile).mtimeMs;
  } catch {
    return false;
  }
  for (const file of sources()) if (statSync(path.join(srcDir, file)).mtimeMs > built) return false;
  return true;
}

function writeAtomically(file, content) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

export async function build() {
  const started = Date.now();
  const { default: ts } = await import('typescript');
  const compilerOptions = {
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.ES2022,
    verbatimModuleSyntax: true,
    rewriteRelativeImportExtensions: true,
    isolatedModules: true,
    sourceMap: false,
  };
  const stampTime = new Date();
  let count = 0;
  for (const file of sources()) {
    const from = path.join(srcDir, file);
    if (file.endsWith('.ts')) {
      const { outputText } = ts.transpileModule(readFileSync(from, 'utf8'), { compilerOptions, fileName: from });
      writeAtomically(path.join(distDir, file.replace(/\.ts$/, '.js')), outputText);
    } else {
      writeAtomically(path.join(distDir, file), readFileSync(from));
    }
    count += 1;
  }
  // the stamp carries the time the build started: a source saved during the build reads as newer
  writeAtomically(stampFile, `${count} files\n`);
  utimesSync(stampFile, stampTime, stampTime);
  return { files: count, ms: Date.now() - started };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!existsSync(srcDir)) throw new Error(`no sources at ${srcDir}`);
  const { files, ms } = await build();
  console.log(`kairos: compiled ${files} files to dist/ in ${ms} ms`);
}
