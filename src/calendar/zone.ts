import { Temporal } from 'temporal-polyfill';
import { SECONDS_PER_DAY, civilFromDays, daysFromCivil } from './civil-time.ts';

/** A time zone as a step function of UTC offsets; `id` is shown to people and in logs. */
export type Zone = { id: string; offsetAt: (epochSeconds: number) => number };

export function fixedZone(id: string, offsetSeconds: number): Zone {
  return { id, offsetAt: () => offsetSeconds };
}

export const UTC_ZONE = fixedZone('UTC', 0);

/** Zone from sorted transitions: offset `after[i]` applies from `at[i]` on. */
export function transitionZone(id: string, initialOffset: number, at: number[], after: number[]): Zone {
  return {
    id,
    offsetAt(epochSeconds) {
      let low = 0,
        high = at.length - 1,
        found = -1;
      while (low <= high) {
        const middle = (low + high) >> 1;
        if ((at[middle] as number) <= epochSeconds) {
          found = middle;
          low = middle + 1;
        } else high = middle - 1;
      }
      return found < 0 ? initialOffset : (after[found] as number);
    },
  };
}

/**
 * Local wall time to UTC. RFC 5545 3.3.5: a time inside a DST gap is read with the offset
 * before the gap (02:30 becomes 03:30 summer time); a repeated time takes its first
 * occurrence. Both equal Temporal's 'compatible' disambiguation.
 */
export function wallToUtc(zone: Zone, wallSeconds: number): number {
  const before = zone.offsetAt(wallSeconds - SECONDS_PER_DAY);
  const after = zone.offsetAt(wallSeconds + SECONDS_PER_DAY);
  if (before === after) return wallSeconds - before;
  const early = wallSeconds - before;
  const late = wallSeconds - after;
  const earlyValid = zone.offsetAt(early) === before;
  const lateValid = zone.offsetAt(late) === after;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (earlyValid) return early;
  if (lateValid) return late;
  return early;
}

export function utcToWall(zone: Zone, epochSeconds: number): number {
  return epochSeconds + zone.offsetAt(epochSeconds);
}

const ianaCache = new Map<string, Zone | null>();

/** An IANA zone backed by Temporal, with each year's transitions computed once. */
export function ianaZone(name: string): Zone | null {
  const cached = ianaCache.get(name);
  if (cached !== undefined) return cached;
  // the default viewer zone needs no tz database
  if (name === 'UTC' || name === 'Etc/UTC') return UTC_ZONE;
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
    Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(canonical);
  } catch {
    ianaCache.set(name, null);
    return null;
  }
  const years = new Map<number, { initial: number; at: number[]; after: number[] }>();
  const yearTransitions = (year: number) => {
    let entry = years.get(year);
    if (entry) return entry;
    const startMs = daysFromCivil(year, 1, 1) * SECONDS_PER_DAY * 1000;
    const endMs = daysFromCivil(year + 1, 1, 1) * SECONDS_PER_DAY * 1000;
    let current = Temporal.Instant.fromEpochMilliseconds(startMs).toZonedDateTimeISO(canonical);
    entry = { initial: current.offsetNanoseconds / 1e9, at: [], after: [] };
    // bounded: no zone has more than a handful of transitions a year
    for (let guard = 0; guard < 16; guard++) {
      const next = current.getTimeZoneTransition('next');
      if (!next || next.epochMilliseconds >= endMs) break;
      entry.at.push(next.epochMilliseconds / 1000);
      entry.after.push(next.offsetNanoseconds / 1e9);
      current = next;
    }
    years.set(year, entry);
    return entry;
  };
  let lastStart = 0,
    lastEnd = 0;
  let lastEntry: { initial: number; at: number[]; after: number[] } | null = null;
  const zone: Zone = {
    id: canonical,
    offsetAt(epochSeconds) {
      // consecutive calls mostly fall in the same year: skip the calendar arithmetic then
      let entry: { initial: number; at: number[]; after: number[] };
      if (epochSeconds >= lastStart && epochSeconds < lastEnd && lastEntry) entry = lastEntry;
      else {
        const civilYear = civilFromDays(Math.floor(epochSeconds / SECONDS_PER_DAY)).year;
        const year = Math.min(Math.max(civilYear, 1800), 2400);
        entry = yearTransitions(year);
        if (year === civilYear) {
          lastStart = daysFromCivil(year, 1, 1) * SECONDS_PER_DAY;
          lastEnd = daysFromCivil(year + 1, 1, 1) * SECONDS_PER_DAY;
          lastEntry = entry;
        }
      }
      let offset = entry.initial;
      for (let i = 0; i < entry.at.length && (entry.at[i] as number) <= epochSeconds; i++) offset = entry.after[i] as number;
      return offset;
    },
  };
  ianaCache.set(name, zone);
  return zone;
}
