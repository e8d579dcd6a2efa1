import { useState } from 'react';
import { createRecord, deleteRecord, projectLabel, type TimeRecord, track, useStore } from '../data/store.ts';
import { useI18n } from '../i18n.tsx';
import { useAnnounce } from '../ui/announcer.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { Problem } from '../ui/problem.tsx';

// Delete on a focused record asks first (UX.md B1); Undo brings the record back (linked to its
// meeting again when it came from one).
export function DeleteRecordDialog({ record, onClose }: { record: TimeRecord; onClose: () => void }) {
  const { t, dayShort, dateOf, timeRange } = useI18n();
  const announce = useAnnounce();
  const projects = useStore((s) => s.projects);
  const clients = useStore((s) => s.clients);
  const [error, setError] = useState<{ message: string; hint?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const project = projectLabel(
    projects.find((item) => item.id === record.projectId),
    clients,
  );

  async function confirm() {
    setBusy(true);
    const result = await deleteRecord(record);
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    onClose();
    announce(t('calendar.deleted'), {
      undo: async () => {
        const fields = {
          start: record.start,
          end: record.end,
          projectId: record.projectId,
          taskId: record.taskId,
          description: record.description,
          billable: record.billable,
          tagIds: record.tagIds,
        };
        const restored = record.impulseId ? await track(record.impulseId, fields) : await createRecord(fields);
        if (restored.ok) announce(t('calendar.restored'));
        else announce(restored.error.message, { tone: 'error', ...(restored.error.hint && { hint: restored.error.hint }) });
      },
    });
  }

  return (
    <Dialog title={t('calendar.deleteTitle')} onClose={onClose} initialFocus=".dialog-cancel" describedBy="delete-record-body">
      <p id="delete-record-body">
        {t('calendar.deleteBody', { day: dayShort(dateOf(record.start)), time: timeRange(record.start, record.end), project })}
        {record.description && (
          <>
            <br />
            {record.description}
          </>
        )}
      </p>
      <Problem error={error} />
      <div className="form-actions">
        <button type="button" className="dialog-cancel" onClick={onClose}>
          {t('action.cancel')}
        </button>
        <button type="button" className="danger primary" disabled={busy} onClick={() => void confirm()}>
          {t('action.delete')}
        </button>
      </div>
    </Dialog>
  );
}
