import type { Response } from '../../../src/contract/client.ts';
import type { checkConnection, listConnections } from '../../../src/contract/connections.ts';
import type { UiLanguage } from '../../../src/i18n/ui.ts';

export type Connection = Response<typeof listConnections>['items'][number];
export type LinkCheck = Response<typeof checkConnection>;

// What a saved connection's card shows (UX.md B7 "States"). The feed's own words (lastError) are
// shown with it; this only decides the headline, its tone and which actions fit.
export type CardState =
  | { kind: 'off' }
  | { kind: 'pending' }
  | { kind: 'connected' }
  | { kind: 'availability' }
  | { kind: 'warning' }
  | { kind: 'failing'; since: string | null }
  | { kind: 'relink' };

export function cardState(connection: Connection): CardState {
  if (!connection.enabled || connection.status === 'disabled') return { kind: 'off' };
  if (connection.status === 'error') return { kind: 'failing', since: connection.lastSuccessAt };
  // the server cannot read the stored link (KAIROS_SECRET changed, or restored without links)
  if (connection.status === 'secret_changed' || connection.status === 'link_missing') return { kind: 'relink' };
  // availability-only is a warning the server names; a feed seen as availability-only is the same
  if (connection.lastError?.code === 'availability_only' || connection.detailLevel === 'availability') return { kind: 'availability' };
  if (connection.status === 'warning') return { kind: 'warning' };
  if (connection.status === 'pending') return { kind: 'pending' };
  return { kind: 'connected' };
}

export type Tone = 'ok' | 'warning' | 'error' | 'muted';

export function cardTone(state: CardState): Tone {
  switch (state.kind) {
    case 'connected':
      return 'ok';
    case 'availability':
    case 'warning':
      return 'warning';
    case 'failing':
    case 'relink':
      return 'error';
    default:
      return 'muted';
  }
}

// What the link field's check says while someone types (B7 "editing", "check OK", "availability only").
export type CheckView =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'problem'; problem: { code: string; message: string; hint?: string | undefined }; fix: string | null }
  | { kind: 'looksRight' }
  | { kind: 'found'; eventCount: number; detailLevel: Connection['detailLevel'] }
  | { kind: 'availability'; eventCount: number };

export function checkView(check: LinkCheck | null, pending: boolean): CheckView {
  if (pending) return { kind: 'checking' };
  if (!check) return { kind: 'idle' };
  if (check.problem) return { kind: 'problem', problem: check.problem, fix: suggestedLink(check.problem) };
  if (!check.fetch) return check.ok ? { kind: 'looksRight' } : { kind: 'idle' };
  if (!check.fetch.ok) {
    const error = check.fetch.error;
    if (error?.code === 'availability_only') return { kind: 'availability', eventCount: check.fetch.occurrenceCount ?? 0 };
    return { kind: 'problem', problem: error ?? { code: 'http_error', message: '' }, fix: null };
  }
  if (check.fetch.detailLevel === 'availability') return { kind: 'availability', eventCount: check.fetch.occurrenceCount ?? 0 };
  return { kind: 'found', eventCount: check.fetch.occurrenceCount ?? 0, detailLevel: check.fetch.detailLevel };
}

// The link a refusal proposes instead: the .ics sibling of an HTML view link, or https:// for http://.
// The server puts it in the hint (and, when there, in details); the last https URL of the text is it.
export function suggestedLink(problem: { code: string; hint?: string | undefined; details?: unknown }): string | null {
  if (problem.code !== 'html_view_link' && problem.code !== 'https_required') return null;
  const details = problem.details as { icsUrl?: unknown; suggestion?: unknown } | undefined;
  const fromDetails =
    typeof details?.icsUrl === 'string' ? details.icsUrl : typeof details?.suggestion === 'string' ? details.suggestion : null;
  if (fromDetails) return fromDetails;
  const found = problem.hint?.match(/https:\/\/[^\s"'“”<>]+/g);
  const last = found?.at(-1);
  return last ? last.replace(/[.,;)]+$/, '') : null;
}

// Worth asking the server to fetch? Only once the text can be a calendar link: no fetch (which is
// rate-limited) for every keystroke of a half-pasted address.
export function looksLikeCalendarLink(text: string): boolean {
  const trimmed = text.trim();
  if (!/^(https|webcals?):\/\/[^/\s]+\.[^/\s]+\/\S+/i.test(trimmed)) return false;
  return !/\s/.test(trimmed);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// "5 minutes ago" / "před 5 minutami" (B7 connected). Under a minute reads "just now" (passed in,
// from the texts); past a week the caller shows the date instead.
export function relativeTime(language: UiLanguage, instant: string | Date, now: Date, justNow: string): string {
  const elapsed = now.getTime() - new Date(instant).getTime();
  if (elapsed < MINUTE) return justNow;
  const format = new Intl.RelativeTimeFormat(language === 'cs' ? 'cs-CZ' : 'en-GB', { numeric: 'auto' });
  if (elapsed < HOUR) return format.format(-Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return format.format(-Math.floor(elapsed / HOUR), 'hour');
  return format.format(-Math.floor(elapsed / DAY), 'day');
}

// The seed's texts mark Outlook's labels with **bold**: split into plain and bold runs.
export function boldRuns(text: string): Array<{ text: string; bold: boolean }> {
  return text
    .split('**')
    .map((part, index) => ({ text: part, bold: index % 2 === 1 }))
    .filter((run) => run.text !== '');
}
