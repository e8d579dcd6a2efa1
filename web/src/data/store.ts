import { useSyncExternalStore } from 'react';
import { listConnections } from '../../../src/contract/connections.ts';
import type { ApiResult, Response } from '../../../src/contract/client.ts';
import {
  dismissImpulse,
  listImpulses,
  restoreImpulse,
  startImpulseTimer,
  trackImpulse,
  updateImpulseRecord,
} from '../../../src/contract/impulses.ts';
import {
  createClient,
  createProject,
  createTimeRecord,
  deleteTimeRecord,
  getTimer,
  listClients,
  listProjects,
  listTags,
  listTasks,
  listTimeRecords,
  startTimer,
  stopTimer,
  updateTimeRecord,
} from '../../../src/contract/tracking.ts';
import { api } from '../api.ts';

// What the dashboard's three parts (calendar, impulses panel, stopwatch) share: one store, so a
// record made from the panel shows in the calendar and the panel's state flips in the same render.
export type TimeRecord = Response<typeof createTimeRecord>;
export type Impulse = Response<typeof listImpulses>['items'][number];
export type Project = Response<typeof listProjects>['items'][number];
export type Client = Response<typeof listClients>['items'][number];
export type Task = Response<typeof listTasks>['items'][number];
export type Tag = Response<typeof listTags>['items'][number];
export type Connection = Response<typeof listConnections>['items'][number];
export type RunningTimer = NonNullable<Response<typeof getTimer>['running']>;

export type Range = { from: string; to: string };

export type State = {
  catalogLoaded: boolean;
  projects: Project[];
  clients: Client[];
  tasks: Task[];
  tags: Tag[];
  range: Range | null;
  recordsLoading: boolean;
  records: TimeRecord[];
  // the range `records` hold (range is the one asked for, which may still be loading)
  recordsRange: Range | null;
  impulsesLoading: boolean;
  impulses: Impulse[];
  timer: RunningTimer | null;
  timerLoaded: boolean;
  connections: Connection[];
  connectionsLoaded: boolean;
  // the last load failure, shown where the data would be
  loadError: { message: string; hint?: string } | null;
};

const initial: State = {
  catalogLoaded: false,
  projects: [],
  clients: [],
  tasks: [],
  tags: [],
  range: null,
  recordsLoading: false,
  records: [],
  recordsRange: null,
  impulsesLoading: false,
  impulses: [],
  timer: null,
  timerLoaded: false,
  connections: [],
  connectionsLoaded: false,
  loadError: null,
};

let state: State = initial;
const listeners = new Set<() => void>();

export function getState(): State {
  return state;
}

export function setState(patch: Partial<State> | ((current: State) => Partial<State>)): void {
  state = { ...state, ...(typeof patch === 'function' ? patch(state) : patch) };
  for (const listener of listeners) listener();
}

export function useStore<T>(select: (state: State) => T): T {
  return useSyncExternalStore(
    (callback) => {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    () => select(state),
  );
}

async function allPages<T>(
  load: (cursor: string | undefined) => Promise<ApiResult<{ items: T[]; nextCursor: string | null }>>,
): Promise<ApiResult<T[]>> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await load(cursor);
    if (!page.ok) return page;
    items.push(...page.data.items);
    if (!page.data.nextCursor) return { ok: true, status: page.status, data: items };
    cursor = page.data.nextCursor;
  }
}

export async function loadCatalog(): Promise<void> {
  const [projects, clients, tasks, tags] = await Promise.all([
    api.call(listProjects),
    api.call(listClients),
    api.call(listTasks, { query: {} }),
    api.call(listTags),
  ]);
  if (projects.ok && clients.ok && tasks.ok && tags.ok) {
    setState({
      catalogLoaded: true,
      projects: projects.data.items,
      clients: clients.data.items,
      tasks: tasks.data.items,
      tags: tags.data.items,
    });
  } else {
    const failed = [projects, clients, tasks, tags].find((result) => !result.ok);
    if (failed && !failed.ok) setState({ loadError: failed.error });
  }
}

export async function loadRecords(range: Range): Promise<void> {
  setState({ range, recordsLoading: true });
  const result = await allPages((cursor) =>
    api.call(listTimeRecords, { query: { from: range.from, to: range.to, limit: 500, ...(cursor && { cursor }) } }),
  );
  if (state.range?.from !== range.from || state.range?.to !== range.to) return;
  if (result.ok) setState({ records: result.data, recordsRange: range, recordsLoading: false, loadError: null });
  else setState({ recordsLoading: false, loadError: result.error });
}

export async function loadImpulses(range: Range): Promise<void> {
  setState({ impulsesLoading: true });
  const result = await allPages((cursor) =>
    api.call(listImpulses, { query: { from: range.from, to: range.to, ...(cursor && { cursor }) } } as never),
  );
  if (result.ok) setState({ impulses: result.data, impulsesLoading: false });
  else setState({ impulsesLoading: false, loadError: result.error });
}

export async function loadTimer(): Promise<void> {
  const result = await api.call(getTimer);
  if (result.ok) setState({ timer: result.data.running, timerLoaded: true });
}

// answers the result, so a screen that shows only connections can show why they did not load
export async function loadConnections() {
  const result = await api.call(listConnections);
  if (result.ok) setState({ connections: result.data.items, connectionsLoaded: true });
  return result;
}

// Everything the dashboard shows for a range, again (after a sync, a reconnect, an undo).
export async function reloadDashboard(): Promise<void> {
  const range = state.range;
  await Promise.all([
    range ? loadRecords(range) : undefined,
    range ? loadImpulses(impulseRange(range)) : undefined,
    loadTimer(),
    loadConnections(),
  ]);
}

// The panel follows the visible range, plus today (UX.md B3).
export function impulseRange(range: Range, today = new Date().toISOString()): Range {
  return { from: range.from < today ? range.from : today.slice(0, 10), to: range.to };
}

function upsertRecord(record: TimeRecord): void {
  setState((current) => ({
    records: [...current.records.filter((item) => item.id !== record.id), record].sort((a, b) => a.start.localeCompare(b.start)),
  }));
}

function removeRecord(id: string): void {
  setState((current) => ({ records: current.records.filter((item) => item.id !== id) }));
}

function upsertImpulse(impulse: Impulse): void {
  setState((current) => ({ impulses: current.impulses.map((item) => (item.id === impulse.id ? impulse : item)) }));
}

// After a write that can change overlaps of neighbours or impulse states, the server is the truth.
async function refreshAround(): Promise<void> {
  if (state.range) await Promise.all([loadRecords(state.range), loadImpulses(impulseRange(state.range))]);
}

type Body<E> = E extends { body: infer B extends import('zod').ZodType } ? import('zod').input<B> : never;

export async function createRecord(body: Body<typeof createTimeRecord>) {
  const result = await api.call(createTimeRecord, { body });
  if (result.ok) {
    upsertRecord(result.data);
    void refreshAround();
  }
  return result;
}

export async function updateRecord(id: string, body: Body<typeof updateTimeRecord>) {
  const result = await api.call(updateTimeRecord, { params: { id }, body });
  if (result.ok) {
    upsertRecord(result.data);
    void refreshAround();
  }
  return result;
}

export async function deleteRecord(record: TimeRecord) {
  const result = await api.call(deleteTimeRecord, { params: { id: record.id }, query: { version: record.version } });
  if (result.ok) {
    removeRecord(record.id);
    void refreshAround();
  }
  return result;
}

export async function track(impulseId: string, body: Body<typeof trackImpulse>) {
  const result = await api.call(trackImpulse, { params: { id: impulseId }, body });
  if (result.ok) {
    upsertRecord(result.data);
    setState((current) => ({
      impulses: current.impulses.map((item) =>
        item.id === impulseId && item.kind === 'meeting' ? { ...item, state: 'tracked' as const, timeRecordId: result.data.id } : item,
      ),
    }));
    void refreshAround();
  }
  return result;
}

export async function startTimerWith(body: Body<typeof startTimer>) {
  const result = await api.call(startTimer, { body });
  if (result.ok) {
    setState({ timer: result.data.running });
    if (result.data.stopped) upsertRecord(result.data.stopped);
  }
  return result;
}

export async function startTimerFromImpulse(impulseId: string, body: Body<typeof startImpulseTimer> = {}) {
  const result = await api.call(startImpulseTimer, { params: { id: impulseId }, body });
  if (result.ok) {
    setState({ timer: result.data.running });
    if (result.data.stopped) upsertRecord(result.data.stopped);
  }
  return result;
}

// `into`: the project (and task) to save a timer to that was started without one
export async function stopRunningTimer(end?: string, into?: { projectId: string; taskId: string | null }) {
  const result = await api.call(stopTimer, {
    body: { ...(end && { end }), ...(into && { projectId: into.projectId, taskId: into.taskId }) },
  });
  if (result.ok) {
    setState({ timer: null });
    upsertRecord(result.data);
    void refreshAround();
  }
  return result;
}

// `series`: every occurrence of the meeting's series, so the whole list is read again
export async function dismiss(impulseId: string, series = false) {
  const result = await api.call(dismissImpulse, { params: { id: impulseId }, body: series ? { series } : {} });
  if (result.ok) {
    upsertImpulse(result.data);
    if (series) void refreshAround();
  }
  return result;
}

export async function restore(impulseId: string, series = false) {
  const result = await api.call(restoreImpulse, { params: { id: impulseId }, body: series ? { series } : {} });
  if (result.ok) {
    upsertImpulse(result.data);
    if (series) void refreshAround();
  }
  return result;
}

// "Update record to new time": the linked record follows the meeting the feed moved
export async function updateRecordToNewTime(impulseId: string) {
  const result = await api.call(updateImpulseRecord, { params: { id: impulseId } });
  if (result.ok) {
    upsertRecord(result.data.record);
    upsertImpulse(result.data.impulse);
    void refreshAround();
  }
  return result;
}

export async function addProject(body: Body<typeof createProject>) {
  const result = await api.call(createProject, { body });
  if (result.ok) setState((current) => ({ projects: [...current.projects, result.data] }));
  return result;
}

export async function addClient(body: Body<typeof createClient>) {
  const result = await api.call(createClient, { body });
  if (result.ok) setState((current) => ({ clients: [...current.clients, result.data] }));
  return result;
}

// "Client › Project" typed into a project picker: the client matched by name (any case) or made
// first, then the project under it; the first refusal is the answer
export async function addProjectUnderClient(name: string, clientName: string | null) {
  let clientId: string | null = null;
  if (clientName) {
    const existing = state.clients.find((client) => client.name.toLowerCase() === clientName.toLowerCase());
    if (existing) clientId = existing.id;
    else {
      const made = await addClient({ name: clientName });
      if (!made.ok) return made;
      clientId = made.data.id;
    }
  }
  return addProject({ name, clientId });
}

// "Client › Project" as the pickers show it
export function projectLabel(project: Project | undefined, clients: Client[]): string {
  if (!project) return '';
  const client = clients.find((item) => item.id === project.clientId);
  return client ? `${client.name} › ${project.name}` : project.name;
}
