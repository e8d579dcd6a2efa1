import { describe, expect, it } from 'vitest';
import { fold, projectOptions, recentProjectIds, splitClientProject } from '../../web/src/records/project-options.ts';

const clients = [{ id: 'c1', name: 'ACME' }];
const projects = [
  { id: 'p1', name: 'Web', clientId: 'c1', archived: false },
  { id: 'p2', name: 'Interní', clientId: null, archived: false },
  { id: 'p3', name: 'Old', clientId: null, archived: true },
];
const create = (name: string) => `Create project “${name}”`;

describe('project combobox options', () => {
  it('lists recently used first, then the rest by name, never archived ones', () => {
    expect(projectOptions('', projects, clients, ['p2'], create)).toEqual([
      { kind: 'project', id: 'p2', label: 'Interní', group: 'recent' },
      { kind: 'project', id: 'p1', label: 'ACME › Web', group: 'all' },
    ]);
  });

  it('filters on client and project words, ignoring case and accents', () => {
    expect(projectOptions('acme web', projects, clients, [], create).map((option) => option.label)).toEqual([
      'ACME › Web',
      create('acme web'),
    ]);
    expect(projectOptions('interni', projects, clients, [], create).map((option) => option.label)).toEqual(['Interní']);
  });

  it('offers to create what does not exist, with its client', () => {
    expect(projectOptions('Beta › App', projects, clients, [], create).at(-1)).toEqual({
      kind: 'create',
      name: 'App',
      clientName: 'Beta',
      label: create('Beta › App'),
    });
    expect(projectOptions('ACME › Web', projects, clients, [], create).some((option) => option.kind === 'create')).toBe(false);
  });

  it('splits "Client › Project" spellings', () => {
    expect(splitClientProject('ACME > Web')).toEqual({ clientName: 'ACME', name: 'Web' });
    expect(splitClientProject(' Web ')).toEqual({ clientName: null, name: 'Web' });
    expect(fold('Úkol  ŽLUŤOUČKÝ')).toBe('ukol zlutoucky');
  });

  it('takes recent projects from the latest records, each once', () => {
    const records = [
      { projectId: 'p1', start: '2026-03-16T08:00:00Z' },
      { projectId: 'p2', start: '2026-03-17T08:00:00Z' },
      { projectId: 'p1', start: '2026-03-18T08:00:00Z' },
    ];
    expect(recentProjectIds(records)).toEqual(['p1', 'p2']);
  });
});
