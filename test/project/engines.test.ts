// The README promises Node 20: every package a production install brings must admit the lowest
// Node version package.json's `engines` allows (npm ci prints EBADENGINE otherwise). Development-
// only peers (node-ical, compared against in the calendar bench) are listed in the README.
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { expect, it } from 'vitest';

type LockPackage = { dev?: boolean; engines?: Record<string, string> | string[] };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockPackage> };
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };

it('admits the lowest Node version of our engines range in every runtime dependency', () => {
  const lowest = semver.minVersion(manifest.engines.node)!.version;
  expect(lowest).toBe('20.19.0');
  const refusing = Object.entries(lock.packages)
    .filter(([name, entry]) => name !== '' && !entry.dev && entry.engines && !Array.isArray(entry.engines) && entry.engines.node)
    .filter(([, entry]) => !semver.satisfies(lowest, (entry.engines as Record<string, string>).node!))
    .map(([name, entry]) => `${name.replace(/^.*node_modules\//, '')} (${(entry.engines as Record<string, string>).node})`);
  expect(refusing).toEqual([]);
});
