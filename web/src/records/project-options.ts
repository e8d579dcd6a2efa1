// The project combobox's options (UX.md B6): "Client › Project", recently used first, filtered by
// what was typed, and "Create project “X”" when nothing has that name, so tracking never dead-ends.
// Pure (tested in test/web/project-options.test.ts).

export type ProjectLike = { id: string; name: string; clientId: string | null; archived: boolean };
export type ClientLike = { id: string; name: string };

export type ProjectOption =
  | { kind: 'project'; id: string; label: string; group: 'recent' | 'all' }
  | { kind: 'create'; name: string; clientName: string | null; label: string };

export function labelOf(project: ProjectLike, clients: readonly ClientLike[]): string {
  const client = project.clientId ? clients.find((item) => item.id === project.clientId) : undefined;
  return client ? `${client.name} › ${project.name}` : project.name;
}

// Case and accents do not matter: "acme web" finds "ACME › Web", "ukol" finds "Úkol".
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

// "ACME › Web", "ACME > Web" or "ACME / Web" name a client and a project; anything else is a project.
export function splitClientProject(text: string): { clientName: string | null; name: string } {
  const match = /^(.+?)\s*(?:›|>|\/)\s*(.+)$/.exec(text.trim());
  if (!match) return { clientName: null, name: text.trim() };
  return { clientName: match[1]!.trim(), name: match[2]!.trim() };
}

export function projectOptions(
  query: string,
  projects: readonly ProjectLike[],
  clients: readonly ClientLike[],
  recentIds: readonly string[],
  createLabel: (name: string) => string,
): ProjectOption[] {
  const active = projects.filter((project) => !project.archived);
  const byId = new Map(active.map((project) => [project.id, project]));
  const recent = recentIds.map((id) => byId.get(id)).filter((project): project is ProjectLike => project !== undefined);
  const rest = active
    .filter((project) => !recentIds.includes(project.id))
    .sort((a, b) => labelOf(a, clients).localeCompare(labelOf(b, clients)));
  const wanted = fold(query).replace(/\s*[›>/]\s*/g, ' ');
  const matches = (project: ProjectLike) => {
    if (wanted === '') return true;
    const label = fold(labelOf(project, clients)).replace(/\s*›\s*/g, ' ');
    return wanted.split(' ').every((word) => label.includes(word));
  };
  const options: ProjectOption[] = [
    ...recent
      .filter(matches)
      .map((project) => ({ kind: 'project' as const, id: project.id, label: labelOf(project, clients), group: 'recent' as const })),
    ...rest
      .filter(matches)
      .map((project) => ({ kind: 'project' as const, id: project.id, label: labelOf(project, clients), group: 'all' as const })),
  ];
  const typed = query.trim();
  if (typed !== '') {
    const { clientName, name } = splitClientProject(typed);
    const exists = active.some(
      (project) => fold(labelOf(project, clients)) === fold(typed) || (clientName === null && fold(project.name) === fold(name)),
    );
    if (!exists && name !== '')
      options.push({ kind: 'create', name, clientName, label: createLabel(clientName ? `${clientName} › ${name}` : name) });
  }
  return options;
}

// The projects of the latest records first, each once (the "Recently used" group).
export function recentProjectIds(records: ReadonlyArray<{ projectId: string; start: string }>, limit = 5): string[] {
  const ids: string[] = [];
  for (const record of [...records].sort((a, b) => b.start.localeCompare(a.start))) {
    if (!ids.includes(record.projectId)) ids.push(record.projectId);
    if (ids.length === limit) break;
  }
  return ids;
}
