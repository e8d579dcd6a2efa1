import { createHash, hash } from 'node:crypto';

// The occurrence key (connection, UID, recurrence id) as one short opaque id. It is also the
// meeting impulse's id, so it stays the same across syncs as long as the feed keeps the UID
// and the instance's original start.
export function occurrenceId(connectionId: string, uid: string, recurrenceId: string | null): string {
  // the one-shot hash: a first import computes tens of thousands of these, createHash costs twice as much
  const digest = hash('sha256', `${connectionId}\u0000${uid}\u0000${recurrenceId ?? ''}`, 'base64url');
  return `m_${digest.slice(0, 27)}`;
}

/** A recent impulse: the user's project / task / description combination. */
export function recentImpulseId(projectId: string, taskId: string | null, description: string): string {
  const digest = createHash('sha256')
    .update(`${projectId}\u0000${taskId ?? ''}\u0000${description}`)
    .digest('base64url');
  return `r_${digest.slice(0, 27)}`;
}
