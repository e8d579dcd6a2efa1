// What a role may do on the catalogue, team and organisation screens, as the API decides it
// (CONVENTIONS.md roles, test/authz): the screens hide what the role cannot do.
export type Role = 'owner' | 'admin' | 'manager' | 'member';
export type AssignableRole = Exclude<Role, 'owner'>;

export const ASSIGNABLE_ROLES: readonly AssignableRole[] = ['admin', 'manager', 'member'];

/** owners and admins: clients, projects, project members, tags, team, organisation, imports */
export function isAdminRole(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}

/** tasks of a project: owners, admins and the project's managers */
export function canManageTasks(role: Role, isProjectManager: boolean): boolean {
  return isAdminRole(role) || isProjectManager;
}

/**
 * Whether `actor` may change `member`'s role or deactivate them: owners and admins, never the
 * owner (the API refuses), never themselves (an admin would lock themself out by one click).
 */
export function canChangeMember(actor: { id: string; role: Role }, member: { id: string; role: Role }): boolean {
  return isAdminRole(actor.role) && member.role !== 'owner' && member.id !== actor.id;
}

/** admin-only paths a member or manager may type: they get a "not allowed" state */
export const ADMIN_PATHS = ['/team', '/settings/organization', '/settings/import'] as const;

export function isAdminPath(path: string): boolean {
  return (ADMIN_PATHS as readonly string[]).includes(path);
}
