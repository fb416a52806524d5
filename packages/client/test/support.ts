// The client's one test-support module: a real desk on 127.0.0.1 started through @nocdesk/server's
// public API (loadConfig, startServer, seedDemo), on a fresh SQLite file, with an injected clock and a
// restart that keeps its data and port; and a proxy that loses answers on purpose, like a network
// dropping a connection after the desk has done the work.
import fs from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createNocdeskClient, type NocdeskClient, type NocdeskClientOptions } from '@nocdesk/client';
import { loadConfig, seedDemo, startServer, type DemoCredentials, type RunningServer } from '@nocdesk/server';

/** The bootstrap admin token of every test desk (NOCDESK_ADMIN_TOKEN). */
export const ADMIN_TOKEN = 'client-test-admin-4f9c2e71b8';

export interface RunningDesk {
  /** The GraphQL endpoint, `http://127.0.0.1:<port>/graphql`. */
  readonly url: string;
  readonly credentials: DemoCredentials;
  /** The running server of the moment (a restart replaces it). */
  readonly server: RunningServer;
  /** A client of this desk with `token` (none: anonymous); retries are fast so suites stay quick. */
  client(token?: string, options?: Partial<NocdeskClientOptions>): NocdeskClient;
  /** Moves the injected clock. */
  advance(ms: number): void;
  /** Stops the server and starts it again on the same port and data, as an operator's restart would. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface StartDeskOptions {
  /** More environment for loadConfig, e.g. `{ NOCDESK_TICKET_PREFIX: 'NOC-' }`. */
  readonly env?: Readonly<Record<string, string>>;
  /** Also listen for mail, on an ephemeral port (`server.smtpPort`). */
  readonly smtp?: boolean;
  /** Let the dispatcher send the outbox this often; by default it waits for the test (runOnce). */
  readonly dispatchIntervalMs?: number;
}

/** Quick retries for the suites; the defaults (500 ms doubling to 5 s) are for the real world. */
export const TEST_RETRY = { maxRetries: 2, initialDelayMs: 10, maxDelayMs: 50 } as const;

export async function startDesk(options: StartDeskOptions = {}): Promise<RunningDesk> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-client-'));
  let clock = Date.parse('2026-11-26T09:00:00.000Z');
  const now = () => new Date(clock);
  const start = (port: number) =>
    startServer(
      loadConfig({
        NOCDESK_DATA_DIR: dataDir,
        NOCDESK_ADMIN_TOKEN: ADMIN_TOKEN,
        HOST: '127.0.0.1',
        PORT: String(port),
        SMTP_PORT: '0',
        NOCDESK_MAIL_FROM: 'ncc@nocdesk.example',
        // Each request's log line is the operator's; the suites read answers instead.
        LOG_LEVEL: 'warn',
        ...options.env,
      }),
      // The dispatcher and scheduler wait for the test: nothing moves unless a test says so.
      { now, dispatchIntervalMs: options.dispatchIntervalMs ?? 3_600_000, runScheduler: false, ...(options.smtp ? { smtpPort: 0 } : {}) },
    );

  let server = await start(0);
  const { credentials } = await seedDemo(server.desk);
  if (!credentials) throw new Error('the desk did not seed its demo data');
  const port = server.httpPort;

  return {
    get url() {
      return server.url;
    },
    credentials,
    get server() {
      return server;
    },
    client(token, clientOptions = {}) {
      return createNocdeskClient({ url: server.url, retry: TEST_RETRY, ...(token ? { token } : {}), ...clientOptions });
    },
    advance(ms) {
      clock += ms;
    },
    async restart() {
      await server.close();
      server = await start(port);
    },
    async close() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Proxy {
  /** The proxy's GraphQL endpoint. */
  readonly url: string;
  /** The request bodies that reached the desk through the proxy, in order. */
  readonly forwarded: readonly unknown[];
  close(): Promise<void>;
}

/** What goes wrong between the client and the desk. */
export interface Faults {
  /** Which requests lose their answer: the desk does the work, the connection is then destroyed. */
  readonly drop?: (body: unknown) => boolean;
  /** How many of the requests `drop` picks lose their answer (default 1). */
  readonly drops?: number;
  /** Holds every answer this long before passing it on (a slow link). */
  readonly holdMs?: number;
}

/**
 * An HTTP proxy on 127.0.0.1 in front of `target`: it forwards every request to the desk and waits for
 * the whole answer, then passes it on, or (for the requests `faults.drop` picks) destroys the
 * connection instead of answering: the desk did the work, the caller never hears of it.
 */
export async function startProxy(target: string, faults: Faults = {}): Promise<Proxy> {
  const forwarded: unknown[] = [];
  let drops = faults.drops ?? 1;
  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const parsed: unknown = body.length > 0 ? JSON.parse(body.toString('utf8')) : undefined;
      forwarded.push(parsed);
      const headers = Object.fromEntries(Object.entries(request.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && !['host', 'content-length', 'connection'].includes(entry[0])));
      const answer = await fetch(target, { method: request.method ?? 'POST', headers, body: body.length > 0 ? body.toString('utf8') : null });
      const text = await answer.text();
      if (drops > 0 && faults.drop?.(parsed)) {
        drops--;
        request.socket.destroy();
        return;
      }
      if (faults.holdMs) await new Promise((resolve) => setTimeout(resolve, faults.holdMs));
      if (request.socket.destroyed) return;
      response.writeHead(answer.status, Object.fromEntries([...answer.headers].filter(([name]) => !['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(name))));
      response.end(text);
    })().catch(() => request.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
