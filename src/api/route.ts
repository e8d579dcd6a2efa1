import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../contract/common.ts';
import type { Endpoint } from '../contract/endpoint.ts';
import { claimIdempotencyKey, findIdempotentAnswer, type StoredAnswer, storeIdempotentAnswer } from '../db/idempotency-repository.ts';
import type { Actor } from '../domain/actor.ts';
import { AppError } from '../errors.ts';
import type { Deps } from '../services/deps.ts';
import { authenticate, confirmActor, sameActor } from './auth.ts';
import { uploadLines } from './upload-lines.ts';

type Out<E, K extends string> = E extends { [key in K]: infer S extends z.ZodType } ? z.output<S> : undefined;

export type RouteContext<E extends Endpoint, P = undefined> = {
  deps: Deps;
  actor: E extends { auth: 'user' } ? Actor : Actor | null;
  request: FastifyRequest;
  reply: FastifyReply;
  /** what the route's `prepare` answered (before any transaction was opened) */
  prepared: P;
  /**
   * an endpoint with `upload`: opens the body as its lines as they arrive (upload-lines.ts; refuses
   * another type or a declared size past the limit), else null. Called after the caller's checks.
   */
  upload: (() => AsyncIterable<string>) | null;
};

export type RouteInput<E extends Endpoint> = { params: Out<E, 'params'>; query: Out<E, 'query'>; body: Out<E, 'body'> };

// A file answer: sent with its type and as a download named `filename`; a stream is sent as it comes.
export type FileAnswer = { contentType: string; filename: string; body: Buffer | string | Readable };

export type Handler<E extends Endpoint, P = undefined> = (
  input: RouteInput<E>,
  context: RouteContext<E, P>,
) => Promise<E extends { file: object } ? FileAnswer : z.input<E['response']>>;

const IDEMPOTENCY_KEY = z.string().min(1).max(200);

// Registers one contract endpoint: validation, auth and CSRF, idempotency and the OpenAPI entry.
export type RouteOptions<E extends Endpoint = Endpoint, P = undefined> = {
  /**
   * Work before the handler that must not hold a transaction (an outbound fetch): it runs
   * outside the idempotency transaction, and not at all when a stored answer is replayed.
   */
  prepare?: (input: RouteInput<E>, context: Omit<RouteContext<E>, 'prepared'>) => Promise<P>;
  // a larger body than the app's 1 MiB (file uploads)
  bodyLimit?: number;
  /**
   * A GET whose handler only reads: it may start with the actor the credential had on its last
   * request while the authentication query runs beside it; the answer waits for the query.
   */
  readOnly?: boolean;
  rateLimit?: {
    max: number;
    timeWindow: string;
    keyGenerator?: (request: FastifyRequest) => string;
    // requests that do not count against the limit
    allowList?: (request: FastifyRequest) => boolean;
  };
};

export function route<E extends Endpoint, P = undefined>(
  app: FastifyInstance,
  deps: Deps,
  spec: E,
  handler: Handler<E, NoInfer<P>>,
  options: RouteOptions<E, P> = {},
): void {
  const status = spec.status ?? 200;
  const readOnly = options.readOnly === true && spec.method === 'GET' && !options.prepare && !spec.file && !spec.upload;
  app.withTypeProvider<ZodTypeProvider>().route({
    method: spec.method,
    url: spec.path,
    schema: {
      summary: spec.summary,
      ...(spec.description && { description: spec.description }),
      ...(spec.upload && { consumes: [...spec.upload.types] }),
      tags: [spec.tag],
      ...(spec.params && { params: spec.params }),
      ...(spec.query && { querystring: spec.query }),
      ...(spec.body && { body: spec.body }),
      ...(spec.auth === 'user' && { security: [{ bearer: [] }, { cookie: [] }] }),
      response: { [status]: spec.response, '4XX': ErrorBody },
    },
    ...(options.bodyLimit && { bodyLimit: options.bodyLimit }),
    config: { endpoint: spec, ...(options.rateLimit && { rateLimit: { ...options.rateLimit, hook: 'preHandler' as const } }) },
    onRequest: async (request) => {
      await authenticate(deps, request, spec.auth === 'user', readOnly);
    },
    handler: async (request, reply) => {
      const input = { params: request.params, query: request.query, body: request.body } as RouteInput<E>;
      const confirmation = request.actorConfirmation;
      if (confirmation && request.actor) {
        // begun with a remembered actor: answered only as the authentication query confirms it,
        // and read again should the actor have changed since (role, lock date, zone...)
        const remembered = request.actor;
        const run = (actor: Actor) =>
          handler(input, { deps, actor, request, reply, upload: null, prepared: undefined as P } as RouteContext<E, P>);
        let result: Awaited<ReturnType<typeof run>>;
        try {
          result = await run(remembered);
        } catch (error) {
          await confirmActor(request, confirmation);
          throw error;
        }
        const actor = await confirmActor(request, confirmation);
        request.actor = actor;
        if (!sameActor(actor, remembered)) result = await run(actor);
        return reply.status(status).send(result);
      }
      const actor = request.actor ?? null;
      const accepted = spec.upload;
      const upload = accepted ? () => uploadLines(request, accepted) : null;
      const context = { deps, actor, request, reply, upload } as Omit<RouteContext<E>, 'prepared'>;
      const prepare = async () => (options.prepare ? options.prepare(input, context) : undefined) as P;
      const key = request.headers['idempotency-key'];
      if (spec.idempotent && actor && typeof key === 'string') {
        return runIdempotent(deps, spec, actor, key, request, reply, prepare, (txDeps, prepared) =>
          handler(input, { ...context, deps: txDeps, prepared } as RouteContext<E, P>),
        );
      }
      const result = await handler(input, { ...context, prepared: await prepare() } as RouteContext<E, P>);
      if (spec.file) {
        const file = result as FileAnswer;
        const ascii = file.filename.replace(/[^A-Za-z0-9._-]/g, '_');
        return reply
          .status(status)
          .type(file.contentType)
          .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
          .send(typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : file.body);
      }
      return reply.status(status).send(result);
    },
  });
}

// The transaction holds only database work: whatever must reach the network (`prepare`) is done
// before it opens, so a slow feed never holds a connection (or, on PGlite, the only one).
async function runIdempotent<P>(
  deps: Deps,
  spec: Endpoint,
  actor: Actor,
  key: string,
  request: FastifyRequest,
  reply: FastifyReply,
  prepare: () => Promise<P>,
  run: (txDeps: Deps, prepared: P) => Promise<unknown>,
) {
  if (!IDEMPOTENCY_KEY.safeParse(key).success) {
    throw new AppError('validation_failed', 'bad idempotency key', {}, [
      { path: 'headers.idempotency-key', message: 'must be 1 to 200 characters' },
    ]);
  }
  const requestHash = createHash('sha256')
    .update(`${spec.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
  const status = spec.status ?? 200;
  const earlier = await findIdempotentAnswer(deps.db, actor.userId, key);
  if (earlier && earlier.status !== null) return replay(reply, status, requestHash, earlier);
  const prepared = await prepare();
  const answer = await deps.db.transaction(async (tx) => {
    const stored = await claimIdempotencyKey(tx, { userId: actor.userId, key, orgId: actor.orgId, requestHash, createdAt: deps.now() });
    if (stored) {
      if (stored.requestHash !== requestHash) throw new AppError('idempotency_conflict', 'key reused with another request');
      return { replayed: true, response: stored.response };
    }
    const response = await run({ ...deps, db: tx }, prepared);
    await storeIdempotentAnswer(tx, actor.userId, key, status, response);
    return { replayed: false, response };
  });
  if (answer.replayed) void reply.header('idempotent-replayed', 'true');
  return reply.status(status).send(answer.response);
}

function replay(reply: FastifyReply, status: number, requestHash: string, stored: StoredAnswer) {
  if (stored.requestHash !== requestHash) throw new AppError('idempotency_conflict', 'key reused with another request');
  void reply.header('idempotent-replayed', 'true');
  return reply.status(status).send(stored.response);
}
