// What the transport does with HTTP answers a real desk does not give on demand (a gateway's HTML
// 502, a 503 with Retry-After, a 429 asking for an hour), against a fake fetch: each failure is its
// own class with what a portal needs to react, and the retry rules hold.
import { createNocdeskClient, NetworkError, NocdeskError, RateLimitedError, ServerError, type NocdeskClient, type NocdeskClientOptions } from '@nocdesk/client';
import { describe, expect, it, vi } from 'vitest';
import { parseRetryAfter } from '../src/errors.js';
import { retryDelayMs, retryPolicy } from '../src/retry.js';
import { operationKind } from '../src/transport.js';

const URL = 'https://desk.example.net/graphql';
const FAST = { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 2 } as const;

function clientAnswering(answer: (request: Request, attempt: number) => Response | Promise<Response>, options: Partial<NocdeskClientOptions> = {}): { client: NocdeskClient; calls: () => number } {
  let attempt = 0;
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => answer(new Request(input, { ...init, signal: null }), ++attempt);
  return { client: createNocdeskClient({ url: URL, fetch, retry: FAST, ...options }), calls: () => attempt };
}

const json = (body: unknown, init: ResponseInit = {}) => new Response(JSON.stringify(body), { ...init, headers: { 'content-type': 'application/json', 'x-request-id': 'req-1', ...init.headers } });

describe('answers that are failures', () => {
  it('a gateway’s HTML 502 is a ServerError with its status and request id', async () => {
    const { client } = clientAnswering(() => new Response('<h1>Bad gateway</h1>', { status: 502, headers: { 'content-type': 'text/html', 'x-request-id': 'gw-9' } }), { retry: false });
    const error = await client.viewer().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ code: 'SERVER_ERROR', status: 502, requestId: 'gw-9' });
  });

  it('a page that is not a GraphQL answer is reported as such', async () => {
    const { client } = clientAnswering(() => new Response('<html>login</html>', { status: 200, headers: { 'content-type': 'text/html' } }));
    const error = await client.viewer().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NocdeskError);
    expect(error).toMatchObject({ code: 'UNEXPECTED_RESPONSE', status: 200 });
  });

  it('an unknown extensions.code is passed through on a NocdeskError', async () => {
    const { client } = clientAnswering(() => json({ errors: [{ message: 'Too big.', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] }, { status: 413 }));
    const error = await client.viewer().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413, requestId: 'req-1' });
  });

  it('a fetch that throws is a NetworkError keeping the cause', async () => {
    const cause = new TypeError('fetch failed');
    const { client } = clientAnswering(() => Promise.reject(cause), { retry: false });
    const error = await client.viewer().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', timedOut: false, cause });
  });

  it('a fetch that ignores its signal still times out', async () => {
    const { client } = clientAnswering(() => new Promise<Response>(() => {}), { timeoutMs: 20, retry: false });
    const error = await client.viewer().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT', timedOut: true });
  });
});

describe('retries', () => {
  it('a 503 then an answer: the query is retried and answers', async () => {
    const { client, calls } = clientAnswering((_request, attempt) => (attempt === 1 ? json({ errors: [{ message: 'Down.' }] }, { status: 503 }) : json({ data: { hotlines: [] } })));
    expect(await client.hotlines.list()).toEqual([]);
    expect(calls()).toBe(2);
  });

  it('a 5xx on a mutation without a key is not retried; with a key it is', async () => {
    const failing = () => json({ errors: [{ message: 'Boom.' }] }, { status: 500 });
    const reopen = clientAnswering(failing);
    await expect(reopen.client.tickets.reopen({ ticketId: 't', reason: 'r' })).rejects.toBeInstanceOf(ServerError);
    expect(reopen.calls()).toBe(1);

    const create = clientAnswering(failing);
    await expect(create.client.tickets.create({ reporterEmail: 'noc@acme.example', subject: 's', description: 'd' })).rejects.toBeInstanceOf(ServerError);
    expect(create.calls()).toBe(3);
  });

  it('a 429 is retried even for a mutation without a key (nothing ran), waiting its Retry-After', async () => {
    const { client, calls } = clientAnswering((_r, attempt) => (attempt === 1 ? json({ errors: [{ message: 'Slow down.' }] }, { status: 429, headers: { 'retry-after': '0' } }) : json({ data: { reopenTicket: { __typename: 'MutationReopenTicketSuccess', ticket: { id: 't' } } } })));
    await client.tickets.reopen({ ticketId: 't', reason: 'r' });
    expect(calls()).toBe(2);
  });

  it('a 429 asking for longer than maxRetryAfterMs goes to the caller at once, with retryAfterSeconds', async () => {
    const { client, calls } = clientAnswering(() => json({ errors: [{ message: 'Slow down.' }] }, { status: 429, headers: { 'retry-after': '3600' } }));
    const error = await client.hotlines.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterSeconds: 3600, requestId: 'req-1' });
    expect(calls()).toBe(1);
  });

  it('backs off exponentially with jitter, capped, Stripe-style', () => {
    const policy = retryPolicy({ initialDelayMs: 500, maxDelayMs: 5_000 });
    const network = new NetworkError('lost');
    expect(retryDelayMs(network, 1, policy, true, () => 0)).toBe(500);
    expect(retryDelayMs(network, 2, policy, true, () => 1)).toBe(1_000);
    expect(retryDelayMs(network, 2, policy, true, () => 0)).toBe(500);
    expect(retryDelayMs(network, 2, { ...policy, maxRetries: 9 }, true, () => 1)).toBe(1_000);
    expect(retryDelayMs(network, 9, { ...policy, maxRetries: 9 }, true, () => 1)).toBe(5_000);
    expect(retryDelayMs(network, 3, policy, true)).toBeUndefined();
    expect(retryDelayMs(network, 1, policy, false)).toBeUndefined();
    expect(retryDelayMs(new RateLimitedError('slow', 30), 1, policy, false, () => 0)).toBe(30_000);
    expect(retryDelayMs(new RateLimitedError('slow', 61), 1, policy, false)).toBeUndefined();
  });

  it('retry-after may be an HTTP date', () => {
    const now = Date.parse('2026-11-26T09:00:00Z');
    expect(parseRetryAfter('Thu, 26 Nov 2026 09:01:30 GMT', now)).toBe(90);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('requests', () => {
  it('posts JSON with the bearer token, the client’s and the call’s headers, and the idempotency key', async () => {
    const seen = vi.fn((_request: Request, _body: unknown) => undefined);
    const { client } = clientAnswering(
      async (request) => {
        seen(request, await request.json());
        return json({ data: { createTicket: { __typename: 'MutationCreateTicketSuccess', ticket: { id: 't' } } } });
      },
      { token: 'partner-key', headers: { 'x-portal': 'acme' } },
    );
    await client.tickets.create({ reporterEmail: 'noc@acme.example', subject: 's', description: 'd' }, { headers: { 'x-form': 'outage' }, idempotencyKey: 'form-1' });

    const [request, body] = seen.mock.calls[0]!;
    expect(request.headers.get('authorization')).toBe('Bearer partner-key');
    expect(request.headers.get('x-portal')).toBe('acme');
    expect(request.headers.get('x-form')).toBe('outage');
    expect(request.headers.get('idempotency-key')).toBe('form-1');
    expect(body).toMatchObject({ query: expect.stringContaining('mutation CreateTicket'), variables: { input: { idempotencyKey: 'form-1' } } });
  });

  it('uses globalThis.fetch when none is given', async () => {
    const fetch = vi.fn(async () => json({ data: { hotlines: [] } }));
    vi.stubGlobal('fetch', fetch);
    try {
      await createNocdeskClient({ url: URL }).hotlines.list();
      expect(fetch).toHaveBeenCalledOnce();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('tells queries from mutations by the document’s first operation', () => {
    expect(operationKind('# a comment\nmutation CreateTicket { x }')).toBe('mutation');
    expect(operationKind('fragment F on T { a }\nquery Q { ...F }')).toBe('query');
    expect(operationKind('{ viewer { kind } }')).toBe('query');
    expect(operationKind('subscription S { ticketChanged { type } }')).toBe('subscription');
  });
});
