import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const secret = Buffer.alloc(32, 1).toString('base64');

describe('configuration from the environment', () => {
  it('starts from the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      KAIROS_DATA_DIR: './data',
      KAIROS_SYNC_INTERVAL_S: 900,
      KAIROS_FEED_MAX_BYTES: 20 * 1024 * 1024,
      KAIROS_FEED_TIMEOUT_MS: 15_000,
      KAIROS_SIGNUP: 'open',
      KAIROS_CALENDAR_ALLOW_HOSTS: [],
      KAIROS_METRICS: 'off',
      LOG_LEVEL: 'info',
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).PORT).toBe(3000);
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['KAIROS_SIGNUP', { KAIROS_SIGNUP: 'maybe' }],
    ['KAIROS_SECRET', { KAIROS_SECRET: 'c2hvcnQ=' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/x' }],
    ['KAIROS_SYNC_INTERVAL_S', { KAIROS_SYNC_INTERVAL_S: '1' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['KAIROS_METRICS', { KAIROS_METRICS: 'yes' }],
    ['KAIROS_CALENDAR_CA_FILE', { KAIROS_CALENDAR_CA_FILE: '/nonexistent/ca.pem' }],
    ['KAIROS_CALENDAR_ALLOW_HOSTS', { KAIROS_CALENDAR_ALLOW_HOSTS: '10.0.0.0/99' }],
    ['KAIROS_CALENDAR_ALLOW_HOSTS', { KAIROS_CALENDAR_ALLOW_HOSTS: 'https://exchange.corp.example/owa' }],
  ])('stops with a message naming %s when it is invalid', (name, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it('requires KAIROS_SECRET with DATABASE_URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/kairos' })).toThrow(/KAIROS_SECRET/);
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/kairos', KAIROS_SECRET: secret }).KAIROS_SECRET).toBe(secret);
  });

  it('splits the calendar allow-list and accepts a readable CA file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kairos-config-'));
    const ca = path.join(dir, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const config = loadConfig({ KAIROS_CALENDAR_ALLOW_HOSTS: ' exchange.corp.example , 10.1.0.0/16,', KAIROS_CALENDAR_CA_FILE: ca });
    expect(config.KAIROS_CALENDAR_ALLOW_HOSTS).toEqual(['exchange.corp.example', '10.1.0.0/16']);
    expect(config.KAIROS_CALENDAR_CA_FILE).toBe(ca);
  });
});

describe('configuration errors', () => {
  it.each([
    { PORT: 'eighty' },
    { PORT: '99999' },
    { KAIROS_SIGNUP: 'maybe' },
    { KAIROS_PUBLIC_URL: 'not a url' },
    { KAIROS_SYNC_INTERVAL_S: '1.5' },
  ])('read as a sentence naming the variable, without zod wording: %o', (env) => {
    const name = Object.keys(env)[0]!;
    let message = '';
    try {
      loadConfig(env);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(new RegExp(`^invalid environment:\\n  "${name}" (must|is) [^\\n]+\\.$`));
    expect(message).not.toMatch(/Invalid input|expected \w+, received|received NaN|Too (small|big)|Invalid (option|URL)/i);
  });
});
