// One error class per kind of failure, so a portal can `catch (e) { if (e instanceof …) }` instead of
// parsing messages. Errors come from three places: a mutation's result union (`__typename` and
// `code`), a GraphQL error (`extensions.code`), or the HTTP exchange itself (status, network,
// timeout, abort). Every one carries the answer's request id when there was an answer.
import type {
  AddressClaimRejection,
  ChatLimit,
  ConversationStatus,
  ConversationStepRefusal,
  ErrorCode,
  IntakeRejection,
  PhoneCheck,
  TicketNumberRejection,
  TicketStatus,
  TicketTransitionRefusal,
} from './_generated_graphql.js';

/** One entry of a GraphQL response's `errors` array, as the server sent it. */
export interface GraphQLErrorEntry {
  readonly message: string;
  readonly path?: readonly (string | number)[] | undefined;
  readonly extensions?: Readonly<Record<string, unknown>> | undefined;
}

/** What every {@link NocdeskError} may carry besides its message. */
export interface NocdeskErrorOptions {
  /** The HTTP status of the answer, when there was one. */
  readonly status?: number | undefined;
  /** The answer's `x-request-id`: quote it to the desk's operators to find the request in their logs. */
  readonly requestId?: string | undefined;
  /** Every GraphQL error of the answer, when the failure came as GraphQL errors. */
  readonly errors?: readonly GraphQLErrorEntry[] | undefined;
  readonly cause?: unknown;
}

/**
 * Codes of failures outside the schema's typed errors: the HTTP exchange and the GraphQL errors the
 * server answers with (`extensions.code`).
 */
export type TransportErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'NETWORK_ERROR'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'SERVER_ERROR'
  | 'UNEXPECTED_RESPONSE'
  | 'GRAPHQL_ERROR'
  | 'BAD_USER_INPUT'
  | 'PAYLOAD_TOO_LARGE'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'GRAPHQL_PARSE_FAILED';

/**
 * Every code a {@link NocdeskError} may have: the schema's `ErrorCode` (one per typed error), the
 * transport's, and (as a plain string) a code from a newer server this client does not know yet.
 */
export type NocdeskErrorCode = ErrorCode | TransportErrorCode | (string & {});

/**
 * The base of every error the client throws. `code` is stable and meant for programs; `message` is
 * meant for people; `requestId` is what the desk's operators need to find the request.
 *
 * ### Examples
 * ```ts
 * try {
 *   await client.tickets.create(input);
 * } catch (error) {
 *   if (error instanceof NocdeskError) console.error(error.code, error.message, error.requestId);
 *   else throw error;
 * }
 * ```
 */
export class NocdeskError extends Error {
  override readonly name: string = 'NocdeskError';
  readonly code: NocdeskErrorCode;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly errors: readonly GraphQLErrorEntry[];

  constructor(message: string, code: NocdeskErrorCode, options: NocdeskErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.requestId = options.requestId;
    this.errors = options.errors ?? [];
  }
}

// ——— The schema's typed errors (result-union members), one class per `Error` type ———

/** The thing does not exist, or is not yours (the API never says which). */
export class NotFoundError extends NocdeskError {
  override readonly name = 'NotFoundError';
  declare readonly code: 'NOT_FOUND';

  constructor(message: string, options?: NocdeskErrorOptions) {
    super(message, 'NOT_FOUND', options);
  }
}

/** The reporter may not open (or add to) tickets of this customer; `reason` says which check failed. */
export class ReporterNotAuthorizedError extends NocdeskError {
  override readonly name = 'ReporterNotAuthorizedError';
  declare readonly code: 'REPORTER_NOT_AUTHORIZED';
  readonly reason: IntakeRejection;
  /** The address that was refused. */
  readonly reporter: string;

  constructor(message: string, details: { readonly reason: IntakeRejection; readonly reporter: string }, options?: NocdeskErrorOptions) {
    super(message, 'REPORTER_NOT_AUTHORIZED', options);
    this.reason = details.reason;
    this.reporter = details.reporter;
  }
}

/** The idempotency key was already used for a different request: use a new key for a new request. */
export class IdempotencyKeyReusedError extends NocdeskError {
  override readonly name = 'IdempotencyKeyReusedError';
  declare readonly code: 'IDEMPOTENCY_KEY_REUSED';
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

/** The input broke one or more rules and nothing was changed; `issues` names every field at once. */
export class InputValidationError extends NocdeskError {
  override readonly name = 'InputValidationError';
  declare readonly code: 'INVALID_INPUT';
  readonly issues: readonly InputValidationIssue[];

  constructor(message: string, issues: readonly InputValidationIssue[], options?: NocdeskErrorOptions) {
    super(message, 'INVALID_INPUT', options);
    this.issues = issues;
  }
}

/** The change conflicts with existing data, e.g. a contact with that email already exists. */
export class ConflictError extends NocdeskError {
  override readonly name = 'ConflictError';
  declare readonly code: 'CONFLICT';

  constructor(message: string, options?: NocdeskErrorOptions) {
    super(message, 'CONFLICT', options);
  }
}

/** A customer keeps at least one ADMINISTRATIVE contact: add another before removing this one. */
export class LastAdministrativeContactError extends NocdeskError {
  override readonly name = 'LastAdministrativeContactError';
  declare readonly code: 'LAST_ADMINISTRATIVE_CONTACT';

  constructor(message: string, options?: NocdeskErrorOptions) {
    super(message, 'LAST_ADMINISTRATIVE_CONTACT', options);
  }
}

/** The caller may not register this address for this customer; `reason` says why. */
export class AddressNotClaimableError extends NocdeskError {
  override readonly name = 'AddressNotClaimableError';
  declare readonly code: 'ADDRESS_NOT_CLAIMABLE';
  readonly reason: AddressClaimRejection;

  constructor(message: string, reason: AddressClaimRejection, options?: NocdeskErrorOptions) {
    super(message, 'ADDRESS_NOT_CLAIMABLE', options);
    this.reason = reason;
  }
}

/** The lifecycle rules refuse this step from the ticket's current `status`; `reason` names the rule. */
export class TicketTransitionRefusedError extends NocdeskError {
  override readonly name = 'TicketTransitionRefusedError';
  declare readonly code: 'TRANSITION_REFUSED';
  readonly reason: TicketTransitionRefusal;
  readonly ticketStatus: TicketStatus;

  constructor(message: string, details: { readonly reason: TicketTransitionRefusal; readonly ticketStatus: TicketStatus }, options?: NocdeskErrorOptions) {
    super(message, 'TRANSITION_REFUSED', options);
    this.reason = details.reason;
    this.ticketStatus = details.ticketStatus;
  }
}

/** Engineers: no open ticket is waiting to be taken. */
export class QueueEmptyError extends NocdeskError {
  override readonly name = 'QueueEmptyError';
  declare readonly code: 'QUEUE_EMPTY';

  constructor(message: string, options?: NocdeskErrorOptions) {
    super(message, 'QUEUE_EMPTY', options);
  }
}

/** The live assistant's rules refuse this step from the conversation's `conversationStatus`; `reason` names the rule. */
export class ConversationStepRefusedError extends NocdeskError {
  override readonly name = 'ConversationStepRefusedError';
  declare readonly code: 'CONVERSATION_STEP_REFUSED';
  readonly reason: ConversationStepRefusal;
  readonly conversationStatus: ConversationStatus;

  constructor(message: string, details: { readonly reason: ConversationStepRefusal; readonly conversationStatus: ConversationStatus }, options?: NocdeskErrorOptions) {
    super(message, 'CONVERSATION_STEP_REFUSED', options);
    this.reason = details.reason;
    this.conversationStatus = details.conversationStatus;
  }
}

/** A chat message, or a new conversation, over the live assistant's limits; nothing was sent or started. */
export class ChatLimitExceededError extends NocdeskError {
  override readonly name = 'ChatLimitExceededError';
  declare readonly code: 'CHAT_LIMIT_EXCEEDED';
  /** Which limit. */
  readonly reason: ChatLimit;
  /** Its value: bytes, messages a minute or open conversations. */
  readonly limit: number;
  /** When sending again can succeed (the pace limit), ISO 8601; null when waiting does not help. */
  readonly retryAt: string | null;

  constructor(message: string, details: { readonly reason: ChatLimit; readonly limit: number; readonly retryAt: string | null }, options?: NocdeskErrorOptions) {
    super(message, 'CHAT_LIMIT_EXCEEDED', options);
    this.reason = details.reason;
    this.limit = details.limit;
    this.retryAt = details.retryAt;
  }
}

/** Escalating a resolved or closed ticket: there is nothing to escalate. */
export class EscalationRefusedError extends NocdeskError {
  override readonly name = 'EscalationRefusedError';
  declare readonly code: 'ESCALATION_REFUSED';
  readonly ticketStatus: TicketStatus;

  constructor(message: string, ticketStatus: TicketStatus, options?: NocdeskErrorOptions) {
    super(message, 'ESCALATION_REFUSED', options);
    this.ticketStatus = ticketStatus;
  }
}

/** The string is not a ticket number (a mistyped or swapped digit, too short…); `reason` says which. */
export class InvalidTicketNumberError extends NocdeskError {
  override readonly name = 'InvalidTicketNumberError';
  declare readonly code: 'INVALID_TICKET_NUMBER';
  readonly reason: TicketNumberRejection;

  constructor(message: string, reason: TicketNumberRejection, options?: NocdeskErrorOptions) {
    super(message, 'INVALID_TICKET_NUMBER', options);
    this.reason = reason;
  }
}

/** Engineers, the phone channel: the caller could not be verified; `failed` names the check, `reason` why. */
export class PhoneCallerNotVerifiedError extends NocdeskError {
  override readonly name = 'PhoneCallerNotVerifiedError';
  declare readonly code: 'PHONE_CALLER_NOT_VERIFIED';
  readonly failed: PhoneCheck;
  readonly reason: IntakeRejection;
  /** The recorded attempt. */
  readonly phoneCallId: string;

  constructor(message: string, details: { readonly failed: PhoneCheck; readonly reason: IntakeRejection; readonly phoneCallId: string }, options?: NocdeskErrorOptions) {
    super(message, 'PHONE_CALLER_NOT_VERIFIED', options);
    this.failed = details.failed;
    this.reason = details.reason;
    this.phoneCallId = details.phoneCallId;
  }
}

/** The mailgate: the email is over the desk's size limit. */
export class MessageTooLargeError extends NocdeskError {
  override readonly name = 'MessageTooLargeError';
  declare readonly code: 'MESSAGE_TOO_LARGE';

  constructor(message: string, options?: NocdeskErrorOptions) {
    super(message, 'MESSAGE_TOO_LARGE', options);
  }
}

// ——— Failures of the exchange itself ———

/** No token, or the token is unknown or revoked (HTTP 401 or `UNAUTHENTICATED`). */
export class AuthenticationError extends NocdeskError {
  override readonly name = 'AuthenticationError';
  declare readonly code: 'UNAUTHENTICATED';

  constructor(message: string, options?: NocdeskErrorOptions) {
    super(message, 'UNAUTHENTICATED', options);
  }
}

/** The token is valid but does not allow this operation (HTTP 403 or `FORBIDDEN`). */
export class ForbiddenError extends NocdeskError {
  override readonly name = 'ForbiddenError';
  declare readonly code: 'FORBIDDEN';

  constructor(message: string, options?: NocdeskErrorOptions) {
    super(message, 'FORBIDDEN', options);
  }
}

/** Too many requests (HTTP 429). The client already waited and retried as configured. */
export class RateLimitedError extends NocdeskError {
  override readonly name = 'RateLimitedError';
  declare readonly code: 'RATE_LIMITED';
  /** From the `retry-after` header, in seconds; undefined when the server did not say. */
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, retryAfterSeconds: number | undefined, options?: NocdeskErrorOptions) {
    super(message, 'RATE_LIMITED', options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The request never got an HTTP answer: offline, DNS, TLS, CORS, a dropped connection, or `timeoutMs` elapsed. */
export class NetworkError extends NocdeskError {
  override readonly name = 'NetworkError';
  declare readonly code: 'NETWORK_ERROR' | 'TIMEOUT';
  /** True when the client gave up after `timeoutMs`. */
  readonly timedOut: boolean;

  constructor(message: string, options: NocdeskErrorOptions & { readonly timedOut?: boolean | undefined } = {}) {
    super(message, options.timedOut ? 'TIMEOUT' : 'NETWORK_ERROR', options);
    this.timedOut = options.timedOut ?? false;
  }
}

/** The caller's `signal` aborted the call: nothing is wrong with the network or the desk. */
export class RequestAbortedError extends NocdeskError {
  override readonly name = 'RequestAbortedError';
  declare readonly code: 'ABORTED';

  constructor(message: string, options?: NocdeskErrorOptions) {
    super(message, 'ABORTED', options);
  }
}

/** The server failed (HTTP 5xx or `INTERNAL_SERVER_ERROR`). Safe to retry a mutation with its idempotency key. */
export class ServerError extends NocdeskError {
  override readonly name = 'ServerError';
  declare readonly code: 'SERVER_ERROR';
  /** From a 503's `retry-after` header, in seconds; undefined when the server did not say. */
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, options: NocdeskErrorOptions & { readonly retryAfterSeconds?: number | undefined } = {}) {
    super(message, 'SERVER_ERROR', options);
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

// ——— From answers to classes ———

/** A typed error of a mutation's result union, as the operations select it (see fragments.graphql). */
export interface ResultUnionError {
  readonly __typename: string;
  readonly message: string;
  readonly code: string;
  readonly reason?: IntakeRejection;
  readonly reporter?: string;
  readonly key?: string;
  readonly issues?: readonly InputValidationIssue[];
  readonly refusal?: TicketTransitionRefusal;
  readonly status?: TicketStatus;
  readonly claimRejection?: AddressClaimRejection;
  readonly numberRejection?: TicketNumberRejection;
  readonly failed?: PhoneCheck;
  readonly callerRejection?: IntakeRejection;
  readonly phoneCallId?: string;
  readonly stepRefusal?: ConversationStepRefusal;
  readonly conversationStatus?: ConversationStatus;
  readonly chatLimit?: ChatLimit;
  readonly limit?: number;
  readonly retryAt?: string | null;
}

type ErrorFactory = (result: ResultUnionError, options: NocdeskErrorOptions) => NocdeskError;

/**
 * The class of every `Error` type of the schema, by GraphQL type name. A test fails when the schema
 * gains an error type this table does not have.
 */
export const RESULT_ERROR_CLASSES = {
  NotFoundError: (r, o) => new NotFoundError(r.message, o),
  ReporterNotAuthorizedError: (r, o) => new ReporterNotAuthorizedError(r.message, { reason: r.reason ?? 'UNKNOWN_SENDER', reporter: r.reporter ?? '' }, o),
  IdempotencyKeyReusedError: (r, o) => new IdempotencyKeyReusedError(r.message, r.key ?? '', o),
  InputValidationError: (r, o) => new InputValidationError(r.message, r.issues ?? [], o),
  ConflictError: (r, o) => new ConflictError(r.message, o),
  LastAdministrativeContactError: (r, o) => new LastAdministrativeContactError(r.message, o),
  AddressNotClaimableError: (r, o) => new AddressNotClaimableError(r.message, r.claimRejection ?? 'NOT_CLAIMABLE_BY_PARTNER', o),
  TicketTransitionRefusedError: (r, o) => new TicketTransitionRefusedError(r.message, { reason: r.refusal ?? 'NOT_ALLOWED_FOR_ACTOR', ticketStatus: r.status ?? 'OPEN' }, o),
  QueueEmptyError: (r, o) => new QueueEmptyError(r.message, o),
  MessageTooLargeError: (r, o) => new MessageTooLargeError(r.message, o),
  ConversationStepRefusedError: (r, o) => new ConversationStepRefusedError(r.message, { reason: r.stepRefusal ?? 'NOT_ALLOWED_FOR_ACTOR', conversationStatus: r.conversationStatus ?? 'CLOSED' }, o),
  ChatLimitExceededError: (r, o) => new ChatLimitExceededError(r.message, { reason: r.chatLimit ?? 'TOO_MANY_MESSAGES', limit: r.limit ?? 0, retryAt: r.retryAt ?? null }, o),
  EscalationRefusedError: (r, o) => new EscalationRefusedError(r.message, r.status ?? 'RESOLVED', o),
  InvalidTicketNumberError: (r, o) => new InvalidTicketNumberError(r.message, r.numberRejection ?? 'NOT_DIGITS', o),
  PhoneCallerNotVerifiedError: (r, o) => new PhoneCallerNotVerifiedError(r.message, { failed: r.failed ?? 'CONTACT', reason: r.callerRejection ?? 'UNKNOWN_SENDER', phoneCallId: r.phoneCallId ?? '' }, o),
} as const satisfies Readonly<Record<string, ErrorFactory>>;

/** The error class for one result-union error member; an unknown one (a newer server) stays a NocdeskError with its code. */
export function errorFromResult(result: ResultUnionError, options: NocdeskErrorOptions = {}): NocdeskError {
  const factory = (RESULT_ERROR_CLASSES as Readonly<Record<string, ErrorFactory | undefined>>)[result.__typename];
  return factory ? factory(result, options) : new NocdeskError(result.message, result.code, options);
}

/** The error class for an answer whose `errors` array is not empty, from the first error's code and the HTTP status. */
export function errorFromGraphQLErrors(errors: readonly GraphQLErrorEntry[], status: number, requestId?: string | undefined): NocdeskError {
  const first = errors[0];
  const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : undefined;
  const message = errors.map((error) => error.message).join('\n') || `GraphQL request failed with HTTP ${status}.`;
  const options = { status, errors, requestId };
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
