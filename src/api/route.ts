import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../contract/common.ts';
import type { Endpoint } from '../contract/endpoint.ts';
import { claimIdempotencyKey, storeIdempotentAnswer } from '../db/idempotency-repository.ts';
import type { Actor } from '../domain/actor.ts';
import { AppError } from '../errors.ts';
import type { Deps } from '../services/deps.ts';
import { authenticate } from './auth.ts';

type Out<E, K extends string> = E extends { [key in K]: infer S extends z.ZodType } ? z.output<S> : undefined;

export type RouteContext<E extends Endpoint> = {
  deps: Deps;
  actor: E extends { auth: 'user' } ? Actor : Actor | null;
  request: FastifyRequest;
  reply: FastifyReply;
};

export type Handler<E extends Endpoint> = (
  input: { params: Out<E, 'params'>; query: Out<E, 'query'>; body: Out<E, 'body'> },
  context: RouteContext<E>,
) => Promise<z.input<E['response']>>;

const IDEMPOTENCY_KEY = z.string().min(1).max(200);

// Registers one contract endpoint: validation, auth and CSRF, idempotency and the OpenAPI entry.
export type RouteOptions = {
  rateLimit?: {
    max: number;
    timeWindow: string;
    keyGenerator?: (request: FastifyRequest) => string;
    // requests that do not count against the limit
    allowList?: (request: FastifyRequest) => boolean;
  };
};

export function route<E extends Endpoint>(
  app: FastifyInstance, deps: Deps, spec: E, handler: Handler<E>, options: RouteOptions = {},
): void {
  const status = spec.status ?? 200;
  app.withTypeProvider<ZodTypeProvider>().route({
    method: spec.method,
    url: spec.path,
    schema: {
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.params && { params: spec.params }),
      ...(spec.query && { querystring: spec.query }),
      ...(spec.body && { body: spec.body }),
      ...(spec.auth === 'user' && { security: [{ bearer: [] }, { cookie: [] }] }),
      response: { [status]: spec.response, '4XX': ErrorBody },
    },
    config: { endpoint: spec, ...(options.rateLimit && { rateLimit: { ...options.rateLimit, hook: 'preHandler' as const } }) },
    onRequest: async (request) => {
      await authenticate(deps, request, spec.auth === 'user');
    },
    handler: async (request, reply) => {
      const input = { params: request.params, query: request.query, body: request.body } as Parameters<Handler<E>>[0];
      const actor = request.actor ?? null;
      const key = request.headers['idempotency-key'];
      if (spec.idempotent && actor && typeof key === 'string') {
        return runIdempotent(deps, spec, actor, key, request, reply, (txDeps) =>
          handler(input, { deps: txDeps, actor, request, reply } as RouteContext<E>),
        );
      }
      const result = await handler(input, { deps, actor, request, reply } as RouteContext<E>);
      return reply.status(status).send(result);
    },
  });
}

async function runIdempotent(
  deps: Deps, spec: Endpoint, actor: Actor, key: string, request: FastifyRequest, reply: FastifyReply,
  run: (txDeps: Deps) => Promise<unknown>,
) {
  if (!IDEMPOTENCY_KEY.safeParse(key).success) {
    throw new AppError('validation_failed', 'bad idempotency key', {}, [{ path: 'headers.idempotency-key', message: 'must be 1 to 200 characters' }]);
  }
  const requestHash = createHash('sha256').update(`${spec.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`).digest('hex');
  const status = spec.status ?? 200;
  const answer = await deps.db.transaction(async (tx) => {
    const stored = await claimIdempotencyKey(tx, { userId: actor.userId, key, orgId: actor.orgId, requestHash, createdAt: deps.now() });
    if (stored) {
      if (stored.requestHash !== requestHash) throw new AppError('idempotency_conflict', 'key reused with another request');
      return { replayed: true, response: stored.response };
    }
    const response = await run({ ...deps, db: tx });
    await storeIdempotentAnswer(tx, actor.userId, key, status, response);
    return { replayed: false, response };
  });
  if (answer.replayed) void reply.header('idempotent-replayed', 'true');
  return reply.status(status).send(answer.response);
}
