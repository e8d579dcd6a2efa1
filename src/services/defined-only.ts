// PATCH bodies leave out what does not change; drizzle must not see `undefined` as "set null".
export function definedOnly<T extends Record<string, unknown>>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}
