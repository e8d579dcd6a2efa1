// What the API benches share: a migrated database of their own (PGlite in memory, or a throwaway
// PostgreSQL database), the app listening on loopback, and a signed-up owner with a personal token.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/api/app.ts';
import { type Database, openDatabase } from '../src/db/database.ts';
import { createThrowawayPostgres } from './throwaway-database.ts';

export type BenchEngine = 'pglite' | 'postgres';

export type BenchApp = {
  database: Database;
  app: FastifyInstance;
  base: string;
  token: string;
  userId: string;
  orgId: string;
  close: () => Promise<void>;
};

export async function startBenchApp(engine: BenchEngine, pgUrl: string | undefined, prefix: string): Promise<BenchApp> {
  const { database, drop } =
    engine === 'postgres'
      ? await createThrowawayPostgres(pgUrl as string, prefix)
      : await (async () => {
          const pglite = await openDatabase({ kind: 'pglite', dataDir: ':memory:' });
          await pglite.migrate();
          return { database: pglite, drop: async () => {} };
        })();
  const deps = { db: database.db, now: () => new Date(), publicUrl: 'http://127.0.0.1', signup: 'open' as const };
  const app = await buildApp({ deps });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const signup = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/signup',
    payload: { email: 'bench@example.test', password: 'correct horse battery', name: 'Bench', organizationName: 'Bench' },
  });
  const session = signup.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = signup.cookies.find((c) => c.name === 'kairos_csrf')?.value ?? '';
  const tokenReply = await app.inject({
    method: 'POST',
    url: '/api/v1/tokens',
    headers: { cookie: session, 'x-csrf-token': csrf, origin: 'http://localhost', host: 'localhost' },
    payload: { name: 'bench' },
  });
  const { id: userId, organizationId: orgId } = signup.json().user as { id: string; organizationId: string };
  return {
    database,
    app,
    base,
    token: tokenReply.json().token as string,
    userId,
    orgId,
    close: async () => {
      await app.close();
      await database.close();
      await drop();
    },
  };
}
