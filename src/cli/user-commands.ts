import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { findOrganizationOwners } from '../db/cli-repository.ts';
import { createAccount, resetPassword, toActor } from '../services/accounts.ts';
import type { Deps } from '../services/deps.ts';
import { createInvite } from '../services/organization.ts';
import { randomToken } from '../services/secrets.ts';
import { createDeps, openConfiguredDatabase } from '../runtime.ts';
import type { Io } from './main.ts';

const HELP = {
  create: `Usage: kairos user create --email <e-mail> --org <organisation name> [--name <name>] [--password <password>]

Creates a user and a new organisation they own. Without --password a random one is
generated and printed once.
`,
  invite: `Usage: kairos user invite --email <e-mail> --role <admin|manager|member> [--org <id or name>]

Prints a one-time invite link (valid 7 days) for a new member of the organisation.
--org is needed only when the server holds more than one organisation.
`,
  'reset-password': `Usage: kairos user reset-password --email <e-mail> [--keep-tokens]

Sets a new random password for the user and prints it. Ends all of their sessions (they are
signed out everywhere) and revokes all of their personal API tokens; --keep-tokens keeps the
tokens working (for scripts, when only the password was lost, not stolen).
`,
} as const;

const USAGE = `Usage: kairos user <create|invite|reset-password> [options] (--help for each)\n`;

export async function withDeps<T>(run: (deps: Deps) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    return await run(createDeps(config, database));
  } finally {
    await database.close();
  }
}

export async function runUserCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create' && sub !== 'invite' && sub !== 'reset-password') {
    (sub === '--help' || sub === '-h' ? io.stdout : io.stderr)(USAGE);
    return sub === '--help' || sub === '-h' ? 0 : 2;
  }
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      email: { type: 'string' },
      org: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      'keep-tokens': { type: 'boolean' },
    },
  });
  if (values.help) {
    io.stdout(HELP[sub]);
    return 0;
  }
  const missing = (sub === 'create' ? ['email', 'org'] : sub === 'invite' ? ['email', 'role'] : ['email']).filter(
    (option) => values[option as keyof typeof values] === undefined,
  );
  if (missing.length > 0) {
    io.stderr(`kairos user ${sub}: missing ${missing.map((option) => `--${option}`).join(', ')}\n\n${HELP[sub]}`);
    return 2;
  }
  const email = values.email as string;

  if (sub === 'create') {
    const password = values.password ?? randomToken(12);
    if (password.length < 10) {
      io.stderr('kairos user create: --password must be at least 10 characters\n');
      return 2;
    }
    const user = await withDeps((deps) =>
      createAccount(deps, { email, password, name: values.name ?? email.split('@')[0]!, organizationName: values.org as string }),
    );
    io.stdout(`Created ${user.email} (owner of "${values.org}").\n${values.password ? '' : `Password: ${password}\n`}`);
    return 0;
  }

  if (sub === 'invite') {
    const role = values.role;
    if (role !== 'admin' && role !== 'manager' && role !== 'member') {
      io.stderr('kairos user invite: --role must be admin, manager or member\n');
      return 2;
    }
    return withDeps(async (deps) => {
      const owners = await findOrganizationOwners(deps.db, values.org);
      const orgIds = new Set(owners.map((row) => row.orgId));
      if (orgIds.size !== 1) {
        io.stderr(
          orgIds.size === 0
            ? `kairos user invite: no organisation${values.org ? ` "${values.org}"` : ''} found; create one with "kairos user create"\n`
            : `kairos user invite: several organisations match; pass --org with one of: ${owners.map((row) => `${row.orgId} (${row.orgName})`).join(', ')}\n`,
        );
        return 2;
      }
      const invite = await createInvite(deps, toActor(owners[0]!.owner, 'session'), { email, role });
      io.stdout(`Invite for ${invite.email} as ${invite.role} (valid until ${invite.expiresAt}):\n${invite.link}\n`);
      return 0;
    });
  }

  const { password, ended } = await withDeps((deps) => resetPassword(deps, email, { keepTokens: values['keep-tokens'] ?? false }));
  const tokens = values['keep-tokens'] ? 'Their API tokens still work.' : `${ended.tokens} API token(s) were revoked.`;
  io.stdout(`New password for ${email}: ${password}\n${ended.sessions} session(s) were ended; ${tokens}\n`);
  return 0;
}
