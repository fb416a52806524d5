// When the client tries a call again and how long it waits first: exponential backoff with jitter,
// capped like Stripe's clients (Retry-After honoured up to a minute, never a blind wait past it).
import { NetworkError, RateLimitedError, ServerError, type NocdeskError } from './errors.js';

/**
 * How the client retries network errors, 5xx answers and 429s. Every field also takes `undefined`.
 * A call that creates something is retried after an ambiguous failure only with an idempotency key.
 */
export interface RetryOptions {
  /** Retries after the first attempt; 0 turns retrying off. Default 2. */
  readonly maxRetries?: number | undefined;
  /** The first wait; each further one doubles it, with jitter, up to `maxDelayMs`. Default 500 ms. */
  readonly initialDelayMs?: number | undefined;
  /** The longest computed wait. Default 5 000 ms. */
  readonly maxDelayMs?: number | undefined;
  /**
   * The longest `Retry-After` the client waits for. A server asking for longer gets no retry: the
   * error (with `retryAfterSeconds`) goes to the caller, who decides. Default 60 000 ms.
   */
  readonly maxRetryAfterMs?: number | undefined;
}

export interface RetryPolicy {
  readonly maxRetries: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 2, initialDelayMs: 500, maxDelayMs: 5_000, maxRetryAfterMs: 60_000 };

export function retryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  if (options === false) return { ...DEFAULT_RETRY_POLICY, maxRetries: 0 };
  return {
    maxRetries: options?.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
    initialDelayMs: options?.initialDelayMs ?? DEFAULT_RETRY_POLICY.initialDelayMs,
    maxDelayMs: options?.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
    maxRetryAfterMs: options?.maxRetryAfterMs ?? DEFAULT_RETRY_POLICY.maxRetryAfterMs,
  };
}

/**
 * The wait before retry number `retry` (1 for the first), or undefined when the client should give up.
 * `ambiguousSafe`: whether repeating the call is harmless when its first attempt may have run on the
 * server (a query, or a mutation with an idempotency key). A 429 means nothing ran, so it is
 * always retried; a network error or a 5xx only when `ambiguousSafe`.
 */
export function retryDelayMs(error: NocdeskError, retry: number, policy: RetryPolicy, ambiguousSafe: boolean, random: () => number = Math.random): number | undefined {
  if (retry > policy.maxRetries) return undefined;
  const rateLimited = error instanceof RateLimitedError;
  if (!rateLimited && !(ambiguousSafe && (error instanceof NetworkError || error instanceof ServerError))) return undefined;

  // Half to all of the doubled delay, never less than the first: retries of many clients spread out.
  const doubled = Math.min(policy.initialDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
  const jittered = Math.max(policy.initialDelayMs, doubled * (0.5 + random() / 2));

  const retryAfterSeconds = rateLimited || error instanceof ServerError ? error.retryAfterSeconds : undefined;
  if (retryAfterSeconds === undefined) return jittered;
  const asked = retryAfterSeconds * 1000;
  return asked > policy.maxRetryAfterMs ? undefined : Math.max(jittered, asked);
}
