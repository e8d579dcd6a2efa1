import { findIana } from 'windows-iana/dist/windows-iana.esm.js';
import type { Component } from './build-components.ts';
import { unescapeText } from './ical-values.ts';
import type { FeedWarning } from './types.ts';
import { compileVtimezone, type CompiledVtimezone } from './vtimezone-zone.ts';
import { matchDisplayName } from './windows-display-names.ts';
import { UTC_ZONE, fixedZone, ianaZone, type Zone } from './zone.ts';

export type ZoneResolver = { resolve: (tzid: string, line: number | null) => Zone; onlyZone: () => Zone | null };

const MAX_FALLBACK_CANDIDATES = 50;
/** Distinct VTIMEZONEs compiled per feed; further zones fall back to their names. */
export const MAX_VTIMEZONES = 50;
/** Work units (see WorkBudget) of all of one feed's VTIMEZONEs together. */
export const MAX_FEED_VTIMEZONE_WORK = 2_000_000;

/** TZIDs are compared after TEXT unescaping and unquoting ("Bangkok\, Hanoi" in VTIMEZONE vs quoted in DTSTART). */
export function normalizeTzid(tzid: string): string {
  let text = tzid.trim();
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1);
  return unescapeText(text).trim();
}

function knownName(tzid: string): string | null {
  // Windows ids first: asking Intl about "W. Europe Standard Time" costs an exception
  const windows = findIana(tzid)[0];
  if (windows) return windows;
  if (ianaZone(tzid)) return tzid;
  // "/mozilla.org/20050126_1/Europe/Berlin" and similar vendor prefixes
  const parts = tzid.split('/').filter((part) => part !== '');
  for (let take = Math.min(3, parts.length); take >= 2; take--) {
    const candidate = parts.slice(-take).join('/');
    if (candidate !== tzid && ianaZone(candidate)) return candidate;
  }
  const display = matchDisplayName(tzid);
  return display && 'iana' in display ? display.iana : null;
}

function stripSuffix(tzid: string): string | null {
  // Outlook appends " 1", " 2"... when two zones of one feed share a Windows name
  const stripped = tzid.replace(/\s+\d+$/, '');
  return stripped !== tzid ? stripped : null;
}

function isUtcLike(zone: Zone): boolean {
  return [0, 1e9, 2e9, -1e9].every((at) => zone.offsetAt(at) === 0);
}

/**
 * CONVENTIONS.md order: the feed's own VTIMEZONE, an IANA name, a Windows id (also without a
 * numeric suffix, and from display names), else the feed's only zone or UTC with a warning.
 */
export function createZoneResolver(vtimezones: Component[], warnings: FeedWarning[]): ZoneResolver {
  const sources = new Map<string, Component>();
  for (const component of vtimezones) {
    const tzidProperty = component.properties.find((property) => property.name === 'TZID');
    if (!tzidProperty) {
      warnings.push({ code: 'invalid_timezone', line: component.line, message: 'skipped a VTIMEZONE without TZID' });
      continue;
    }
    const tzid = normalizeTzid(tzidProperty.value);
    if (!sources.has(tzid)) sources.set(tzid, component);
  }
  // compiled on first use: a feed may carry dozens of VTIMEZONEs and use two
  const compiled = new Map<string, CompiledVtimezone | null>();
  const budget = { left: MAX_FEED_VTIMEZONE_WORK };
  let compiledCount = 0;
  const compiledFor = (tzid: string): CompiledVtimezone | null => {
    const known = compiled.get(tzid);
    if (known !== undefined) return known;
    const component = sources.get(tzid);
    let result: CompiledVtimezone | null = null;
    if (component && (compiledCount >= MAX_VTIMEZONES || budget.left <= 0)) {
      const reason = budget.left <= 0 ? 'the VTIMEZONEs used up their budget' : `more than ${MAX_VTIMEZONES} VTIMEZONEs in use`;
      warnings.push({ code: 'limit_reached', line: component.line, message: `ignored VTIMEZONE "${tzid.slice(0, 80)}": ${reason}` });
    } else if (component) {
      compiledCount++;
      const outcome = compileVtimezone(component, knownName(tzid) ?? tzid, budget);
      if (typeof outcome === 'string')
        warnings.push({ code: 'invalid_timezone', line: component.line, message: `skipped VTIMEZONE "${tzid}": ${outcome}` });
      else result = outcome;
    }
    compiled.set(tzid, result);
    return result;
  };
  let only: Zone | null | undefined;
  const onlyZone = (): Zone | null => {
    if (only !== undefined) return only;
    const meaningful = [...sources.keys()]
      .slice(0, MAX_FALLBACK_CANDIDATES)
      .map(compiledFor)
      .filter((entry): entry is CompiledVtimezone => entry !== null && !isUtcLike(entry.zone));
    only = meaningful.length === 1 ? (meaningful[0] as CompiledVtimezone).zone : null;
    return only;
  };
  const cache = new Map<string, Zone>();

  const lookup = (tzid: string): Zone | null => {
    const own = compiledFor(tzid);
    if (own?.hasRule) return own.zone;
    const iana = ianaZone(tzid);
    // a VTIMEZONE without RRULE only covers the years it lists (e.g. a one-year
    // Europe/Zurich copied from an invitation): for an IANA id the full rules are better
    if (own && !iana) return own.zone;
    if (iana) return iana;
    const name = knownName(tzid);
    if (name) return ianaZone(name);
    return null;
  };

  const rawCache = new Map<string, Zone>();
  const resolve = (raw: string, line: number | null): Zone => {
    const known = rawCache.get(raw);
    if (known) return known;
    const tzid = normalizeTzid(raw);
    const cached = cache.get(tzid);
    if (cached) {
      rawCache.set(raw, cached);
      return cached;
    }
    let zone = lookup(tzid);
    const stripped = stripSuffix(tzid);
    if (!zone && stripped) zone = lookup(stripped);
    if (!zone) {
      const display = matchDisplayName(tzid);
      if (display && 'offsetSeconds' in display) {
        zone = fixedZone(tzid, display.offsetSeconds);
        warnings.push({
          code: 'unknown_timezone',
          line,
          message: `unknown time zone "${tzid}": used its fixed offset, without daylight saving`,
        });
      }
    }
    if (!zone) {
      const fallback = onlyZone();
      zone = fallback ?? UTC_ZONE;
      warnings.push({
        code: 'unknown_timezone',
        line,
        message: `unknown time zone "${tzid}": used ${fallback ? `the feed's only zone "${fallback.id}"` : 'UTC'}`,
      });
    }
    cache.set(tzid, zone);
    rawCache.set(raw, zone);
    return zone;
  };
  return { resolve, onlyZone };
}
