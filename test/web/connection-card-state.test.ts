import { describe, expect, it } from 'vitest';
import {
  boldRuns,
  cardState,
  checkView,
  type Connection,
  type LinkCheck,
  looksLikeCalendarLink,
  relativeTime,
  suggestedLink,
} from '../../web/src/connections/card-state.ts';

const base: Connection = {
  id: 'c1',
  provider: 'exchange',
  name: 'Calendar',
  enabled: true,
  urlMasked: 'outlook.office365.com/…/calendar.ics',
  status: 'ok',
  detailLevel: 'limited',
  occurrenceCount: 42,
  eventCount: 42,
  lastSyncAt: '2026-03-16T13:05:00Z',
  lastSuccessAt: '2026-03-16T13:05:00Z',
  nextSyncAt: '2026-03-16T13:20:00Z',
  lastError: null,
  notices: [],
  version: 3,
};
const connection = (patch: Partial<Connection>): Connection => ({ ...base, ...patch });

describe('the card state of a saved connection (UX.md B7)', () => {
  it.each([
    { name: 'a synced feed with subjects is connected', patch: {}, kind: 'connected' },
    { name: 'a feed not fetched yet is pending', patch: { status: 'pending', lastSuccessAt: null }, kind: 'pending' },
    {
      name: 'a switched-off feed is paused, whatever its last state',
      patch: { enabled: false, status: 'disabled', lastError: { code: 'unpublished', message: 'gone' } },
      kind: 'off',
    },
    {
      name: 'an availability-only warning hides subjects',
      patch: { status: 'warning', lastError: { code: 'availability_only', message: 'Availability only' } },
      kind: 'availability',
    },
    { name: 'a feed whose detail level is availability hides subjects', patch: { detailLevel: 'availability' }, kind: 'availability' },
    {
      name: 'a link the server can no longer read asks for the link again',
      patch: { status: 'secret_changed', detailLevel: 'availability', lastError: { code: 'secret_changed', message: 'paste again' } },
      kind: 'relink',
    },
    {
      name: 'a connection restored without its link asks for it',
      patch: { status: 'link_missing', lastError: { code: 'link_missing', message: 'paste again' } },
      kind: 'relink',
    },
    {
      name: 'another warning is a warning',
      patch: { status: 'warning', lastError: { code: 'truncated', message: 'cut off' } },
      kind: 'warning',
    },
  ] satisfies Array<{ name: string; patch: Partial<Connection>; kind: string }>)('$name', ({ patch, kind }) => {
    expect(cardState(connection(patch)).kind).toBe(kind);
  });

  it('a failing feed says since when it is not updated, also when availability-only before', () => {
    const failing = connection({ status: 'error', detailLevel: 'availability', lastError: { code: 'unpublished', message: 'gone' } });
    expect(cardState(failing)).toEqual({ kind: 'failing', since: '2026-03-16T13:05:00Z' });
    expect(cardState(connection({ status: 'error', lastSuccessAt: null }))).toEqual({ kind: 'failing', since: null });
  });
});

const check = (patch: Partial<LinkCheck>): LinkCheck => ({
  ok: true,
  url: 'https://outlook.office365.com/owa/calendar/a/b/calendar.ics',
  provider: 'exchange',
  urlMasked: 'outlook.office365.com/…/calendar.ics',
  problem: null,
  notices: [],
  fetch: null,
  ...patch,
});

describe('what the link field says while someone types', () => {
  it('is idle with nothing typed and checking while a check runs', () => {
    expect(checkView(null, false)).toEqual({ kind: 'idle' });
    expect(checkView(check({}), true)).toEqual({ kind: 'checking' });
  });

  it('says the link looks right before the test fetch', () => {
    expect(checkView(check({}), false)).toEqual({ kind: 'looksRight' });
  });

  it('reports the meeting count and detail level after a good fetch', () => {
    const view = checkView(
      check({
        fetch: { ok: true, name: 'Calendar', detailLevel: 'limited', occurrenceCount: 42, eventCount: 42, error: null, preview: [] },
      }),
      false,
    );
    expect(view).toEqual({ kind: 'found', eventCount: 42, detailLevel: 'limited' });
  });

  it('catches an availability-only feed before saving', () => {
    const error = { code: 'availability_only', message: 'Availability only' };
    expect(
      checkView(
        check({
          ok: false,
          fetch: { ok: false, name: null, detailLevel: 'availability', occurrenceCount: 22, eventCount: 22, error, preview: [] },
        }),
        false,
      ),
    ).toEqual({ kind: 'availability', eventCount: 22 });
    expect(
      checkView(
        check({
          fetch: { ok: true, name: null, detailLevel: 'availability', occurrenceCount: 5, eventCount: 5, error: null, preview: [] },
        }),
        false,
      ),
    ).toEqual({ kind: 'availability', eventCount: 5 });
  });

  it('shows a link problem with the .ics sibling to use instead', () => {
    const problem = {
      code: 'html_view_link',
      message: 'This is the HTML link',
      hint: 'Use the subscription link ending in .ics: https://x.example/owa/calendar/a/b/calendar.ics',
    };
    expect(checkView(check({ ok: false, url: null, problem }), false)).toEqual({
      kind: 'problem',
      problem,
      fix: 'https://x.example/owa/calendar/a/b/calendar.ics',
    });
  });

  it('shows a fetch problem with its own words', () => {
    const error = { code: 'unpublished', message: 'The calendar is no longer published.', hint: 'Publish it again.' };
    expect(
      checkView(
        check({
          ok: false,
          fetch: { ok: false, name: null, detailLevel: null, occurrenceCount: null, eventCount: null, error, preview: [] },
        }),
        false,
      ),
    ).toEqual({ kind: 'problem', problem: error, fix: null });
  });
});

describe('the link a refusal proposes', () => {
  it('prefers details, then the last https address of the hint, without trailing punctuation', () => {
    expect(suggestedLink({ code: 'https_required', details: { suggestion: 'https://a.example/c.ics' } })).toBe('https://a.example/c.ics');
    expect(
      suggestedLink({ code: 'html_view_link', hint: 'Použijte odkaz k odběru končící na .ics: https://a.example/x/calendar.ics.' }),
    ).toBe('https://a.example/x/calendar.ics');
  });

  it('proposes nothing for other problems', () => {
    expect(suggestedLink({ code: 'invalid_url', hint: 'see https://a.example' })).toBeNull();
  });
});

describe('when a typed link is worth a test fetch', () => {
  it.each([
    ['https://outlook.office365.com/owa/calendar/a/b/calendar.ics', true],
    ['webcal://p01-caldav.icloud.com/published/2/abc', true],
    ['https://outlook.office365.com', false],
    ['https://outl', false],
    ['http://example.com/calendar.ics', false],
    ['https://example.com/a b.ics', false],
  ])('%s → %s', (text, expected) => {
    expect(looksLikeCalendarLink(text)).toBe(expected);
  });
});

describe('"last fetched 5 minutes ago" in both languages', () => {
  const now = new Date('2026-03-16T14:05:00Z');
  it.each([
    { name: 'under a minute', at: '2026-03-16T14:04:30Z', en: 'just now', cs: 'právě teď' },
    { name: 'one minute', at: '2026-03-16T14:04:00Z', en: '1 minute ago', cs: 'před 1 minutou' },
    { name: 'five minutes', at: '2026-03-16T14:00:00Z', en: '5 minutes ago', cs: 'před 5 minutami' },
    { name: 'two hours', at: '2026-03-16T12:00:00Z', en: '2 hours ago', cs: 'před 2 hodinami' },
    { name: 'one day', at: '2026-03-15T13:00:00Z', en: 'yesterday', cs: 'včera' },
  ])('$name', ({ at, en, cs }) => {
    expect(relativeTime('en', at, now, 'just now')).toBe(en);
    expect(relativeTime('cs', at, now, 'právě teď')).toBe(cs);
  });
});

describe('bold runs of the help texts', () => {
  it('splits **marked** labels out', () => {
    expect(boldRuns('Choose **Share › Publish this calendar**.')).toEqual([
      { text: 'Choose ', bold: false },
      { text: 'Share › Publish this calendar', bold: true },
      { text: '.', bold: false },
    ]);
  });
});
