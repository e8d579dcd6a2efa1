import { api } from '../api.ts';
import { projectLabel, stopRunningTimer, useStore } from '../data/store.ts';
import { useI18n } from '../i18n.tsx';
import { useAnnounce } from '../ui/announcer.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { closeRecordDialog, openRecordDialog } from './dialogs.ts';
import { RecordForm } from './RecordForm.tsx';
import { updateTimer } from '../../../src/contract/tracking.ts';

// The stopwatch was stopped before a project was chosen (as Toggl and Clockify allow): ask for the
// project, then stop and save (UX.md B2).
export function StopTimerDialog({ end }: { end?: string | undefined }) {
  const { t, duration } = useI18n();
  const announce = useAnnounce();
  const timer = useStore((s) => s.timer);
  const clients = useStore((s) => s.clients);
  const projects = useStore((s) => s.projects);
  if (!timer) {
    return (
      <Dialog title={t('record.title.stopTimer')} onClose={closeRecordDialog}>
        <p>{t('record.notFound')}</p>
      </Dialog>
    );
  }
  const stopAt = end ?? new Date().toISOString();
  return (
    <Dialog
      title={t('record.title.stopTimer')}
      onClose={closeRecordDialog}
      className="record-dialog"
      initialFocus={timer.projectId ? '[data-action="save"]' : '[data-field="project"]'}
    >
      <p className="muted">{t('record.stopTimer.intro')}</p>
      <RecordForm
        initial={{
          description: timer.description,
          projectId: timer.projectId,
          taskId: timer.taskId,
          tagIds: timer.tagIds,
          billable: null,
          start: timer.startedAt,
          end: stopAt,
        }}
        withTimes={false}
        submitLabel={t('record.stopTimer.submit')}
        onCancel={closeRecordDialog}
        onSubmit={async (values) => {
          if (values.description !== timer.description) {
            const changed = await api.call(updateTimer, { body: { description: values.description } });
            if (!changed.ok) return changed.error;
          }
          const result = await stopRunningTimer(end, { projectId: values.projectId, taskId: values.taskId });
          if (!result.ok) return result.error;
          closeRecordDialog();
          const record = result.data;
          announce(
            t('record.timerStopped', {
              duration: duration(record.durationSeconds),
              project: projectLabel(
                projects.find((item) => item.id === record.projectId),
                clients,
              ),
            }),
            { actions: [{ label: t('action.edit'), run: () => openRecordDialog({ kind: 'edit', recordId: record.id }) }] },
          );
          return null;
        }}
      />
    </Dialog>
  );
}
