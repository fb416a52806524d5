// Typed errors the API returns as result-union members (never bare exceptions): each has a stable
// `code` that clients switch on and a message a person can act on.
import type { AddressClaimRejection, IntakeRejection, TicketStatus, TicketTransitionRefusal } from '@nocdesk/domain';

/**
 * Every code a typed error carries, spelt as the schema's `ErrorCode` enum (schema/errors.ts describes
 * each): a new error class needs its code here, so clients get it as a literal, never a bare string.
 */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'REPORTER_NOT_AUTHORIZED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'LAST_ADMINISTRATIVE_CONTACT'
  | 'CONFLICT'
  | 'INVALID_INPUT'
  | 'TRANSITION_REFUSED'
  | 'QUEUE_EMPTY'
  | 'ADDRESS_NOT_CLAIMABLE'
  | 'MESSAGE_TOO_LARGE'
  | 'PHONE_CALLER_NOT_VERIFIED'
  | 'INVALID_TICKET_NUMBER'
  | 'ESCALATION_REFUSED'
  | 'CONVERSATION_STEP_REFUSED'
  | 'CHAT_LIMIT_EXCEEDED';

export abstract class DeskError extends Error {
  abstract readonly code: ErrorCode;
}

export class NotFoundError extends DeskError {
  override readonly name = 'NotFoundError';
  readonly code = 'NOT_FOUND';
  constructor(readonly what: string) {
    super(`${what} was not found.`);
  }
}

export class ReporterNotAuthorizedError extends DeskError {
  override readonly name = 'ReporterNotAuthorizedError';
  readonly code = 'REPORTER_NOT_AUTHORIZED';
  constructor(readonly reason: IntakeRejection, message: string, readonly reporter: string) {
    super(message);
  }
}

export class IdempotencyKeyReusedError extends DeskError {
  override readonly name = 'IdempotencyKeyReusedError';
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor(readonly key: string) {
    super(`The idempotency key "${key}" was already used for a different request. Use a new key for a new request.`);
  }
}

export class LastAdministrativeContactError extends DeskError {
  override readonly name = 'LastAdministrativeContactError';
  readonly code = 'LAST_ADMINISTRATIVE_CONTACT';
  constructor(message: string) {
    super(message);
  }
}

export class ConflictError extends DeskError {
  override readonly name = 'ConflictError';
  readonly code = 'CONFLICT';
}

export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

export class InputValidationError extends DeskError {
  override readonly name = 'InputValidationError';
  readonly code = 'INVALID_INPUT';
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ') || 'Invalid input.');
  }
}

/** A step in a ticket's life the rules refuse (SPEC §2.6): the reason says which rule, the message what to do instead. */
export class TicketTransitionRefusedError extends DeskError {
  override readonly name = 'TicketTransitionRefusedError';
  readonly code = 'TRANSITION_REFUSED';
  constructor(readonly reason: TicketTransitionRefusal, message: string, readonly status: TicketStatus) {
    super(message);
  }
}

/** `takeNextTicket` found nothing to take: no open ticket is waiting for an engineer. */
export class QueueEmptyError extends DeskError {
  override readonly name = 'QueueEmptyError';
  readonly code = 'QUEUE_EMPTY';
  constructor() {
    super('No open ticket is waiting for an engineer.');
  }
}

/** The caller may not register this address for this customer (SPEC §2.2, who may claim an address). */
export class AddressNotClaimableError extends DeskError {
  override readonly name = 'AddressNotClaimableError';
  readonly code = 'ADDRESS_NOT_CLAIMABLE';
  constructor(readonly reason: AddressClaimRejection, message: string) {
    super(message);
  }
}

// The phone channel and escalations (SPEC §2.2, §2.5 step 2, §4.2).
import type { TicketNumberRejection } from '@nocdesk/domain';

/**
 * A phone caller who could not be verified (SPEC §2.2): no ticket until the caller is a registered
 * contact AND gives a SOF number of an active service of that contact's customer. The attempt is kept.
 */
export class PhoneCallerNotVerifiedError extends DeskError {
  override readonly name = 'PhoneCallerNotVerifiedError';
  readonly code = 'PHONE_CALLER_NOT_VERIFIED';
  constructor(readonly failed: 'CONTACT' | 'SOF', readonly reason: IntakeRejection, message: string, readonly phoneCallId: string) {
    super(message);
  }
}

/** Not a ticket number (its form, or its check digit): refused before any lookup, with what to fix. */
export class InvalidTicketNumberError extends DeskError {
  override readonly name = 'InvalidTicketNumberError';
  readonly code = 'INVALID_TICKET_NUMBER';
  constructor(readonly reason: TicketNumberRejection, message: string) {
    super(message);
  }
}

/** A resolved or closed ticket is not escalated: nothing is late on it any more. */
export class EscalationRefusedError extends DeskError {
  override readonly name = 'EscalationRefusedError';
  readonly code = 'ESCALATION_REFUSED';
  constructor(readonly status: TicketStatus) {
    super(
      status === 'CLOSED'
        ? 'The ticket is closed: write to the desk quoting its number to open a follow-up ticket.'
        : 'The ticket is resolved: reply to the resolution (or reopen it) if the problem is back.',
    );
  }
}

// The live assistant's refusals (SPEC §4.3).
import type { ChatLimitRefusal, ConversationStatus, ConversationStepRefusal } from '@nocdesk/domain';

/** A step the conversation rules refuse: the reason says which rule, the message what to do instead. */
export class ConversationStepRefusedError extends DeskError {
  override readonly name = 'ConversationStepRefusedError';
  readonly code = 'CONVERSATION_STEP_REFUSED';
  constructor(readonly reason: ConversationStepRefusal, message: string, readonly status: ConversationStatus) {
    super(message);
  }
}

/** A chat message, or a new conversation, over the live assistant's limits; `retryAt` when waiting helps. */
export class ChatLimitExceededError extends DeskError {
  override readonly name = 'ChatLimitExceededError';
  readonly code = 'CHAT_LIMIT_EXCEEDED';
  constructor(readonly reason: ChatLimitRefusal, message: string, readonly limit: number, readonly retryAt: Date | null) {
    super(message);
  }
}
