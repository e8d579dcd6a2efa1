import { type KeyboardEvent, useMemo, useRef, useState } from 'react';
import { isTouchOnly, useDropActions, useImpulseDraggable } from '../dashboard/drag.ts';
import { projectLabel, useStore } from '../data/store.ts';
import { useI18n } from '../i18n.tsx';
import { openRecordDialog } from '../records/dialogs.ts';
import { recentProjectIds } from '../records/project-options.ts';
import { Menu, type MenuItem } from '../ui/menu.tsx';
import { useRoving } from './roving.ts';

type Entry = { key: string; kind: 'project' | 'task'; id: string; projectId: string; label: string; name: string; colour: string };

// Projekty a úkoly (UX.md B3, primaERP's task impulses): active projects and their open tasks, the
// recently used first. Each can be dragged like a meeting, or tracked from its menu.
export function ProjectsTab({ onNewProject }: { onNewProject: () => void }) {
  const { t } = useI18n();
  const projects = useStore((s) => s.projects);
  const clients = useStore((s) => s.clients);
  const tasks = useStore((s) => s.tasks);
  const records = useStore((s) => s.records);
  const [list, setList] = useState<HTMLUListElement | null>(null);
  const roving = useRoving(list);
  const drops = useDropActions();
  useImpulseDraggable(list);
  const touch = isTouchOnly();

  const entries = useMemo(() => {
    const recent = recentProjectIds(records, 50);
    const rank = (id: string) => (recent.includes(id) ? recent.indexOf(id) : recent.length);
    const active = projects
      .filter((project) => !project.archived)
      .sort((a, b) => rank(a.id) - rank(b.id) || projectLabel(a, clients).localeCompare(projectLabel(b, clients)));
    return active.flatMap((project): Entry[] => [
      {
        key: `project:${project.id}`,
        kind: 'project',
        id: project.id,
        projectId: project.id,
        label: projectLabel(project, clients),
        name: projectLabel(project, clients),
        colour: project.color,
      },
      ...tasks
        .filter((task) => task.projectId === project.id && !task.archived)
        .map((task) => ({
          key: `task:${task.id}`,
          kind: 'task' as const,
          id: task.id,
          projectId: project.id,
          label: task.name,
          name: projectLabel(project, clients),
          colour: project.color,
        })),
    ]);
  }, [projects, clients, tasks, records]);

  if (entries.length === 0) {
    return (
      <div className="impulses-empty">
        <p>{t('impulses.projects.empty')}</p>
        <button type="button" className="primary" onClick={onNewProject}>
          {t('impulses.projects.newProject')}
        </button>
      </div>
    );
  }
  const firstKey = entries[0]!.key;
  return (
    <ul ref={setList} className="impulse-list project-list" aria-label={t('impulses.projects.list')}>
      {entries.map((entry) => (
        <ProjectEntry
          key={entry.key}
          entry={entry}
          draggable={!touch}
          tabIndex={roving.tabIndexOf(entry.key, firstKey)}
          onRovingKey={roving.move}
          onFocused={() => roving.setActiveId(entry.key)}
          items={() => [
            {
              id: 'track',
              label: t('impulses.action.track'),
              onSelect: () =>
                openRecordDialog({ kind: 'new', projectId: entry.projectId, taskId: entry.kind === 'task' ? entry.id : null }),
            },
            { id: 'start-stopwatch', label: t('impulses.action.startStopwatch'), onSelect: () => void drops.dropOnStopwatch(entry.key) },
          ]}
        />
      ))}
    </ul>
  );
}

function ProjectEntry({
  entry,
  draggable,
  tabIndex,
  onRovingKey,
  onFocused,
  items,
}: {
  entry: Entry;
  draggable: boolean;
  tabIndex: number;
  onRovingKey: (event: KeyboardEvent<HTMLElement>) => boolean;
  onFocused: () => void;
  items: () => MenuItem[];
}) {
  const { t } = useI18n();
  const [menu, setMenu] = useState<MenuItem[] | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const name =
    entry.kind === 'project'
      ? t('impulses.projects.itemName', { name: entry.label })
      : t('impulses.projects.taskName', { name: entry.label, project: entry.name });
  return (
    <li className={`impulse-row project-row project-row-${entry.kind}`}>
      <div className="menu-anchor">
        <button
          ref={button}
          type="button"
          className="project-item"
          style={{ '--stripe': entry.colour } as React.CSSProperties}
          data-roving={entry.key}
          data-group="projects"
          data-impulse-id={entry.key}
          data-impulse-kind={entry.kind}
          {...(draggable && { 'data-impulse-drag': entry.key })}
          tabIndex={tabIndex}
          aria-haspopup="menu"
          aria-expanded={menu !== null}
          aria-label={name}
          onFocus={onFocused}
          onKeyDown={(event) => {
            if (onRovingKey(event)) return;
            const key = event.key.toLowerCase();
            if (event.ctrlKey || event.metaKey || event.altKey || (key !== 't' && key !== 's')) return;
            event.preventDefault();
            event.stopPropagation();
            items()
              .find((item) => item.id === (key === 't' ? 'track' : 'start-stopwatch'))
              ?.onSelect();
          }}
          onClick={() => setMenu((current) => (current ? null : items()))}
        >
          <span className="impulse-line impulse-line1">
            <span className="impulse-subject">{entry.label}</span>
          </span>
          <span className="impulse-more" aria-hidden="true">
            ⋯
          </span>
        </button>
        {menu && (
          <Menu
            items={menu}
            label={t('impulses.projects.menu', { name: entry.label })}
            anchor={button.current}
            className="impulse-menu"
            onClose={() => {
              setMenu(null);
              button.current?.focus();
            }}
          />
        )}
      </div>
    </li>
  );
}
