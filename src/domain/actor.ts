export type Role = 'owner' | 'admin' | 'manager' | 'member';
export type Language = 'en' | 'cs';

// Who is asking: resolved once per request from the session cookie or the API token.
export type Actor = {
  userId: string;
  orgId: string;
  role: Role;
  language: Language;
  timeZone: string;
  weekStart: number;
  via: 'session' | 'token';
  // the organisation's lock date as read when the request was authenticated; undefined = not read
  lockedUntil?: string | null;
};

export function isOrgAdmin(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'owner' || actor.role === 'admin';
}
