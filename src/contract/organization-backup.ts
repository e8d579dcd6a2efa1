import { z } from 'zod';
import { Id } from './common.ts';
import { endpoint } from './endpoint.ts';

// The largest organisation backup POST /api/v1/organization/restore reads (a larger one: 413
// payload_too_large; kairos restore --in on the server has no limit).
export const ORGANIZATION_RESTORE_MAX_BYTES = 256 * 1024 * 1024;
export const BACKUP_MEDIA_TYPE = 'application/x-ndjson';

export const backupOrganization = endpoint({
  method: 'GET',
  path: '/api/v1/organization/backup',
  tag: 'organization',
  auth: 'user',
  file: { types: [BACKUP_MEDIA_TYPE] },
  summary: 'Your organisation as a backup file (owner, admin)',
  description:
    'Streams the backup of your organisation as NDJSON, the format of "kairos backup --org": a header line ("scope":"organization", ' +
    "format version 2), one line per row of the organisation (the organisation, its members' profiles, clients, projects with " +
    'their members and rates, tasks, tags, time records, rules, timers, calendar connections, meetings and impulse states), and an ' +
    'end line with the row counts and a SHA-256 checksum. Over HTTP it never holds secrets: no password hashes, sessions, API ' +
    'tokens, open invitations or calendar links (kairos backup --org --include-secrets on the server writes them). A download ' +
    'that breaks off has no end line and is refused by a restore.',
  response: z.string().describe('The backup file (application/x-ndjson)'),
});

export const RestoredOrganization = z.object({
  organization: z.object({ id: Id, name: z.string() }),
  rows: z
    .record(z.string(), z.number().int())
    .describe('Rows of the file per table, every one checked (over HTTP those of sessions, api_tokens and invites are left out)'),
  members: z.object({
    matched: z.array(z.string()).describe('E-mails of existing users who got the membership; they keep their password'),
    created: z
      .array(z.string())
      .describe('E-mails of the users created, without a password: each gets one with kairos user reset-password --email E'),
  }),
  linksMissing: z.number().int().describe('Calendar connections that wait for their owner to paste the link again'),
  callerIsOwner: z
    .boolean()
    .describe(
      "You became the owner of the restored organisation (your own organisation held nothing but you: you moved, with your sign-ins, and it was deleted); false: you stay where you are, and the backup's owner owns it",
    ),
});

export const restoreOrganizationBackup = endpoint({
  method: 'POST',
  path: '/api/v1/organization/restore',
  tag: 'organization',
  auth: 'user',
  status: 201,
  upload: { types: [BACKUP_MEDIA_TYPE], maxBytes: ORGANIZATION_RESTORE_MAX_BYTES },
  summary: 'Restore an organisation backup as a new organisation (owner, admin); you become its owner if yours holds nothing but you',
  description:
    'The request body is an organisation backup file (Content-Type: application/x-ndjson, at most 256 MiB, read as it streams; ' +
    'larger: 413 upload_too_large; another type: 415 unsupported_upload). It creates the organisation of the file, in one transaction, with its members matched by ' +
    'e-mail: an existing user keeps their account and gets the membership; the others are created without a password. If your own ' +
    'organisation holds nothing but you (you signed up to move your organisation here), you become the owner of the restored one, ' +
    "with your sign-ins, and your empty organisation is deleted; the backup's owner becomes an admin. Otherwise you stay in yours " +
    '(a person belongs to one organisation for now). No secret ' +
    'of the file is restored over HTTP (passwords, sessions, tokens, invitations, calendar links). An organisation that exists ' +
    'answers 409 organization_exists, members of another organisation 409 member_elsewhere, a whole-installation backup 422 ' +
    'backup_not_organization, a truncated or damaged file 422 backup_truncated or backup_damaged: nothing is written then.',
  response: RestoredOrganization,
});
