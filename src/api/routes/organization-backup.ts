import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import * as contract from '../../contract/organization-backup.ts';
import type { Deps } from '../../services/deps.ts';
import { organizationBackupFile, restoreUploadedOrganization } from '../../services/organization-backup.ts';
import { route } from '../route.ts';

export function registerOrganizationBackupRoutes(app: FastifyInstance, deps: Deps): void {
  route(app, deps, contract.backupOrganization, async (_input, { actor, request }) => {
    const file = await organizationBackupFile(deps, actor);
    const body = new PassThrough();
    // the answer streams while the snapshot is read: the writer waits whenever the client does
    const sink = {
      write: async (text: string) => {
        if (!body.write(text)) await Promise.race([once(body, 'drain'), once(body, 'close')]);
        if (body.destroyed) throw new Error('the client went away');
      },
    };
    file.write(sink).then(
      () => body.end(),
      (error: unknown) => {
        request.log.error({ err: error }, 'organisation backup broke off');
        body.destroy(error as Error);
      },
    );
    return { contentType: `${contract.BACKUP_MEDIA_TYPE}; charset=utf-8`, filename: file.filename, body };
  });
  route(app, deps, contract.restoreOrganizationBackup, async (_input, { actor, upload }) => {
    const restored = await restoreUploadedOrganization(deps, actor, upload!);
    return {
      organization: restored.organization,
      rows: restored.rows as Record<string, number>,
      members: { matched: restored.members.matched, created: restored.members.created },
      linksMissing: restored.linksMissing,
      callerIsOwner: restored.callerIsOwner,
    };
  });
}
