import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAILGATE_EXIT, runMailgate } from '../../src/channels/email/inbound/mailgate.js';
import { fixtureBytes } from './fixture.js';

type Handler = (body: { query: string; variables: { raw: string } }, request: IncomingMessage, response: ServerResponse) => void;

let server: Server;
let baseUrl: string;
const routes = new Map<string, Handler>();

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const handler = routes.get(request.url ?? '');
      if (!handler) return json(response, 404, {});
      handler(JSON.parse(text), request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function route(path: string, handler: Handler): string {
  routes.set(path, handler);
  return `${baseUrl}${path}`;
}

const RAW = fixtureBytes('spanish-iso-8859-1-qp');

function gate(url: string, token = 'admin-token', timeoutMs = 2_000) {
  return runMailgate({ raw: RAW, url, token, timeoutMs });
}

describe('runMailgate', () => {
  it('posts the message base64-encoded with the bearer token and exits 0 on success', async () => {
    let seen: { authorization?: string; raw?: string; query?: string } = {};
    const url = route('/ok', (body, request, response) => {
      seen = { authorization: request.headers.authorization, raw: body.variables.raw, query: body.query };
      json(response, 200, { data: { ingestEmail: { __typename: 'IngestEmailSuccess', outcome: 'TICKET_CREATED', ticket: { number: '1000426' } } } });
    });
    expect(await gate(url)).toEqual({ exitCode: 0, message: 'TICKET_CREATED ticket 1000426' });
    expect(seen.authorization).toBe('Bearer admin-token');
    expect(Buffer.from(seen.raw ?? '', 'base64').equals(RAW)).toBe(true);
    expect(seen.query).toContain('ingestEmail(raw: $raw, encoding: BASE64)');
  });

  it('exits 0 for a stored rejection (unregistered sender): the message is kept, nothing to bounce', async () => {
    const url = route('/stored-rejection', (_body, _request, response) =>
      json(response, 200, { data: { ingestEmail: { __typename: 'IngestEmailSuccess', outcome: 'REJECTED_UNREGISTERED_SENDER', ticket: null } } }),
    );
    expect(await gate(url)).toEqual({ exitCode: MAILGATE_EXIT.OK, message: 'REJECTED_UNREGISTERED_SENDER' });
  });

  it('exits 65 for a message that can never be accepted', async () => {
    const typed = route('/too-large', (_body, _request, response) =>
      json(response, 200, { data: { ingestEmail: { __typename: 'MessageTooLargeError', message: 'message exceeds 25 MB' } } }),
    );
    expect(await gate(typed)).toEqual({ exitCode: 65, message: 'MessageTooLargeError: message exceeds 25 MB' });
    const coded = route('/too-large-code', (_body, _request, response) =>
      json(response, 200, { errors: [{ message: 'too large', extensions: { code: 'MESSAGE_TOO_LARGE' } }], data: null }),
    );
    expect((await gate(coded)).exitCode).toBe(65);
    const http413 = route('/413', (_body, _request, response) => json(response, 413, {}));
    expect((await gate(http413)).exitCode).toBe(65);
  });

  it('exits 65 for a message the server can never parse', async () => {
    const typed = route('/unparseable', (_body, _request, response) =>
      json(response, 200, { data: { ingestEmail: { __typename: 'UnparseableMessageError', message: 'The message cannot be parsed: Maximum MIME nesting depth of 64 levels exceeded' } } }),
    );
    expect((await gate(typed)).exitCode).toBe(MAILGATE_EXIT.DATAERR);
    const coded = route('/unparseable-code', (_body, _request, response) =>
      json(response, 200, { errors: [{ message: 'cannot be parsed', extensions: { code: 'UNPARSEABLE_MESSAGE' } }], data: null }),
    );
    expect((await gate(coded)).exitCode).toBe(MAILGATE_EXIT.DATAERR);
  });

  it.each([401, 403])('exits 77 on HTTP %i', async (status) => {
    const url = route(`/${status}`, (_body, _request, response) => json(response, status, { errors: [{ message: 'no' }] }));
    expect((await gate(url)).exitCode).toBe(MAILGATE_EXIT.NOPERM);
  });

  it('exits 77 on a GraphQL UNAUTHENTICATED error', async () => {
    const url = route('/unauthenticated', (_body, _request, response) =>
      json(response, 200, { errors: [{ message: 'not allowed', extensions: { code: 'UNAUTHENTICATED' } }] }),
    );
    expect((await gate(url)).exitCode).toBe(77);
  });

  it.each([500, 502, 503, 429])('exits 75 on HTTP %i', async (status) => {
    const url = route(`/status-${status}`, (_body, _request, response) => json(response, status, {}));
    expect((await gate(url)).exitCode).toBe(MAILGATE_EXIT.TEMPFAIL);
  });

  it('exits 75 on an unexpected GraphQL error or a non-JSON answer', async () => {
    const validation = route('/validation', (_body, _request, response) =>
      json(response, 400, { errors: [{ message: 'Unknown argument "encoding"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] }),
    );
    expect((await gate(validation)).exitCode).toBe(75);
    const html = route('/html', (_body, _request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>'));
    expect((await gate(html)).exitCode).toBe(75);
  });

  it('exits 75 on a timeout', async () => {
    const url = route('/slow', (_body, _request, response) => setTimeout(() => json(response, 200, {}), 1_000));
    const result = await gate(url, 'admin-token', 100);
    expect(result).toEqual({ exitCode: 75, message: 'server unreachable: timed out after 100 ms' });
  });

  it('exits 75 when the server is unreachable', async () => {
    expect((await gate('http://127.0.0.1:1/graphql')).exitCode).toBe(75);
  });

  it('exits 64 without a URL or a token, or with a malformed URL', async () => {
    expect(await gate('', 'admin-token')).toEqual({ exitCode: 64, message: 'missing server URL' });
    expect(await gate(`${baseUrl}/ok`, '')).toEqual({ exitCode: 64, message: 'missing token' });
    expect((await gate('not a url')).exitCode).toBe(64);
  });

  it('uses the injected fetch', async () => {
    const fakeFetch: typeof fetch = async () =>
      new Response(JSON.stringify({ data: { ingestEmail: { __typename: 'IngestEmailSuccess', outcome: 'DUPLICATE' } } }));
    expect(await runMailgate({ raw: RAW, url: 'http://nocdesk.invalid/graphql', token: 't', timeoutMs: 1_000, fetch: fakeFetch })).toEqual({
      exitCode: 0,
      message: 'DUPLICATE',
    });
  });
});
