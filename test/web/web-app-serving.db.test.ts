import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// The server serves the built web app at / and answers deep links with it, while the API, the
// docs and the probes keep their own answers (issue 9 "Foundations").
describe('serving the web app', () => {
  let t: TestApp;
  let dist: string;
  const html = { accept: 'text/html,application/xhtml+xml' };

  beforeAll(async () => {
    dist = mkdtempSync(path.join(tmpdir(), 'kairos-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(
      path.join(dist, 'index.html'),
      '<!doctype html><title>Kairos</title><script type="module" src="/assets/app-1a2b.js"></script>',
    );
    writeFileSync(path.join(dist, 'assets', 'app-1a2b.js'), 'console.log("kairos")');
    t = await createTestApp({ webDistDir: dist });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('answers / and every deep link a browser opens with index.html, never cached', async () => {
    for (const url of ['/', '/connected-services', '/profile', '/invite?token=abc', '/login?next=%2Fprofile']) {
      const page = await t.call('GET', url, { headers: html });
      expect(page.status, url).toBe(200);
      expect(page.body).toContain('/assets/app-1a2b.js');
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    }
  });

  it('serves hashed assets with a long cache', async () => {
    const script = await t.call('GET', '/assets/app-1a2b.js');
    expect(script.status).toBe(200);
    expect(script.body).toContain('kairos');
    expect(String(script.headers['cache-control'])).toContain('immutable');
    expect((await t.call('GET', '/assets/missing.js', { headers: html })).status).toBe(404);
  });

  it('never shadows the API, the docs or the probes', async () => {
    const missing = await t.call('GET', '/api/v1/nothing-here', { headers: html });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('route_not_found');
    expect((await t.call('GET', '/api/v1/me', { headers: html })).status).toBe(401);
    expect((await t.call('GET', '/healthz', { headers: html })).body).toEqual({ ok: true });
    expect((await t.call('GET', '/api/docs/', { headers: html })).status).toBe(200);
    // an API client asking for JSON at an unknown path still gets the error shape
    expect((await t.call('GET', '/not-a-page')).body.error.code).toBe('route_not_found');
    expect((await t.call('POST', '/connected-services', { headers: html })).status).toBe(404);
  });
});
