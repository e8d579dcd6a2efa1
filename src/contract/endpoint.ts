import type { z } from 'zod';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

// One endpoint = one shape shared by the server routes, the OpenAPI document,
// the web client and the CLI.
export type Endpoint<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> = {
  method: Method;
  path: string;
  summary: string;
  // the longer text of the OpenAPI entry
  description?: string;
  tag: string;
  // 'public': no sign-in needed; 'user': any signed-in member of an organisation
  auth: 'public' | 'user';
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  status?: 200 | 201 | 204;
  // creating POSTs replay their first answer for a repeated Idempotency-Key
  idempotent?: boolean;
  // the answer is a file (CSV, XLSX...) sent as it is, not JSON; `response` describes it for OpenAPI
  file?: { types: readonly string[] };
  // the body is a file of one of these types, handed to the route as a stream (no `body` shape) and
  // refused past maxBytes (413 payload_too_large)
  upload?: { types: readonly string[]; maxBytes: number };
};

// `const` keeps the literal shape (auth: 'user', which of params/query/body exist) for the types
// that route handlers and the web client derive from it.
export function endpoint<const D extends Endpoint>(definition: D): D {
  return definition;
}
