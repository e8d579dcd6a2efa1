import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';

// Responses are written by fast-json-stringify from the JSON Schema of the contract's zod schema:
// checking a list of 100 time records with zod before JSON.stringify cost more than the query
// that read them (0.65 ms against 0.1 ms for fast-json-stringify; the query takes 0.5 ms). The
// handlers' answers are typed by the same schema, so the check repeated what the compiler proves;
// fields the schema does not name are left out, as zod's encode left them out. A schema without a
// JSON Schema form stops the app from starting (unrepresentable: 'throw'), never a request.
export const serializerCompiler: FastifySerializerCompiler<z.ZodType> = ({ schema }) =>
  fastJson(z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw' }) as Parameters<typeof fastJson>[0]);
