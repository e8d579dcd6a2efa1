// Prometheus metrics of one process (KAIROS_METRICS=on serves them at GET /metrics), in the
// text exposition format 0.0.4. In-process counters and histograms (requests, refreshes) are
// joined at scrape time by gauges read from the database, which every node sees alike (queue,
// connections by state), and by the pool and memory of this process.
import type { PoolStats } from '../db/database.ts';
import { readSyncQueue } from '../db/metrics-repository.ts';
import type { Deps } from './deps.ts';

type Labels = Record<string, string>;

/** seconds; request latencies from a fraction of a millisecond to a stuck request */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([name, value]) => `${name}="${escapeLabel(value)}"`).join(',')}}`;
}

function number(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}

class Family {
  readonly series = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge',
  ) {}

  inc(labels: Labels, by = 1): void {
    const key = labelText(labels);
    const entry = this.series.get(key);
    if (entry) entry.value += by;
    else this.series.set(key, { labels, value: by });
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`];
    for (const { labels, value } of this.series.values()) lines.push(`${this.name}${labelText(labels)} ${number(value)}`);
    return lines.join('\n');
  }
}

class Histogram {
  readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: number[],
  ) {}

  observe(labels: Labels, value: number): void {
    const key = labelText(labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    for (let i = 0; i < this.buckets.length; i += 1) if (value <= this.buckets[i]!) entry.counts[i]! += 1;
    entry.sum += value;
    entry.count += 1;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const { labels, counts, sum, count } of this.series.values()) {
      this.buckets.forEach((bound, i) => lines.push(`${this.name}_bucket${labelText({ ...labels, le: number(bound) })} ${counts[i]}`));
      lines.push(`${this.name}_bucket${labelText({ ...labels, le: '+Inf' })} ${count}`);
      lines.push(`${this.name}_sum${labelText(labels)} ${number(sum)}`);
      lines.push(`${this.name}_count${labelText(labels)} ${count}`);
    }
    return lines.join('\n');
  }
}

function gauge(name: string, help: string, samples: Array<{ labels?: Labels; value: number }>): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`];
  for (const sample of samples) lines.push(`${name}${labelText(sample.labels ?? {})} ${number(sample.value)}`);
  return lines.join('\n');
}

export type Metrics = {
  /** route is the registered pattern (`/api/v1/time-records/:id`), never the requested path */
  observeRequest(request: { method: string; route: string; status: number; seconds: number }): void;
  /** a calendar refresh's outcome; code is the feed problem of a failed one */
  observeRefresh(outcome: 'imported' | 'unchanged' | 'failed', code: string | null): void;
  render(deps: Deps, pool: (() => PoolStats) | undefined): Promise<string>;
};

export function createMetrics(): Metrics {
  const requests = new Family('kairos_http_requests_total', 'HTTP requests answered, by method, route pattern and status.', 'counter');
  const latency = new Histogram(
    'kairos_http_request_duration_seconds',
    'Time from request to response, by method, route pattern and status.',
    LATENCY_BUCKETS,
  );
  const refreshes = new Family(
    'kairos_sync_refreshes_total',
    'Calendar refreshes run by this process, by outcome and feed problem code.',
    'counter',
  );
  return {
    observeRequest({ method, route, status, seconds }) {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      latency.observe(labels, seconds);
    },
    observeRefresh(outcome, code) {
      refreshes.inc({ outcome, code: code ?? '' });
    },
    async render(deps, pool) {
      const queue = await readSyncQueue(deps.db, deps.now());
      const memory = process.memoryUsage();
      const parts = [
        requests.render(),
        latency.render(),
        refreshes.render(),
        gauge('kairos_sync_queue_due', 'Calendar connections due for a refresh now (all nodes).', [{ value: queue.due }]),
        gauge('kairos_sync_queue_leased', 'Due calendar connections a worker is refreshing right now (all nodes).', [
          { value: queue.leased },
        ]),
        gauge('kairos_sync_queue_oldest_due_age_seconds', 'How long the longest-waiting due connection has been due; 0 when none is.', [
          { value: queue.oldestDueAgeSeconds },
        ]),
        gauge(
          'kairos_calendar_connections',
          'Enabled calendar connections by status and last problem code (all nodes).',
          queue.connections.map((row) => ({ labels: { status: row.status, code: row.code ?? '' }, value: row.count })),
        ),
      ];
      if (pool) {
        const stats = pool();
        parts.push(
          gauge('kairos_db_pool_connections', 'PostgreSQL pool connections of this process, by state.', [
            { labels: { state: 'idle' }, value: stats.idle },
            { labels: { state: 'in_use' }, value: stats.total - stats.idle },
          ]),
          gauge('kairos_db_pool_max', "Size limit of this process's PostgreSQL pool.", [{ value: stats.max }]),
          gauge('kairos_db_pool_waiting', 'Queries of this process waiting for a free pool connection.', [{ value: stats.waiting }]),
        );
      }
      parts.push(
        gauge('process_resident_memory_bytes', 'Resident memory of this process.', [{ value: memory.rss }]),
        gauge('nodejs_heap_used_bytes', 'V8 heap in use.', [{ value: memory.heapUsed }]),
        gauge('nodejs_heap_total_bytes', 'V8 heap reserved.', [{ value: memory.heapTotal }]),
        gauge('nodejs_external_memory_bytes', 'Memory of buffers and other objects outside the V8 heap.', [{ value: memory.external }]),
        gauge('process_uptime_seconds', 'Seconds since this process started.', [{ value: Math.round(process.uptime()) }]),
      );
      return `${parts.join('\n')}\n`;
    },
  };
}
