import type { BusyStatus, DetailLevel } from './types.ts';

export type DetailSample = { uid: string; summary: string; busyStatus: BusyStatus };

// Exchange's "Availability only" subjects in the publisher's language (en, cs, de, fr, es, pl,
// sk, it, nl, pt); compared without case and surrounding space
const AVAILABILITY_WORDS = new Set([
  'busy', 'tentative', 'free', 'away', 'out of office', 'working elsewhere', 'no information',
  'zaneprázdněn', 'zaneprázdněno', 'předběžně', 'volný', 'volno', 'mimo kancelář', 'pracuji jinde', 'pracuje jinde', 'pracovat jinde',
  'gebucht', 'beschäftigt', 'mit vorbehalt', 'vorläufig', 'frei', 'abwesend', 'außer haus', 'an anderem ort tätig', 'woanders tätig',
  'occupé', 'provisoire', 'disponible', 'libre', 'absent', 'absent(e)', 'absent du bureau', 'travail à un autre endroit', 'travaille ailleurs',
  'ocupado', 'provisional', 'fuera de la oficina', 'ausente', 'trabajando en otro lugar', 'trabajando en otra ubicación',
  'zajęty', 'zajęta', 'wstępna akceptacja', 'wstępnie', 'wolny', 'wolne', 'poza biurem', 'nieobecny', 'pracuje w innym miejscu', 'praca w innym miejscu',
  'obsadený', 'obsadené', 'nezáväzne', 'predbežne', 'voľný', 'voľno', 'mimo pracoviska', 'mimo kancelárie', 'pracuje inde', 'pracujem inde',
  'occupato', 'provvisorio', 'libero', 'fuori sede', 'fuori ufficio', 'altra sede',
  'bezet', 'voorlopig', 'vrij', 'afwezig', 'buiten kantoor', 'werkt elders', 'ergens anders aan het werk',
  'ocupado(a)', 'provisório', 'livre', 'fora do escritório', 'trabalhando em outro lugar',
]);

function normalize(summary: string): string {
  return summary.trim().toLowerCase();
}

function isStatusFunction(samples: DetailSample[]): boolean {
  const summaryByStatus = new Map<BusyStatus, string>();
  const statusBySummary = new Map<string, BusyStatus>();
  const uidsBySummary = new Map<string, Set<string>>();
  for (const sample of samples) {
    const summary = normalize(sample.summary);
    const known = summaryByStatus.get(sample.busyStatus);
    if (known !== undefined && known !== summary) return false;
    const status = statusBySummary.get(summary);
    if (status !== undefined && status !== sample.busyStatus) return false;
    summaryByStatus.set(sample.busyStatus, summary);
    statusBySummary.set(summary, sample.busyStatus);
    const uids = uidsBySummary.get(summary) ?? new Set<string>();
    uids.add(sample.uid);
    uidsBySummary.set(summary, uids);
  }
  return summaryByStatus.size >= 2 && [...uidsBySummary.values()].some((uids) => uids.size >= 3);
}

/**
 * CONVENTIONS.md "detailLevel", language-independent first: a feed whose subjects are a
 * one-to-one function of the busy status is an availability-only publication.
 */
export function detectDetailLevel(samples: DetailSample[], hasDetails: boolean): DetailLevel {
  if (samples.length > 0) {
    if (isStatusFunction(samples)) return 'availability';
    if (samples.every((sample) => AVAILABILITY_WORDS.has(normalize(sample.summary)))) return 'availability';
  }
  return hasDetails ? 'full' : 'limited';
}
