import { useStore } from '../data/store.ts';
import { useI18n } from '../i18n.tsx';

// The task of a record or a timesheet row: the project's open tasks (and the chosen one, even
// when archived since), "No task" first; disabled until a project with tasks is chosen.
export function TaskSelect({
  id,
  projectId,
  taskId,
  onChange,
}: {
  id: string;
  projectId: string | null;
  taskId: string | null;
  onChange: (taskId: string | null) => void;
}) {
  const { t } = useI18n();
  const tasks = useStore((s) => s.tasks);
  const projectTasks = tasks.filter((task) => task.projectId === projectId && (!task.archived || task.id === taskId));
  return (
    <div className="field">
      <label htmlFor={id}>{t('record.task')}</label>
      <select
        id={id}
        value={taskId ?? ''}
        disabled={!projectId || projectTasks.length === 0}
        onChange={(event) => onChange(event.target.value || null)}
      >
        <option value="">{t('record.task.none')}</option>
        {projectTasks.map((task) => (
          <option key={task.id} value={task.id}>
            {task.name}
          </option>
        ))}
      </select>
    </div>
  );
}
