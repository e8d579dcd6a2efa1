// Several Kairos processes on one PostgreSQL database behind a small round-robin load balancer on
// loopback, as an operator would run them: `kairos serve` nodes (each with its own in-process sync
// worker) and `kairos worker` processes. Used by the multi-node test and by bench/load.ts.
//
//   const cluster = await startCluster({ databaseUrl, serves: 2, workers: 3, env: { ... } });
//   await fetch(`${cluster.url}/api/v1/me`)      // answered by the nodes in turn
//   cluster.answeredBy                          // node index per request, in order
//   await cluster.close();
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWebBuildOnce } from './e2e-server.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const KAIROS = path.join(root, 'bin/kairos.js');
// spawns on two loaded cores: minutes, not seconds
const START_BUDGET_MS = 180_000;

export type ClusterProcess = { role: 'serve' | 'worker'; index: number; child: ChildProcess; output(): string };

export type Cluster = {
  /** the load balancer */
  url: string;
  /** the serve nodes' own addresses */
  nodes: string[];
  /** which serve node answered each request through the balancer, in order */
  answeredBy: number[];
  processes: ClusterProcess[];
  secret: string;
  output(): string;
  close(): Promise<void>;
};

function track(role: ClusterProcess['role'], index: number, child: ChildProcess): ClusterProcess {
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => void (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => void (out += chunk.toString()));
  return { role, index, child, output: () => out };
}

async function waitForListening(process_: ClusterProcess): Promise<string> {
  const deadline = Date.now() + START_BUDGET_MS;
  for (;;) {
    const found = /running on (http:\/\/127\.0\.0\.1:\d+)/.exec(process_.output());
    if (found?.[1]) return found[1];
    if (process_.child.exitCode !== null)
      throw new Error(`kairos serve ${process_.index} exited (${process_.child.exitCode}):\n${process_.output()}`);
    if (Date.now() > deadline)
      throw new Error(`kairos serve ${process_.index} did not listen within ${START_BUDGET_MS} ms:\n${process_.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Round robin over the nodes; every request goes to the next node, keep-alive or not. */
async function startBalancer(nodes: string[], answeredBy: number[]): Promise<{ url: string; close(): Promise<void> }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  let next = 0;
  const server = http.createServer((request, response) => {
    const index = next;
    next = (next + 1) % nodes.length;
    answeredBy.push(index);
    const target = new URL(request.url ?? '/', nodes[index]);
    const upstream = http.request(target, { method: request.method, headers: request.headers, agent }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-test-node': String(index) });
      answer.pipe(response);
    });
    upstream.on('error', (error) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`balancer: node ${index} failed: ${error.message}`);
    });
    request.pipe(upstream);
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

async function stop(process_: ClusterProcess): Promise<void> {
  if (process_.child.exitCode !== null || process_.child.signalCode !== null) return;
  const exited = once(process_.child, 'exit');
  process_.child.kill('SIGTERM');
  await exited;
}

export async function startCluster(options: {
  databaseUrl: string;
  serves: number;
  workers: number;
  env?: Record<string, string>;
}): Promise<Cluster> {
  await ensureWebBuildOnce();
  const secret = randomBytes(32).toString('base64');
  const answeredBy: number[] = [];
  const processes: ClusterProcess[] = [];
  const baseEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    KAIROS_SECRET: secret,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  let balancer: { url: string; close(): Promise<void> } | undefined;
  const close = async () => {
    await balancer?.close();
    await Promise.all(processes.map(stop));
  };
  try {
    // the public address is the balancer's (cookies, same-origin checks): it starts first and
    // learns the nodes' addresses once they listen
    const nodes: string[] = [];
    balancer = await startBalancer(nodes, answeredBy);
    const publicUrl = balancer.url;
    for (let i = 0; i < options.serves; i += 1) {
      const child = spawn(process.execPath, [KAIROS, 'serve'], {
        cwd: root,
        env: { ...baseEnv, KAIROS_PUBLIC_URL: publicUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      processes.push(track('serve', i, child));
    }
    nodes.push(...(await Promise.all(processes.map(waitForListening))));
    for (let i = 0; i < options.workers; i += 1) {
      const child = spawn(process.execPath, [KAIROS, 'worker', '--worker-id', `cluster-worker-${i}`, '--poll-ms', '200'], {
        cwd: root,
        env: { ...baseEnv, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      processes.push(track('worker', i, child));
    }
    return {
      url: balancer.url,
      nodes,
      answeredBy,
      processes,
      secret,
      output: () => processes.map((p) => `--- ${p.role} ${p.index}\n${p.output()}`).join('\n'),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
