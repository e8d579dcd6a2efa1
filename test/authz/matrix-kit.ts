import type { SignedUp } from '../support/test-app.ts';
import type { Caller, MatrixRole, World } from './fixture.ts';

export type MatrixEntry = {
  // the request to send; `scope` says whether ids point into the caller's organisation or the other one
  // `variant` names one of `variants` (own organisation), absent for the entry's main case
  // `rawBody` with `headers` sends a file as it is (an upload) instead of JSON
  build: (
    world: World,
    context: { scope: 'own' | 'other'; as: SignedUp; variant?: string },
  ) => Promise<{ url: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }>;
  expect: Record<Caller, number>;
  // further cases on the own organisation's data (a colleague's record on an unmanaged project, ...):
  // the roles whose status differs from `expect`; anonymous always gets expect.anonymous
  variants?: Record<string, Partial<Record<MatrixRole, number>>>;
  // the route takes ids: also run it against the other organisation's data (default 404 for every role)
  scoped?: boolean;
  other?: Partial<Record<MatrixRole, number>>;
};

export const everyone = (status: number, anonymous = 401): Record<Caller, number> => ({
  anonymous,
  owner: status,
  admin: status,
  manager: status,
  member: status,
});
export const adminsOnly = (status: number): Record<Caller, number> => ({
  anonymous: 401,
  owner: status,
  admin: status,
  manager: 403,
  member: 403,
});
export const url = (value: string) => async () => ({ url: value });
export const orgOf = (scope: 'own' | 'other') => (scope === 'own' ? 'a' : 'b');
let unique = 0;
export const next = () => (unique += 1);
