// GraphQL over HTTP with nothing but `fetch`: the same code runs in browsers, Node 20+, workers and
// tests (which pass `yoga.fetch`). Every failure leaves here as a NocdeskError subclass.
import { errorFromGraphQLErrors, NetworkError, NocdeskError, parseRetryAfter, RateLimitedError, ServerError, type GraphQLErrorEntry } from './errors.js';

/**
 * The part of `fetch` the client uses. `globalThis.fetch` fits, and so do undici's, node-fetch's and
 * in-process servers' (`yoga.fetch`), whose overloads `typeof fetch` would refuse.
 */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response> | Response;

/** How the client reaches the API. */
export interface TransportOptions {
  /** The GraphQL endpoint, e.g. `https://desk.example.net/graphql`. */
  readonly url: string;
  /** A partner API key or a staff token, sent as `Authorization: Bearer <token>`. */
  readonly token?: string | undefined;
  /** Defaults to `globalThis.fetch`; pass your own for proxies, retries, logging or tests. */
  readonly fetch?: FetchLike | undefined;
  /** Extra headers for every request. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Give up (with a `NetworkError` whose `timedOut` is true) after this long. Default 30 000 ms. */
  readonly timeoutMs?: number | undefined;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

interface GraphQLResponseBody {
  readonly data?: unknown;
  readonly errors?: readonly GraphQLErrorEntry[];
}

export type Execute = (query: string, variables: Readonly<Record<string, unknown>> | undefined) => Promise<unknown>;

/** Returns a function that posts one operation and resolves with its `data`, or rejects with a NocdeskError. */
export function createTransport(options: TransportOptions): Execute {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json;q=0.9',
    ...options.headers,
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
  };

  return async (query, variables) => {
    // Resolved per call, so a polyfill installed after the client was created is still used.
    const fetchImpl: FetchLike | undefined = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') throw new NetworkError('No fetch implementation: pass `fetch` to createNocdeskClient.');

    // Abort for fetches that honour the signal; race for those that do not (or stall in the body).
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new NetworkError(`No answer from ${options.url} within ${timeoutMs} ms.`, { timedOut: true }));
      }, timeoutMs);
    });
    let response: Response;
    let text: string;
    try {
      [response, text] = await Promise.race([exchange(fetchImpl, options.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal: controller.signal }), timedOut]);
    } catch (error) {
      if (error instanceof NetworkError) throw error;
      throw new NetworkError(`Could not reach ${options.url}: ${describe(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }

    const { status } = response;
    if (status === 429) {
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      throw new RateLimitedError(`Too many requests${retryAfter === undefined ? '' : `: retry after ${retryAfter} s`}.`, retryAfter, { status });
    }

    const body = parseBody(text);
    if (body?.errors && body.errors.length > 0) throw errorFromGraphQLErrors(body.errors, status);
    if (status >= 500) throw new ServerError(`The nocdesk server failed with HTTP ${status}.`, { status });
    if (!body) throw new NocdeskError(`Expected a GraphQL response from ${options.url}, got HTTP ${status} with ${response.headers.get('content-type') ?? 'no content type'}.`, 'UNEXPECTED_RESPONSE', { status });
    if (status >= 400 || body.data === undefined || body.data === null) {
      throw errorFromGraphQLErrors([], status);
    }
    return body.data;
  };
}

/** Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND…) is in its cause. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { readonly code?: unknown; readonly message?: unknown } | undefined;
  const reason = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : undefined;
  return reason ? `${error.message} (${reason})` : error.message;
}

async function exchange(fetchImpl: FetchLike, url: string, init: RequestInit): Promise<[Response, string]> {
  const response = await fetchImpl(url, init);
  return [response, await response.text()];
}

function parseBody(text: string): GraphQLResponseBody | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && ('data' in parsed || 'errors' in parsed) ? (parsed as GraphQLResponseBody) : undefined;
  } catch {
    return undefined;
  }
}
