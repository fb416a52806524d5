// One error class per kind of failure, so a portal can `catch (e) { if (e instanceof …) }` instead of
// parsing messages. Errors come from three places: a mutation's result union (`__typename` and `code`),
// a GraphQL error (`extensions.code`), or the HTTP exchange itself (status, network, timeout).

/** One entry of a GraphQL response's `errors` array, as the server sent it. */
export interface GraphQLErrorEntry {
  readonly message: string;
  readonly path?: readonly (string | number)[] | undefined;
  readonly extensions?: Readonly<Record<string, unknown>> | undefined;
}

/** What every {@link NocdeskError} may carry besides its message. */
export interface NocdeskErrorOptions {
  /** The HTTP status of the response, when there was one. */
  readonly status?: number | undefined;
  /** Every GraphQL error of the response, when the failure came as GraphQL errors. */
  readonly errors?: readonly GraphQLErrorEntry[] | undefined;
  readonly cause?: unknown;
}

/**
 * The base of every error the client throws. `code` is stable and meant for programs; `message` is
 * meant for people. Codes from the server (`REPORTER_NOT_AUTHORIZED`, `FORBIDDEN`, …) are passed
 * through unchanged, so a new server-side code still reaches you as a `NocdeskError`.
 *
 * ### Examples
 * ```ts
 * try {
 *   await client.createTicket(input);
 * } catch (error) {
 *   if (error instanceof NocdeskError) console.error(error.code, error.message);
 *   else throw error;
 * }
 * ```
 */
export class NocdeskError extends Error {
  override readonly name: string = 'NocdeskError';
  readonly code: string;
  readonly status: number | undefined;
  readonly errors: readonly GraphQLErrorEntry[];

  constructor(message: string, code: string, options: NocdeskErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.errors = options.errors ?? [];
  }
}

/** The reporter may not open tickets for this customer; `reason` says which check failed. */
export class ReporterNotAuthorizedError extends NocdeskError {
  override readonly name = 'ReporterNotAuthorizedError';
  /** `UNKNOWN_SENDER`, `INACTIVE_CONTACT`, `ROLE_NOT_ALLOWED`, `WRONG_CUSTOMER`… */
  readonly reason: string;
  /** The address that was refused. */
  readonly reporter: string;

  constructor(message: string, details: { readonly reason: string; readonly reporter: string }, options?: NocdeskErrorOptions) {
    super(message, 'REPORTER_NOT_AUTHORIZED', options);
    this.reason = details.reason;
    this.reporter = details.reporter;
  }
}

/** The idempotency key was already used for a different request: use a new key for a new request. */
export class IdempotencyKeyReusedError extends NocdeskError {
  override readonly name = 'IdempotencyKeyReusedError';
  readonly key: string;

  constructor(message: string, key: string, options?: NocdeskErrorOptions) {
    super(message, 'IDEMPOTENCY_KEY_REUSED', options);
    this.key = key;
  }
}

/** One broken rule of an input; `path` names the field, e.g. `['input', 'reporterEmail']`. */
export interface InputValidationIssue {
  readonly path: readonly string[];
  readonly message: string;
}

/** The input broke a rule and nothing was changed; each issue names its field. */
export class InputValidationError extends NocdeskError {
  override readonly name = 'InputValidationError';
  readonly issues: readonly InputValidationIssue[];

  constructor(message: string, issues: readonly InputValidationIssue[], options?: NocdeskErrorOptions) {
    super(message, 'INVALID_INPUT', options);
    this.issues = issues;
  }
}

/** The thing does not exist, or is not yours (the API never says which). */
export class NotFoundError extends NocdeskError {
  override readonly name = 'NotFoundError';

  constructor(message: string, options?: NocdeskErrorOptions) {
    super(message, 'NOT_FOUND', options);
  }
}

/** The change conflicts with existing data, e.g. a contact with that email already exists. */
export class ConflictError extends NocdeskError {
  override readonly name = 'ConflictError';

  constructor(message: string, options?: NocdeskErrorOptions) {
    super(message, 'CONFLICT', options);
  }
}

/** A customer keeps at least one ADMINISTRATIVE contact: add another before removing this one. */
export class LastAdministrativeContactError extends NocdeskError {
  override readonly name = 'LastAdministrativeContactError';

  constructor(message: string, options?: NocdeskErrorOptions) {
    super(message, 'LAST_ADMINISTRATIVE_CONTACT', options);
  }
}

/** No token, or the token is unknown or revoked (HTTP 401 or `UNAUTHENTICATED`). */
export class AuthenticationError extends NocdeskError {
  override readonly name = 'AuthenticationError';

  constructor(message: string, options?: NocdeskErrorOptions) {
    super(message, 'UNAUTHENTICATED', options);
  }
}

/** The token is valid but does not allow this operation (HTTP 403 or `FORBIDDEN`). */
export class ForbiddenError extends NocdeskError {
  override readonly name = 'ForbiddenError';

  constructor(message: string, options?: NocdeskErrorOptions) {
    super(message, 'FORBIDDEN', options);
  }
}

/** Too many requests (HTTP 429). Wait `retryAfterSeconds` (when the server said) and try again. */
export class RateLimitedError extends NocdeskError {
  override readonly name = 'RateLimitedError';
  /** From the `retry-after` header, in seconds; undefined when the server did not say. */
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, retryAfterSeconds: number | undefined, options?: NocdeskErrorOptions) {
    super(message, 'RATE_LIMITED', options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The request never got an HTTP answer: offline, DNS, TLS, CORS, or `timeoutMs` elapsed. */
export class NetworkError extends NocdeskError {
  override readonly name = 'NetworkError';
  /** True when the client gave up after `timeoutMs`. */
  readonly timedOut: boolean;

  constructor(message: string, options: NocdeskErrorOptions & { readonly timedOut?: boolean | undefined } = {}) {
    super(message, options.timedOut ? 'TIMEOUT' : 'NETWORK_ERROR', options);
    this.timedOut = options.timedOut ?? false;
  }
}

/** The server failed (HTTP 5xx or `INTERNAL_SERVER_ERROR`). Safe to retry a mutation with its idempotency key. */
export class ServerError extends NocdeskError {
  override readonly name = 'ServerError';

  constructor(message: string, options?: NocdeskErrorOptions) {
    super(message, 'SERVER_ERROR', options);
  }
}

/** A typed error of a mutation's result union, as selected by `...ErrorFields` and the specific fragments. */
export interface ResultUnionError {
  readonly __typename: string;
  readonly message: string;
  readonly code: string;
  readonly reason?: string;
  readonly reporter?: string;
  readonly key?: string;
  readonly issues?: readonly InputValidationIssue[];
}

/** The error class for one result-union error member. */
export function errorFromResult(result: ResultUnionError): NocdeskError {
  const { message } = result;
  switch (result.__typename) {
    case 'ReporterNotAuthorizedError':
      return new ReporterNotAuthorizedError(message, { reason: result.reason ?? 'UNKNOWN', reporter: result.reporter ?? '' });
    case 'IdempotencyKeyReusedError':
      return new IdempotencyKeyReusedError(message, result.key ?? '');
    case 'InputValidationError':
      return new InputValidationError(message, result.issues ?? []);
    case 'NotFoundError':
      return new NotFoundError(message);
    case 'ConflictError':
      return new ConflictError(message);
    case 'LastAdministrativeContactError':
      return new LastAdministrativeContactError(message);
    default:
      return new NocdeskError(message, result.code);
  }
}

/** The error class for a response whose `errors` array is not empty, from the first error's code. */
export function errorFromGraphQLErrors(errors: readonly GraphQLErrorEntry[], status: number): NocdeskError {
  const first = errors[0];
  const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : undefined;
  const message = errors.map((error) => error.message).join('\n') || `GraphQL request failed with HTTP ${status}.`;
  const options = { status, errors };
  if (code === 'UNAUTHENTICATED' || status === 401) return new AuthenticationError(message, options);
  if (code === 'FORBIDDEN' || status === 403) return new ForbiddenError(message, options);
  if (code === 'NOT_FOUND') return new NotFoundError(message, options);
  if (code === 'RATE_LIMITED' || status === 429) return new RateLimitedError(message, undefined, options);
  if (code === 'INTERNAL_SERVER_ERROR' || status >= 500) return new ServerError(message, options);
  return new NocdeskError(message, code ?? 'GRAPHQL_ERROR', options);
}

/**
 * Seconds to wait from a `retry-after` header: either delta-seconds (`"30"`) or an HTTP date.
 * Undefined when absent or unreadable.
 */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
