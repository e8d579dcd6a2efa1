import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => instant('created_at').notNull().defaultNow();

// Every row carries org_id: one organisation never sees another's data.
export const organizations = pgTable('organizations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  lockedUntil: date('locked_until', { mode: 'string' }),
  currency: text('currency').notNull().default('EUR'),
  // the rate of records whose project and member have none (reports, issue 10)
  defaultHourlyRateCents: integer('default_hourly_rate_cents'),
  version: integer('version').notNull().default(1),
  createdAt: createdAt(),
});

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    role: text('role', { enum: ['owner', 'admin', 'manager', 'member'] }).notNull(),
    timeZone: text('time_zone').notNull().default('UTC'),
    language: text('language', { enum: ['en', 'cs'] })
      .notNull()
      .default('en'),
    weekStart: smallint('week_start').notNull().default(1),
    impulsePastDays: smallint('impulse_past_days').notNull().default(14),
    impulseFutureDays: smallint('impulse_future_days').notNull().default(7),
    // only the settings the person changed; the defaults fill the rest when read (src/contract/account.ts)
    preferences: jsonb('preferences').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    // the workday (migration 0017): gaps, the daily target and the end-of-day nudge of "Close the day"
    workStart: text('work_start').notNull().default('09:00'),
    workEnd: text('work_end').notNull().default('17:00'),
    workDays: smallint('work_days').array().notNull().default(sql`'{1,2,3,4,5}'::smallint[]`),
    dailyTargetMinutes: smallint('daily_target_minutes').default(480),
    nudgeAt: text('nudge_at').default('17:00'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_email_uq').on(sql`lower(${t.email})`),
    index('users_org_idx').on(t.orgId),
    check(
      'users_workday_ck',
      sql`${t.workStart} < ${t.workEnd} AND cardinality(${t.workDays}) BETWEEN 1 AND 7 AND (${t.dailyTargetMinutes} IS NULL OR ${t.dailyTargetMinutes} BETWEEN 15 AND 1440)`,
    ),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: text('org_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    expiresAt: instant('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    lastUsedAt: instant('last_used_at'),
    revokedAt: instant('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);

export const invites = pgTable(
  'invites',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    email: text('email').notNull(),
    role: text('role', { enum: ['admin', 'manager', 'member'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    invitedBy: text('invited_by'),
    expiresAt: instant('expires_at').notNull(),
    acceptedAt: instant('accepted_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('invites_token_uq').on(t.tokenHash), index('invites_org_idx').on(t.orgId)],
);

export const clients = pgTable(
  'clients',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    archived: boolean('archived').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [index('clients_org_idx').on(t.orgId)],
);

export const projects = pgTable(
  'projects',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    clientId: text('client_id').references(() => clients.id),
    name: text('name').notNull(),
    color: text('color').notNull().default('#3b82f6'),
    billable: boolean('billable').notNull().default(true),
    hourlyRateCents: integer('hourly_rate_cents'),
    archived: boolean('archived').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [index('projects_org_idx').on(t.orgId)],
);

export const projectMembers = pgTable(
  'project_members',
  {
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: text('org_id').notNull(),
    role: text('role', { enum: ['manager', 'member'] })
      .notNull()
      .default('member'),
    hourlyRateCents: integer('hourly_rate_cents'),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] }), index('project_members_user_idx').on(t.userId)],
);

export const tasks = pgTable(
  'tasks',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    archived: boolean('archived').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [index('tasks_project_idx').on(t.projectId)],
);

export const tags = pgTable(
  'tags',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    name: text('name').notNull(),
    archived: boolean('archived').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('tags_org_name_uq').on(t.orgId, sql`lower(${t.name})`)],
);

export const timeRecords = pgTable(
  'time_records',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id),
    taskId: text('task_id').references(() => tasks.id),
    description: text('description').notNull().default(''),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    billable: boolean('billable').notNull(),
    tagIds: text('tag_ids').array().notNull().default(sql`'{}'::text[]`),
    source: text('source', { enum: ['manual', 'timer', 'impulse', 'import', 'rule'] }).notNull(),
    impulseId: text('impulse_id'),
    // source 'rule': the rule that tracked the meeting automatically (kept when the rule is deleted)
    ruleId: text('rule_id'),
    // imported records: a key from the source row, so that a re-import creates no duplicate
    importKey: text('import_key'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('time_records_user_start_idx').on(t.orgId, t.userId, t.startsAt),
    index('time_records_project_start_idx').on(t.orgId, t.projectId, t.startsAt),
    // organisation-wide lists and reports of owners and admins
    index('time_records_org_start_idx').on(t.orgId, t.startsAt),
    // one time record per meeting impulse and user: tracking is idempotent by constraint
    uniqueIndex('time_records_impulse_uq').on(t.userId, t.impulseId),
    uniqueIndex('time_records_import_key_uq').on(t.orgId, t.importKey).where(sql`${t.importKey} IS NOT NULL`),
  ],
);

// A person's rules for recurring work (src/domain/rules.ts): meetings whose subject matches
// `pattern` (kind 'subject') or that belong to the series `series_key` (the meeting's UID, kind
// 'series') get the project, task and tags: suggested, or tracked once ended (mode 'track').
export const trackingRules = pgTable(
  'tracking_rules',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['subject', 'series'] }).notNull(),
    pattern: text('pattern'),
    seriesKey: text('series_key'),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    taskId: text('task_id').references(() => tasks.id, { onDelete: 'set null' }),
    tagIds: text('tag_ids').array().notNull().default(sql`'{}'::text[]`),
    mode: text('mode', { enum: ['suggest', 'track'] }).notNull(),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [
    index('tracking_rules_user_idx').on(t.orgId, t.userId),
    check(
      'tracking_rules_matcher_ck',
      sql`(${t.kind} = 'subject' AND ${t.pattern} IS NOT NULL AND ${t.seriesKey} IS NULL) OR (${t.kind} = 'series' AND ${t.seriesKey} IS NOT NULL AND ${t.pattern} IS NULL)`,
    ),
  ],
);

// The running timer of a user (at most one: the primary key). It lives in the database,
// so it survives restarts.
export const timers = pgTable('timers', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  orgId: text('org_id').notNull(),
  // null while the project is not chosen yet: stopping asks for it
  projectId: text('project_id').references(() => projects.id),
  taskId: text('task_id').references(() => tasks.id),
  description: text('description').notNull().default(''),
  billable: boolean('billable').notNull(),
  tagIds: text('tag_ids').array().notNull().default(sql`'{}'::text[]`),
  impulseId: text('impulse_id'),
  startedAt: instant('started_at').notNull(),
});

// One row per rate-limit key (a hash: the key holds an e-mail or an address) and its fixed window,
// shared by every node on the same database.
export const rateLimitWindows = pgTable(
  'rate_limit_windows',
  {
    keyHash: text('key_hash').primaryKey(),
    windowStart: instant('window_start').notNull(),
    windowEnd: instant('window_end').notNull(),
    hits: integer('hits').notNull(),
  },
  (t) => [index('rate_limit_windows_end_idx').on(t.windowEnd)],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: text('user_id').notNull(),
    key: text('key').notNull(),
    orgId: text('org_id').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status'),
    response: jsonb('response'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);

// Installation-wide values, one row per key: `key_check` is the check value of the KAIROS_SECRET
// that sealed the calendar links (an HMAC of a fixed label, never the key itself).
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});
