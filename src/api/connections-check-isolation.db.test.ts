import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CalendarTestEnv, createCalendarTestEnv } from '../../test/support/calendar-env.ts';
import type { SignedUp } from '../../test/support/test-app.ts';

// Issue 8: one 627-byte VEVENT like these blocked the whole process (/healthz too) for 15 s.
const list = (count: number) => Array.from({ length: count }, (_, index) => index).join(',');
const HOSTILE_FEED = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Hostile//EN',
  ...Array.from({ length: 16 }, (_, index) => [
    'BEGIN:VEVENT',
    `UID:hostile-${index}`,
    'DTSTART:20270101T000000Z',
    'SUMMARY:Every second',
    `RRULE:FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=${list(24)};BYMINUTE=${list(60)};BYSECOND=${list(60)}`,
    'END:VEVENT',
  ]).flat(),
  'END:VCALENDAR',
  '',
].join('\r\n');
const HEALTHZ_BAR_MS = 100;

let env: CalendarTestEnv;
let user: SignedUp;
let base: string;

beforeAll(async () => {
  env = await createCalendarTestEnv();
  user = await env.t.signup('hostile@isolation.test');
  env.server.route('/owa/calendar/hostile/calendar.ics', { body: HOSTILE_FEED });
  await env.t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(env.t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => env.close());

describe('a hostile feed being checked', () => {
  it(`does not delay /healthz by more than ${HEALTHZ_BAR_MS} ms`, async () => {
    let checking = true;
    const check = env.t
      .call('POST', '/api/v1/connections/check', {
        token: user.token,
        body: { url: env.server.url('/owa/calendar/hostile/calendar.ics'), fetch: true },
      })
      .finally(() => {
        checking = false;
      });
    const latencies: number[] = [];
    while (checking) {
      const started = performance.now();
      const reply = await fetch(`${base}/healthz`);
      await reply.text();
      // only calls answered while the check was still running count
      if (checking) latencies.push(performance.now() - started);
    }
    const reply = await check;
    expect(reply.body).toMatchObject({ ok: true, fetch: { ok: true } });
    expect(reply.body.fetch.eventCount).toBeGreaterThan(10_000);
    // the feed keeps the worker busy for a second or more: enough calls to judge
    expect(latencies.length).toBeGreaterThanOrEqual(5);
    const median = [...latencies].sort((a, b) => a - b)[Math.floor(latencies.length / 2)] as number;
    expect(median).toBeLessThan(HEALTHZ_BAR_MS);
  });
});
