// Debian's chromium driven through playwright-core (never a downloaded browser), the axe-core
// accessibility check, and real pointer drags, for the browser tests in test/e2e.
//
//   const browser = await launchBrowser();          // one per test file
//   const context = await browser.newContext({ baseURL: kairos.url, locale: 'en-GB' });
//   expect(await accessibilityProblems(page)).toBe(''); // serious or critical violations, readable
//   await pointerDrag(page, source, target);        // mouse down, move in steps, up
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterEach, beforeEach, describe, it } from 'vitest';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let found: string | null | undefined;

/** the chromium on PATH (KAIROS_CHROMIUM overrides), or null when there is none */
export function chromiumPath(): string | null {
  if (found !== undefined) return found;
  const candidates = [process.env.KAIROS_CHROMIUM, which('chromium'), which('chromium-browser'), '/usr/bin/chromium'];
  found = candidates.find((candidate): candidate is string => !!candidate && existsSync(candidate)) ?? null;
  return found;
}

function which(name: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** CI (CI=true, or KAIROS_TEST_REQUIRE_BROWSER=1 as .ci/run sets) must run the browser tests */
export function browserRequired(): boolean {
  return !!process.env.KAIROS_TEST_REQUIRE_BROWSER || (process.env.CI ?? '').toLowerCase() === 'true' || process.env.CI === '1';
}

// describe() for a browser test file: without chromium it is skipped with a message locally, and
// fails in CI, so a missing browser can never pass silently there.
export function describeInBrowser(name: string, body: () => void): void {
  // generous: a busy 2-core machine runs these next to the other suites
  if (chromiumPath()) {
    describe(name, { timeout: 120_000 }, body);
    return;
  }
  if (browserRequired()) {
    describe(name, () => {
      it('needs Debian chromium', () => {
        throw new Error('chromium is not installed (apt-get install -y chromium); CI must run the browser tests');
      });
    });
    return;
  }
  console.warn(`skipping the browser tests "${name}": no chromium on PATH (apt-get install -y chromium)`);
  describe.skip(name, body);
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('chromium is not installed (apt-get install -y chromium)');
  // playwright gives every launch its own fresh, temporary user-data-dir
  return chromium.launch({ executablePath, args: FLAGS, timeout: 60_000 });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeNode = { target: unknown[]; html: string; failureSummary?: string };
type AxeViolation = { id: string; impact: string | null; help: string; helpUrl: string; nodes: AxeNode[] };

/** the serious and critical axe-core violations on the page, as readable text ('' when none) */
export async function accessibilityProblems(page: Page): Promise<string> {
  // evaluated through the DevTools protocol, so the app's Content-Security-Policy does not block it
  await page.evaluate(`${axeSource}\n;void 0`);
  // (a string, as the test code is type-checked without the DOM library)
  const violations = await page.evaluate<AxeViolation[]>(`axe.run(document, { resultTypes: ['violations'] }).then((result) =>
    result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary || '' })) })))`);
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  return serious
    .map((violation) => {
      const nodes = violation.nodes
        .slice(0, 5)
        .map(
          (node) =>
            `    on ${JSON.stringify(node.target)}: ${node.html.slice(0, 200)}\n      ${(node.failureSummary ?? '').replaceAll('\n', '\n      ')}`,
        );
      const more = violation.nodes.length > 5 ? [`    … and ${violation.nodes.length - 5} more`] : [];
      return [`  [${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})`, ...nodes, ...more].join('\n');
    })
    .join('\n');
}

async function centre(target: Locator): Promise<{ x: number; y: number }> {
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  if (!box) throw new Error(`drag: ${target} has no box (not visible)`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

// A real pointer drag: press on the source, move in small steps (past the 5 px threshold
// FullCalendar and our panel wait for), hover over the target, release. `to` may be a point.
export async function pointerDrag(
  page: Page,
  from: Locator,
  to: Locator | { x: number; y: number },
  options: { steps?: number } = {},
): Promise<void> {
  const end = 'x' in to ? to : await centre(to);
  const start = await centre(from);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 8, start.y + 8, { steps: 4 });
  await page.mouse.move(end.x, end.y, { steps: options.steps ?? 20 });
  // one more small move over the target, as a hand does, so drag-over handlers see it settle
  await page.mouse.move(end.x + 1, end.y + 1, { steps: 2 });
  await page.mouse.up();
}

// The tests of a browser file are steps of one story on one page: after a failed step the later
// ones are skipped (they would only time out), and the page at the failure is saved as
// .test-tmp/e2e-failures/<test>.png for the person reading the log.
export function stepByStep(page: () => Page | undefined): void {
  let failed = false;
  beforeEach((context) => {
    if (failed) context.skip();
  });
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    failed = true;
    const current = page();
    if (!current || current.isClosed()) return;
    const dir = path.resolve('.test-tmp', 'e2e-failures');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${context.task.name.replace(/[^\w-]+/g, '-').slice(0, 80)}.png`);
    await current.screenshot({ path: file, fullPage: true }).catch(() => {});
    console.error(`screenshot of the failure: ${file}`);
  });
}
