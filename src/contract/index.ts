// Every endpoint contract, for clients that want them all (the web app, the test app).
export * from './account.ts';
export * from './connections.ts';
export * from './impulses.ts';
export * from './organization-backup.ts';
export * from './rules.ts';
export * from './timesheet.ts';
export * from './tracking.ts';
