import { afterAll, beforeAll } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { calendarRouteGroup } from '../../src/api/routes/connections.ts';
import type { FeedFetcher } from '../../src/calendar/fetch-feed.ts';
import { type CalendarDeps, DEFAULT_HORIZON, silentLog } from '../../src/services/calendar-deps.ts';
import { recentImpulseId } from '../../src/calendar/occurrence-key.ts';
import { createTestApp, type SignedUp, type TestApp } from '../support/test-app.ts';

export const roles = ['owner', 'admin', 'manager', 'member'] as const;
export type MatrixRole = (typeof roles)[number];
export type Caller = MatrixRole | 'anonymous';

export type MakeOptions = {
  /** task, record: the project (default: the organisation's shared project, `managed` in A) */
  project?: string;
  /** record: its description (default unique) */
  description?: string;
  /** record: start and end (default the hour before the app clock) */
  start?: Date;
  end?: Date;
};

// Two organisations: A with one user per role (and a second member), B with its owner.
// Projects of A: `managed` (the manager is its project manager; member and member2 belong to
// it), `unmanaged` (manager, member and member2 are plain project members) and `hidden` (no one
// but owners and admins see it). B has one project with its owner.
export type World = {
  t: TestApp;
  a: Record<MatrixRole, SignedUp> & { member2: SignedUp };
  b: SignedUp;
  projects: { managed: string; unmanaged: string; hidden: string; b: string };
  // creates a fresh resource in an organisation and returns its id (`as` creates it as / for that user)
  make: (kind: string, org: 'a' | 'b', as?: SignedUp, options?: MakeOptions) => Promise<string>;
};

// A stub calendar feed: one meeting two hours before the app clock. No network is touched.
function stubFetcher(now: () => Date): FeedFetcher {
  const stamp = (date: Date) =>
    date
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  return {
    // every made-up host counts as public: no resolver is asked
    async checkAddress() {
      return null;
    },
    async fetch(url) {
      const at = now().getTime();
      const text = [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Kairos authz tests//EN',
        'BEGIN:VEVENT',
        'UID:standup@authz.test',
        `DTSTAMP:${stamp(new Date(at))}`,
        `DTSTART:${stamp(new Date(at - 3 * 3_600_000))}`,
        `DTEND:${stamp(new Date(at - 2 * 3_600_000))}`,
        'SUMMARY:Stand-up',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n');
      const body = new TextEncoder().encode(text);
      return {
        kind: 'ok',
        body,
        etag: null,
        lastModified: null,
        finalUrl: url,
        status: 200,
        contentHash: createHash('sha256').update(body).digest('hex'),
      };
    },
    async close() {},
  };
}

// The app under the matrix: every route group a deployment registers (calendar included),
// the calendar fetching from a stub.
export async function createMatrixApp(): Promise<TestApp> {
  const clock = { now: () => new Date() };
  const calendar: CalendarDeps = {
    secretKey: randomBytes(32),
    fetcher: stubFetcher(() => clock.now()),
    syncIntervalS: 900,
    horizon: { ...DEFAULT_HORIZON },
    log: silentLog,
  };
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const t = await createTestApp({ now, routeGroups: [calendarRouteGroup(calendar)] });
  clock.now = () => t.clock.now;
  return t;
}

export async function buildWorld(t: TestApp): Promise<World> {
  const owner = await t.signup('owner@a.test', 'Org A');
  const admin = await t.addMember(owner, 'admin@a.test', 'admin');
  const manager = await t.addMember(owner, 'manager@a.test', 'manager');
  const member = await t.addMember(owner, 'member@a.test', 'member');
  const member2 = await t.addMember(owner, 'member2@a.test', 'member');
  const b = await t.signup('owner@b.test', 'Org B');
  const a = { owner, admin, manager, member, member2 };
  let n = 0;

  async function send(method: string, as: SignedUp, url: string, body?: unknown): Promise<any> {
    const reply = await t.call(method, url, { token: as.token, ...(body !== undefined && { body }) });
    if (reply.status >= 300) throw new Error(`fixture ${method} ${url}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }
  const post = async (as: SignedUp, url: string, body: unknown): Promise<string> => (await send('POST', as, url, body)).id as string;
  const join = (as: SignedUp, projectId: string, user: SignedUp, role: 'manager' | 'member') =>
    send('PUT', as, `/api/v1/projects/${projectId}/members/${user.userId}`, { role });

  const managed = await post(owner, '/api/v1/projects', { name: 'Managed' });
  const unmanaged = await post(owner, '/api/v1/projects', { name: 'Unmanaged' });
  const hidden = await post(owner, '/api/v1/projects', { name: 'Hidden' });
  await join(owner, managed, manager, 'manager');
  await join(owner, managed, member, 'member');
  await join(owner, managed, member2, 'member');
  await join(owner, unmanaged, manager, 'member');
  await join(owner, unmanaged, member, 'member');
  await join(owner, unmanaged, member2, 'member');
  const bProject = await post(b, '/api/v1/projects', { name: 'B project' });
  const projects = { managed, unmanaged, hidden, b: bProject };

  const make: World['make'] = async (kind, org, as, options = {}) => {
    n += 1;
    const orgOwner = org === 'a' ? owner : b;
    const creator = as ?? orgOwner;
    const project = options.project ?? (org === 'a' ? managed : bProject);
    switch (kind) {
      case 'invite':
        return post(orgOwner, '/api/v1/invites', { email: `invitee${n}@${org}.test`, role: 'member' });
      case 'token':
        return post(creator, '/api/v1/tokens', { name: `token ${n}` });
      case 'member':
        return (await t.addMember(orgOwner, `extra${n}@${org}.test`, 'member')).userId;
      case 'client':
        return post(orgOwner, '/api/v1/clients', { name: `client ${n}` });
      case 'project':
        return post(orgOwner, '/api/v1/projects', { name: `project ${n}` });
      case 'tag':
        return post(orgOwner, '/api/v1/tags', { name: `tag ${n}` });
      case 'task':
        return post(orgOwner, '/api/v1/tasks', { projectId: project, name: `task ${n}` });
      case 'record': {
        // created by the organisation's owner for `creator` (owners may record for anyone)
        const end = options.end ?? new Date(t.clock.now.getTime() - 3_600_000);
        const start = options.start ?? new Date(end.getTime() - 3_600_000);
        return post(orgOwner, '/api/v1/time-records', {
          start: start.toISOString(),
          end: end.toISOString(),
          projectId: project,
          description: options.description ?? `record ${n}`,
          ...(creator.userId !== orgOwner.userId && { userId: creator.userId }),
        });
      }
      case 'connection':
        return post(creator, '/api/v1/connections', { url: `https://calendar.authz.test/${org}/${n}/calendar.ics`, name: `calendar ${n}` });
      case 'meeting': {
        // a meeting impulse of `creator`: from a fresh connection of theirs
        const connectionId = await make('connection', org, creator);
        const impulses = await send('GET', creator, '/api/v1/impulses');
        const meeting = impulses.items.find((item: any) => item.kind === 'meeting' && item.source?.connectionId === connectionId);
        if (!meeting) throw new Error(`fixture: no meeting impulse from connection ${connectionId}: ${JSON.stringify(impulses.items)}`);
        return meeting.id as string;
      }
      case 'rule':
        // a rule of `creator`, on a project they belong to
        return post(creator, '/api/v1/rules', { kind: 'subject', pattern: `rule ${n}`, projectId: project, mode: 'suggest' });
      case 'recent': {
        // a recent impulse of `creator`: a combination only they tracked
        const description = options.description ?? `recent ${n}`;
        await make('record', org, creator, { project, description });
        return recentImpulseId(project, null, description);
      }
      default:
        throw new Error(`unknown fixture kind ${kind}`);
    }
  };
  return { t, a, b, projects, make };
}

// The shared set-up of a describe block: the matrix app and its world, built once before the
// block's tests and closed after them. Read `context.world` inside tests.
export function useWorld(): { world: World } {
  const context = {} as { world: World };
  beforeAll(async () => {
    context.world = await buildWorld(await createMatrixApp());
  }, 120_000);
  afterAll(() => context.world?.t.close());
  return context;
}
