// Every endpoint contract, for clients that want them all (the web app, the test app).
export * from './account.ts';
export * from './connections.ts';
export * from './impulses.ts';
export * from './rules.ts';
export * from './timesheet.ts';
export * from './tracking.ts';
export type { ApiError, ApiResult, Client, Response } from './client.ts';
export { createClient } from './client.ts';
