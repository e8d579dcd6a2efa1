// Worker entry: a worker thread does not inherit the parent's tsx loader, so it registers its
// own (as bin/kairos.js does) before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./read-feed-worker.ts');
