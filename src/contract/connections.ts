import { z } from 'zod';
import { DeleteBody, DeleteQuery, Id, IdParams, Instant, Ok, Page, Version } from './common.ts';
import { endpoint } from './endpoint.ts';

// A feed state or link problem as the reader sees it (CONVENTIONS.md: rendered on read).
export const FeedProblem = z.object({ code: z.string(), message: z.string(), hint: z.string().optional() });
export const Notice = z.object({ code: z.string(), message: z.string() });

export const Provider = z
  .enum(['exchange', 'ics'])
  .describe('exchange: Exchange / Office 365 published calendar; ics: any other published ICS link');
export const DetailLevel = z.enum(['availability', 'limited', 'full']);

export const Connection = z.object({
  id: Id,
  provider: Provider,
  name: z.string(),
  enabled: z.boolean(),
  urlMasked: z
    .string()
    .describe(
      "Host, a fingerprint of the link's secret part (first and last four characters of a long token) and its file name: tells calendars apart, never enough to rebuild the link",
    ),
  status: z
    .enum(['pending', 'ok', 'warning', 'error', 'secret_changed', 'link_missing', 'disabled'])
    .describe(
      "pending: not synced yet; ok; warning: synced, but something needs fixing (see lastError, e.g. availability_only); error: the last refresh failed (see lastError; what was synced before is kept); secret_changed: the stored link can no longer be read because the server's KAIROS_SECRET changed, paste the link again (PATCH url); link_missing: restored from a backup without calendar links, paste the link again; disabled: switched off",
    ),
  detailLevel: DetailLevel.nullable(),
  occurrenceCount: z
    .number()
    .int()
    .describe(
      'Occurrences in the stored horizon: each instance of a series counts (a weekly meeting is one per week), not the VEVENTs of the feed',
    ),
  eventCount: z
    .number()
    .int()
    .describe('Deprecated: the same figure as occurrenceCount (occurrences, not VEVENTs), kept for existing clients'),
  lastSyncAt: Instant.nullable(),
  lastSuccessAt: Instant.nullable(),
  nextSyncAt: Instant.nullable(),
  lastError: FeedProblem.nullable(),
  notices: z.array(Notice),
  version: Version,
});
export type Connection = z.infer<typeof Connection>;

const Url = z.string().min(1).max(2048).describe("The calendar's ICS link (write-only: it is a secret and never returned)");
const Name = z.string().trim().min(1).max(200);

export const listConnections = endpoint({
  method: 'GET',
  path: '/api/v1/connections',
  tag: 'connections',
  auth: 'user',
  summary: 'Your connected calendars',
  response: Page(Connection),
});

export const getConnection = endpoint({
  method: 'GET',
  path: '/api/v1/connections/:id',
  tag: 'connections',
  auth: 'user',
  summary: 'One of your connected calendars',
  params: IdParams,
  response: Connection,
});

export const createConnection = endpoint({
  method: 'POST',
  path: '/api/v1/connections',
  tag: 'connections',
  auth: 'user',
  status: 201,
  idempotent: true,
  summary: 'Connect a calendar by its published ICS link (checked and fetched once before saving)',
  body: z.strictObject({ url: Url, name: Name.optional(), enabled: z.boolean().optional(), provider: Provider.optional() }),
  response: Connection,
});

export const updateConnection = endpoint({
  method: 'PATCH',
  path: '/api/v1/connections/:id',
  tag: 'connections',
  auth: 'user',
  summary: 'Rename, switch on/off, or replace the link of a connected calendar',
  params: IdParams,
  body: z.strictObject({ version: Version, name: Name.optional(), enabled: z.boolean().optional(), url: Url.optional() }),
  response: Connection,
});

export const deleteConnection = endpoint({
  method: 'DELETE',
  path: '/api/v1/connections/:id',
  tag: 'connections',
  auth: 'user',
  summary: 'Disconnect a calendar (its meetings disappear from impulses; time records stay)',
  params: IdParams,
  query: DeleteQuery,
  body: DeleteBody,
  response: Ok,
});

export const syncConnection = endpoint({
  method: 'POST',
  path: '/api/v1/connections/:id/sync',
  tag: 'connections',
  auth: 'user',
  summary: "Sync now, whatever the backoff; a failing feed shows in lastError, not in this call's status",
  params: IdParams,
  response: Connection,
});

export const LinkCheck = z.object({
  ok: z.boolean().describe('true when the link passed the check (and the test fetch, when asked for)'),
  url: z.string().nullable().describe('The normalised link (webcal:// becomes https://), null when unusable'),
  provider: Provider.nullable(),
  urlMasked: z.string().nullable(),
  problem: FeedProblem.nullable().describe('invalid_url, https_required, html_view_link (hint carries the .ics link), or a fetch problem'),
  notices: z.array(Notice),
  fetch: z
    .object({
      ok: z.boolean(),
      name: z.string().nullable(),
      detailLevel: DetailLevel.nullable(),
      occurrenceCount: z
        .number()
        .int()
        .nullable()
        .describe('Occurrences the feed has in the horizon (each instance of a series counts), null when the fetch failed'),
      eventCount: z.number().int().nullable().describe('Deprecated: the same figure as occurrenceCount, kept for existing clients'),
      error: FeedProblem.nullable(),
      preview: z
        .array(
          z.object({
            start: z.string().describe('Instant, or a date when allDay'),
            end: z.string(),
            allDay: z.boolean(),
            summary: z.string().describe('"Private appointment" for private items'),
          }),
        )
        .describe('Up to 3 occurrences nearest to now: the next ones, then the most recent; empty when the fetch failed'),
    })
    .nullable()
    .describe("The test fetch's result, when asked for with fetch: true"),
});

export const checkConnection = endpoint({
  method: 'POST',
  path: '/api/v1/connections/check',
  tag: 'connections',
  auth: 'user',
  summary: 'Check a calendar link without saving it; with fetch: true also fetch it once',
  body: z.strictObject({ url: z.string().max(4096), fetch: z.boolean().optional() }),
  response: LinkCheck,
});
