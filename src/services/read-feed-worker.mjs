// Worker entry when running from the TypeScript sources (tests, bench): a worker thread does not
// inherit the parent's loader, so it registers tsx before loading the TypeScript worker. The
// compiled server (dist/) loads read-feed-worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./read-feed-worker.ts');
