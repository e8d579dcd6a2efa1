import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useI18n } from '../i18n.tsx';
import { type ClientLike, labelOf, type ProjectLike, type ProjectOption, projectOptions } from './project-options.ts';

// The project field (APG combobox with a listbox popup): type to filter, ↓ or Alt+↓ opens, Enter
// chooses, Esc closes. "Create project “X”" is the last option when nothing has the typed name.
export function ProjectCombobox({
  id,
  value,
  onChange,
  onCreate,
  projects,
  clients,
  recentIds,
  invalid,
  describedBy,
  creating,
}: {
  id: string;
  value: string | null;
  onChange: (projectId: string | null) => void;
  onCreate: (name: string, clientName: string | null) => void;
  projects: readonly ProjectLike[];
  clients: readonly ClientLike[];
  recentIds: readonly string[];
  invalid: boolean;
  describedBy?: string;
  creating: boolean;
}) {
  const { t } = useI18n();
  const listId = useId();
  const selected = projects.find((project) => project.id === value);
  const selectedLabel = selected ? labelOf(selected, clients) : '';
  const [text, setText] = useState(selectedLabel);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [filtering, setFiltering] = useState(false);
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setText(selectedLabel);
    setFiltering(false);
  }, [selectedLabel]);

  const options = useMemo(
    () => projectOptions(filtering ? text : '', projects, clients, recentIds, (name) => t('project.create', { name })),
    [filtering, text, projects, clients, recentIds, t],
  );
  const activeIndex = Math.min(active, options.length - 1);

  useEffect(() => {
    if (!open) return;
    list.current?.querySelector(`[data-index="${activeIndex}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [open, activeIndex]);

  function choose(option: ProjectOption | undefined) {
    if (!option) return;
    setOpen(false);
    setFiltering(false);
    if (option.kind === 'project') {
      onChange(option.id);
      setText(option.label);
    } else {
      onCreate(option.name, option.clientName);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(
          Math.max(
            0,
            options.findIndex((option) => option.kind === 'project' && option.id === value),
          ),
        );
      } else setActive((index) => Math.min(options.length - 1, index + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (open) setActive((index) => Math.max(0, index - 1));
    } else if (event.key === 'Enter' && open && options.length > 0 && !event.ctrlKey) {
      event.preventDefault();
      event.stopPropagation();
      choose(options[activeIndex]);
    } else if (event.key === 'Escape' && open) {
      // closes the list, not the dialog
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    }
  }

  function onBlur() {
    setOpen(false);
    if (!filtering) return;
    setFiltering(false);
    if (text.trim() === '') {
      onChange(null);
      return;
    }
    // a typed name that is exactly one project chooses it; anything else goes back to the choice
    const exact = options.filter((option) => option.kind === 'project' && option.label.toLowerCase() === text.trim().toLowerCase());
    if (exact.length === 1 && exact[0]!.kind === 'project') onChange(exact[0]!.id);
    else setText(selectedLabel);
  }

  const groups: Array<{ key: 'recent' | 'all' | 'create'; title: string | null }> = [
    { key: 'recent', title: t('project.recent') },
    { key: 'all', title: recentIds.length > 0 ? t('project.all') : null },
    { key: 'create', title: null },
  ];
  const groupOf = (option: ProjectOption) => (option.kind === 'create' ? 'create' : option.group);
  return (
    <div className="combobox">
      <input
        id={id}
        data-field="project"
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && options.length > 0 ? `${listId}-${activeIndex}` : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        aria-busy={creating || undefined}
        placeholder={t('project.combobox.placeholder')}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setFiltering(true);
          setOpen(true);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
        onClick={() => setOpen((current) => !current)}
      />
      <div ref={list} id={listId} role="listbox" aria-label={t('record.project')} className="combobox-list" hidden={!open}>
        {options.length === 0 && <div className="combobox-empty">{t('project.noMatch')}</div>}
        {groups.map((group) => {
          const members = options.map((option, index) => ({ option, index })).filter(({ option }) => groupOf(option) === group.key);
          if (members.length === 0) return null;
          return (
            <div key={group.key} role="group" aria-labelledby={group.title ? `${listId}-${group.key}` : undefined}>
              {group.title && (
                <div id={`${listId}-${group.key}`} className="combobox-group" role="presentation">
                  {group.title}
                </div>
              )}
              {members.map(({ option, index }) => (
                <div
                  key={option.kind === 'project' ? option.id : 'create'}
                  id={`${listId}-${index}`}
                  data-index={index}
                  role="option"
                  aria-selected={index === activeIndex}
                  className={`combobox-option${option.kind === 'create' ? ' combobox-create' : ''}${option.kind === 'project' && option.id === value ? ' combobox-chosen' : ''}`}
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => choose(option)}
                >
                  {option.label}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
