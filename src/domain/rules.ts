// Rules for recurring work (issue 11): "meetings whose subject matches … (or that belong to this
// series) → project, task, tags", either suggested or tracked automatically once the meeting ended.
//
// Matching by subject is by whole words, case-insensitive: the pattern's words must appear in the
// subject one after another, as whole words. Words are runs of letters and digits (any script);
// punctuation and spacing do not count. So "team sync" matches "Team Sync – Q3" and "Weekly
// team-sync", but not "Team synchronisation" nor "Async team review"; "1:1" matches "1:1 Ada".
// Accents count ("porada" is not "pórada"). A private meeting's subject is never matched: only a
// series rule reaches it.
//
// Matching by series uses the meeting's UID (the series key impulses already use).
//
// When several rules match: a series rule beats a subject rule, then the more specific (longer)
// pattern, then the older rule.

export type RuleMode = 'suggest' | 'track';

export type RuleMatcher = { kind: 'subject'; pattern: string } | { kind: 'series'; seriesKey: string };

export type RuleLike = RuleMatcher & { id: string; createdAt: Date };

export type MatchableMeeting = { uid: string; summary: string; private: boolean };

/** The fewest letters or digits a subject pattern needs: fewer would match nearly everything. */
export const MIN_PATTERN_CHARS = 2;
export const MAX_PATTERN_LENGTH = 200;

const WORD = /[\p{L}\p{N}]+/gu;

/** The words of a text, lower-cased (NFC), punctuation dropped. */
export function words(text: string): string[] {
  return text.normalize('NFC').toLowerCase().match(WORD) ?? [];
}

export type PatternProblem = 'empty' | 'no_words' | 'too_short' | 'too_long';

// A pattern that would match every meeting (or nearly every one) is refused: nothing but
// blanks, only wildcards or punctuation ("*", "%", ".*"), or fewer than MIN_PATTERN_CHARS letters.
export function patternProblem(pattern: string): PatternProblem | null {
  const trimmed = pattern.trim();
  if (trimmed === '') return 'empty';
  if (trimmed.length > MAX_PATTERN_LENGTH) return 'too_long';
  const found = words(trimmed);
  if (found.length === 0) return 'no_words';
  if (found.join('').length < MIN_PATTERN_CHARS) return 'too_short';
  return null;
}

/** The pattern as stored: trimmed, inner whitespace collapsed. */
export function normalizePattern(pattern: string): string {
  return pattern.trim().replace(/\s+/gu, ' ');
}

export function subjectMatches(pattern: string, subject: string): boolean {
  const wanted = words(pattern);
  if (wanted.length === 0) return false;
  const have = words(subject);
  for (let i = 0; i + wanted.length <= have.length; i += 1) {
    if (wanted.every((word, j) => have[i + j] === word)) return true;
  }
  return false;
}

export function ruleMatches(rule: RuleMatcher, meeting: MatchableMeeting): boolean {
  if (rule.kind === 'series') return rule.seriesKey === meeting.uid;
  return !meeting.private && subjectMatches(rule.pattern, meeting.summary);
}

// How specific a pattern is: its letters and digits (spacing and punctuation do not count).
function specificity(rule: RuleLike): number {
  return rule.kind === 'subject' ? words(rule.pattern).join('').length : 0;
}

/** Orders rules best first: series before subject, longer pattern first, then older, then id. */
export function compareRules(a: RuleLike, b: RuleLike): number {
  if (a.kind !== b.kind) return a.kind === 'series' ? -1 : 1;
  const longer = specificity(b) - specificity(a);
  if (longer !== 0) return longer;
  const older = a.createdAt.getTime() - b.createdAt.getTime();
  if (older !== 0) return older;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The rule that applies to a meeting, or null. */
export function pickRule<R extends RuleLike>(rules: readonly R[], meeting: MatchableMeeting): R | null {
  let best: R | null = null;
  for (const rule of rules) {
    if (ruleMatches(rule, meeting) && (best === null || compareRules(rule, best) < 0)) best = rule;
  }
  return best;
}

export type AutoTrackMeeting = MatchableMeeting & {
  start: string;
  end: string;
  allDay: boolean;
  cancelled: boolean;
  busyStatus: string;
  removed: boolean;
};

export type AutoTrackSkip = 'upcoming' | 'cancelled' | 'free' | 'private' | 'all_day' | 'removed' | 'locked';

// Whether a track-automatically rule may make the meeting's record now. Never before it ended,
// never for a cancelled, free, removed or all-day meeting (an all-day one has no times to record),
// never for a private one unless a series rule picked it, never inside the locked period.
export function autoTrackSkip(
  meeting: AutoTrackMeeting,
  rule: RuleMatcher,
  now: Date,
  isLocked: (start: string) => boolean,
): AutoTrackSkip | null {
  if (meeting.removed) return 'removed';
  if (meeting.cancelled) return 'cancelled';
  if (meeting.allDay) return 'all_day';
  if (meeting.busyStatus === 'free') return 'free';
  if (meeting.private && rule.kind !== 'series') return 'private';
  if (Date.parse(meeting.end) > now.getTime()) return 'upcoming';
  if (isLocked(meeting.start)) return 'locked';
  return null;
}
