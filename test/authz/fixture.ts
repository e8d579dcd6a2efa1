import type { SignedUp, TestApp } from '../support/test-app.ts';

export const roles = ['owner', 'admin', 'manager', 'member'] as const;
export type MatrixRole = (typeof roles)[number];
export type Caller = MatrixRole | 'anonymous';

// Two organisations: A with one user per role (and a second member), B with its owner.
export type World = {
  t: TestApp;
  a: Record<MatrixRole, SignedUp> & { member2: SignedUp };
  b: SignedUp;
  // creates a fresh resource in an organisation and returns its id (`as` creates it as that user)
  make: (kind: string, org: 'a' | 'b', as?: SignedUp) => Promise<string>;
};

export async function buildWorld(t: TestApp): Promise<World> {
  const owner = await t.signup('owner@a.test', 'Org A');
  const admin = await t.addMember(owner, 'admin@a.test', 'admin');
  const manager = await t.addMember(owner, 'manager@a.test', 'manager');
  const member = await t.addMember(owner, 'member@a.test', 'member');
  const member2 = await t.addMember(owner, 'member2@a.test', 'member');
  const b = await t.signup('owner@b.test', 'Org B');
  const a = { owner, admin, manager, member, member2 };
  let n = 0;

  async function post(as: SignedUp, url: string, body: unknown): Promise<string> {
    const reply = await t.call('POST', url, { token: as.token, body });
    if (reply.status >= 300) throw new Error(`fixture POST ${url}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body.id as string;
  }

  const make: World['make'] = async (kind, org, as) => {
    n += 1;
    const orgOwner = org === 'a' ? owner : b;
    const creator = as ?? orgOwner;
    switch (kind) {
      case 'invite':
        return post(orgOwner, '/api/v1/invites', { email: `invitee${n}@${org}.test`, role: 'member' });
      case 'token':
        return post(creator, '/api/v1/tokens', { name: `token ${n}` });
      case 'member':
        return (await t.addMember(orgOwner, `extra${n}@${org}.test`, 'member')).userId;
      default:
        throw new Error(`unknown fixture kind ${kind}`);
    }
  };
  return { t, a, b, make };
}
