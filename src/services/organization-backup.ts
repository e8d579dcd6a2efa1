// One organisation's backup and restore (`kairos backup --org`, `kairos restore`, and
// GET /api/v1/organization/backup, POST /api/v1/organization/restore): the file format of
// backup.ts, version 2, with `"scope":"organization"` and the organisation in the header, and
// only the rows of that organisation (ORG_BACKUP_TABLES): its row, its members' users (profile
// fields; password hashes, sessions, tokens and open invitations only with secrets), the
// catalogue, time records, rules, timers, the members' calendar connections (links only with
// secrets, encrypted as they are stored), sync jobs, occurrences and impulse states, which the
// calendar-vs-tracked report reads.
//
// A restore creates the organisation, or with `replace` replaces that organisation's rows and no
// others, in one transaction. Users are matched by e-mail: an existing user keeps their account
// (password, sessions, tokens) and gets the backup's role; the backup's ids of that user are
// rewritten to theirs. Users are created otherwise, without a password unless the file holds
// secrets. Every row must be of the file's organisation and refer only to rows of it.
import {
  deleteEmptyOrganization,
  demoteOtherOwners,
  isOnlyUsersOrganization,
  moveSignIns,
  deleteOrganizationRows,
  deleteUsersExcept,
  findOrganizations,
  foreignReference,
  insertJsonRows,
  lockOrganization,
  markRestoredLinksMissing,
  ORG_BACKUP_TABLES,
  organizationRows,
  setMembership,
  upsertJsonRows,
  usersByEmail,
  type BackupTable,
} from '../db/backup-repository.ts';
import { findUser } from '../db/accounts-repository.ts';
import type { Db } from '../db/database.ts';
import { type Actor, isOrgAdmin } from '../domain/actor.ts';
import { AppError } from '../errors.ts';
import { kairosVersion } from '../runtime.ts';
import {
  type BackupHeader,
  type BackupSink,
  type BackupSummary,
  currentHeader,
  damaged,
  type OpenedBackup,
  openBackup,
  ORGANIZATION_VERSION,
  readTables,
  type TableCounts,
  writeTables,
} from './backup-format.ts';
import type { Deps } from './deps.ts';

export type OrganizationRestoreSummary = {
  scope: 'organization';
  header: BackupHeader;
  rows: TableCounts;
  organization: { id: string; name: string };
  linksMissing: number;
  replaced: boolean;
  /** e-mails of the members: existing users who got the membership, users created (of whom those without a password) */
  members: { matched: string[]; created: string[]; withoutPassword: string[] };
  /** the API's caller became the organisation's owner (see restoreUploadedOrganization) */
  callerIsOwner: boolean;
};

/** The API's caller, who becomes the restored organisation's owner when their own organisation holds nothing but them. */
type Joining = { userId: string; email: string; orgId: string };

// as in backup.ts: left out, or emptied, without secrets
const SECRET_TABLES: ReadonlySet<BackupTable> = new Set(['sessions', 'api_tokens', 'invites']);
const SECRET_VALUES: Partial<Record<BackupTable, Record<string, string | null>>> = {
  users: { password_hash: null },
  calendar_connections: { url_ciphertext: '', link_hash: null },
};
// an existing user keeps their own sign-ins: the backup's are not restored for them
const CREDENTIAL_TABLES: ReadonlySet<BackupTable> = new Set(['sessions', 'api_tokens']);

/** The organisation named by its id, else by its name; refuses an unknown or ambiguous name. */
export async function findOrganization(db: Db, key: string): Promise<{ id: string; name: string }> {
  const found = await findOrganizations(db, key);
  if (found.length === 0) throw new AppError('organization_unknown', 'no such organisation', { organization: key });
  if (found.length > 1)
    throw new AppError('organization_ambiguous', 'several organisations have the name', {
      organization: key,
      ids: found.map((org) => org.id).join(', '),
    });
  return found[0]!;
}

/** Writes the backup of one organisation's rows to `sink`, read in one snapshot. */
export async function writeOrganizationBackup(
  db: Db,
  sink: BackupSink,
  options: { organization: { id: string; name: string }; includeSecrets: boolean; kairosVersion: string; now: Date },
): Promise<BackupSummary> {
  const { id, name } = options.organization;
  const header = await currentHeader(db, options, { version: ORGANIZATION_VERSION, scope: 'organization', organization: { id, name } });
  const plan = ORG_BACKUP_TABLES.filter((table) => options.includeSecrets || !SECRET_TABLES.has(table)).map((table) => ({
    table,
    overrides: options.includeSecrets ? {} : (SECRET_VALUES[table] ?? {}),
    where: organizationRows(table, id),
  }));
  return writeTables(db, sink, header, plan);
}

/**
 * Restores an organisation backup whose header `openBackup` read. Refuses, in the transaction and
 * before writing, an organisation that exists unless `replace`. `dropSecrets` restores no secret
 * of the file (the API's upload): no sessions, tokens, invitations, passwords or calendar links.
 */
export async function restoreOrganization(
  db: Db,
  opened: OpenedBackup,
  options: { replace: boolean; dropSecrets?: boolean; caller?: Joining },
): Promise<OrganizationRestoreSummary> {
  const { header } = opened;
  if (header.scope !== 'organization' || !header.organization) throw new AppError('backup_not_organization', 'an installation backup');
  const orgId = header.organization.id;
  const dropSecrets = options.dropSecrets === true || !header.includesSecrets;
  const members: OrganizationRestoreSummary['members'] = { matched: [], created: [], withoutPassword: [] };
  // the backup's user id → the id of the existing user with that e-mail
  const matched = new Map<string, string>();
  const restoredUsers: string[] = [];
  const connections = new Set<string>();
  let name = header.organization.name;
  let replaced = false;
  let joining: Joining | null = null;

  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const existing = await lockOrganization(tx, orgId);
    if (existing && !options.replace) throw new AppError('organization_exists', 'the organisation exists', { name: existing.name });
    if (existing) {
      replaced = true;
      await deleteOrganizationRows(tx, orgId);
    }
    const { caller } = options;
    if (caller && caller.orgId !== orgId && (await isOnlyUsersOrganization(tx, caller.orgId, caller.userId))) joining = caller;

    const insertUsers = async (columns: string[], batch: string[]) => {
      const rows = batch.map((text) => JSON.parse(text) as Record<string, unknown>);
      const found = new Map(
        (
          await usersByEmail(
            tx,
            rows.map((row) => String(row.email)),
          )
        ).map((user) => [user.email, user]),
      );
      const elsewhere = rows.filter((row) => {
        const user = found.get(String(row.email).toLowerCase());
        return user !== undefined && user.orgId !== orgId && user.id !== joining?.userId;
      });
      if (elsewhere.length > 0)
        throw new AppError('member_elsewhere', 'members belong to another organisation', {
          emails: elsewhere.map((row) => String(row.email)).join(', '),
        });
      const created: string[] = [];
      for (const row of rows) {
        const user = found.get(String(row.email).toLowerCase());
        if (user) {
          matched.set(String(row.id), user.id);
          members.matched.push(String(row.email));
        } else {
          created.push(JSON.stringify(row));
          members.created.push(String(row.email));
          if (typeof row.password_hash !== 'string' || row.password_hash === '') members.withoutPassword.push(String(row.email));
        }
      }
      const kept = [...matched.values()];
      // the organisation's users the backup does not have go (a user of the backup with another e-mail comes back as the backup has them)
      if (replaced) await deleteUsersExcept(tx, orgId, kept);
      for (const row of rows) {
        const id = matched.get(String(row.id));
        if (id !== undefined) await setMembership(tx, id, orgId, String(row.role));
      }
      if (created.length > 0) await insertJsonRows(tx, 'users', columns, created);
      restoredUsers.push(...kept, ...rows.filter((row) => !matched.has(String(row.id))).map((row) => String(row.id)));
    };

    const read = await readTables(tx, opened, {
      tables: ORG_BACKUP_TABLES,
      whole: new Set(['users']),
      row: (table, row, text, line) => {
        const own =
          table === 'organizations'
            ? row.id === orgId
            : table === 'calendar_sync_jobs'
              ? connections.has(String(row.connection_id))
              : row.org_id === orgId;
        if (!own) throw damaged(line, 'other_organization', { table });
        if (table === 'organizations' && typeof row.name === 'string') name = row.name;
        if (table === 'calendar_connections') connections.add(String(row.id));
        if (dropSecrets && SECRET_TABLES.has(table)) return null;
        let changed = false;
        for (const [column, value] of Object.entries((dropSecrets && SECRET_VALUES[table]) || {})) {
          if (column in row && row[column] !== value) {
            row[column] = value;
            changed = true;
          }
        }
        const userColumn = table === 'invites' ? 'invited_by' : 'user_id';
        const to = typeof row[userColumn] === 'string' ? matched.get(row[userColumn] as string) : undefined;
        if (to !== undefined) {
          if (CREDENTIAL_TABLES.has(table)) return null;
          if (to !== row[userColumn]) {
            row[userColumn] = to;
            changed = true;
          }
        }
        return changed ? JSON.stringify(row) : text;
      },
      insert: async (table, columns, batch) => {
        if (table === 'organizations') await upsertJsonRows(tx, table, columns, batch);
        else if (table === 'users') await insertUsers(columns, batch);
        else await insertJsonRows(tx, table, columns, batch);
      },
    });
    // a file without users leaves none of the replaced organisation's
    if (replaced) await deleteUsersExcept(tx, orgId, restoredUsers);
    if (joining) {
      // the caller moves in as the owner, with their sign-ins; their empty organisation goes
      await setMembership(tx, joining.userId, orgId, 'owner');
      await demoteOtherOwners(tx, orgId, joining.userId);
      await moveSignIns(tx, joining.userId, orgId);
      await deleteEmptyOrganization(tx, joining.orgId);
      if (![...matched.values()].includes(joining.userId)) members.matched.push(joining.email);
    }
    const foreign = await foreignReference(tx, orgId);
    if (foreign) {
      throw damaged(read.tableLines[foreign.table as BackupTable] ?? 1, 'foreign_reference', foreign);
    }
    const linksMissing = await markRestoredLinksMissing(tx, orgId);
    return {
      scope: 'organization' as const,
      header,
      rows: read.rows,
      organization: { id: orgId, name },
      linksMissing,
      replaced,
      members,
      callerIsOwner: joining !== null,
    };
  });
}

function assertAdmin(actor: Actor): void {
  if (!isOrgAdmin(actor)) throw new AppError('forbidden', `role ${actor.role} may not back up or restore an organisation`);
}

/**
 * GET /api/v1/organization/backup: the caller's organisation (owners and admins), never with
 * secrets. Checks first; `write` then streams the file (an error on the way leaves it without its
 * end line, which a restore refuses).
 */
export async function organizationBackupFile(
  deps: Deps,
  actor: Actor,
): Promise<{ filename: string; write(sink: BackupSink): Promise<BackupSummary> }> {
  assertAdmin(actor);
  const organization = await findOrganization(deps.db, actor.orgId);
  const day = deps.now().toISOString().slice(0, 10);
  return {
    filename: `kairos-${organization.name}-${day}.ndjson`,
    write: (sink) =>
      writeOrganizationBackup(deps.db, sink, { organization, includeSecrets: false, kairosVersion: kairosVersion(), now: deps.now() }),
  };
}

/**
 * POST /api/v1/organization/restore: an organisation backup restored as a new organisation
 * (owners and admins), never its secrets; an organisation that exists is refused (no replace over
 * HTTP). The caller becomes its owner when their own organisation holds nothing but them (someone
 * who signed up to move their organisation here): they move into it with their sign-ins, their
 * empty organisation is deleted, and the file's owner becomes an admin. Otherwise the caller stays
 * where they are (a person belongs to one organisation for now) and the file's owner owns it.
 */
export async function restoreUploadedOrganization(
  deps: Deps,
  actor: Actor,
  openUpload: () => AsyncIterable<string>,
): Promise<OrganizationRestoreSummary> {
  assertAdmin(actor);
  const opened = await openBackup(deps.db, openUpload());
  if (opened.header.scope !== 'organization') throw new AppError('backup_not_organization', 'an installation backup');
  const caller = (await findUser(deps.db, actor.orgId, actor.userId))?.email ?? '';
  return restoreOrganization(deps.db, opened, {
    replace: false,
    dropSecrets: true,
    caller: { userId: actor.userId, email: caller, orgId: actor.orgId },
  });
}
