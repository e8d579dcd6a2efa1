import type { z } from 'zod';
import type { Endpoint } from './endpoint.ts';

// The one typed client of the API, derived from the endpoint contracts: the web app, the test
// app and scripts call `api.call(contract.createTimeRecord, { body })` and get the answer typed
// by the contract's response schema, or the error as a value (code, message, hint) — never a throw
// for an API refusal.

type In<E, K extends string> = E extends { [key in K]: infer S extends z.ZodType } ? z.input<S> : never;
type HasKey<E, K extends string> = E extends { [key in K]: z.ZodType } ? true : false;
type OptionalIfUndefined<T> = undefined extends T ? { body?: T } : { body: T };

export type CallInput<E extends Endpoint> = (HasKey<E, 'params'> extends true ? { params: In<E, 'params'> } : { params?: never }) &
  (HasKey<E, 'query'> extends true ? { query?: In<E, 'query'> } : { query?: never }) &
  (HasKey<E, 'body'> extends true ? OptionalIfUndefined<In<E, 'body'>> : { body?: never }) & {
    headers?: Record<string, string>;
    signal?: AbortSignal;
  };

export type ApiError = {
  status: number;
  code: string;
  message: string;
  hint?: string;
  details?: unknown;
};

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiError };

export type Response<E extends Endpoint> = z.output<E['response']>;

export type ClientOptions = {
  // '' for the same origin (the web app), 'http://127.0.0.1:3000' elsewhere
  baseUrl?: string;
  fetch?: typeof fetch;
  // headers added to every request (Authorization, X-CSRF-Token, Accept-Language ...)
  headers?: () => Record<string, string>;
  // told about every refusal before it is returned (e.g. the web app's "session ended" handler)
  onError?: (error: ApiError, endpoint: Endpoint) => void;
  // text of a network failure, in the reader's language
  networkError?: () => { message: string; hint: string };
};

export type Client = {
  call<E extends Endpoint>(
    endpoint: E,
    ...input: {} extends CallInput<E> ? [CallInput<E>?] : [CallInput<E>]
  ): Promise<ApiResult<Response<E>>>;
};

export function buildPath(
  template: string,
  params: Record<string, unknown> | undefined,
  query: Record<string, unknown> | undefined,
): string {
  const path = template.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new Error(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

export function createClient(options: ClientOptions = {}): Client {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  return {
    async call(endpoint, ...rest) {
      const input = (rest[0] ?? {}) as {
        params?: Record<string, unknown>;
        query?: Record<string, unknown>;
        body?: unknown;
        headers?: Record<string, string>;
        signal?: AbortSignal;
      };
      const url = `${options.baseUrl ?? ''}${buildPath(endpoint.path, input.params, input.query)}`;
      const headers: Record<string, string> = { accept: 'application/json', ...options.headers?.(), ...input.headers };
      const init: RequestInit = { method: endpoint.method, headers, credentials: 'same-origin' };
      if (input.signal) init.signal = input.signal;
      if (input.body !== undefined) {
        headers['content-type'] = 'application/json';
        init.body = JSON.stringify(input.body);
      }
      let response: globalThis.Response;
      try {
        response = await doFetch(url, init);
      } catch (cause) {
        if ((cause as Error)?.name === 'AbortError') throw cause;
        const text = options.networkError?.() ?? {
          message: 'The server cannot be reached.',
          hint: 'Check your connection; Kairos will try again.',
        };
        const error: ApiError = { status: 0, code: 'network_error', ...text };
        options.onError?.(error, endpoint);
        return { ok: false, status: 0, error };
      }
      const text = await response.text();
      let json: unknown = undefined;
      if (text !== '') {
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
      }
      if (response.ok) return { ok: true, status: response.status, data: json as never };
      const body = (json as { error?: Partial<ApiError> } | undefined)?.error;
      const error: ApiError = {
        status: response.status,
        code: typeof body?.code === 'string' ? body.code : response.status >= 500 ? 'internal' : 'http_error',
        message: typeof body?.message === 'string' ? body.message : `HTTP ${response.status}`,
        ...(typeof body?.hint === 'string' && { hint: body.hint }),
        ...(body?.details !== undefined && { details: body.details }),
      };
      options.onError?.(error, endpoint);
      return { ok: false, status: response.status, error };
    },
  };
}
