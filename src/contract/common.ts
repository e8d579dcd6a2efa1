import { z } from 'zod';

// Shapes every endpoint shares (CONVENTIONS.md "API shapes").
// Ids are opaque, but only ever letters, digits, '-' and '_': anything else (a NUL byte, a
// slash, a quote) is refused at the edge before it reaches a query.
export const Id = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not an id')
  .describe('Opaque id');

const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?Z$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

// The calendar day must exist (no 2026-02-30) and the time must be on the clock (no 25:00).
// Each check stands alone: zod runs refinements even after the pattern failed.
function isRealInstant(value: string): boolean {
  if (!INSTANT_PATTERN.test(value)) return false;
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value.slice(0, 10);
}

function isRealDate(value: string): boolean {
  return DATE_PATTERN.test(value) && isRealInstant(`${value}T00:00:00Z`);
}

// Years the database (timestamptz, date) and the time arithmetic around them (zones, weeks,
// ±7-day record spans) all hold: year 0000 and four-digit overflow past 9999 are refused here.
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;
const YEARS_MESSAGE = `must be in the years ${MIN_YEAR} to ${MAX_YEAR}`;

function isInYears(value: string): boolean {
  const year = Number(value.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

export const Instant = z
  .string()
  .regex(INSTANT_PATTERN, 'must be an ISO-8601 UTC instant such as 2026-03-16T09:00:00Z')
  .refine((value) => !INSTANT_PATTERN.test(value) || isRealInstant(value), 'is not a real instant')
  .refine((value) => !isRealInstant(value) || isInYears(value), YEARS_MESSAGE)
  .describe('ISO-8601 UTC instant, e.g. 2026-03-16T09:00:00Z');

export const DateString = z
  .string()
  .regex(DATE_PATTERN, 'must be a date such as 2026-03-16')
  .refine((value) => !DATE_PATTERN.test(value) || isRealDate(value), 'is not a real date')
  .refine((value) => !isRealDate(value) || isInYears(value), YEARS_MESSAGE)
  .describe('Calendar date YYYY-MM-DD');

// A range bound accepts an instant, or a date meaning 00:00 of that day in the viewer's zone.
export const RangeBound = z
  .string()
  .refine(
    (value) => isRealInstant(value) || isRealDate(value),
    'must be an instant such as 2026-03-16T09:00:00Z or a real date such as 2026-03-16',
  )
  .refine((value) => !(isRealInstant(value) || isRealDate(value)) || isInYears(value), YEARS_MESSAGE)
  .describe('Instant, or a date meaning 00:00 of that day in your time zone');

// versions are PostgreSQL integers (32 bits)
export const MAX_VERSION = 2_147_483_647;
export const Version = z.number().int().min(1).max(MAX_VERSION).describe('Optimistic-concurrency version: send back the one you read');

export const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #3b82f6');

export const Money = z.number().min(0).max(1_000_000).multipleOf(0.01);

export const Language = z.enum(['en', 'cs']);
export const Role = z.enum(['owner', 'admin', 'manager', 'member']);

export const Cursor = z.string().min(1).max(200);

export const Page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    hint: z.string().optional(),
    details: z.unknown().optional(),
  }),
});

export const Ok = z.object({ ok: z.literal(true) });

export const IdParams = z.strictObject({ id: Id });

// DELETE carries the version it read as ?version=N or in a JSON body (some clients send no DELETE bodies).
export const DeleteQuery = z.strictObject({
  version: z.coerce.number().int().min(1).max(MAX_VERSION).optional().describe('The version you read'),
});
export const DeleteBody = z.strictObject({ version: Version }).nullish(); // no body arrives as null
