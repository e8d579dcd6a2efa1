// Reads a fetched feed off the thread that serves requests: parse and expansion run in one
// long-lived worker thread (started on first use, ~0.5 s), one feed at a time, each under a
// time limit. A feed that hits the limit or the worker's memory cap ends the worker (the next
// feed starts a fresh one) and is reported as the feed problem `too_complex`.
// A few feeds are handed to the worker ahead (IN_FLIGHT): it reads them back to back instead of
// idling until this thread, busy with other work, takes an answer and posts the next feed.
import { Worker } from 'node:worker_threads';
import type { FeedRead, FeedReadRequest } from './read-feed-now.ts';

/** Wall-clock limit of one feed's parse and expansion; the engine's own budgets keep it near 2 s. */
export const FEED_READ_TIME_LIMIT_MS = 20_000;
const WORKER_HEAP_MB = 1024;
/** feeds posted to the worker and not answered yet; the first of them is the one being read */
const IN_FLIGHT = 4;
// Compiled (dist/), the worker is plain JavaScript; run from the TypeScript sources (vitest, the
// bench), a worker thread has no TypeScript loader, so a shim registers tsx first.
const WORKER_URL = import.meta.url.endsWith('.ts')
  ? new URL('./read-feed-worker.mjs', import.meta.url)
  : new URL('./read-feed-worker.js', import.meta.url);

type Job = { id: number; request: FeedReadRequest; timeLimitMs: number; resolve: (read: FeedRead) => void };
type Running = { worker: Worker; ready: boolean; posted: Job[]; timer: NodeJS.Timeout | null };

const queue: Job[] = [];
let current: Running | null = null;
let nextId = 1;

const tooComplex = (detail: string): FeedRead => ({ ok: false, error: { code: 'too_complex', params: {} }, detail });

// The clock of the feed being read: it starts when the one before it was answered (or when it was
// posted to an idle worker), so start-up and the feeds ahead of it are never its fault.
function startClock(running: Running): void {
  if (running.timer) clearTimeout(running.timer);
  running.timer = null;
  const head = running.posted[0];
  if (head === undefined) return;
  running.timer = setTimeout(() => stop(running, tooComplex(`parse and expansion took over ${head.timeLimitMs} ms`)), head.timeLimitMs);
}

// The worker ends: the feed it was reading gets `read`, the ones posted behind it go back to the
// front of the queue for a fresh worker (they were never read).
function stop(running: Running, read: FeedRead): void {
  if (current === running) current = null;
  if (running.timer) clearTimeout(running.timer);
  running.timer = null;
  const [head, ...behind] = running.posted;
  running.posted = [];
  queue.unshift(...behind);
  head?.resolve(read);
  void running.worker.terminate();
  pump();
}

function start(): Running {
  const worker = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
  const running: Running = { worker, ready: false, posted: [], timer: null };
  worker.on('message', (message: { ready?: true; id?: number; result?: FeedRead }) => {
    if (message.ready) running.ready = true;
    else if (running.posted[0] !== undefined && message.id === running.posted[0].id && message.result) {
      const job = running.posted.shift() as Job;
      startClock(running);
      job.resolve(message.result);
    }
    pump();
  });
  worker.on('error', (error) => stop(running, tooComplex(`feed reader failed: ${error.message}`)));
  worker.on('exit', (code) => stop(running, tooComplex(`feed reader exited with code ${code}`)));
  return running;
}

function pump(): void {
  if (queue.length === 0) {
    // an idle worker must not keep the process alive; a busy one must
    if (current && current.posted.length === 0) current.worker.unref();
    return;
  }
  current ??= start();
  const running = current;
  running.worker.ref();
  if (!running.ready) return;
  while (running.posted.length < IN_FLIGHT && queue.length > 0) {
    const job = queue.shift() as Job;
    running.posted.push(job);
    if (running.posted.length === 1) startClock(running);
    // a copy of exactly the body's bytes is moved, not the (possibly pooled) buffer behind it
    const body = new Uint8Array(job.request.body);
    running.worker.postMessage({ id: job.id, request: { ...job.request, body } }, [body.buffer]);
  }
}

/** Parse, truncation check and expansion of a fetched feed, in the worker thread. */
export function readFetchedFeed(request: FeedReadRequest, options: { timeLimitMs?: number } = {}): Promise<FeedRead> {
  return new Promise((resolve) => {
    queue.push({ id: nextId++, request, timeLimitMs: options.timeLimitMs ?? FEED_READ_TIME_LIMIT_MS, resolve });
    pump();
  });
}
