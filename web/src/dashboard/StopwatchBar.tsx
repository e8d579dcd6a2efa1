import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import { addDays, formatElapsed } from '../../../src/i18n/format.ts';
import { deleteRecord, getState, projectLabel, type RunningTimer, startTimerWith, stopRunningTimer, useStore } from '../data/store.ts';
import { useI18n } from '../i18n.tsx';
import { openRecordDialog } from '../records/dialogs.ts';
import { useSignedIn } from '../session.tsx';
import { useGlobalShortcut } from '../shell/shortcuts.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import { useDragState } from './drag.ts';
import { isLockedStart, typedInstant } from './grid-time.ts';
import { discardRunningTimer, updateRunningTimer } from './timer-actions.ts';
import './stopwatch.css';

const LONG_RUNNING_S = 10 * 3600;

// The stopwatch bar (UX.md B2): idle, running, long-running and locked states; a drop target for impulses.
export function StopwatchBar() {
  const { t } = useI18n();
  const { profile } = useSignedIn();
  const timer = useStore((s) => s.timer);
  const drag = useDragState();
  const [now, setNow] = useState(() => Date.now());
  const running = timer !== null;

  useEffect(() => {
    if (!running) return;
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, [running]);

  // the tab shows the running time: "0:42 · Kairos"
  const elapsed = timer ? Math.max(0, Math.floor((now - Date.parse(timer.startedAt)) / 1000)) : 0;
  const tabClock = timer ? formatElapsed(elapsed).replace(/:\d{2}$/, '') : null;
  useEffect(() => {
    const base = t('app.name');
    document.title = tabClock ? `${tabClock} · ${base}` : base;
    return () => {
      document.title = base;
    };
  }, [tabClock, t]);

  const actions = useStopwatchActions();
  useGlobalShortcut(
    's',
    () => void (getState().timer ? actions.stop() : document.querySelector<HTMLButtonElement>('#stopwatch .stopwatch-start')?.click()),
    profile,
  );

  return (
    <section
      id="stopwatch"
      className={`stopwatch${running ? ' is-running' : ''}${drag.active ? ' is-drop-target' : ''}${drag.overStopwatch ? ' is-drop-over' : ''}`}
      aria-label={t('stopwatch.region')}
      tabIndex={-1}
      data-testid="stopwatch"
    >
      {drag.active && (
        <div className="stopwatch-drop" aria-hidden={!drag.overStopwatch}>
          {t('stopwatch.dropHere')}
        </div>
      )}
      {timer ? <Running timer={timer} elapsed={elapsed} actions={actions} /> : <Idle />}
    </section>
  );
}

function useStopwatchActions() {
  const { t, timeRange } = useI18n();
  const announce = useAnnounce();
  const refuse = (error: { message: string; hint?: string | undefined }) =>
    announce(error.message, { tone: 'error', ...(error.hint && { hint: error.hint }) });

  async function stop(end?: string) {
    const before = getState().timer;
    if (!before) return;
    if (!before.projectId) {
      openRecordDialog({ kind: 'stopTimer', ...(end && { end }) });
      return;
    }
    const result = await stopRunningTimer(end);
    if (!result.ok) {
      if (result.error.code === 'project_required') openRecordDialog({ kind: 'stopTimer', ...(end && { end }) });
      else refuse(result.error);
      return;
    }
    const record = result.data;
    const state = getState();
    announce(
      t('stopwatch.saved', {
        time: timeRange(record.start, record.end),
        project: projectLabel(
          state.projects.find((p) => p.id === record.projectId),
          state.clients,
        ),
      }),
      {
        undo: async () => {
          const current = getState().records.find((item) => item.id === record.id) ?? record;
          const removed = await deleteRecord(current);
          if (!removed.ok) return refuse(removed.error);
          const restarted = await startTimerWith({
            ...(before.projectId && { projectId: before.projectId }),
            taskId: before.taskId,
            description: before.description,
            billable: before.billable,
            tagIds: before.tagIds,
            startedAt: before.startedAt,
          });
          if (!restarted.ok) refuse(restarted.error);
        },
      },
    );
  }

  async function discard() {
    const before = getState().timer;
    if (!before) return;
    const result = await discardRunningTimer();
    if (!result.ok) return refuse(result.error);
    announce(t('stopwatch.discarded'), {
      undo: async () => {
        const restarted = await startTimerWith({
          ...(before.projectId && { projectId: before.projectId }),
          taskId: before.taskId,
          description: before.description,
          billable: before.billable,
          tagIds: before.tagIds,
          startedAt: before.startedAt,
        });
        if (!restarted.ok) refuse(restarted.error);
      },
    });
  }

  async function update(body: Parameters<typeof updateRunningTimer>[0]) {
    const result = await updateRunningTimer(body);
    if (!result.ok) refuse(result.error);
    return result.ok;
  }

  return { stop, discard, update, refuse };
}

type Actions = ReturnType<typeof useStopwatchActions>;

// One picker for "Client › Project" and "Client › Project › Task" (the running bar has little room)
function ProjectTaskSelect({
  id,
  projectId,
  taskId,
  onChange,
  label,
}: {
  id: string;
  projectId: string | null;
  taskId: string | null;
  label: string;
  onChange: (choice: { projectId: string | null; taskId: string | null }) => void;
}) {
  const { t } = useI18n();
  const projects = useStore((s) => s.projects);
  const clients = useStore((s) => s.clients);
  const tasks = useStore((s) => s.tasks);
  const options = useMemo(
    () =>
      projects
        .filter((project) => !project.archived || project.id === projectId)
        .map((project) => ({ project, label: projectLabel(project, clients) }))
        .sort((a, b) => a.label.localeCompare(b.label))
        .flatMap(({ project, label: projectText }) => [
          { value: `p:${project.id}`, label: projectText },
          ...tasks
            .filter((task) => task.projectId === project.id && (!task.archived || task.id === taskId))
            .map((task) => ({ value: `t:${task.id}`, label: `${projectText} › ${task.name}` })),
        ]),
    [projects, clients, tasks, projectId, taskId],
  );
  const value = taskId ? `t:${taskId}` : projectId ? `p:${projectId}` : '';
  return (
    <select
      id={id}
      aria-label={label}
      className="stopwatch-project"
      value={value}
      onChange={(event) => {
        const chosen = event.target.value;
        if (chosen.startsWith('t:')) {
          const task = tasks.find((item) => item.id === chosen.slice(2));
          onChange({ projectId: task?.projectId ?? null, taskId: task?.id ?? null });
        } else {
          onChange({ projectId: chosen ? chosen.slice(2) : null, taskId: null });
        }
      }}
    >
      <option value="">{t('stopwatch.noProject')}</option>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

function Idle() {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [description, setDescription] = useState('');
  const [choice, setChoice] = useState<{ projectId: string | null; taskId: string | null }>({ projectId: null, taskId: null });
  const { projectId, taskId } = choice;
  const [busy, setBusy] = useState(false);
  const ids = useId();

  async function start(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await startTimerWith({
      ...(projectId && { projectId, taskId }),
      ...(description.trim() && { description: description.trim() }),
    });
    setBusy(false);
    if (!result.ok) {
      announce(result.error.message, { tone: 'error', ...(result.error.hint && { hint: result.error.hint }) });
      return;
    }
    const state = getState();
    announce(
      t('stopwatch.started', {
        what:
          description.trim() ||
          projectLabel(
            state.projects.find((p) => p.id === projectId),
            state.clients,
          ) ||
          t('stopwatch.nothing'),
      }),
    );
    setDescription('');
    setChoice({ projectId: null, taskId: null });
  }

  return (
    <form className="stopwatch-form" onSubmit={(event) => void start(event)}>
      <input
        id={`${ids}-description`}
        className="stopwatch-description"
        aria-label={t('stopwatch.description')}
        placeholder={t('stopwatch.description')}
        value={description}
        maxLength={2000}
        onChange={(event) => setDescription(event.target.value)}
      />
      <ProjectTaskSelect id={`${ids}-project`} projectId={projectId} taskId={taskId} onChange={setChoice} label={t('stopwatch.project')} />
      <button type="submit" className="primary stopwatch-start" disabled={busy} aria-keyshortcuts="S">
        <span aria-hidden="true">▶</span> {t('stopwatch.start')}
      </button>
    </form>
  );
}

function Running({ timer, elapsed, actions }: { timer: RunningTimer; elapsed: number; actions: Actions }) {
  const { t, zone, time, dayShort, dateOf, today } = useI18n();
  const { organization } = useSignedIn();
  const ids = useId();
  const [description, setDescription] = useState(timer.description);
  const [startText, setStartText] = useState(time(timer.startedAt));
  const [startInvalid, setStartInvalid] = useState(false);
  const [stopText, setStopText] = useState('');
  const [stopInvalid, setStopInvalid] = useState(false);

  useEffect(() => setDescription(timer.description), [timer.description]);
  useEffect(() => {
    setStartText(time(timer.startedAt));
    setStartInvalid(false);
  }, [timer.startedAt, time]);

  const locked = isLockedStart(timer.startedAt, organization.lockedUntil, zone);
  const longRunning = elapsed > LONG_RUNNING_S;
  const startDay = dateOf(timer.startedAt);
  const since =
    startDay === today()
      ? time(timer.startedAt)
      : startDay === addDays(today(), -1)
        ? t('stopwatch.yesterday', { time: time(timer.startedAt) })
        : `${dayShort(startDay)} ${time(timer.startedAt)}`;

  async function commitStart() {
    if (startText.trim() === time(timer.startedAt)) return;
    const instant = typedInstant(startText, today(), zone, new Date());
    if (!instant) {
      setStartInvalid(true);
      return;
    }
    setStartInvalid(false);
    if (!(await actions.update({ startedAt: instant }))) setStartText(time(timer.startedAt));
  }

  function stopAt() {
    const instant = typedInstant(stopText, today(), zone, new Date());
    if (!instant || Date.parse(instant) <= Date.parse(timer.startedAt)) {
      setStopInvalid(true);
      return;
    }
    setStopInvalid(false);
    void actions.stop(instant);
  }

  return (
    <div className="stopwatch-running">
      <p className="stopwatch-state">
        <span className="kairos-pulse" aria-hidden="true" />
        <span className="stopwatch-state-label">{t('stopwatch.running')}</span>
        <span aria-hidden="true"> · </span>
        <span className="stopwatch-elapsed" role="timer" aria-label={t('stopwatch.elapsedLabel')}>
          {formatElapsed(elapsed)}
        </span>
      </p>
      <input
        id={`${ids}-description`}
        className="stopwatch-description stopwatch-detail"
        aria-label={t('stopwatch.description')}
        placeholder={t('stopwatch.description')}
        value={description}
        maxLength={2000}
        onChange={(event) => setDescription(event.target.value)}
        onBlur={() => {
          if (description !== timer.description) void actions.update({ description });
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') (event.target as HTMLInputElement).blur();
        }}
      />
      <span className="stopwatch-detail stopwatch-project-task">
        <ProjectTaskSelect
          id={`${ids}-project`}
          projectId={timer.projectId}
          taskId={timer.taskId}
          onChange={(choice) => void actions.update(choice)}
          label={t('stopwatch.project')}
        />
      </span>
      <span className="stopwatch-detail stopwatch-start-field">
        <label htmlFor={`${ids}-start`}>{t('stopwatch.startedAt')}</label>
        <input
          id={`${ids}-start`}
          inputMode="numeric"
          value={startText}
          aria-invalid={startInvalid || locked}
          aria-describedby={startInvalid || locked ? `${ids}-start-problem` : undefined}
          onChange={(event) => setStartText(event.target.value)}
          onBlur={() => void commitStart()}
          onKeyDown={(event) => {
            if (event.key === 'Enter') void commitStart();
          }}
        />
      </span>
      {(startInvalid || locked) && (
        <span id={`${ids}-start-problem`} className="stopwatch-problem" role="alert">
          {startInvalid ? t('stopwatch.startedAtInvalid') : t('stopwatch.locked')}
        </span>
      )}
      <button type="button" className="primary stopwatch-stop" onClick={() => void actions.stop()} aria-keyshortcuts="S">
        <span aria-hidden="true">■</span> {t('stopwatch.stop')}
      </button>
      <button type="button" className="stopwatch-detail stopwatch-discard" onClick={() => void actions.discard()}>
        {t('stopwatch.discard')}
      </button>
      {longRunning && (
        <div className="stopwatch-long" role="status">
          <span>{t('stopwatch.runningSince', { when: since })}</span>
          <label className="sr-only" htmlFor={`${ids}-stop-at`}>
            {t('stopwatch.stopAtLabel')}
          </label>
          <input
            id={`${ids}-stop-at`}
            inputMode="numeric"
            value={stopText}
            aria-invalid={stopInvalid}
            onChange={(event) => setStopText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') stopAt();
            }}
          />
          <button type="button" onClick={stopAt}>
            {t('stopwatch.stopAt')}
          </button>
          <button type="button" onClick={() => void actions.stop()}>
            {t('stopwatch.stopNow')}
          </button>
        </div>
      )}
    </div>
  );
}
