import { describe, expect, it } from 'vitest';
import { feedCalendarName, isICalendar, isSignInPage, isSignInUrl, parseRetryAfter } from './fetch-classify.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('isICalendar', () => {
  it.each([
    { name: 'a plain feed', body: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n', expected: true },
    { name: 'lower case', body: 'begin:vcalendar\r\n', expected: true },
    { name: 'a byte order mark', body: '\uFEFFBEGIN:VCALENDAR\r\n', expected: true },
    { name: 'leading blank lines', body: '\r\n\r\n  BEGIN:VCALENDAR\r\n', expected: true },
    { name: 'an HTML page', body: '<!DOCTYPE html><html>', expected: false },
    { name: 'JSON', body: '{"value":[]}', expected: false },
    { name: 'an empty body', body: '', expected: false },
    { name: 'a bare VEVENT', body: 'BEGIN:VEVENT\r\n', expected: false },
  ])('says $expected for $name', ({ body, expected }) => {
    expect(isICalendar(bytes(body))).toBe(expected);
  });
});

describe('isSignInUrl', () => {
  it.each([
    { url: 'https://login.microsoftonline.com/common/oauth2/authorize?x=1', expected: true },
    { url: 'https://login.live.com/login.srf', expected: true },
    { url: 'https://mail.contoso.com/owa/auth/logon.aspx?replaceCurrent=1', expected: true },
    { url: 'https://adfs.contoso.com/adfs/ls/?wa=wsignin1.0', expected: true },
    { url: 'https://outlook.office365.com/owa/calendar/a/b/calendar.ics', expected: false },
  ])('says $expected for $url', ({ url, expected }) => {
    expect(isSignInUrl(new URL(url))).toBe(expected);
  });
});

describe('isSignInPage', () => {
  it('recognises an OWA forms login page', () => {
    const page = '<html><form action="/owa/auth.owa"><input type="password" name="password"></form></html>';
    expect(isSignInPage(bytes(page), 'text/html')).toBe(true);
  });

  it('recognises a Czech sign-in page', () => {
    expect(isSignInPage(bytes('<html><button>Přihlásit se</button></html>'), 'text/html')).toBe(true);
  });

  it('does not take an HTML calendar view for a sign-in page', () => {
    expect(isSignInPage(bytes('<html><table class="calendar"></table></html>'), 'text/html')).toBe(false);
  });

  it('does not read JSON as a sign-in page', () => {
    expect(isSignInPage(bytes('{"message":"Sign in required"}'), 'application/json')).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-16T09:00:00Z');

  it.each([
    { name: 'seconds', value: '120', expected: 120_000 },
    { name: 'an HTTP date', value: 'Mon, 16 Mar 2026 09:05:00 GMT', expected: 300_000 },
    { name: 'a date in the past', value: 'Mon, 16 Mar 2026 08:00:00 GMT', expected: 0 },
    { name: 'garbage', value: 'soon', expected: null },
    { name: 'nothing', value: undefined, expected: null },
  ])('reads $name', ({ value, expected }) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('feedCalendarName', () => {
  it('reads X-WR-CALNAME, folded, escaped or with parameters', () => {
    expect(feedCalendarName(bytes('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-CALNAME:Team calendar\r\nEND:VCALENDAR\r\n'))).toBe(
      'Team calendar',
    );
    expect(feedCalendarName(bytes('BEGIN:VCALENDAR\r\nX-WR-CALNAME;VALUE=TEXT:Sales\\, Prague\r\n  office\r\n'))).toBe(
      'Sales, Prague office',
    );
    expect(feedCalendarName(bytes('BEGIN:VCALENDAR\nx-wr-calname:Kalendář\n'))).toBe('Kalendář');
  });

  it('answers null for a feed without a name', () => {
    expect(feedCalendarName(bytes('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n'))).toBeNull();
    expect(feedCalendarName(bytes('BEGIN:VCALENDAR\r\nX-WR-CALNAME: \r\n'))).toBeNull();
  });
});
