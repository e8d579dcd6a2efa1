import { z } from 'zod';
import { DateString, Id, Money, IdParams, Instant, Language, Ok, Page, Role, Version } from './common.ts';
import { endpoint } from './endpoint.ts';

const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Prague')
  .describe('IANA time zone');

// The web app's display and behaviour settings (UX.md B13). Only what the person changed is
// stored; every field has a default.
export const Preferences = z.object({
  timeFormat: z.enum(['hm', 'decimal']).describe('Durations as 1:30 (hm) or 1,5 (decimal)'),
  defaultRecordMinutes: z.number().int().min(15).max(480).describe('Length of a new record made by a click or from recent work'),
  snapMinutes: z.union([z.literal(5), z.literal(10), z.literal(15), z.literal(30)]).describe('Calendar step for moves and resizes'),
  hideCancelled: z.boolean(),
  hideFree: z.boolean(),
  hideAllDay: z.boolean(),
  shortcuts: z.boolean().describe('Single-key shortcuts on'),
  guideHidden: z.boolean().describe('The getting-started guide was closed'),
  colorBy: z.enum(['project', 'client']),
  dayStartTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as 09:00')
    .describe('HH:MM; where the calendar opens, and the start of a record dropped on a whole day'),
  showMeetingsInGrid: z.boolean().describe('Untracked meetings as faint blocks in the calendar'),
});
export type Preferences = z.infer<typeof Preferences>;

export const DEFAULT_PREFERENCES: Preferences = {
  timeFormat: 'hm',
  defaultRecordMinutes: 60,
  snapMinutes: 15,
  hideCancelled: true,
  hideFree: true,
  hideAllDay: true,
  shortcuts: true,
  guideHidden: false,
  colorBy: 'project',
  dayStartTime: '09:00',
  showMeetingsInGrid: true,
};

// What PATCH /me takes: any subset, merged into the stored settings.
export const PreferencesPatch = z.strictObject(Preferences.shape).partial();

// Stored settings with the defaults filled in: a stored value that no longer fits (an older
// build's) falls back to its default instead of failing the profile.
export function withDefaultPreferences(stored: unknown): Preferences {
  const source = stored !== null && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  const result: Record<string, unknown> = { ...DEFAULT_PREFERENCES };
  for (const [key, schema] of Object.entries(Preferences.shape)) {
    const parsed = (schema as z.ZodType).safeParse(source[key]);
    if (parsed.success) result[key] = parsed.data;
  }
  return result as Preferences;
}

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as 09:00');
const WeekDays = z
  .array(z.number().int().min(1).max(7))
  .min(1)
  .max(7)
  .refine((days) => new Set(days).size === days.length, 'must list each weekday once')
  .describe('ISO weekdays worked: 1 = Monday … 7 = Sunday');

// Working hours, daily target and the end-of-day nudge (UX.md B9, B13): where "Close the day" looks
// for gaps, what its progress bar measures, and when the app reminds of what is untracked.
export const Workday = z.object({
  start: ClockTime.describe('HH:MM in your time zone; gaps before it are not asked about'),
  end: ClockTime.describe('HH:MM, after start'),
  days: WeekDays,
  targetMinutes: z
    .number()
    .int()
    .min(15)
    .max(1440)
    .nullable()
    .describe('Minutes to track per working day; null = no target (no progress bar)'),
  nudgeAt: ClockTime.nullable().describe('HH:MM when the app reminds you of what is still untracked today; null = off'),
});
export type Workday = z.infer<typeof Workday>;

export const DEFAULT_WORKDAY: Workday = { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5], targetMinutes: 480, nudgeAt: '17:00' };

// What PATCH /me takes: any subset, merged into the stored one; the merged end must be after its start.
export const WorkdayPatch = z.strictObject(Workday.shape).partial();

export const Profile = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  role: Role,
  organizationId: Id,
  timeZone: z.string(),
  language: Language,
  weekStart: z.number().int().min(1).max(7).describe('ISO weekday the week starts on: 1 = Monday, 7 = Sunday'),
  impulseWindow: z.object({ pastDays: z.number().int(), futureDays: z.number().int() }),
  preferences: Preferences,
  workday: Workday,
  version: Version,
});
export type Profile = z.infer<typeof Profile>;

const Email = z.email().max(254);
const Password = z.string().min(10, 'must be at least 10 characters').max(200);

export const signup = endpoint({
  method: 'POST',
  path: '/api/v1/auth/signup',
  tag: 'auth',
  auth: 'public',
  status: 201,
  summary: 'Create an account and its organisation (you become its owner); signs you in',
  body: z.strictObject({
    email: Email,
    password: Password,
    name: z.string().min(1).max(200),
    organizationName: z.string().min(1).max(200),
    timeZone: TimeZone.optional(),
    language: Language.optional(),
  }),
  response: z.object({ user: Profile, csrfToken: z.string() }),
});

export const login = endpoint({
  method: 'POST',
  path: '/api/v1/auth/login',
  tag: 'auth',
  auth: 'public',
  summary: 'Sign in with e-mail and password (sets the session cookie)',
  // normalised once here, as the lookup compares it (trimmed, lower case): the rate limit and the
  // sign-in see the same address, so padding it with spaces is no fresh set of guesses
  body: z.strictObject({ email: z.string().trim().toLowerCase().min(1).max(254), password: z.string().min(1).max(200) }),
  response: z.object({ user: Profile, csrfToken: z.string() }),
});

export const logout = endpoint({
  method: 'POST',
  path: '/api/v1/auth/logout',
  tag: 'auth',
  auth: 'user',
  summary: 'Sign out (ends the session)',
  response: Ok,
});

export const acceptInvite = endpoint({
  method: 'POST',
  path: '/api/v1/auth/accept-invite',
  tag: 'auth',
  auth: 'public',
  status: 201,
  summary: 'Accept a one-time invite: set your name and password; signs you in',
  body: z.strictObject({
    token: z.string().min(1).max(200),
    name: z.string().min(1).max(200),
    password: Password,
    timeZone: TimeZone.optional(),
    language: Language.optional(),
  }),
  response: z.object({ user: Profile, csrfToken: z.string() }),
});

export const getMe = endpoint({
  method: 'GET',
  path: '/api/v1/me',
  tag: 'me',
  auth: 'user',
  summary: 'Your profile',
  response: Profile,
});

export const updateMe = endpoint({
  method: 'PATCH',
  path: '/api/v1/me',
  tag: 'me',
  auth: 'user',
  summary:
    'Change your profile: name, time zone, language, week start, impulse window, preferences and workday (partial objects, merged into the stored ones)',
  body: z.strictObject({
    version: Version,
    name: z.string().min(1).max(200).optional(),
    timeZone: TimeZone.optional(),
    language: Language.optional(),
    weekStart: z.number().int().min(1).max(7).optional(),
    impulseWindow: z.strictObject({ pastDays: z.number().int().min(0).max(90), futureDays: z.number().int().min(0).max(90) }).optional(),
    password: z.strictObject({ current: z.string().min(1).max(200), next: Password }).optional(),
    preferences: PreferencesPatch.optional(),
    workday: WorkdayPatch.optional(),
  }),
  response: Profile,
});

export const Organization = z.object({
  id: Id,
  name: z.string(),
  lockedUntil: DateString.nullable().describe('Time records starting before this date are locked'),
  currency: z.string(),
  defaultHourlyRate: z.number().nullable().describe('Rate of records whose project and member have none, e.g. 85.5; null = none'),
  version: Version,
});

export const getOrganization = endpoint({
  method: 'GET',
  path: '/api/v1/organization',
  tag: 'organization',
  auth: 'user',
  summary: 'Your organisation',
  response: Organization,
});

export const updateOrganization = endpoint({
  method: 'PATCH',
  path: '/api/v1/organization',
  tag: 'organization',
  auth: 'user',
  summary: 'Rename the organisation or move its lock date (owner, admin)',
  body: z.strictObject({
    version: Version,
    name: z.string().min(1).max(200).optional(),
    lockedUntil: DateString.nullable().optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    defaultHourlyRate: Money.nullable().optional(),
  }),
  response: Organization,
});

export const Member = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  role: Role,
  active: z.boolean(),
  version: Version,
});

export const listMembers = endpoint({
  method: 'GET',
  path: '/api/v1/members',
  tag: 'members',
  auth: 'user',
  summary: 'Members of your organisation',
  response: Page(Member),
});

export const updateMember = endpoint({
  method: 'PATCH',
  path: '/api/v1/members/:id',
  tag: 'members',
  auth: 'user',
  summary: "Change a member's role or deactivate them (owner, admin)",
  params: IdParams,
  body: z.strictObject({ version: Version, role: Role.exclude(['owner']).optional(), active: z.boolean().optional() }),
  response: Member,
});

export const Invite = z.object({
  id: Id,
  email: z.string(),
  role: Role.exclude(['owner']),
  expiresAt: Instant,
  acceptedAt: Instant.nullable(),
});

export const createInvite = endpoint({
  method: 'POST',
  path: '/api/v1/invites',
  tag: 'members',
  auth: 'user',
  status: 201,
  idempotent: true,
  summary: 'Invite someone by e-mail with a role (owner, admin); the answer carries the one-time link',
  body: z.strictObject({ email: Email, role: Role.exclude(['owner']) }),
  response: Invite.extend({ token: z.string(), link: z.string() }),
});

export const listInvites = endpoint({
  method: 'GET',
  path: '/api/v1/invites',
  tag: 'members',
  auth: 'user',
  summary: 'Open invites (owner, admin)',
  response: Page(Invite),
});

export const deleteInvite = endpoint({
  method: 'DELETE',
  path: '/api/v1/invites/:id',
  tag: 'members',
  auth: 'user',
  summary: 'Withdraw an invite (owner, admin)',
  params: IdParams,
  response: Ok,
});

export const ApiToken = z.object({
  id: Id,
  name: z.string(),
  prefix: z.string(),
  createdAt: Instant,
  lastUsedAt: Instant.nullable(),
  revokedAt: Instant.nullable(),
});

export const listTokens = endpoint({
  method: 'GET',
  path: '/api/v1/tokens',
  tag: 'tokens',
  auth: 'user',
  summary: 'Your personal API tokens',
  response: Page(ApiToken),
});

export const createToken = endpoint({
  method: 'POST',
  path: '/api/v1/tokens',
  tag: 'tokens',
  auth: 'user',
  status: 201,
  summary: 'Create a personal API token; the secret is shown only in this answer',
  body: z.strictObject({ name: z.string().min(1).max(100) }),
  response: ApiToken.extend({ token: z.string() }),
});

export const revokeToken = endpoint({
  method: 'DELETE',
  path: '/api/v1/tokens/:id',
  tag: 'tokens',
  auth: 'user',
  summary: 'Revoke a personal API token',
  params: IdParams,
  response: Ok,
});
