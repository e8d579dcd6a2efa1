// Pure helpers of the catalogue screens: order, the archived filter, money input and colours.

/** active items first, then archived; each by name as the reader's language sorts (Č after C) */
export function sortCatalog<T extends { name: string; archived: boolean }>(items: readonly T[], lang: 'en' | 'cs'): T[] {
  const collator = new Intl.Collator(lang === 'cs' ? 'cs-CZ' : 'en-GB', { sensitivity: 'base', numeric: true });
  return [...items].sort((a, b) => Number(a.archived) - Number(b.archived) || collator.compare(a.name, b.name));
}

/** what the list shows: archived items only when asked for */
export function visibleCatalog<T extends { archived: boolean }>(items: readonly T[], showArchived: boolean): T[] {
  return showArchived ? [...items] : items.filter((item) => !item.archived);
}

export function countArchived(items: readonly { archived: boolean }[]): number {
  return items.filter((item) => item.archived).length;
}

export const MAX_RATE = 1_000_000;

/**
 * A typed hourly rate: "85", "85,5", "85.50", "1 200,50" (spaces, also no-break ones, group
 * thousands), empty = none. 'invalid' for anything else, a negative amount, more than two
 * decimals or more than the API takes.
 */
export function parseRate(text: string, max = MAX_RATE): number | null | 'invalid' {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '');
  if (compact === '') return null;
  if (!/^\d+([.,]\d{1,2})?$/.test(compact)) return 'invalid';
  const value = Number(compact.replace(',', '.'));
  return value > max ? 'invalid' : Math.round(value * 100) / 100;
}

/** a rate in the reader's format for an input: 85.5 → "85,50" (cs) / "85.50" (en); null → "" */
export function rateText(rate: number | null, lang: 'en' | 'cs'): string {
  if (rate === null) return '';
  const text = rate.toFixed(2);
  return lang === 'cs' ? text.replace('.', ',') : text;
}

/** a rate with the currency for reading: "85,50 Kč", "€85.50" */
export function formatRate(rate: number, currency: string, lang: 'en' | 'cs'): string {
  try {
    return new Intl.NumberFormat(lang === 'cs' ? 'cs-CZ' : 'en-GB', { style: 'currency', currency }).format(rate);
  } catch {
    return `${rate.toFixed(2)} ${currency}`;
  }
}

// Colours offered for projects: distinct, and dark enough for white text and 3:1 against white.
export const PROJECT_COLORS = [
  '#1d4ed8',
  '#0f766e',
  '#15803d',
  '#a16207',
  '#c2410c',
  '#b91c1c',
  '#be185d',
  '#7e22ce',
  '#4338ca',
  '#475569',
] as const;

/** the first palette colour no project uses yet, else the one used least */
export function nextProjectColor(used: readonly string[]): string {
  const counts = new Map<string, number>(PROJECT_COLORS.map((color) => [color, 0]));
  for (const color of used) {
    const key = color.toLowerCase();
    if (counts.has(key)) counts.set(key, counts.get(key)! + 1);
  }
  let best: string = PROJECT_COLORS[0];
  for (const color of PROJECT_COLORS) if (counts.get(color)! < counts.get(best)!) best = color;
  return best;
}
