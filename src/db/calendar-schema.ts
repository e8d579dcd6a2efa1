import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { organizations, projects, tasks, users } from './schema.ts';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export type StoredError = { code: string; params: Record<string, string | number> };
export type StoredNotice = { code: string; params?: Record<string, string | number> };

// A user's calendar link. The link itself is a secret: only its AES-GCM ciphertext and a
// masked form are stored. `status` is the outcome of the last refresh (the API shows
// `disabled` for a connection switched off, whatever this says).
export const calendarConnections = pgTable(
  'calendar_connections',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    provider: text('provider', { enum: ['exchange', 'ics'] }).notNull(),
    name: text('name').notNull(),
    // false while the name is the feed's own calendar name (a refresh may update it)
    nameIsCustom: boolean('name_is_custom').notNull().default(false),
    enabled: boolean('enabled').notNull().default(true),
    urlCiphertext: text('url_ciphertext').notNull(),
    urlMasked: text('url_masked').notNull(),
    // HMAC (KAIROS_SECRET) of the normalised link: one connection per feed and user (null until backfilled)
    linkHash: text('link_hash'),
    // secret_changed: the link no longer decrypts (another KAIROS_SECRET); link_missing: restored
    // from a backup without secrets. Both wait for the owner to paste the link again.
    status: text('status', { enum: ['pending', 'ok', 'warning', 'error', 'secret_changed', 'link_missing'] })
      .notNull()
      .default('pending'),
    detailLevel: text('detail_level', { enum: ['availability', 'limited', 'full'] }),
    eventCount: integer('event_count').notNull().default(0),
    lastSyncAt: instant('last_sync_at'),
    lastSuccessAt: instant('last_success_at'),
    nextSyncAt: instant('next_sync_at'),
    lastError: jsonb('last_error').$type<StoredError | null>(),
    notices: jsonb('notices').$type<StoredNotice[]>().notNull().default(sql`'[]'::jsonb`),
    etag: text('etag'),
    lastModified: text('last_modified'),
    contentHash: text('content_hash'),
    failureCount: integer('failure_count').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('calendar_connections_user_idx').on(t.orgId, t.userId),
    uniqueIndex('calendar_connections_user_link_idx').on(t.userId, t.linkHash).where(sql`${t.linkHash} IS NOT NULL`),
  ],
);

// One row per enabled connection: when it is due and who holds it. Workers claim due rows
// with FOR UPDATE SKIP LOCKED and a lease, so each due refresh runs exactly once even with
// several worker processes; a crashed worker's lease simply expires.
export const calendarSyncJobs = pgTable(
  'calendar_sync_jobs',
  {
    connectionId: text('connection_id')
      .primaryKey()
      .references(() => calendarConnections.id, { onDelete: 'cascade' }),
    dueAt: instant('due_at').notNull(),
    lockedBy: text('locked_by'),
    lockedUntil: instant('locked_until'),
  },
  (t) => [index('calendar_sync_jobs_due_idx').on(t.dueAt)],
);

// What impulses need of each occurrence, keyed by the occurrence key (connection, UID,
// recurrence id) hashed into `id`, which is also the meeting impulse's id. Rows are never
// deleted by a sync: one that vanishes from the feed gets `removed_at`.
export const calendarOccurrences = pgTable(
  'calendar_occurrences',
  {
    id: text('id').primaryKey(),
    connectionId: text('connection_id')
      .notNull()
      .references(() => calendarConnections.id, { onDelete: 'cascade' }),
    orgId: text('org_id').notNull(),
    userId: text('user_id').notNull(),
    uid: text('uid').notNull(),
    recurrenceId: text('recurrence_id'),
    // as the engine gives them: instants with Z, or dates (end exclusive) when all-day
    start: text('start').notNull(),
    end: text('end').notNull(),
    allDay: boolean('all_day').notNull(),
    // for range queries: the instants, or an all-day date's 00:00 UTC (widened by a day on read)
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    summary: text('summary').notNull(),
    location: text('location'),
    busyStatus: text('busy_status', { enum: ['busy', 'tentative', 'free', 'oof', 'workingElsewhere'] }).notNull(),
    private: boolean('private').notNull(),
    cancelled: boolean('cancelled').notNull(),
    removedAt: instant('removed_at'),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('calendar_occurrences_user_start_idx').on(t.userId, t.startsAt),
    index('calendar_occurrences_connection_start_idx').on(t.connectionId, t.startsAt),
  ],
);

// A user's own state of an impulse: dismissed, and what a meeting looked like when it was
// tracked (the time record itself lives in time_records with impulse_id).
export const impulseStates = pgTable(
  'impulse_states',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    impulseId: text('impulse_id').notNull(),
    orgId: text('org_id').notNull(),
    dismissedAt: instant('dismissed_at'),
    trackedSnapshot: jsonb('tracked_snapshot').$type<{ start: string; end: string; summary: string } | null>(),
    trackedAt: instant('tracked_at'),
    // brought back on its own while its series stays dismissed
    restoredAt: instant('restored_at'),
    // a rule tracked it automatically: never again, also after its record was deleted (the undo)
    ruleTrackedAt: instant('rule_tracked_at'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.impulseId] })],
);

// A user's choices for a whole meeting series, keyed by UID: the same series seen through two of
// the user's connections is one. The project and task to suggest ("remember for the series"),
// and "dismiss every occurrence" (also those a later sync brings).
export const impulseSeries = pgTable(
  'impulse_series',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    uid: text('uid').notNull(),
    orgId: text('org_id').notNull(),
    projectId: text('project_id').references(() => projects.id, { onDelete: 'set null' }),
    taskId: text('task_id').references(() => tasks.id, { onDelete: 'set null' }),
    rememberedAt: instant('remembered_at'),
    dismissedAt: instant('dismissed_at'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.uid] })],
);
