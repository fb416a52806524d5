// The typed errors mutations return in their result unions; every one implements `Error`.
import { InputValidationError as PothosInputValidationError } from '@pothos/plugin-validation';
import { GraphQLError } from 'graphql';
import type { IntakeRejection, TicketTransitionRefusal } from '@nocdesk/domain';
import {
  ConflictError,
  DeskError,
  type ErrorCode,
  IdempotencyKeyReusedError,
  LastAdministrativeContactError,
  NotFoundError,
  QueueEmptyError,
  ReporterNotAuthorizedError,
  TicketTransitionRefusedError,
  ChatLimitExceededError,
  ConversationStepRefusedError,
  InputValidationError as DeskInputValidationError,
} from '../errors.js';
import type { ChatLimitRefusal, ConversationStepRefusal } from '@nocdesk/domain';
import { ConversationStatusEnum } from './conversation-status.js';
import { builder } from './builder.js';
import { TicketStatusEnum } from './ticket-status.js';

const ERROR_CODES: { readonly [code in ErrorCode]: { readonly description: string } } = {
  NOT_FOUND: { description: 'NotFoundError: unknown, or not yours (the answer never says which).' },
  REPORTER_NOT_AUTHORIZED: { description: 'ReporterNotAuthorizedError: the reporter may not open or add to tickets of this customer.' },
  IDEMPOTENCY_KEY_REUSED: { description: 'IdempotencyKeyReusedError: the key was used for a different request.' },
  LAST_ADMINISTRATIVE_CONTACT: { description: 'LastAdministrativeContactError: a customer keeps at least one ADMINISTRATIVE contact.' },
  CONFLICT: { description: 'ConflictError: it already exists (a SOF number, a contact’s address).' },
  INVALID_INPUT: { description: 'InputValidationError: the input broke one or more rules; the issues name every field.' },
  TRANSITION_REFUSED: { description: 'TicketTransitionRefusedError: the lifecycle rules refuse this step from the ticket’s status.' },
  QUEUE_EMPTY: { description: 'QueueEmptyError: no open ticket is waiting for an engineer.' },
  ADDRESS_NOT_CLAIMABLE: { description: 'AddressNotClaimableError: the caller may not register this address for this customer.' },
  MESSAGE_TOO_LARGE: { description: 'MessageTooLargeError: the email is over NOCDESK_MAX_MESSAGE_BYTES.' },
  PHONE_CALLER_NOT_VERIFIED: { description: 'PhoneCallerNotVerifiedError: the caller is not a registered contact, or the SOF is not an active service of its customer; the attempt is recorded.' },
  INVALID_TICKET_NUMBER: { description: 'InvalidTicketNumberError: not a ticket number (its form or its check digit), refused before any lookup.' },
  ESCALATION_REFUSED: { description: 'EscalationRefusedError: a resolved or closed ticket is not escalated.' },
  CONVERSATION_STEP_REFUSED: { description: 'ConversationStepRefusedError: the live assistant’s rules refuse this step from the conversation’s status.' },
  CHAT_LIMIT_EXCEEDED: { description: 'ChatLimitExceededError: a message or a new conversation over the live assistant’s limits.' },
};

export const ErrorCodeEnum = builder.enumType('ErrorCode', {
  description: 'The stable code of a typed error, one per error type: what programs switch on.',
  values: ERROR_CODES,
});

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'Every typed error: a message for people and a stable code for programs.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What happened and what to do, for people; may change between versions.' }),
    code: t.field({ type: ErrorCodeEnum, description: 'What happened, for programs; stable.', resolve: (e) => (e instanceof DeskError ? e.code : 'INVALID_INPUT') }),
  }),
});

const INTAKE_REJECTIONS: { readonly [reason in IntakeRejection]: { readonly description: string } } = {
  UNKNOWN_SENDER: { description: 'The address is not a contact of the customer (partners also get this for another customer’s contact).' },
  INACTIVE_CONTACT: { description: 'The contact was removed or deactivated.' },
  ROLE_NOT_ALLOWED: { description: 'The contact’s roles (BILLING, OTHER) may not open tickets: only ADMINISTRATIVE and TECHNICAL may.' },
  WRONG_CUSTOMER: { description: 'Staff only: the contact belongs to another customer.' },
  AMBIGUOUS_CONTACT: { description: 'The address is an allowed contact of several customers: give the SOF number of the service concerned.' },
  SOF_REQUIRED: { description: 'This channel needs a SOF number (phone).' },
  SOF_INVALID: { description: 'The SOF number is not well-formed.' },
  SOF_UNKNOWN: { description: 'The SOF number is not one of the customer’s services.' },
  SOF_FOREIGN: { description: 'Staff only: the SOF number belongs to another customer.' },
  SOF_INACTIVE: { description: 'The service is suspended or terminated.' },
  SENDER_NOT_AUTHENTICATED: { description: 'Email whose sender authentication (DMARC) failed: the real owner of the address did not write it.' },
};

export const IntakeRejectionEnum = builder.enumType('IntakeRejection', {
  description: 'Why a request gets no ticket (or a message is not added to one).',
  values: INTAKE_REJECTIONS,
});

const TRANSITION_REFUSALS: { readonly [reason in TicketTransitionRefusal]: { readonly description: string } } = {
  NOT_ALLOWED_FOR_ACTOR: { description: 'The caller may not take this step at all (e.g. a partner resolving a ticket).' },
  TICKET_CLOSED: { description: 'The ticket is closed for good.' },
  FOLLOW_UP_REQUIRED: { description: 'The ticket is closed: a new message opens a follow-up ticket instead.' },
  REOPEN_FIRST: { description: 'The ticket is resolved: reopen it before working on it.' },
  ALREADY_TAKEN: { description: 'Another engineer has it.' },
  NOT_IN_PROGRESS: { description: 'The step needs the ticket in progress.' },
  ALREADY_WAITING: { description: 'It is already waiting for the customer.' },
  ALREADY_RESOLVED: { description: 'It is already resolved.' },
  NOT_RESOLVED: { description: 'Only a resolved ticket can be reopened or closed.' },
  REPLY_STATUS_NOT_ALLOWED: { description: 'A reply may leave the ticket IN_PROGRESS, WAITING_CUSTOMER or RESOLVED only.' },
  NOT_DUE: { description: 'Not yet: a resolved ticket closes by itself only when its reopen window has ended.' },
};

export const TicketTransitionRefusalEnum = builder.enumType('TicketTransitionRefusal', {
  description: 'Which lifecycle rule refused a step (SPEC §2.6).',
  values: TRANSITION_REFUSALS,
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'It does not exist, or is not yours: the answer never says which.',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof NotFoundError,
  fields: () => ({}),
});

builder.objectType(ReporterNotAuthorizedError, {
  name: 'ReporterNotAuthorizedError',
  description: 'The reporter is not an active ADMINISTRATIVE or TECHNICAL contact of the customer; no ticket was created.',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof ReporterNotAuthorizedError,
  fields: (t) => ({
    reason: t.field({ type: IntakeRejectionEnum, description: 'Which check failed.', resolve: (e) => e.reason }),
    reporter: t.exposeString('reporter', { description: 'The address that was refused.' }),
  }),
});

builder.objectType(IdempotencyKeyReusedError, {
  name: 'IdempotencyKeyReusedError',
  description: 'The idempotency key was used for a different request; nothing was done. Use a new key for a new request.',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof IdempotencyKeyReusedError,
  fields: (t) => ({ key: t.exposeString('key', { description: 'The key that was reused.' }) }),
});

builder.objectType(LastAdministrativeContactError, {
  name: 'LastAdministrativeContactError',
  description: 'A customer keeps at least one ADMINISTRATIVE contact: add another before removing this one.',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof LastAdministrativeContactError,
  fields: () => ({}),
});

builder.objectType(TicketTransitionRefusedError, {
  name: 'TicketTransitionRefusedError',
  description: 'The lifecycle rules refuse this step from the ticket’s current status (SPEC §2.6); nothing was changed.',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof TicketTransitionRefusedError,
  fields: (t) => ({
    reason: t.field({ type: TicketTransitionRefusalEnum, description: 'Which rule refused the step.', resolve: (e) => e.reason }),
    status: t.field({ type: TicketStatusEnum, description: 'The ticket’s status when the step was refused.', resolve: (e) => e.status }),
  }),
});

builder.objectType(QueueEmptyError, {
  name: 'QueueEmptyError',
  description: 'No open ticket is waiting for an engineer.',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof QueueEmptyError,
  fields: () => ({}),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'It already exists (a SOF number, a contact’s address); nothing was changed.',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof ConflictError,
  fields: () => ({}),
});

const CONVERSATION_STEP_REFUSALS: { readonly [reason in ConversationStepRefusal]: { readonly description: string } } = {
  NOT_ALLOWED_FOR_ACTOR: { description: 'The caller may not take this step at all (a partner joining, an engineer converting automatically).' },
  JOIN_FIRST: { description: 'An engineer writes only in a conversation they answer: join it (or take it over) first.' },
  CONVERSATION_ENDED: { description: 'The conversation was closed: nobody writes in it any more (it can still be converted).' },
  ALREADY_CONVERTED: { description: 'The conversation is already a ticket: continue on the ticket.' },
  ALREADY_ANSWERED: { description: 'An engineer joined in time: the conversation does not become a ticket by itself.' },
  NOT_DUE: { description: 'Not yet: a conversation becomes a ticket by itself only when NOCDESK_CHAT_WAIT_S has passed.' },
};

export const ConversationStepRefusalEnum = builder.enumType('ConversationStepRefusal', {
  description: 'Which live-assistant rule refused a step (SPEC §4.3).',
  values: CONVERSATION_STEP_REFUSALS,
});

builder.objectType(ConversationStepRefusedError, {
  name: 'ConversationStepRefusedError',
  description: 'The live assistant’s rules refuse this step from the conversation’s current status; nothing was changed.',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof ConversationStepRefusedError,
  fields: (t) => ({
    reason: t.field({ type: ConversationStepRefusalEnum, description: 'Which rule refused the step.', resolve: (e) => e.reason }),
    status: t.field({ type: ConversationStatusEnum, description: 'The conversation’s status when the step was refused.', resolve: (e) => e.status }),
  }),
});

const CHAT_LIMIT_REFUSALS: { readonly [reason in ChatLimitRefusal]: { readonly description: string } } = {
  MESSAGE_TOO_LARGE: { description: 'The message is over NOCDESK_CHAT_MAX_MESSAGE_BYTES (UTF-8 bytes).' },
  TOO_MANY_MESSAGES: { description: 'The conversation took NOCDESK_CHAT_MESSAGES_PER_MINUTE messages within the last minute.' },
  TOO_MANY_OPEN_CONVERSATIONS: { description: 'The contact already has NOCDESK_CHAT_OPEN_PER_CONTACT conversations waiting or active.' },
};

export const ChatLimitEnum = builder.enumType('ChatLimit', {
  description: 'Which live-assistant limit a refusal is about.',
  values: CHAT_LIMIT_REFUSALS,
});

builder.objectType(ChatLimitExceededError, {
  name: 'ChatLimitExceededError',
  description: 'A message, or a new conversation, over the live assistant’s limits; nothing was sent or started.',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof ChatLimitExceededError,
  fields: (t) => ({
    reason: t.field({ type: ChatLimitEnum, description: 'Which limit.', resolve: (e) => e.reason }),
    limit: t.exposeInt('limit', { description: 'Its value: bytes, messages a minute or open conversations.' }),
    retryAt: t.field({ type: 'DateTime', nullable: true, description: 'When sending again can succeed (the pace limit); null when waiting does not help.', resolve: (e) => e.retryAt }),
  }),
});

interface Issue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

const InputValidationIssue = builder.objectRef<Issue>('InputValidationIssue').implement({
  description: 'One broken rule of an input.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What is wrong, for the person filling the form.' }),
    path: t.stringList({ description: 'The field, e.g. ["input", "reporterEmail"].', resolve: (issue) => (issue.path ?? []).map((part) => String(typeof part === 'object' ? part.key : part)) }),
  }),
});

builder.objectType(PothosInputValidationError, {
  name: 'InputValidationError',
  description: 'The input broke a rule; nothing was changed. Each issue names the field.',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof PothosInputValidationError,
  fields: (t) => ({ issues: t.field({ type: [InputValidationIssue], description: 'Every broken rule, of every field, at once.', resolve: (e) => e.issues as readonly Issue[] }) }),
});


/**
 * A request the caller must change (an unsupported page direction, a cursor we did not hand out) on a
 * query field. A plain Error would be masked as "Unexpected error." and logged as a server fault.
 */
export function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/**
 * A rule a use case checked because it needs the desk's settings (a webhook URL under
 * NOCDESK_WEBHOOK_ALLOW_HTTP), answered as the same InputValidationError as the schema's own rules.
 */
export async function withDeskValidation<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DeskInputValidationError) {
      throw new PothosInputValidationError({ issues: error.issues.map((issue) => ({ message: issue.message, path: issue.path.split('.') })) });
    }
    throw error;
  }
}
