import { describe, expect, it } from 'vitest';
import { checkLink, detectProvider, maskUrl } from './check-link.ts';

const OFFICE_ICS =
  'https://outlook.office365.com/owa/calendar/4f1c2a9be0d54b6c@contoso.com/8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d12345/calendar.ics';

describe('checkLink', () => {
  it('accepts an Office 365 subscription link unchanged', () => {
    expect(checkLink(OFFICE_ICS)).toEqual({ ok: true, url: OFFICE_ICS, notices: [] });
  });

  it.each([
    { name: 'surrounding whitespace and newline', input: `  ${OFFICE_ICS}\n` },
    { name: 'double quotes', input: `"${OFFICE_ICS}"` },
    { name: 'angle brackets from an e-mail', input: `<${OFFICE_ICS}>` },
    { name: 'typographic quotes', input: `\u201c${OFFICE_ICS}\u201d` },
    { name: 'single quotes and a tab', input: `\t'${OFFICE_ICS}'` },
  ])('strips what people paste around a link: $name', ({ input }) => {
    expect(checkLink(input)).toEqual({ ok: true, url: OFFICE_ICS, notices: [] });
  });

  it('converts webcal:// to https:// and says so', () => {
    const result = checkLink('webcal://calendar.example.org/feeds/team.ics');
    expect(result).toEqual({
      ok: true,
      url: 'https://calendar.example.org/feeds/team.ics',
      notices: [{ code: 'webcal_converted' }],
    });
  });

  it('converts webcals:// in any letter case', () => {
    const result = checkLink('WEBCALS://calendar.example.org/team.ics');
    expect(result).toMatchObject({ ok: true, url: 'https://calendar.example.org/team.ics' });
  });

  it('refuses http:// and suggests the https form', () => {
    expect(checkLink('http://mail.contoso.com/owa/calendar/a@contoso.com/b/calendar.ics')).toEqual({
      ok: false,
      code: 'https_required',
      params: { suggestion: 'https://mail.contoso.com/owa/calendar/a@contoso.com/b/calendar.ics' },
    });
  });

  it('points an Outlook HTML view link to its .ics sibling', () => {
    const html = OFFICE_ICS.replace(/calendar\.ics$/, 'calendar.html');
    expect(checkLink(html)).toEqual({ ok: false, code: 'html_view_link', params: { icsUrl: OFFICE_ICS } });
  });

  it('points a reachcalendar.html link to reachcalendar.ics', () => {
    const result = checkLink('https://outlook.office365.com/owa/calendar/x@contoso.com/y/reachcalendar.html');
    expect(result).toEqual({
      ok: false,
      code: 'html_view_link',
      params: { icsUrl: 'https://outlook.office365.com/owa/calendar/x@contoso.com/y/reachcalendar.ics' },
    });
  });

  it('points an on-premises OWA HTML view link to its .ics sibling', () => {
    const result = checkLink('https://mail.contoso.local/owa/calendar/a1b2@contoso.local/c3d4/Calendar.html');
    expect(result).toEqual({
      ok: false,
      code: 'html_view_link',
      params: { icsUrl: 'https://mail.contoso.local/owa/calendar/a1b2@contoso.local/c3d4/Calendar.ics' },
    });
  });

  it.each([
    { name: 'credentials in the link', input: 'https://user:secret@calendar.example.org/a.ics', reason: 'credentials' },
    { name: 'a user name alone', input: 'https://user@calendar.example.org/a.ics', reason: 'credentials' },
    { name: 'an ftp link', input: 'ftp://calendar.example.org/a.ics', reason: 'scheme' },
    { name: 'a file link', input: 'file:///home/me/a.ics', reason: 'scheme' },
    { name: 'a javascript link', input: 'javascript:alert(1)', reason: 'scheme' },
    { name: 'no scheme at all', input: 'calendar.example.org/a.ics', reason: 'no_scheme' },
    { name: 'an empty paste', input: '  "" ', reason: 'empty' },
    { name: 'a broken host', input: 'https://exa mple.org/a.ics', reason: 'unparseable' },
  ])('rejects $name as invalid_url', ({ input, reason }) => {
    expect(checkLink(input)).toEqual({ ok: false, code: 'invalid_url', params: { reason } });
  });

  it('drops a fragment, which is never sent to the server anyway', () => {
    expect(checkLink('https://calendar.example.org/a.ics#top')).toMatchObject({
      ok: true,
      url: 'https://calendar.example.org/a.ics',
    });
  });
});

describe('maskUrl', () => {
  it('shows an Exchange link as host, a fingerprint of its secret id and the file name', () => {
    expect(maskUrl(OFFICE_ICS)).toBe('outlook.office365.com/…/8a7b…2345/calendar.ics');
    expect(maskUrl('https://mail.contoso.local:8443/owa/calendar/a/b/calendar.ics')).toBe('mail.contoso.local:8443/…/calendar.ics');
  });

  it('tells two calendars of one host apart without showing more than a third of the secret', () => {
    const other = OFFICE_ICS.replace('8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d12345', '1f2e3d4c5b6a79880796a5b4c3d2e1f0ab9c8');
    expect(maskUrl(other)).not.toBe(maskUrl(OFFICE_ICS));
    const secret = '8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d12345';
    const shown = maskUrl(OFFICE_ICS)
      .split('/')
      .find((part) => part.includes('…') && part.length > 1)!
      .replace('…', '');
    expect(shown.length * 3).toBeLessThanOrEqual(secret.length);
  });

  it('hides a Google secret address except its basic.ics tail', () => {
    const google = 'https://calendar.google.com/calendar/ical/me%40example.org/private-0123456789abcdef/basic.ics';
    expect(maskUrl(google)).toBe('calendar.google.com/…/priv…cdef/basic.ics');
  });

  it('hides a Nextcloud token that is the last path segment', () => {
    expect(maskUrl('https://cloud.example.org/remote.php/dav/public-calendars/k2Jd8sLq0pXz7YwE?export')).toBe('cloud.example.org/…/…7YwE');
  });

  it('hides a token-like file name', () => {
    expect(maskUrl('https://ics.example.org/feeds/a1b2c3d4e5f6a7b8.ics')).toBe('ics.example.org/…/…a7b8.ics');
  });

  it('never shows the query', () => {
    expect(maskUrl('https://ics.example.org/calendar.ics?token=s3cr3t')).toBe('ics.example.org/calendar.ics');
  });

  it('keeps a non-default port with the host', () => {
    expect(maskUrl('https://mail.contoso.local:8443/owa/calendar/a/b/calendar.ics')).toBe('mail.contoso.local:8443/…/calendar.ics');
  });
});

describe('detectProvider', () => {
  it.each([
    { name: 'Office 365', url: OFFICE_ICS, provider: 'exchange' },
    { name: 'outlook.com', url: 'https://outlook.live.com/owa/calendar/x/y/calendar.ics', provider: 'exchange' },
    { name: 'on-premises OWA', url: 'https://mail.contoso.local/owa/calendar/x/y/calendar.ics', provider: 'exchange' },
    { name: 'Google', url: 'https://calendar.google.com/calendar/ical/x/private-y/basic.ics', provider: 'ics' },
    { name: 'Nextcloud', url: 'https://cloud.example.org/remote.php/dav/public-calendars/t?export', provider: 'ics' },
    { name: 'a look-alike host', url: 'https://notoutlook.com/calendar.ics', provider: 'ics' },
  ])('recognises $name', ({ url, provider }) => {
    expect(detectProvider(url)).toBe(provider);
  });
});
