import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { buildWorld, type Caller, roles, type World } from './fixture.ts';
import { matrix } from './matrix.ts';

// Every registered route × every role × own/other organisation has an expected status.
// A route added without an entry in matrix.ts fails here.
describe('authorisation matrix', () => {
  let t: TestApp;
  let world: World;
  beforeAll(async () => {
    t = await createTestApp();
    world = await buildWorld(t);
  }, 120_000);
  afterAll(() => t?.close());

  it('covers every registered route', () => {
    const uncovered = t.app.registeredRoutes.filter((route) => route.includes('/api/v1/') && !(route in matrix));
    expect(uncovered).toEqual([]);
    const stale = Object.keys(matrix).filter((route) => !t.app.registeredRoutes.includes(route));
    expect(stale).toEqual([]);
  });

  const callers: Caller[] = ['anonymous', ...roles];
  for (const [route, entry] of Object.entries(matrix)) {
    describe(route, () => {
      for (const scope of entry.scoped ? (['own', 'other'] as const) : (['own'] as const)) {
        for (const caller of callers) {
          const expected = scope === 'other' && caller !== 'anonymous' ? entry.other?.[caller] ?? 404 : entry.expect[caller];
          it(`${caller} on ${scope} organisation's data → ${expected}`, async () => {
            const [method = 'GET'] = route.split(' ');
            const as = caller === 'anonymous' ? null : world.a[caller];
            const request = await entry.build(world, { scope, as: as ?? world.a.owner });
            const reply = await t.call(method, request.url, { ...(as && { token: as.token }), ...(request.body !== undefined && { body: request.body }) });
            expect(reply.status, JSON.stringify(reply.body)).toBe(expected);
            if (reply.status >= 400) expect(reply.body.error.code).toEqual(expect.any(String));
          });
        }
      }
    });
  }
});
