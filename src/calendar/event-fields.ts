import type { BusyStatus } from './types.ts';

const BUSY_STATUSES: Record<string, BusyStatus> = {
  FREE: 'free',
  TENTATIVE: 'tentative',
  BUSY: 'busy',
  OOF: 'oof',
  WORKINGELSEWHERE: 'workingElsewhere',
};

/** X-MICROSOFT-CDO-BUSYSTATUS when Exchange wrote one, else RFC 5545 3.8.2.7 TRANSP. */
export function readBusyStatus(cdoStatus: string | null, transp: string | null): BusyStatus {
  const known = cdoStatus === null ? undefined : BUSY_STATUSES[cdoStatus.trim().toUpperCase()];
  if (known) return known;
  return transp?.trim().toUpperCase() === 'TRANSPARENT' ? 'free' : 'busy';
}

export function isPrivateClass(value: string | null): boolean {
  const upper = value?.trim().toUpperCase();
  return upper === 'PRIVATE' || upper === 'CONFIDENTIAL';
}

// Exchange keeps a cancelled meeting as STATUS:CONFIRMED and only prefixes its subject,
// in the organiser's language
const CANCEL_PREFIXES = [
  'canceled',
  'cancelled',
  'zrušeno',
  'zrušené',
  'abgesagt',
  'annulé',
  'annulée',
  'cancelado',
  'cancelada',
  'annullato',
  'odwołane',
  'odwołano',
  'geannuleerd',
  'avlyst',
  'inställt',
  'aflyst',
  'peruttu',
  'anulado',
  'lemondva',
  'atcelts',
  'atšaukta',
  'tühistatud',
  'otkazano',
  'anulat',
  'iptal edildi',
  'отменено',
  'скасовано',
];
const CANCEL_PATTERN = new RegExp(`^\\s*(?:${CANCEL_PREFIXES.join('|')})\\s*:`, 'iu');

export function isCancelled(status: string | null, summary: string): boolean {
  if (status?.trim().toUpperCase() === 'CANCELLED') return true;
  return CANCEL_PATTERN.test(summary);
}

/** Exchange writes X-ALT-DESC as an HTML page even when the body is empty. */
export function isBlankDescription(value: string): boolean {
  const text = value
    .replace(/\\[nN]/g, ' ')
    .replace(/\\([\\;,])/g, '$1')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ');
  return text.trim() === '';
}
