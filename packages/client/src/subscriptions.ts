// @nocdesk/client/subscriptions: live changes as async iterators over Server-Sent Events (graphql-sse,
// distinct-connections mode, which the desk speaks). A separate entry point, so a portal that never
// subscribes does not carry the SSE client. Dropped connections are reopened with backoff; a refusal
// (bad token, unknown ticket) ends the iteration with its error class; `return()` (leaving a
// `for await`) or the caller's signal closes the stream.
import { createClient, type ExecutionResult } from 'graphql-sse';
import { ConversationMessagesDocument, TicketChangedDocument, type TicketEventType } from './_generated_graphql.js';
import type { TypedDocument } from './call.js';
import type { ConversationMessage } from './conversations.js';
import { errorFromGraphQLErrors, NetworkError, NocdeskError, parseRetryAfter, RateLimitedError, ServerError, type GraphQLErrorEntry } from './errors.js';
import type { Ticket } from './tickets.js';
import type { FetchLike, TransportOptions } from './transport.js';

/** How a dropped stream is reopened. Every field also takes `undefined`. */
export interface ReconnectOptions {
  /**
   * Reconnections in a row without an event before the iteration fails (with the last answer's error,
   * else a `NetworkError`); an event received resets the count. Default 10.
   */
  readonly maxAttempts?: number | undefined;
  /** The first wait; each further one doubles it, with jitter, up to `maxDelayMs`. Default 500 ms. */
  readonly initialDelayMs?: number | undefined;
  /** The longest wait between attempts. Default 30 000 ms. */
  readonly maxDelayMs?: number | undefined;
}

/** The client's `url`, `token`, `fetch` and `headers`, and how to reconnect (`false`: never). */
export interface NocdeskSubscriptionsOptions extends Pick<TransportOptions, 'url' | 'token' | 'fetch' | 'headers'> {
  readonly reconnect?: ReconnectOptions | false | undefined;
}

/** What a subscriber hears about its stream. */
export interface StreamInfo {
  /** True when the stream was reopened after a drop: events in between were missed, re-read what matters. */
  readonly reconnected: boolean;
  /** The `x-request-id` of the answer that opened the stream. */
  readonly requestId: string | undefined;
}

/** Options of one subscription. Every field also takes `undefined`. */
export interface SubscribeOptions {
  /** Closes the stream: the iteration ends without an error. */
  readonly signal?: AbortSignal | undefined;
  /** Extra headers for this stream. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Called each time the stream is open, first and after every reconnection. */
  readonly onConnected?: ((info: StreamInfo) => void) | undefined;
}

/** One change to a ticket: the history event that happened and the ticket as it is now. */
export interface TicketChange {
  readonly type: TicketEventType;
  readonly ticket: Ticket;
}

/**
 * Live streams of the nocdesk API.
 *
 * ### Examples
 * ```ts
 * const live = createNocdeskSubscriptions({ url: 'https://desk.example.net/graphql', token: process.env.NOCDESK_TOKEN });
 * for await (const change of live.ticketChanged({ number: 'NCC#1000002' })) {
 *   console.log(change.type, change.ticket.status);
 * }
 * ```
 */
export interface NocdeskSubscriptions {
  /** Changes to your tickets (a partner: its customer's), or to one ticket when `number` is given. */
  ticketChanged(args?: { readonly number?: string | undefined }, options?: SubscribeOptions): AsyncGenerator<TicketChange, void, undefined>;
  /**
   * The lines of one live-assistant conversation as they are written, from both sides and the desk.
   * With `after` (the id of the last line you have) the lines you missed come first; a reconnection
   * resumes after the last line received, so nothing is missed or repeated. The iteration ends
   * after the line that closes or converts the conversation.
   */
  conversationMessages(args: { readonly conversationId: string; readonly after?: string | undefined }, options?: SubscribeOptions): AsyncGenerator<ConversationMessage, void, undefined>;
  /** Any subscription document: its `data`, one event at a time. */
  subscribe<TResult, TVariables>(document: TypedDocument<TResult, TVariables>, variables: TVariables, options?: SubscribeOptions): AsyncGenerator<TResult, void, undefined>;
  /** Closes every open stream of this object. */
  close(): void;
}

const DEFAULT_RECONNECT = { maxAttempts: 10, initialDelayMs: 500, maxDelayMs: 30_000 } as const;

export function createNocdeskSubscriptions(options: NocdeskSubscriptionsOptions): NocdeskSubscriptions {
  const streams = new Set<() => void>();
  const reconnect = options.reconnect === false ? { ...DEFAULT_RECONNECT, maxAttempts: 0 } : {
    maxAttempts: options.reconnect?.maxAttempts ?? DEFAULT_RECONNECT.maxAttempts,
    initialDelayMs: options.reconnect?.initialDelayMs ?? DEFAULT_RECONNECT.initialDelayMs,
    maxDelayMs: options.reconnect?.maxDelayMs ?? DEFAULT_RECONNECT.maxDelayMs,
  };

  /**
   * One stream. `request` is sent again as it is at each reconnection (graphql-sse serialises it per
   * attempt), so a caller may move its variables on, as conversationMessages does with `after`.
   */
  async function* open<TResult>(request: { readonly query: string; readonly variables: Record<string, unknown> }, call: SubscribeOptions = {}): AsyncGenerator<TResult, void, undefined> {
    const { signal } = call;
    if (signal?.aborted) return;
    const fetchImpl: FetchLike | undefined = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') throw new NetworkError('No fetch implementation: pass `fetch` to createNocdeskSubscriptions.');

    // What the last attempt to open the stream answered: a refusal (4xx) is final, a 429 or 5xx says how long to wait.
    let refused: NocdeskError | undefined;
    let requestId: string | undefined;
    const fetchFn = async (url: string, init: RequestInit): Promise<Response> => {
      refused = undefined;
      const response = await fetchImpl(url, init);
      requestId = response.headers.get('x-request-id') ?? undefined;
      refused = response.ok ? undefined : await refusal(response, requestId);
      return response;
    };

    const sse = createClient({
      url: options.url,
      fetchFn,
      headers: { ...options.headers, ...call.headers, ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      retryAttempts: reconnect.maxAttempts,
      retry: async (retries) => {
        if (refused && !(refused instanceof RateLimitedError || refused instanceof ServerError)) throw refused;
        const doubled = Math.min(reconnect.initialDelayMs * 2 ** retries, reconnect.maxDelayMs);
        const asked = refused instanceof RateLimitedError || refused instanceof ServerError ? (refused.retryAfterSeconds ?? 0) * 1000 : 0;
        await new Promise((resolve) => setTimeout(resolve, Math.max(asked, doubled * (0.5 + Math.random() / 2))));
      },
    });
    const iterator = sse.iterate<TResult>(request, { connected: (reconnected) => call.onConnected?.({ reconnected, requestId }) });
    const close = () => void iterator.return?.();
    streams.add(close);
    signal?.addEventListener('abort', close, { once: true });
    try {
      for (;;) {
        let next: IteratorResult<ExecutionResult<TResult, unknown>>;
        try {
          next = await iterator.next();
        } catch (error) {
          // The last answer's own class (a 401 is an AuthenticationError, also with reconnect: false) before "the stream was lost".
          throw refused ?? streamError(error, requestId);
        }
        if (next.done) return;
        const { data, errors } = next.value;
        if (errors && errors.length > 0) throw errorFromGraphQLErrors(errors as readonly GraphQLErrorEntry[], 200, requestId);
        if (data !== undefined && data !== null) yield data;
      }
    } finally {
      streams.delete(close);
      signal?.removeEventListener('abort', close);
      await iterator.return?.();
      sse.dispose();
    }
  }

  const subscribe = <TResult, TVariables>(document: TypedDocument<TResult, TVariables>, variables: TVariables, call?: SubscribeOptions) =>
    open<TResult>({ query: document.toString(), variables: { ...(variables as Record<string, unknown>) } }, call);

  return {
    subscribe,
    async *ticketChanged({ number } = {}, call) {
      for await (const data of subscribe(TicketChangedDocument, { number }, call)) {
        if (data.ticketChanged) yield data.ticketChanged;
      }
    },
    async *conversationMessages({ conversationId, after }, call) {
      const variables: Record<string, unknown> = { conversationId, after };
      const lines = open<{ readonly conversationMessages: ConversationMessage }>({ query: ConversationMessagesDocument.toString(), variables }, call);
      for await (const { conversationMessages: line } of lines) {
        variables.after = line.id;
        yield line;
      }
    },
    close() {
      for (const close of [...streams]) close();
    },
  };
}

/** The error class of a refused attempt to open a stream. */
async function refusal(response: Response, requestId: string | undefined): Promise<NocdeskError> {
  const { status } = response;
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  if (status === 429) return new RateLimitedError('Too many requests.', retryAfter, { status, requestId });
  if (status >= 500) return new ServerError(`The nocdesk server failed with HTTP ${status}.`, { status, requestId, retryAfterSeconds: retryAfter });
  let errors: readonly GraphQLErrorEntry[] = [];
  try {
    const body = (await response.clone().json()) as { readonly errors?: readonly GraphQLErrorEntry[] };
    errors = body.errors ?? [];
  } catch {
    // Not a GraphQL answer: the status alone says what happened.
  }
  return errorFromGraphQLErrors(errors, status, requestId);
}

/** What the SSE client threw, as a NocdeskError: a refusal passes through, anything else is the network. */
function streamError(error: unknown, requestId: string | undefined): NocdeskError {
  if (error instanceof NocdeskError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new NetworkError(`The stream was lost: ${message}`, { cause: error, requestId });
}
