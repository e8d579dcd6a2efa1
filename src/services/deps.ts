import type { Db } from '../db/database.ts';

// What every use case needs; the API, the CLI and the sync worker each build one.
export type Deps = {
  db: Db;
  now: () => Date;
  publicUrl: string;
  signup: 'open' | 'closed';
};
