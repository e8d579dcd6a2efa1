import type { FastifyInstance } from 'fastify';
import { type AppOptions, buildApp } from '../../src/api/app.ts';
import { type CallInput, type Client, createClient, type Response as Answer } from '../../src/contract/client.ts';
import type { Endpoint } from '../../src/contract/endpoint.ts';
import type { Deps } from '../../src/services/deps.ts';
import type { Metrics } from '../../src/services/metrics.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

export type Reply = { status: number; body: any; headers: Record<string, unknown> };

export type CallOptions = {
  body?: unknown;
  rawBody?: string;
  token?: string;
  session?: Session;
  headers?: Record<string, string>;
};

export type Session = { cookie: string; csrf: string };

export type SignedUp = { userId: string; orgId: string; email: string; token: string; session: Session };

// Who a typed client calls as: a personal token, a browser session (cookie + CSRF header), or nobody.
export type ClientAuth = { token: string } | { session: Session } | null;

// The contract's own client (src/contract/client.ts), answers typed by the endpoint; `ok` returns
// the answer or throws with the refusal, for the steps of a test that are not what it tests.
export type TestClient = Client & {
  ok<E extends Endpoint>(endpoint: E, ...input: {} extends CallInput<E> ? [CallInput<E>?] : [CallInput<E>]): Promise<Answer<E>>;
};

export type TestApp = {
  app: FastifyInstance;
  database: TestDatabase;
  deps: Deps;
  clock: { now: Date };
  call(method: string, url: string, options?: CallOptions): Promise<Reply>;
  client(auth: ClientAuth, options?: { headers?: Record<string, string> }): TestClient;
  signup(email: string, organizationName?: string, extra?: Record<string, unknown>): Promise<SignedUp>;
  addMember(owner: SignedUp, email: string, role: 'admin' | 'manager' | 'member'): Promise<SignedUp>;
  close(): Promise<void>;
};

let counter = 0;

// A real app on a fresh test database, called through Fastify's inject (no socket needed).
// `clock.now` is the app's clock: tests move it instead of waiting.
export async function createTestApp(
  options: {
    signup?: 'open' | 'closed';
    now?: Date;
    routeGroups?: AppOptions['routeGroups'];
    webDistDir?: string;
    /** GET /metrics on, counting into this registry (the pool is the test database's) */
    metrics?: Metrics;
    /** a database of the caller's instead of a fresh one (closed with the app) */
    database?: TestDatabase;
  } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const clock = { now: options.now ?? new Date() };
  const deps: Deps = { db: database.db, now: () => clock.now, publicUrl: 'http://localhost:3000', signup: options.signup ?? 'open' };
  const app = await buildApp({
    deps,
    routeGroups: options.routeGroups ?? [],
    ...(options.webDistDir && { webDistDir: options.webDistDir }),
    ...(options.metrics && { metrics: { metrics: options.metrics, poolStats: database.poolStats } }),
  });

  async function call(method: string, url: string, callOptions: CallOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { host: 'localhost:3000', ...callOptions.headers };
    if (callOptions.token) headers.authorization = `Bearer ${callOptions.token}`;
    if (callOptions.session) {
      headers.cookie = callOptions.session.cookie;
      headers['x-csrf-token'] ??= callOptions.session.csrf;
      headers.origin ??= 'http://localhost:3000';
    }
    let payload: string | undefined = callOptions.rawBody;
    if (callOptions.body !== undefined) {
      payload = JSON.stringify(callOptions.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await app.inject({ method: method as 'GET', url, headers, ...(payload !== undefined && { payload }) });
    let body: unknown = response.body;
    if (/\bjson/.test(String(response.headers['content-type'] ?? '')) && response.body !== '') body = JSON.parse(response.body);
    return { status: response.statusCode, body, headers: response.headers };
  }

  // fetch over Fastify's inject: the client builds the request as a browser or script would
  const injectFetch: typeof fetch = async (input, init = {}) => {
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const response = await app.inject({
      method: (init.method ?? 'GET') as 'GET',
      url: String(input),
      headers: { host: 'localhost:3000', ...headers },
      ...(typeof init.body === 'string' && { payload: init.body }),
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      for (const item of ([] as Array<string | number>).concat(value ?? [])) responseHeaders.append(name, String(item));
    }
    const empty = response.statusCode === 204 || response.statusCode === 304;
    return new Response(empty ? null : response.rawPayload, { status: response.statusCode, headers: responseHeaders });
  };

  function client(auth: ClientAuth, clientOptions: { headers?: Record<string, string> } = {}): TestClient {
    const authHeaders: Record<string, string> = !auth
      ? {}
      : 'token' in auth
        ? { authorization: `Bearer ${auth.token}` }
        : { cookie: auth.session.cookie, 'x-csrf-token': auth.session.csrf, origin: 'http://localhost:3000' };
    const base = createClient({ fetch: injectFetch, headers: () => ({ ...authHeaders, ...clientOptions.headers }) });
    return {
      call: base.call,
      async ok(endpoint, ...input) {
        const result = await base.call(endpoint, ...input);
        if (!result.ok)
          throw new Error(`${endpoint.method} ${endpoint.path}: ${result.status} ${result.error.code}: ${result.error.message}`);
        return result.data;
      },
    };
  }

  function sessionFrom(reply: Reply): Session {
    const setCookie = ([] as string[]).concat((reply.headers['set-cookie'] as string[] | string | undefined) ?? []);
    const pairs = setCookie.map((line) => line.split(';')[0]!);
    const csrf = pairs.find((pair) => pair.startsWith('kairos_csrf='))?.slice('kairos_csrf='.length) ?? '';
    return { cookie: pairs.join('; '), csrf };
  }

  async function withToken(reply: Reply, email: string): Promise<SignedUp> {
    if (reply.status !== 201) throw new Error(`sign-up of ${email} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    const session = sessionFrom(reply);
    const token = await call('POST', '/api/v1/tokens', { session, body: { name: 'tests' } });
    if (token.status !== 201) throw new Error(`token for ${email} failed: ${JSON.stringify(token.body)}`);
    return { userId: reply.body.user.id, orgId: reply.body.user.organizationId, email, token: token.body.token, session };
  }

  return {
    app,
    database,
    deps,
    clock,
    call,
    client,
    async signup(email, organizationName = `Org ${++counter}`, extra = {}) {
      const reply = await call('POST', '/api/v1/auth/signup', {
        body: { email, password: 'correct horse battery', name: email.split('@')[0], organizationName, ...extra },
      });
      return withToken(reply, email);
    },
    async addMember(owner, email, role) {
      const invite = await call('POST', '/api/v1/invites', { token: owner.token, body: { email, role } });
      if (invite.status !== 201) throw new Error(`invite failed: ${JSON.stringify(invite.body)}`);
      const reply = await call('POST', '/api/v1/auth/accept-invite', {
        body: { token: invite.body.token, name: email.split('@')[0], password: 'correct horse battery' },
      });
      return withToken(reply, email);
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
