import { type FormEvent, useId, useState } from 'react';
import type { ApiError } from '../api.ts';
import { addProjectUnderClient, useStore } from '../data/store.ts';
import { useI18n } from '../i18n.tsx';
import { ProjectCombobox } from '../records/ProjectCombobox.tsx';
import { TaskSelect } from '../records/TaskSelect.tsx';
import { useAnnounce } from '../ui/announcer.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { Problem } from '../ui/problem.tsx';

export type RowChoice = { projectId: string; taskId: string | null; billable: boolean };

// "+ Add row": a project (the record dialog's combobox, which can also create one), a task and
// billable (the project's by default). The row is empty until hours are typed into it.
export function AddRowDialog({
  onClose,
  onAdd,
  recentIds,
}: {
  onClose: () => void;
  // answers a refusal to show (the row is already there), or null when added
  onAdd: (choice: RowChoice) => string | null;
  recentIds: readonly string[];
}) {
  const { t } = useI18n();
  const id = useId();
  const announce = useAnnounce();
  const projects = useStore((s) => s.projects);
  const clients = useStore((s) => s.clients);
  const [projectId, setProjectId] = useState<string | null>(null);
  const [taskId, setTaskId] = useState<string | null>(null);
  const [billable, setBillable] = useState(true);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<Pick<ApiError, 'message' | 'hint'> | null>(null);
  const [projectMissing, setProjectMissing] = useState(false);

  function choose(next: string | null) {
    setProjectId(next);
    setTaskId(null);
    setProjectMissing(false);
    const project = projects.find((item) => item.id === next);
    if (project) setBillable(project.billable);
  }

  async function createNamed(name: string, clientName: string | null) {
    setCreating(true);
    setError(null);
    const made = await addProjectUnderClient(name, clientName);
    setCreating(false);
    if (!made.ok) {
      setError(made.error);
      return;
    }
    setProjectId(made.data.id);
    setBillable(made.data.billable);
    announce(t('project.created', { name: clientName ? `${clientName} › ${name}` : name }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!projectId) {
      setProjectMissing(true);
      return;
    }
    const refused = onAdd({ projectId, taskId, billable });
    if (refused) setError({ message: refused });
  }

  return (
    <Dialog title={t('timesheet.addRow.title')} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-project`}>{t('record.project')}</label>
          <ProjectCombobox
            id={`${id}-project`}
            value={projectId}
            onChange={choose}
            onCreate={(name, clientName) => void createNamed(name, clientName)}
            projects={projects}
            clients={clients}
            recentIds={recentIds}
            invalid={projectMissing}
            creating={creating}
            {...(projectMissing && { describedBy: `${id}-project-error` })}
          />
          {projectMissing && (
            <p id={`${id}-project-error`} className="field-error">
              {t('timesheet.addRow.projectRequired')}
            </p>
          )}
        </div>
        <TaskSelect id={`${id}-task`} projectId={projectId} taskId={taskId} onChange={setTaskId} />
        <label className="check">
          <input type="checkbox" checked={billable} onChange={(event) => setBillable(event.target.checked)} />
          {t('record.billable')}
        </label>
        <Problem error={error} />
        <div className="form-actions">
          <button type="button" onClick={onClose}>
            {t('action.cancel')}
          </button>
          <button type="submit" className="primary" disabled={creating}>
            {t('timesheet.addRow.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
