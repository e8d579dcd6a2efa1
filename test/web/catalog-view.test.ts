import { describe, expect, it } from 'vitest';
import {
  countArchived,
  formatRate,
  nextProjectColor,
  parseRate,
  PROJECT_COLORS,
  rateText,
  sortCatalog,
  visibleCatalog,
} from '../../web/src/catalog/catalog-view.ts';
import { canChangeMember, canManageTasks, isAdminPath, isAdminRole } from '../../web/src/team/permissions.ts';

const item = (name: string, archived = false) => ({ name, archived });

describe('the catalogue lists', () => {
  it('puts active items first and sorts each part as the language does (Č after C in Czech)', () => {
    const items = [item('Čtení'), item('Zeta', true), item('Cesta'), item('Dílna'), item('Alfa', true)];
    expect(sortCatalog(items, 'cs').map((each) => each.name)).toEqual(['Cesta', 'Čtení', 'Dílna', 'Alfa', 'Zeta']);
  });

  it('sorts numbers inside names by value', () => {
    expect(sortCatalog([item('Sprint 10'), item('Sprint 9')], 'en').map((each) => each.name)).toEqual(['Sprint 9', 'Sprint 10']);
  });

  it('hides archived items unless asked, and counts them', () => {
    const items = [item('A'), item('B', true)];
    expect(visibleCatalog(items, false).map((each) => each.name)).toEqual(['A']);
    expect(visibleCatalog(items, true)).toHaveLength(2);
    expect(countArchived(items)).toBe(1);
  });
});

describe('hourly rates typed by a person', () => {
  it.each([
    { name: 'whole', text: '85', rate: 85 },
    { name: 'decimal comma', text: '85,5', rate: 85.5 },
    { name: 'decimal point', text: '85.50', rate: 85.5 },
    { name: 'grouped with spaces', text: '1 200,50', rate: 1200.5 },
    { name: 'grouped with no-break spaces', text: '1\u00a0200,50', rate: 1200.5 },
    { name: 'empty means none', text: '  ', rate: null },
    { name: 'three decimals', text: '1,234', rate: 'invalid' },
    { name: 'negative', text: '-5', rate: 'invalid' },
    { name: 'words', text: 'a lot', rate: 'invalid' },
    { name: 'above the API limit', text: '1000000,01', rate: 'invalid' },
  ])('$name: "$text"', ({ text, rate }) => {
    expect(parseRate(text)).toBe(rate);
  });

  it("shows a rate back in the reader's format, which reads back as the same rate", () => {
    expect(rateText(85.5, 'cs')).toBe('85,50');
    expect(rateText(85.5, 'en')).toBe('85.50');
    expect(rateText(null, 'en')).toBe('');
    for (const lang of ['en', 'cs'] as const) expect(parseRate(rateText(1234.05, lang))).toBe(1234.05);
  });

  it('formats money with the currency as each language writes it', () => {
    expect(formatRate(1234.5, 'CZK', 'cs')).toBe('1\u00a0234,50\u00a0Kč');
    expect(formatRate(85.5, 'EUR', 'en')).toBe('€85.50');
  });
});

describe('project colours', () => {
  it('offers the first colour no project uses, then the least used', () => {
    expect(nextProjectColor([])).toBe(PROJECT_COLORS[0]);
    expect(nextProjectColor([PROJECT_COLORS[0].toUpperCase()])).toBe(PROJECT_COLORS[1]);
    const all = [...PROJECT_COLORS, ...PROJECT_COLORS.filter((color) => color !== PROJECT_COLORS[3])];
    expect(nextProjectColor(all)).toBe(PROJECT_COLORS[3]);
  });
});

describe('what a role may do on these screens', () => {
  it('lets owners and admins manage the catalogue and the team, and nobody else', () => {
    expect(['owner', 'admin', 'manager', 'member'].filter((role) => isAdminRole(role as never))).toEqual(['owner', 'admin']);
  });

  it("lets a project's managers manage its tasks, not other members", () => {
    expect(canManageTasks('manager', true)).toBe(true);
    expect(canManageTasks('manager', false)).toBe(false);
    expect(canManageTasks('member', false)).toBe(false);
    expect(canManageTasks('admin', false)).toBe(true);
  });

  it("never offers to change the owner, nor one's own role", () => {
    const admin = { id: 'a', role: 'admin' as const };
    expect(canChangeMember(admin, { id: 'm', role: 'member' })).toBe(true);
    expect(canChangeMember(admin, { id: 'o', role: 'owner' })).toBe(false);
    expect(canChangeMember(admin, admin)).toBe(false);
    expect(canChangeMember({ id: 'x', role: 'manager' }, { id: 'm', role: 'member' })).toBe(false);
  });

  it('knows the admin screens by their address', () => {
    expect(isAdminPath('/team')).toBe(true);
    expect(isAdminPath('/settings/import')).toBe(true);
    expect(isAdminPath('/projects')).toBe(false);
  });
});
