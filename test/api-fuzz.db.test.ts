import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useWorld } from './authz/fixture.ts';

// Whatever a client sends, every endpoint answers below 500, and every refusal carries a code,
// a message and a hint. Random path ids, query strings, JSON and raw bodies, as an owner, a member
// and nobody, with a fixed seed.
const RUNS_PER_ROUTE = 40;

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '..%2F..%2Fetc', '%00', '2026-02-30', '2026-03-16T25:00:00Z', '9'.repeat(400), 'null', '{}', "' OR 1=1 --"),
);
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(
    fc.constantFrom(
      'name',
      'version',
      'start',
      'end',
      'projectId',
      'taskId',
      'url',
      'email',
      'role',
      'lockedUntil',
      'tagIds',
      'enabled',
      'from',
      'to',
    ),
    fc.oneof(scalar, fc.array(scalar, { maxLength: 3 })),
  ),
);
const query = fc.dictionary(fc.constantFrom('from', 'to', 'userId', 'projectId', 'limit', 'cursor', 'groupBy', 'version', 'x'), text, {
  maxKeys: 4,
});

describe('API under random input', () => {
  const context = useWorld();

  it('never answers 5xx and always explains a refusal', async () => {
    const { world } = context;
    const { t } = world;
    const routes = t.app.registeredRoutes.filter((route) => route.includes('/api/v1/') && !route.endsWith('openapi.json'));
    expect(routes.length).toBeGreaterThan(40);
    const ids = fc.oneof(text, fc.constantFrom(world.projects.managed, world.projects.b, world.a.member2.userId, world.b.userId));
    const failures: string[] = [];
    for (const route of routes) {
      const [method = 'GET', pattern = ''] = route.split(' ');
      await fc
        .assert(
          fc.asyncProperty(
            ids,
            query,
            body,
            fc.constantFrom('json', 'raw', 'none'),
            fc.constantFrom('owner', 'member', 'anonymous'),
            fc.string({ unit: 'binary', maxLength: 60 }),
            async (id, params, payload, send, caller, raw) => {
              const path = pattern.replace(/:\w+/g, () => encodeURIComponent(id) || 'x');
              const search = new URLSearchParams(params).toString();
              const url = `${path}${search ? `?${search}` : ''}`;
              const content =
                method === 'GET' || send === 'none'
                  ? {}
                  : send === 'json'
                    ? { body: payload }
                    : { rawBody: raw, headers: { 'content-type': 'application/json' } };
              const reply = await t.call(method, url, {
                ...(caller !== 'anonymous' && { token: world.a[caller as 'owner' | 'member'].token }),
                ...content,
              });
              const problem =
                reply.status >= 500
                  ? `${reply.status}`
                  : reply.status >= 400 &&
                      !(typeof reply.body?.error?.code === 'string' && reply.body.error.message && reply.body.error.hint)
                    ? `unexplained ${reply.status}`
                    : null;
              if (problem)
                failures.push(
                  `${method} ${url} ${JSON.stringify(payload).slice(0, 120)} → ${problem} ${JSON.stringify(reply.body).slice(0, 200)}`,
                );
              return problem === null;
            },
          ),
          { seed: 20261126, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
        )
        .catch(() => undefined);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
