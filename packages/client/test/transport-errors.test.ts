// What reaches a portal when the HTTP exchange itself fails, against a fake fetch: each failure is
// its own class, with what the portal needs to react (retry-after, status, timedOut).
import { createNocdeskClient, NetworkError, NocdeskError, RateLimitedError, ServerError, type NocdeskClient } from '@nocdesk/client';
import { describe, expect, it, vi } from 'vitest';
import { parseRetryAfter } from '../src/errors.js';

const URL = 'https://desk.example.net/graphql';

function clientAnswering(answer: (request: Request) => Response | Promise<Response>, options: { timeoutMs?: number; token?: string; headers?: Record<string, string> } = {}): NocdeskClient {
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => answer(new Request(input, { ...init, signal: null }));
  return createNocdeskClient({ url: URL, fetch, ...options });
}

const json = (body: unknown, init: ResponseInit = {}) => new Response(JSON.stringify(body), { ...init, headers: { 'content-type': 'application/json', ...init.headers } });

describe('transport errors', () => {
  it('429 becomes RateLimitedError with retry-after in seconds', async () => {
    const client = clientAnswering(() => json({ errors: [{ message: 'Slow down.' }] }, { status: 429, headers: { 'retry-after': '30' } }));
    const error = await client.hotlines().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterSeconds: 30 });
  });

  it('retry-after may be an HTTP date', () => {
    const now = Date.parse('2026-11-26T09:00:00Z');
    expect(parseRetryAfter('Thu, 26 Nov 2026 09:01:30 GMT', now)).toBe(90);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('5xx becomes ServerError, with or without a GraphQL body', async () => {
    const html = await clientAnswering(() => new Response('<h1>Bad gateway</h1>', { status: 502, headers: { 'content-type': 'text/html' } })).viewer().catch((e: unknown) => e);
    expect(html).toBeInstanceOf(ServerError);
    expect(html).toMatchObject({ code: 'SERVER_ERROR', status: 502 });

    const graphql = await clientAnswering(() => json({ errors: [{ message: 'Unexpected error.' }] }, { status: 500 })).viewer().catch((e: unknown) => e);
    expect(graphql).toBeInstanceOf(ServerError);
    expect((graphql as ServerError).errors).toHaveLength(1);
  });

  it('the abort signal reaches fetch when the time is up', async () => {
    let signal: AbortSignal | undefined;
    const fetch = (_input: RequestInfo | URL, init?: RequestInit) => {
      signal = init?.signal ?? undefined;
      return new Promise<Response>((_resolve, reject) => signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    };
    const error = await createNocdeskClient({ url: URL, fetch, timeoutMs: 20 }).viewer().catch((e: unknown) => e);
    expect(error).toMatchObject({ timedOut: true });
    expect(signal?.aborted).toBe(true);
  });

  it('a fetch that throws becomes NetworkError, keeping the cause', async () => {
    const cause = new TypeError('fetch failed');
    const error = await clientAnswering(() => Promise.reject(cause)).viewer().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', timedOut: false, cause });
  });

  it('no answer within timeoutMs becomes NetworkError with timedOut', async () => {
    // A fetch that ignores its abort signal: the client must give up anyway.
    const never = () => new Promise<Response>(() => {});
    const error = await clientAnswering(never, { timeoutMs: 20 }).viewer().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'TIMEOUT', timedOut: true });
  });

  it('a page that is not a GraphQL response is reported as such', async () => {
    const error = await clientAnswering(() => new Response('<html>login</html>', { status: 200, headers: { 'content-type': 'text/html' } })).viewer().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NocdeskError);
    expect(error).toMatchObject({ code: 'UNEXPECTED_RESPONSE', status: 200 });
  });

  it('an unknown extensions.code is passed through on a NocdeskError', async () => {
    const error = await clientAnswering(() => json({ errors: [{ message: 'Too big.', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] }, { status: 413 })).viewer().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NocdeskError);
    expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
  });
});

describe('requests', () => {
  it('posts JSON with the bearer token and the extra headers', async () => {
    const seen = vi.fn((_request: Request, _body: unknown) => undefined);
    const client = clientAnswering(
      async (request) => {
        seen(request, await request.json());
        return json({ data: { hotlines: [] } });
      },
      { token: 'partner-key', headers: { 'x-portal': 'acme' } },
    );
    await client.hotlines('Europe');

    const [request, body] = seen.mock.calls[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(URL);
    expect(request.headers.get('authorization')).toBe('Bearer partner-key');
    expect(request.headers.get('x-portal')).toBe('acme');
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(body).toMatchObject({ query: expect.stringContaining('query Hotlines'), variables: { region: 'Europe' } });
  });

  it('uses globalThis.fetch when none is given', async () => {
    const fetch = vi.fn(async () => json({ data: { hotlines: [] } }));
    vi.stubGlobal('fetch', fetch);
    try {
      await createNocdeskClient({ url: URL }).hotlines();
      expect(fetch).toHaveBeenCalledOnce();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
