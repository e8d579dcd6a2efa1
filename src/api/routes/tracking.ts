import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../services/deps.ts';

export function registerTrackingRoutes(_app: FastifyInstance, _deps: Deps): void {}
