// The bench's Exchange-imitating HTTPS server in its own process (so it does not share the
// measured process's CPU). Driven over IPC by bench/sync.ts:
//   → { type: 'start', tls, routes: [{ path, body, etag? }] }   ← { type: 'ready', port }
//   → { type: 'count' }                                        ← { type: 'count', requests }
import { startExchangeServer } from '../test/support/exchange-server.ts';
import type { TestCertificate } from '../test/support/test-ca.ts';

type Start = { type: 'start'; tls: TestCertificate; routes: { path: string; body: string; etag?: string }[] };
type Message = Start | { type: 'count' } | { type: 'stop' };

let server: Awaited<ReturnType<typeof startExchangeServer>> | undefined;

process.on('message', (message: Message) => {
  void (async () => {
    if (message.type === 'start') {
      server = await startExchangeServer({ tls: message.tls });
      for (const route of message.routes)
        server.route(route.path, { body: route.body, gzip: true, ...(route.etag && { etag: route.etag }) });
      process.send?.({ type: 'ready', port: server.port });
    } else if (message.type === 'count') {
      process.send?.({ type: 'count', requests: server?.requests.length ?? 0 });
    } else {
      await server?.close();
      process.exit(0);
    }
  })();
});
