// The typed errors mutations return in their result unions; every one implements `Error`.
import { InputValidationError as PothosInputValidationError } from '@pothos/plugin-validation';
import { GraphQLError } from 'graphql';
import {
  ConflictError,
  DeskError,
  IdempotencyKeyReusedError,
  LastAdministrativeContactError,
  NotFoundError,
  QueueEmptyError,
  ReporterNotAuthorizedError,
  TicketTransitionRefusedError,
} from '../errors.js';
import { builder } from './builder.js';

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'Every typed error: a message for people and a stable code for programs.',
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.string({ resolve: (e) => (e instanceof DeskError ? e.code : 'INVALID_INPUT') }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
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
    reason: t.exposeString('reason', { description: 'Which check failed: UNKNOWN_SENDER, INACTIVE_CONTACT, ROLE_NOT_ALLOWED, WRONG_CUSTOMER…' }),
    reporter: t.exposeString('reporter'),
  }),
});

builder.objectType(IdempotencyKeyReusedError, {
  name: 'IdempotencyKeyReusedError',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof IdempotencyKeyReusedError,
  fields: (t) => ({ key: t.exposeString('key') }),
});

builder.objectType(LastAdministrativeContactError, {
  name: 'LastAdministrativeContactError',
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
    reason: t.exposeString('reason', { description: 'Which rule: TICKET_CLOSED, REOPEN_FIRST, ALREADY_TAKEN, NOT_IN_PROGRESS, ALREADY_WAITING, ALREADY_RESOLVED, NOT_RESOLVED, REPLY_STATUS_NOT_ALLOWED, NOT_ALLOWED_FOR_ACTOR…' }),
    status: t.exposeString('status', { description: 'The ticket’s status when the step was refused.' }),
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
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof ConflictError,
  fields: () => ({}),
});

interface Issue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

const InputValidationIssue = builder.objectRef<Issue>('InputValidationIssue').implement({
  fields: (t) => ({
    message: t.exposeString('message'),
    path: t.stringList({ resolve: (issue) => (issue.path ?? []).map((part) => String(typeof part === 'object' ? part.key : part)) }),
  }),
});

builder.objectType(PothosInputValidationError, {
  name: 'InputValidationError',
  description: 'The input broke a rule; nothing was changed. Each issue names the field.',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof PothosInputValidationError,
  fields: (t) => ({ issues: t.field({ type: [InputValidationIssue], resolve: (e) => e.issues as readonly Issue[] }) }),
});


/**
 * A request the caller must change (an unsupported page direction, a cursor we did not hand out) on a
 * query field. A plain Error would be masked as "Unexpected error." and logged as a server fault.
 */
export function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}
