import { describe, expect, it } from 'vitest';
import { type Caller, roles, useWorld } from './fixture.ts';
import { matrix } from './matrix.ts';

// Every registered route × every role × own/other organisation has an expected status.
// A route added without an entry in matrix.ts fails here.
describe('authorisation matrix', () => {
  const context = useWorld();

  it('covers every registered route', () => {
    const { t } = context.world;
    const uncovered = t.app.registeredRoutes.filter((route) => route.includes('/api/v1/') && !(route in matrix));
    expect(uncovered).toEqual([]);
    const stale = Object.keys(matrix).filter((route) => !t.app.registeredRoutes.includes(route));
    expect(stale).toEqual([]);
  });

  const callers: Caller[] = ['anonymous', ...roles];
  for (const [route, entry] of Object.entries(matrix)) {
    describe(route, () => {
      const cases: Array<{ scope: 'own' | 'other'; variant?: string }> = [
        { scope: 'own' },
        ...Object.keys(entry.variants ?? {}).map((variant) => ({ scope: 'own' as const, variant })),
        ...(entry.scoped ? [{ scope: 'other' as const }] : []),
      ];
      for (const { scope, variant } of cases) {
        for (const caller of callers) {
          const expected =
            caller === 'anonymous'
              ? entry.expect.anonymous
              : scope === 'other'
                ? (entry.other?.[caller] ?? 404)
                : ((variant === undefined ? undefined : entry.variants?.[variant]?.[caller]) ?? entry.expect[caller]);
          it(`${caller} on ${scope} organisation's data${variant ? ` (${variant})` : ''} → ${expected}`, async () => {
            const [method = 'GET'] = route.split(' ');
            const { world } = context;
            const as = caller === 'anonymous' ? null : world.a[caller];
            const request = await entry.build(world, { scope, as: as ?? world.a.owner, ...(variant !== undefined && { variant }) });
            const reply = await world.t.call(method, request.url, {
              ...(as && { token: as.token }),
              ...(request.body !== undefined && { body: request.body }),
              ...(request.rawBody !== undefined && { rawBody: request.rawBody }),
              ...(request.headers && { headers: request.headers }),
            });
            expect(reply.status, JSON.stringify(reply.body)).toBe(expected);
            if (reply.status >= 400) expect(reply.body.error.code).toEqual(expect.any(String));
            // a 404 must come from a lookup that refused the id, not from a route that does not exist
            if (reply.status === 404) expect(reply.body.error.code).toBe('not_found');
          });
        }
      }
    });
  }
});
