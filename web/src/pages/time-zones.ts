// Every IANA zone the browser knows, and the search that narrows them ("new york", "prague").
export function allTimeZones(device: string = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  // Intl lists canonical names only; UTC and the browser's own zone must be choosable too
  return [...new Set([...supported, 'UTC', device])].sort();
}

export function matchZones(zones: string[], query: string): string[] {
  const words = query.toLowerCase().replace(/[_/]/g, ' ').split(/\s+/).filter(Boolean);
  if (words.length === 0) return zones;
  return zones.filter((zone) => {
    const name = zone.toLowerCase().replace(/[_/]/g, ' ');
    return words.every((word) => name.includes(word));
  });
}
