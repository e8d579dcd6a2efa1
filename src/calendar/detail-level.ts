import type { BusyStatus, DetailLevel } from './types.ts';

export type DetailSample = { uid: string; summary: string; busyStatus: BusyStatus };

// Exchange's "Availability only" subjects in the publisher's language (en, cs, de, fr, es, pl,
// sk, it, nl, pt), by the busy status each stands for; compared without case and surrounding space
const WORDS_BY_STATUS: Record<BusyStatus, string[]> = {
  busy: [
    'busy',
    'no information',
    'zaneprázdněn',
    'zaneprázdněno',
    'gebucht',
    'beschäftigt',
    'occupé',
    'ocupado',
    'zajęty',
    'zajęta',
    'obsadený',
    'obsadené',
    'occupato',
    'bezet',
    'ocupado(a)',
  ],
  tentative: [
    'tentative',
    'předběžně',
    'mit vorbehalt',
    'vorläufig',
    'provisoire',
    'provisional',
    'wstępna akceptacja',
    'wstępnie',
    'nezáväzne',
    'predbežne',
    'provvisorio',
    'voorlopig',
    'provisório',
  ],
  free: ['free', 'volný', 'volno', 'frei', 'disponible', 'libre', 'wolny', 'wolne', 'voľný', 'voľno', 'libero', 'vrij', 'livre'],
  oof: [
    'away',
    'out of office',
    'mimo kancelář',
    'abwesend',
    'außer haus',
    'absent',
    'absent(e)',
    'absent du bureau',
    'fuera de la oficina',
    'ausente',
    'poza biurem',
    'nieobecny',
    'mimo pracoviska',
    'mimo kancelárie',
    'fuori sede',
    'fuori ufficio',
    'afwezig',
    'buiten kantoor',
    'fora do escritório',
  ],
  workingElsewhere: [
    'working elsewhere',
    'pracuji jinde',
    'pracuje jinde',
    'pracovat jinde',
    'an anderem ort tätig',
    'woanders tätig',
    'travail à un autre endroit',
    'travaille ailleurs',
    'trabajando en otro lugar',
    'trabajando en otra ubicación',
    'pracuje w innym miejscu',
    'praca w innym miejscu',
    'pracuje inde',
    'pracujem inde',
    'altra sede',
    'werkt elders',
    'ergens anders aan het werk',
    'trabalhando em outro lugar',
  ],
};
const STATUS_BY_WORD = new Map(
  Object.entries(WORDS_BY_STATUS).flatMap(([status, words]) => words.map((word) => [word, status as BusyStatus] as const)),
);

/** The busy status an availability-only subject ("Out of Office", "Předběžně") stands for, if it is one. */
export function availabilityWordStatus(summary: string): BusyStatus | null {
  return STATUS_BY_WORD.get(normalize(summary)) ?? null;
}

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
    if (samples.every((sample) => STATUS_BY_WORD.has(normalize(sample.summary)))) return 'availability';
  }
  return hasDetails ? 'full' : 'limited';
}
