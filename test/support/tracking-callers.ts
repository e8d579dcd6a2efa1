import type { SignedUp, TestApp } from './test-app.ts';

// Shared set-up for the tracking DB suites: an organisation with a project, called by token.
export type Caller = {
  get(url: string): ReturnType<TestApp['call']>;
  post(url: string, body?: unknown, headers?: Record<string, string>): ReturnType<TestApp['call']>;
  patch(url: string, body: unknown): ReturnType<TestApp['call']>;
  put(url: string, body: unknown): ReturnType<TestApp['call']>;
  del(url: string, body?: unknown): ReturnType<TestApp['call']>;
};

export function as(t: TestApp, who: SignedUp): Caller {
  const token = who.token;
  return {
    get: (url) => t.call('GET', url, { token }),
    post: (url, body, headers) => t.call('POST', url, { token, ...(body !== undefined && { body }), ...(headers && { headers }) }),
    patch: (url, body) => t.call('PATCH', url, { token, body }),
    put: (url, body) => t.call('PUT', url, { token, body }),
    del: (url, body) => t.call('DELETE', url, { token, ...(body !== undefined && { body }) }),
  };
}

let counter = 0;

export async function orgWithProject(t: TestApp, profile: Record<string, unknown> = {}) {
  counter += 1;
  const owner = await t.signup(`owner${counter}-${Math.random().toString(36).slice(2, 8)}@example.test`, undefined, profile);
  const api = as(t, owner);
  const project = await api.post('/api/v1/projects', { name: `Project ${counter}`, hourlyRate: 90 });
  if (project.status !== 201) throw new Error(`project: ${JSON.stringify(project.body)}`);
  return { owner, api, projectId: project.body.id as string };
}

export function record(projectId: string, start: string, end: string, extra: Record<string, unknown> = {}) {
  return { projectId, start, end, ...extra };
}
