import type { FeedFetcher } from '../calendar/fetch-feed.ts';

export type SyncLog = {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
};

// What the calendar features need beyond Deps; main.ts builds it once from the config.
export type CalendarDeps = {
  /** 32 bytes (KAIROS_SECRET): encrypts calendar links at rest */
  secretKey: Uint8Array;
  fetcher: FeedFetcher;
  /** KAIROS_SYNC_INTERVAL_S */
  syncIntervalS: number;
  /** how much of a feed is stored: past and future days from the sync time */
  horizon: { pastDays: number; futureDays: number };
  /** cap of the exponential backoff after failures (default 6 hours) */
  maxBackoffS?: number;
  /** a pino-compatible logger; never given a link */
  log?: SyncLog;
  /** KAIROS_METRICS=on: every refresh's outcome */
  metrics?: { observeRefresh(outcome: 'imported' | 'unchanged' | 'failed', code: string | null): void };
};

export const DEFAULT_HORIZON = { pastDays: 90, futureDays: 180 } as const;
export const DEFAULT_MAX_BACKOFF_S = 6 * 3600;

export const silentLog: SyncLog = { info() {}, warn() {}, error() {} };
