import { readFileSync } from 'node:fs';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { describeIssue } from './i18n/details.ts';

function isReadablePem(file: string): boolean {
  try {
    return readFileSync(file, 'utf8').includes('-----BEGIN CERTIFICATE-----');
  } catch {
    return false;
  }
}

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  KAIROS_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  KAIROS_SECRET: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 random bytes, base64-encoded (openssl rand -base64 32)')
    .optional(),
  // only for `kairos secret rotate`: the key the links are sealed with now
  KAIROS_SECRET_PREVIOUS: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be the previous KAIROS_SECRET: 32 bytes, base64-encoded')
    .optional(),
  KAIROS_CALENDAR_ALLOW_HOSTS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((host) => host.trim())
        .filter((host) => host !== ''),
    )
    .refine(
      (hosts) =>
        hosts.every((host) => (host.includes('/') ? ipaddr.isValidCIDR(host.replace(/^\[|\]$/g, '')) : /^[\w.:[\]-]+$/.test(host))),
      'must be comma-separated host names, addresses or CIDRs such as exchange.corp.example,10.1.0.0/16',
    ),
  KAIROS_CALENDAR_CA_FILE: z
    .string()
    .min(1)
    .refine(isReadablePem, 'must name a readable PEM file holding a CA certificate (-----BEGIN CERTIFICATE-----)')
    .optional(),
  KAIROS_SYNC_INTERVAL_S: z.coerce.number().int().min(10).max(86_400).default(900),
  KAIROS_FEED_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1024 * 1024),
  KAIROS_FEED_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  KAIROS_SIGNUP: z.enum(['open', 'closed']).default('open'),
  KAIROS_PUBLIC_URL: z.url().optional(),
  KAIROS_METRICS: z.enum(['off', 'on']).default('off'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = Readonly<z.infer<typeof Env>>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const VALUE_NOT_SHOWN = Symbol('set');

// Empty strings count as unset, so `PORT= npm start` behaves like no PORT at all.
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = Env.safeParse(present);
  if (!parsed.success) {
    // one sentence per variable; a value is never echoed (DATABASE_URL and the KAIROS_SECRETs hold secrets)
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return `  ${describeIssue('en', name, { ...issue, input: present[name] === undefined ? undefined : VALUE_NOT_SHOWN })}`;
    });
    throw new ConfigError(`invalid environment:\n${lines.join('\n')}`);
  }
  if (parsed.data.DATABASE_URL && !parsed.data.KAIROS_SECRET) {
    throw new ConfigError('invalid environment:\n  KAIROS_SECRET: required when DATABASE_URL is set (openssl rand -base64 32)');
  }
  return Object.freeze(parsed.data);
}
