// The feed reader's worker thread: one request at a time, answered with its id.
import { parentPort } from 'node:worker_threads';
import { readFeedNow, type FeedReadRequest } from './read-feed-now.ts';

const port = parentPort;
if (!port) throw new Error('read-feed-worker runs only as a worker thread');
port.on('message', (message: { id: number; request: FeedReadRequest }) => {
  port.postMessage({ id: message.id, result: readFeedNow(message.request) });
});
port.postMessage({ ready: true });
