import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import { BACKUP_MEDIA_TYPE } from '../contract/organization-backup.ts';
import { isMigrated } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { Deps } from '../services/deps.ts';
import type { Metrics } from '../services/metrics.ts';
import type { PoolStats } from '../db/database.ts';
import { type Logger, requestId } from '../log.ts';
import { errorBody, handleError, requestLanguage } from './error-handler.ts';
import { registerAccountRoutes } from './routes/account.ts';
import { registerOrganizationBackupRoutes } from './routes/organization-backup.ts';
import { registerReportRoutes } from './routes/reports.ts';
import { registerRuleRoutes } from './routes/rules.ts';
import { registerTimesheetRoutes } from './routes/timesheet.ts';
import { registerTrackingRoutes } from './routes/tracking.ts';
import { registerWebApp } from './web-app.ts';
import { databaseRateLimitStore } from './rate-limit-store.ts';
import { serializerCompiler } from './serializer.ts';

export type AppOptions = {
  deps: Deps;
  // the process's logger (src/log.ts); none: no request logs
  logger?: Logger;
  // extra route groups (calendar connections, impulses, ...) registered by their owners
  routeGroups?: Array<(app: FastifyInstance, deps: Deps) => void>;
  // the built web app (default web/dist)
  webDistDir?: string;
  // KAIROS_METRICS=on: counts every request and serves GET /metrics
  metrics?: { metrics: Metrics; poolStats?: (() => PoolStats) | undefined };
};

export const BODY_LIMIT_BYTES = 1024 * 1024;

declare module 'fastify' {
  interface FastifyInstance {
    // every route as registered ("GET /api/v1/me"): the authorisation matrix test walks it
    registeredRoutes: string[];
  }
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { deps } = options;
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger as FastifyBaseLogger } : { logger: false }),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    genReqId: (request) => requestId(request.headers['x-request-id']),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: false,
    // a malformed or overlong URL is refused by the router itself: answer in our error shape too
    frameworkErrors: (error, request, reply) => handleError(error, request, reply),
  });
  const registeredRoutes: string[] = [];
  app.decorate('registeredRoutes', registeredRoutes);
  app.addHook('onRoute', (options) => {
    for (const method of ([] as string[]).concat(options.method)) {
      if (method !== 'HEAD') registeredRoutes.push(`${method} ${options.url}`);
    }
  });
  // the id of a request's log lines, for the caller to quote
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // uploads (endpoints with `upload`) reach their route unread, as a stream: api/upload-lines.ts counts and splits them
  app.addContentTypeParser(BACKUP_MEDIA_TYPE, (_request, payload, done) => done(null, payload));
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    if (app.webAppFallback?.(request, reply)) return;
    void reply.status(404).send(errorBody(requestLanguage(request), 'route_not_found'));
  });

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: { 'script-src': ["'self'"], 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] },
    },
  });
  await app.register(rateLimit, {
    global: false,
    store: databaseRateLimitStore(deps),
    errorResponseBuilder: () => new AppError('rate_limited', 'too many requests'),
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Kairos API',
        version: '1',
        description: 'Time tracking whose calendar fills the timesheet. Errors answer { error: { code, message, hint } }.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Personal API token (kairos_...)' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'kairos_session', description: 'Browser session; writes also need X-CSRF-Token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  if (options.metrics) {
    const { metrics, poolStats } = options.metrics;
    app.addHook('onResponse', async (request, reply) => {
      // the pattern, not the path: ids and unknown paths would make a series per request
      const route = request.routeOptions.url ?? 'unmatched';
      metrics.observeRequest({ method: request.method, route, status: reply.statusCode, seconds: reply.elapsedTime / 1000 });
    });
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/plain; version=0.0.4; charset=utf-8').send(await metrics.render(deps, poolStats)),
    );
  }
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    const ready = await isMigrated(deps.db).catch(() => false);
    if (!ready) return reply.status(503).send(errorBody(requestLanguage(request), 'not_ready'));
    return { ok: true };
  });
  await registerWebApp(app, options.webDistDir);

  registerAccountRoutes(app, deps);
  registerOrganizationBackupRoutes(app, deps);
  registerTrackingRoutes(app, deps);
  registerReportRoutes(app, deps);
  registerTimesheetRoutes(app, deps);
  registerRuleRoutes(app, deps);
  for (const group of options.routeGroups ?? []) group(app, deps);
  await app.ready();
  return app;
}
