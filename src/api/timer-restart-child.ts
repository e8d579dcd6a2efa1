// Child process for timer-restart.db.test.ts: one "server life" on a given database.
//   start: signs up, creates a project, starts the timer, prints { token }
//   read:  prints what GET /api/v1/timer answers for the token in KAIROS_TEST_TOKEN
import { openDatabase } from '../db/database.ts';
import type { Deps } from '../services/deps.ts';
import { buildApp } from './app.ts';

const [mode] = process.argv.slice(2);
const url = process.env.KAIROS_TEST_CHILD_PG_URL;
const database = await openDatabase(
  url ? { kind: 'postgres', url, poolSize: 2 } : { kind: 'pglite', dataDir: process.env.KAIROS_TEST_CHILD_DIR! },
);
await database.migrate();
const deps: Deps = { db: database.db, now: () => new Date(), publicUrl: 'http://localhost:3000', signup: 'open' };
const app = await buildApp({ deps });
const headers = (token?: string) => ({ host: 'localhost:3000', ...(token && { authorization: `Bearer ${token}` }) });
try {
  if (mode === 'start') {
    const signup = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      headers: headers(),
      payload: { email: 'restart@example.test', password: 'correct horse battery', name: 'Restart', organizationName: 'Restart' },
    });
    const cookie = ([] as string[])
      .concat(signup.headers['set-cookie'] ?? [])
      .map((line) => line.split(';')[0])
      .join('; ');
    const csrf = signup.json().csrfToken as string;
    const token = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: { ...headers(), cookie, 'x-csrf-token': csrf, origin: 'http://localhost:3000' },
        payload: { name: 'restart' },
      })
    ).json().token as string;
    const project = (
      await app.inject({ method: 'POST', url: '/api/v1/projects', headers: headers(token), payload: { name: 'Restart' } })
    ).json();
    const started = await app.inject({
      method: 'POST',
      url: '/api/v1/timer/start',
      headers: headers(token),
      payload: { projectId: project.id, description: 'survives' },
    });
    process.stdout.write(JSON.stringify({ token, running: started.json().running }));
  } else {
    const timer = await app.inject({ method: 'GET', url: '/api/v1/timer', headers: headers(process.env.KAIROS_TEST_TOKEN) });
    process.stdout.write(JSON.stringify(timer.json()));
  }
} finally {
  await app.close();
  await database.close();
}
