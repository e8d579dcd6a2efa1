import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/database.ts';
import { createMetrics } from '../services/metrics.ts';
import { type CalendarTestEnv, createCalendarTestEnv } from '../../test/support/calendar-env.ts';
import { exchangeFeed } from '../../test/support/exchange-feed.ts';
import { createTestApp } from '../../test/support/test-app.ts';
import { testEngine } from '../../test/support/test-db.ts';
import type { SignedUp } from '../../test/support/test-app.ts';

// GET /metrics in the Prometheus text format (KAIROS_METRICS=on); the app clock stands at
// 2027-03-10 08:00 UTC and moves only when a test moves it.
const FEED = exchangeFeed([{ uid: 'weekly-1', summary: 'Weekly', start: '20270311T090000', end: '20270311T100000' }], { name: 'Work' });

let env: CalendarTestEnv;
let user: SignedUp;
let counter = 0;

/** `name{labels}` (labels as written) → value, for every sample line */
function samples(text: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    map.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return map;
}

async function scrape(): Promise<{ text: string; values: Map<string, number> }> {
  const reply = await env.t.call('GET', '/metrics');
  expect(reply.status).toBe(200);
  expect(reply.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return { text: reply.body as string, values: samples(reply.body as string) };
}

async function connect(body: string) {
  const at = `/owa/calendar/metrics-${++counter}@contoso.test/Secret0${counter}Token/calendar.ics`;
  env.server.route(at, { body });
  const reply = await env.t.call('POST', '/api/v1/connections', { token: user.token, body: { url: env.server.url(at) } });
  expect(reply.status).toBe(201);
  return { at, id: reply.body.id as string };
}

beforeAll(async () => {
  env = await createCalendarTestEnv({ metrics: createMetrics() });
  user = await env.t.signup('metrics@example.test');
});
afterAll(() => env.close());

describe('GET /metrics', () => {
  it('is not served unless KAIROS_METRICS is on', async () => {
    const plain = await createTestApp();
    try {
      const reply = await plain.call('GET', '/metrics');
      expect(reply.status).toBe(404);
      expect(reply.body.error.code).toBe('route_not_found');
    } finally {
      await plain.close();
    }
  });

  it('counts requests and their latency by method, route pattern and status, never by the requested path', async () => {
    const before = (await scrape()).values;
    const key = (route: string, status: number) => `kairos_http_requests_total{method="GET",route="${route}",status="${status}"}`;
    expect((await env.t.call('GET', '/api/v1/me', { token: user.token })).status).toBe(200);
    expect((await env.t.call('GET', '/api/v1/me', { token: user.token })).status).toBe(200);
    expect((await env.t.call('GET', '/api/v1/me')).status).toBe(401);
    expect((await env.t.call('GET', '/api/v1/time-records/no-such-record-4711', { token: user.token })).status).toBe(404);
    expect((await env.t.call('GET', '/api/v1/secret-path-4711')).status).toBe(404);

    const { text, values } = await scrape();
    expect(values.get(key('/api/v1/me', 200))! - (before.get(key('/api/v1/me', 200)) ?? 0)).toBe(2);
    expect(values.get(key('/api/v1/me', 401))).toBe(1);
    expect(values.get(key('/api/v1/time-records/:id', 404))).toBe(1);
    expect(values.get(key('unmatched', 404))).toBe(1);
    expect(text).not.toContain('4711');

    const histogram = 'kairos_http_request_duration_seconds';
    const labels = 'method="GET",route="/api/v1/time-records/:id",status="404"';
    expect(values.get(`${histogram}_count{${labels}}`)).toBe(1);
    expect(values.get(`${histogram}_bucket{${labels},le="+Inf"}`)).toBe(1);
    expect(values.get(`${histogram}_bucket{${labels},le="10"}`)).toBe(1);
    expect(values.get(`${histogram}_sum{${labels}}`)).toBeGreaterThan(0);
    expect(text).toContain(`# TYPE ${histogram} histogram`);
  });

  it('counts calendar refreshes by outcome and feed problem, and shows the connections by state', async () => {
    const good = await connect(FEED);
    const broken = await connect(FEED);
    env.server.route(broken.at, { status: 404, body: 'gone', contentType: 'text/html' });
    expect((await env.t.call('POST', `/api/v1/connections/${broken.id}/sync`, { token: user.token })).body.lastError.code).toBe(
      'unpublished',
    );
    expect((await env.t.call('POST', `/api/v1/connections/${good.id}/sync`, { token: user.token })).body.status).toBe('ok');

    const { values } = await scrape();
    expect(values.get('kairos_sync_refreshes_total{outcome="imported",code=""}')).toBe(2);
    expect(values.get('kairos_sync_refreshes_total{outcome="unchanged",code=""}')).toBe(1);
    expect(values.get('kairos_sync_refreshes_total{outcome="failed",code="unpublished"}')).toBe(1);
    expect(values.get('kairos_calendar_connections{status="ok",code=""}')).toBe(1);
    expect(values.get('kairos_calendar_connections{status="error",code="unpublished"}')).toBe(1);
  });

  it('reports the refresh queue: how many connections are due and how long the oldest has waited', async () => {
    expect((await scrape()).values.get('kairos_sync_queue_due')).toBe(0);
    expect((await scrape()).values.get('kairos_sync_queue_oldest_due_age_seconds')).toBe(0);
    // both connections of the previous test are next due within the sync interval (900 s, with
    // jitter; the failed one's retry sooner) after their sync at 08:00
    env.advance(3600_000);
    const [oldest] = await queryRows<{ due_at: Date | string }>(env.t.deps.db, sql`SELECT min(due_at) AS due_at FROM calendar_sync_jobs`);
    const { values } = await scrape();
    expect(values.get('kairos_sync_queue_due')).toBe(2);
    expect(values.get('kairos_sync_queue_leased')).toBe(0);
    expect(values.get('kairos_sync_queue_oldest_due_age_seconds')).toBeCloseTo(
      (env.t.clock.now.getTime() - new Date(oldest!.due_at).getTime()) / 1000,
      3,
    );
    expect(values.get('kairos_sync_queue_oldest_due_age_seconds')).toBeGreaterThan(2600);
  });

  it("reports this process's memory, and its PostgreSQL pool when there is one", async () => {
    const { text, values } = await scrape();
    expect(values.get('process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
    expect(values.get('nodejs_heap_used_bytes')).toBeGreaterThan(0);
    if (testEngine === 'pg') {
      expect(values.get('kairos_db_pool_max')).toBe(12);
      expect(values.get('kairos_db_pool_waiting')).toBe(0);
      const inUse = values.get('kairos_db_pool_connections{state="in_use"}')!;
      const idle = values.get('kairos_db_pool_connections{state="idle"}')!;
      expect(inUse + idle).toBeGreaterThan(0);
      expect(inUse + idle).toBeLessThanOrEqual(12);
    } else {
      // the embedded database has no pool
      expect(text).not.toContain('kairos_db_pool');
    }
  });
});
