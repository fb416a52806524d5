// The portal's own backend: it serves the built page and stands between the browser and the desk, so
// the partner key never lives in the page (docs/client.md, "Keep it on a server"). Signing in hands the
// key to this server once, like a password; it checks it with the desk (`viewer`), keeps it in memory
// behind an HttpOnly, SameSite=Strict session cookie, and adds it to every call the page makes to
// /api/nocdesk, streams (Server-Sent Events) included.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { AuthenticationError, createNocdeskClient, NocdeskError } from '@nocdesk/client';

export interface PortalServerOptions {
  /** The desk's GraphQL endpoint, e.g. https://desk.example.net/graphql. */
  readonly deskUrl: string;
  /** The built page (Vite's outDir). */
  readonly pageDir: string;
  readonly host?: string;
  /** 0: any free port. */
  readonly port?: number;
}

export interface PortalServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Where the page sends its GraphQL calls; the client in the page is created with this URL. */
export const API_PATH = '/api/nocdesk';
const COOKIE = 'nocdesk_portal';
/** A signed-in partner stays signed in this long without using the portal. */
const SESSION_IDLE_MS = 8 * 60 * 60_000;
const MAX_BODY_BYTES = 1024 * 1024;

interface Session {
  readonly key: string;
  readonly customer: string;
  lastUsed: number;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }).end(JSON.stringify(body));
}

function sessionId(request: IncomingMessage): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === COOKIE && value) return value;
  }
  return undefined;
}

export async function startPortalServer(options: PortalServerOptions): Promise<PortalServer> {
  const sessions = new Map<string, Session>();
  const pageDir = path.resolve(options.pageDir);

  function current(request: IncomingMessage): Session | undefined {
    const id = sessionId(request);
    const session = id ? sessions.get(id) : undefined;
    if (!id || !session) return undefined;
    if (Date.now() - session.lastUsed > SESSION_IDLE_MS) {
      sessions.delete(id);
      return undefined;
    }
    session.lastUsed = Date.now();
    return session;
  }

  async function signIn(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // A JSON body only: a form on another site cannot post one without the browser asking first (CORS).
    if (!String(request.headers['content-type']).startsWith('application/json')) return json(response, 415, { error: 'Send JSON.' });
    const { key } = JSON.parse((await readBody(request)).toString('utf8') || '{}') as { key?: unknown };
    if (typeof key !== 'string' || key.trim() === '') return json(response, 400, { error: 'MISSING_KEY' });
    let viewer;
    try {
      viewer = await createNocdeskClient({ url: options.deskUrl, token: key.trim(), retry: { maxRetries: 1 } }).viewer();
    } catch (error) {
      if (error instanceof AuthenticationError) return json(response, 401, { error: 'UNKNOWN_KEY' });
      return json(response, 502, { error: 'DESK_UNREACHABLE', detail: error instanceof NocdeskError ? error.code : 'unknown' });
    }
    if (viewer.kind !== 'PARTNER' || !viewer.customer) return json(response, 403, { error: 'NOT_A_PARTNER_KEY' });
    const id = randomBytes(32).toString('base64url');
    sessions.set(id, { key: key.trim(), customer: viewer.customer.name, lastUsed: Date.now() });
    json(response, 200, { customer: viewer.customer.name }, { 'set-cookie': `${COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/` });
  }

  /** The page's GraphQL call, sent on to the desk with the session's key; answers (and streams) come back as they are. */
  async function proxy(request: IncomingMessage, response: ServerResponse, session: Session): Promise<void> {
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : new Uint8Array(await readBody(request));
    const forwarded: Record<string, string> = { authorization: `Bearer ${session.key}` };
    for (const name of ['content-type', 'accept', 'idempotency-key', 'x-request-id']) {
      const value = request.headers[name];
      if (typeof value === 'string') forwarded[name] = value;
    }
    const query = request.url?.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const abort = new AbortController();
    // The page closed a stream (or went away): close it on the desk too.
    response.on('close', () => abort.abort());
    let upstream: Response;
    try {
      upstream = await fetch(options.deskUrl + query, { method: request.method ?? 'POST', headers: forwarded, body, signal: abort.signal });
    } catch {
      if (!response.headersSent) json(response, 502, { errors: [{ message: 'The desk cannot be reached.' }] });
      return;
    }
    const headers: Record<string, string> = { 'cache-control': 'no-store' };
    for (const name of ['content-type', 'x-request-id', 'retry-after']) {
      const value = upstream.headers.get(name);
      if (value) headers[name] = value;
    }
    response.writeHead(upstream.status, headers);
    if (!upstream.body) return void response.end();
    Readable.fromWeb(upstream.body as NodeReadableStream).on('error', () => response.destroy()).pipe(response);
  }

  function page(request: IncomingMessage, response: ServerResponse): void {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://portal').pathname);
    const file = path.join(pageDir, pathname);
    // Inside the page's folder only; anything unknown is the page itself (it has no other routes).
    const target = file.startsWith(pageDir + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile() ? file : path.join(pageDir, 'index.html');
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(target)] ?? 'application/octet-stream',
      'cache-control': target.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    });
    fs.createReadStream(target).pipe(response);
  }

  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://portal').pathname;
    const handle = async () => {
      if (pathname === '/session') {
        if (request.method === 'POST') return signIn(request, response);
        const session = current(request);
        if (request.method === 'DELETE') {
          const id = sessionId(request);
          if (id) sessions.delete(id);
          return json(response, 204, null, { 'set-cookie': `${COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0` });
        }
        return session ? json(response, 200, { customer: session.customer }) : json(response, 401, { error: 'SIGNED_OUT' });
      }
      if (pathname === API_PATH) {
        const session = current(request);
        // Answered as the desk answers an unknown key, so the page's client raises AuthenticationError.
        if (!session) return json(response, 401, { errors: [{ message: 'Sign in to the portal first.', extensions: { code: 'UNAUTHENTICATED' } }] });
        return proxy(request, response, session);
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') return json(response, 405, { error: 'Method not allowed.' });
      page(request, response);
    };
    handle().catch(() => {
      if (!response.headersSent) json(response, 500, { error: 'The portal failed.' });
      else response.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
