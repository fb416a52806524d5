// GraphQL over HTTP with nothing but `fetch`: the same code runs in browsers, Node 20+, workers and
// tests. Each call gets its own timeout, abort signal, headers and retries; every failure leaves here
// as a NocdeskError subclass carrying the answer's request id.
import {
  errorFromGraphQLErrors,
  NetworkError,
  NocdeskError,
  parseRetryAfter,
  RateLimitedError,
  RequestAbortedError,
  ServerError,
  type GraphQLErrorEntry,
} from './errors.js';
import { retryDelayMs, retryPolicy, type RetryOptions } from './retry.js';

/**
 * The part of `fetch` the client uses. `globalThis.fetch` fits, and so do undici's, node-fetch's and
 * in-process servers' (`yoga.fetch`), whose overloads `typeof fetch` would refuse.
 */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response> | Response;

/** What the client tells `onResponse` about every HTTP answer it got, retries included. */
export interface ResponseInfo {
  /** The answer's `x-request-id`. */
  readonly requestId: string | undefined;
  readonly status: number;
  /** The operation's name, e.g. `CreateTicket`. */
  readonly operationName: string | undefined;
  /** 1 for the first attempt, 2 for the first retry… */
  readonly attempt: number;
}

/** How the client reaches the API. Every optional field also takes `undefined`. */
export interface TransportOptions {
  /** The GraphQL endpoint, e.g. `https://desk.example.net/graphql`. */
  readonly url: string;
  /** A partner API key or a staff token, sent as `Authorization: Bearer <token>`. */
  readonly token?: string | undefined;
  /** Defaults to `globalThis.fetch`; pass your own for proxies, logging or tests. */
  readonly fetch?: FetchLike | undefined;
  /** Extra headers for every request. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Give up on one attempt (a `NetworkError` with `timedOut`) after this long. Default 30 000 ms. */
  readonly timeoutMs?: number | undefined;
  /** Retries of network errors, 5xx and 429; `false` turns them off. See {@link RetryOptions}. */
  readonly retry?: RetryOptions | false | undefined;
  /** Called with every HTTP answer (successes and failures, each retry), e.g. to log request ids. */
  readonly onResponse?: ((response: ResponseInfo) => void) | undefined;
}

/**
 * Options of one call, after its arguments. Every field also takes `undefined`.
 *
 * ### Examples
 * ```ts
 * const controller = new AbortController();
 * const page = await client.tickets.list({ first: 20 }, { signal: controller.signal, timeoutMs: 5_000 });
 * ```
 */
export interface CallOptions {
  /** Aborts the call, retries and waits included: it rejects with `RequestAbortedError`. */
  readonly signal?: AbortSignal | undefined;
  /** Overrides the client's `timeoutMs` for each attempt of this call. */
  readonly timeoutMs?: number | undefined;
  /** Extra headers for this call; they win over the client's. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /**
   * For calls that create something: the key that makes a retry return the first result. Methods
   * that take one (`tickets.create`, `tickets.addMessage`) generate one when you give none; with
   * `request`, put the same key in the mutation's input. It is also sent as `Idempotency-Key`.
   */
  readonly idempotencyKey?: string | undefined;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** One operation to send. */
export interface OperationRequest {
  readonly query: string;
  readonly variables?: Readonly<Record<string, unknown>> | undefined;
}

/** A successful answer: its `data` and request id. */
export interface Answer {
  readonly data: unknown;
  readonly requestId: string | undefined;
}

export type Execute = (operation: OperationRequest, call?: CallOptions) => Promise<Answer>;

interface GraphQLResponseBody {
  readonly data?: unknown;
  readonly errors?: readonly GraphQLErrorEntry[];
}

/** `query`, `mutation` or `subscription`, from the document's first operation (fragments and comments skipped). */
export function operationKind(query: string): 'query' | 'mutation' | 'subscription' {
  const definitions = query.replace(/#[^\n]*/g, '').matchAll(/(?:^|[}\s])(query|mutation|subscription|fragment)\b|(?:^|})\s*(\{)/g);
  for (const match of definitions) {
    if (match[2] === '{') return 'query';
    if (match[1] !== 'fragment') return match[1] as 'query' | 'mutation' | 'subscription';
  }
  return 'query';
}

function operationName(query: string): string | undefined {
  return /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query)?.[1];
}

/** Returns a function that posts one operation, retrying as configured, and resolves with its data or rejects with a NocdeskError. */
export function createTransport(options: TransportOptions): Execute {
  const policy = retryPolicy(options.retry);

  return async (operation, call = {}) => {
    const idempotent = operationKind(operation.query) !== 'mutation' || call.idempotencyKey !== undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        return await attemptOnce(options, operation, call, attempt);
      } catch (error) {
        if (!(error instanceof NocdeskError) || error instanceof RequestAbortedError) throw error;
        const wait = retryDelayMs(error, attempt, policy, idempotent);
        if (wait === undefined) throw error;
        await sleep(wait, call.signal);
      }
    }
  };
}

async function attemptOnce(options: TransportOptions, operation: OperationRequest, call: CallOptions, attempt: number): Promise<Answer> {
  const { signal } = call;
  if (signal?.aborted) throw aborted(signal);
  // Resolved per call, so a polyfill installed after the client was created is still used.
  const fetchImpl: FetchLike | undefined = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw new NetworkError('No fetch implementation: pass `fetch` to createNocdeskClient.');

  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json;q=0.9',
    ...options.headers,
    ...call.headers,
    ...(call.idempotencyKey === undefined ? {} : { 'idempotency-key': call.idempotencyKey }),
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
  };
  const timeoutMs = call.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  // One controller ends the exchange for either reason; the race also covers fetches that ignore
  // their signal or stall in the body.
  const controller = new AbortController();
  let stop: ((error: NocdeskError) => void) | undefined;
  const stopped = new Promise<never>((_resolve, reject) => {
    stop = (error) => {
      controller.abort();
      reject(error);
    };
  });
  const timer = setTimeout(() => stop?.(new NetworkError(`No answer from ${options.url} within ${timeoutMs} ms.`, { timedOut: true })), timeoutMs);
  const onAbort = () => stop?.(aborted(signal));
  signal?.addEventListener('abort', onAbort, { once: true });

  let response: Response;
  let text: string;
  try {
    [response, text] = await Promise.race([exchange(fetchImpl, options.url, { method: 'POST', headers, body: JSON.stringify(operation), signal: controller.signal }), stopped]);
  } catch (error) {
    if (error instanceof NocdeskError) throw error;
    throw new NetworkError(`Could not reach ${options.url}: ${describe(error)}`, { cause: error });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }

  const { status } = response;
  const requestId = response.headers.get('x-request-id') ?? undefined;
  options.onResponse?.({ requestId, status, operationName: operationName(operation.query), attempt });
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  const body = parseBody(text);

  if (status === 429) {
    // The desk says how long in Retry-After (and in the error's extensions); proxies may say it only in the header.
    const said = body?.errors?.[0];
    const fromExtensions = typeof said?.extensions?.retryAfter === 'number' ? said.extensions.retryAfter : undefined;
    const wait = retryAfter ?? fromExtensions;
    const message = typeof said?.message === 'string' ? said.message : `Too many requests${wait === undefined ? '' : `: retry after ${wait} s`}.`;
    throw new RateLimitedError(message, wait, { status, requestId, errors: body?.errors });
  }
  if (status >= 500) {
    throw new ServerError(`The nocdesk server failed with HTTP ${status}.`, { status, requestId, errors: body?.errors, retryAfterSeconds: retryAfter });
  }
  if (body?.errors && body.errors.length > 0) throw errorFromGraphQLErrors(body.errors, status, requestId);
  if (!body) {
    throw new NocdeskError(`Expected a GraphQL response from ${options.url}, got HTTP ${status} with ${response.headers.get('content-type') ?? 'no content type'}.`, 'UNEXPECTED_RESPONSE', { status, requestId });
  }
  if (status >= 400 || body.data === undefined || body.data === null) throw errorFromGraphQLErrors([], status, requestId);
  return { data: body.data, requestId };
}

function aborted(signal: AbortSignal | undefined): RequestAbortedError {
  return new RequestAbortedError('The call was aborted by its signal.', { cause: signal?.reason });
}

/** Waits between attempts; an abort ends the wait at once. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(aborted(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, socket closed…) is in its cause. */
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
