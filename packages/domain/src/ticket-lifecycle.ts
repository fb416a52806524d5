/**
 * Working a ticket (SPEC §2.6): its five statuses and one decision saying who may do what
 * from which status. "Nuestros ingenieros se comunicarán con usted lo antes posible": a
 * ticket is worked until the customer's problem is solved, then closes for good after the
 * reopen window. The decision also tells the caller what the step means for the SLA clocks
 * (first response, periodic update) and whether the customer must be emailed, so every
 * channel and mutation applies the same rules. The store records the result as a history
 * event with who and why.
 *
 * | action | who | `OPEN` | `IN_PROGRESS` | `WAITING_CUSTOMER` | `RESOLVED` | `CLOSED` |
 * |---|---|---|---|---|---|---|
 * | `TAKE` | engineer | → `IN_PROGRESS`, assigned to them (refused `ALREADY_TAKEN` when assigned) | `ALREADY_TAKEN` | `ALREADY_TAKEN` | `REOPEN_FIRST` | `TICKET_CLOSED` |
 * | `ASSIGN` | engineer | → `IN_PROGRESS`, new assignee | same, new assignee | same, new assignee | `REOPEN_FIRST` | `TICKET_CLOSED` |
 * | `REPLY` (public) | engineer | → `IN_PROGRESS` ¹ | → `IN_PROGRESS` ¹ | → `IN_PROGRESS` ¹ | `REOPEN_FIRST` | `TICKET_CLOSED` |
 * | `NOTE` (internal) | engineer | same | same | same | same | `TICKET_CLOSED` |
 * | `WAIT` | engineer | `NOT_IN_PROGRESS` | → `WAITING_CUSTOMER` | `ALREADY_WAITING` | `REOPEN_FIRST` | `TICKET_CLOSED` |
 * | `RESOLVE` | engineer | → `RESOLVED` ² | → `RESOLVED` | → `RESOLVED` | `ALREADY_RESOLVED` | `TICKET_CLOSED` |
 * | `CUSTOMER_MESSAGE` | partner, customer email | same | same | → `IN_PROGRESS` ³ | → `IN_PROGRESS` ³ | `FOLLOW_UP_REQUIRED` |
 * | `REOPEN` | engineer, partner | `NOT_RESOLVED` | `NOT_RESOLVED` | `NOT_RESOLVED` | → `IN_PROGRESS` ³ | `TICKET_CLOSED` |
 * | `CLOSE` | engineer | `NOT_RESOLVED` | `NOT_RESOLVED` | `NOT_RESOLVED` | → `CLOSED` | `TICKET_CLOSED` |
 * | `AUTO_CLOSE` | scheduler | `NOT_RESOLVED` | `NOT_RESOLVED` | `NOT_RESOLVED` | → `CLOSED` when due, else `NOT_DUE` | `TICKET_CLOSED` |
 *
 * ¹ `IN_PROGRESS` unless the reply asks for `WAITING_CUSTOMER` or `RESOLVED` (asking for
 * `IN_PROGRESS` is the same as asking for nothing; `OPEN` or `CLOSED` is refused
 * `REPLY_STATUS_NOT_ALLOWED`); an unassigned ticket becomes the replying engineer's.
 * ² An unassigned ticket becomes the resolving engineer's, so a reopened ticket goes back to them.
 * ³ `OPEN` instead when nobody is assigned, so it goes back to the queue.
 *
 * Any other actor/action pair is refused `NOT_ALLOWED_FOR_ACTOR` before the status is looked
 * at: a partner may only add a customer message or reopen a resolved ticket, a customer email
 * only adds a customer message, the scheduler only closes automatically, and an engineer does
 * neither of those two (a customer's words by phone go in a note or a reply).
 */
import { z } from 'zod';
import type { PriorityLevel } from './priority.js';

/** Where a ticket stands, from arrival to final. */
export type TicketStatus = 'OPEN' | 'IN_PROGRESS' | 'WAITING_CUSTOMER' | 'RESOLVED' | 'CLOSED';

/** Every status, in the order a ticket normally goes through them. */
export const TICKET_STATUSES: readonly TicketStatus[] = ['OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER', 'RESOLVED', 'CLOSED'];

/** The statuses of a ticket still being worked: the customer is still owed an answer. */
export const UNRESOLVED_TICKET_STATUSES: readonly TicketStatus[] = ['OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER'];

/** Validates a status in API input or a stored row. */
export const TicketStatusSchema = z.enum(['OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER', 'RESOLVED', 'CLOSED']);

/** Something done to a ticket; each maps to one API mutation, channel event or scheduled job. */
export type TicketAction =
  | { readonly kind: 'TAKE' }
  /** `assignee` omitted: the acting engineer (SPEC §4.1 `assignTicket`). */
  | { readonly kind: 'ASSIGN'; readonly assignee?: string }
  /** A public reply, emailed to the reporter; `status` may set the status in the same step. */
  | { readonly kind: 'REPLY'; readonly status?: TicketStatus }
  /** An internal note: never emailed, never shown to partners. */
  | { readonly kind: 'NOTE' }
  | { readonly kind: 'WAIT' }
  /** The resolution text is emailed to the reporter. */
  | { readonly kind: 'RESOLVE' }
  /** The customer wrote (email reply, portal message). */
  | { readonly kind: 'CUSTOMER_MESSAGE' }
  | { readonly kind: 'REOPEN' }
  | { readonly kind: 'CLOSE' }
  /** Closing after the reopen window; both times come from the caller, the domain reads no clock. */
  | { readonly kind: 'AUTO_CLOSE'; readonly resolvedAt: Date; readonly now: Date; readonly closeAfterDays?: number };

/** The kinds of action. */
export type TicketActionKind = TicketAction['kind'];

/** Every kind of action. */
export const TICKET_ACTION_KINDS: readonly TicketActionKind[] = [
  'TAKE', 'ASSIGN', 'REPLY', 'NOTE', 'WAIT', 'RESOLVE', 'CUSTOMER_MESSAGE', 'REOPEN', 'CLOSE', 'AUTO_CLOSE',
];

/** Who acts. An engineer carries their id, since taking, assigning and replying may give them the ticket. */
export type TicketActor =
  | { readonly kind: 'ENGINEER'; readonly id: string }
  | { readonly kind: 'PARTNER' }
  | { readonly kind: 'CUSTOMER_EMAIL' }
  | { readonly kind: 'SCHEDULER' };

/** The kinds of actor. */
export type TicketActorKind = TicketActor['kind'];

/** Every kind of actor. */
export const TICKET_ACTOR_KINDS: readonly TicketActorKind[] = ['ENGINEER', 'PARTNER', 'CUSTOMER_EMAIL', 'SCHEDULER'];

/** A ticket as it stands, what is done to it and by whom. */
export interface TicketTransitionInput {
  readonly status: TicketStatus;
  /** The engineer the ticket is assigned to; null when nobody has it. */
  readonly assignee: string | null;
  readonly action: TicketAction;
  readonly actor: TicketActor;
}

/** Why a step is refused; each comes with a sentence telling the person what to do instead. */
export type TicketTransitionRefusal =
  | 'NOT_ALLOWED_FOR_ACTOR'
  | 'TICKET_CLOSED'
  | 'FOLLOW_UP_REQUIRED'
  | 'REOPEN_FIRST'
  | 'ALREADY_TAKEN'
  | 'NOT_IN_PROGRESS'
  | 'ALREADY_WAITING'
  | 'ALREADY_RESOLVED'
  | 'NOT_RESOLVED'
  | 'REPLY_STATUS_NOT_ALLOWED'
  | 'NOT_DUE';

/** The outcome of a step: the new state and what it means for the clocks and the customer, or why not. */
export type TicketTransition =
  | {
      readonly ok: true;
      readonly status: TicketStatus;
      readonly statusChanged: boolean;
      /** The engineer assigned after the step. */
      readonly assignee: string | null;
      readonly assigneeChanged: boolean;
      /**
       * An engineer's public message: when the ticket has no first response yet, this step is it
       * and stops the first-response clock, also when the same step resolves the ticket or sets
       * it waiting for the customer.
       */
      readonly countsAsFirstResponse: boolean;
      /** Something the customer must receive by email (a public reply or the resolution). */
      readonly messageToCustomer: boolean;
      /** The periodic-update clock starts again from this step (the customer just heard from us). */
      readonly restartsPeriodicUpdate: boolean;
    }
  | { readonly ok: false; readonly reason: TicketTransitionRefusal; readonly message: string };

const DAY_MS = 86_400_000;

/** The reopen window after which a resolved ticket closes by itself (SPEC §2.6). */
export const DEFAULT_CLOSE_AFTER_DAYS = 7;

const ACTOR_ACTIONS: Readonly<Record<TicketActorKind, readonly TicketActionKind[]>> = {
  ENGINEER: ['TAKE', 'ASSIGN', 'REPLY', 'NOTE', 'WAIT', 'RESOLVE', 'REOPEN', 'CLOSE'],
  PARTNER: ['CUSTOMER_MESSAGE', 'REOPEN'],
  CUSTOMER_EMAIL: ['CUSTOMER_MESSAGE'],
  SCHEDULER: ['AUTO_CLOSE'],
};

/** Why an actor may not do something, in words that say who can. */
function notAllowed(actor: TicketActorKind, action: TicketActionKind): TicketTransition {
  const message =
    actor === 'ENGINEER'
      ? action === 'AUTO_CLOSE'
        ? 'Only the scheduler closes tickets automatically: close the resolved ticket yourself instead.'
        : 'Customer messages come from the portal or the customer\'s email: write what the customer said by phone as a note or a reply.'
      : actor === 'PARTNER'
        ? 'A partner can only add a message to a ticket or reopen a resolved ticket; engineers do the rest.'
        : actor === 'CUSTOMER_EMAIL'
          ? 'An email from the customer can only add a message to the ticket.'
          : 'The scheduler only closes resolved tickets automatically, once the reopen window has passed.';
  return refuse('NOT_ALLOWED_FOR_ACTOR', message);
}

const REOPEN_FIRST_MESSAGE = 'This ticket is resolved: reopen it first.';
const CLOSED_MESSAGE = 'This ticket is closed for good: open a new ticket that follows up on it.';
const REPLY_STATUSES: readonly TicketStatus[] = ['IN_PROGRESS', 'WAITING_CUSTOMER', 'RESOLVED'];

function refuse(reason: TicketTransitionRefusal, message: string): TicketTransition {
  return { ok: false, reason, message };
}

interface Effects {
  readonly countsAsFirstResponse?: boolean;
  readonly messageToCustomer?: boolean;
}

function move(input: TicketTransitionInput, status: TicketStatus, assignee: string | null, effects: Effects = {}): TicketTransition {
  const publicMessage = effects.messageToCustomer === true;
  return {
    ok: true,
    status,
    statusChanged: status !== input.status,
    assignee,
    assigneeChanged: assignee !== input.assignee,
    countsAsFirstResponse: effects.countsAsFirstResponse === true,
    messageToCustomer: publicMessage,
    restartsPeriodicUpdate: publicMessage,
  };
}

/** Back to work after the customer spoke or a reopen: to the assignee, else to the queue. */
function backToWork(input: TicketTransitionInput): TicketTransition {
  return move(input, input.assignee === null ? 'OPEN' : 'IN_PROGRESS', input.assignee);
}

function engineerStep(input: TicketTransitionInput, engineer: string): TicketTransition {
  const { status, assignee, action } = input;
  switch (action.kind) {
    case 'TAKE':
      if (status === 'RESOLVED') return refuse('REOPEN_FIRST', REOPEN_FIRST_MESSAGE);
      if (status !== 'OPEN' || assignee !== null) {
        return refuse('ALREADY_TAKEN', 'Only an open ticket nobody has can be taken: this one is already being worked; ask for it to be assigned to you.');
      }
      return move(input, 'IN_PROGRESS', engineer);
    case 'ASSIGN': {
      if (status === 'RESOLVED') return refuse('REOPEN_FIRST', REOPEN_FIRST_MESSAGE);
      return move(input, status === 'OPEN' ? 'IN_PROGRESS' : status, action.assignee ?? engineer);
    }
    case 'REPLY': {
      if (status === 'RESOLVED') return refuse('REOPEN_FIRST', 'This ticket is resolved: reopen it first to reply.');
      const requested = action.status ?? 'IN_PROGRESS';
      if (!REPLY_STATUSES.includes(requested)) {
        return refuse('REPLY_STATUS_NOT_ALLOWED', `A reply can leave the ticket in progress, waiting for the customer or resolved, not ${requested}.`);
      }
      return move(input, requested, assignee ?? engineer, { countsAsFirstResponse: true, messageToCustomer: true });
    }
    case 'NOTE':
      return move(input, status, assignee);
    case 'WAIT':
      if (status === 'RESOLVED') return refuse('REOPEN_FIRST', REOPEN_FIRST_MESSAGE);
      if (status === 'WAITING_CUSTOMER') return refuse('ALREADY_WAITING', 'This ticket is already waiting for the customer.');
      if (status !== 'IN_PROGRESS') {
        return refuse('NOT_IN_PROGRESS', 'Nobody is working on this ticket yet: take it, or reply asking the customer with status WAITING_CUSTOMER.');
      }
      return move(input, 'WAITING_CUSTOMER', assignee);
    case 'RESOLVE':
      if (status === 'RESOLVED') return refuse('ALREADY_RESOLVED', 'This ticket is already resolved.');
      return move(input, 'RESOLVED', assignee ?? engineer, { countsAsFirstResponse: true, messageToCustomer: true });
    case 'REOPEN':
      return reopen(input);
    case 'CLOSE':
      if (status !== 'RESOLVED') return refuse('NOT_RESOLVED', 'Only a resolved ticket can be closed: resolve it first, which tells the customer.');
      return move(input, 'CLOSED', assignee);
    case 'CUSTOMER_MESSAGE':
    case 'AUTO_CLOSE':
      return notAllowed('ENGINEER', action.kind);
  }
}

function reopen(input: TicketTransitionInput): TicketTransition {
  if (input.status !== 'RESOLVED') return refuse('NOT_RESOLVED', 'Only a resolved ticket can be reopened: this one is still being worked.');
  return backToWork(input);
}

function customerMessage(input: TicketTransitionInput): TicketTransition {
  if (input.status === 'WAITING_CUSTOMER' || input.status === 'RESOLVED') return backToWork(input);
  return move(input, input.status, input.assignee);
}

function autoClose(input: TicketTransitionInput, action: Extract<TicketAction, { kind: 'AUTO_CLOSE' }>): TicketTransition {
  const days = action.closeAfterDays ?? DEFAULT_CLOSE_AFTER_DAYS;
  if (!Number.isFinite(days) || days < 0) throw new RangeError('closeAfterDays must be a number of days, 0 or more.');
  const resolved = action.resolvedAt.getTime();
  const now = action.now.getTime();
  if (Number.isNaN(resolved) || Number.isNaN(now)) throw new RangeError('resolvedAt and now must be valid dates.');
  if (input.status !== 'RESOLVED') return refuse('NOT_RESOLVED', 'Only a resolved ticket closes automatically.');
  const dueAt = new Date(resolved + days * DAY_MS);
  if (dueAt.getTime() > now) {
    return refuse('NOT_DUE', `Resolved at ${action.resolvedAt.toISOString()}: it closes automatically from ${dueAt.toISOString()}, after ${days} days.`);
  }
  return move(input, 'CLOSED', input.assignee);
}

/**
 * Decides one step in a ticket's life: the new status and assignee, or why the step is refused.
 * Pure: the caller loads the ticket, calls this, and stores the result with a history event
 * (who, why) in one transaction. See the table at the top of this module for every rule.
 *
 * Besides the status, the decision says whether the step counts as the engineer's first
 * response (only an engineer's public message does: a reply, or a resolution, whose text is
 * emailed; also when that same step resolves the ticket or sets it waiting), whether the
 * customer must be emailed, and whether the periodic-update clock restarts.
 *
 * Throws a `RangeError` for an `AUTO_CLOSE` with an invalid date or a negative window.
 *
 * ### Examples
 * ```ts
 * const ana = { kind: 'ENGINEER', id: 'eng-ana' } as const;
 * decideTicketTransition({ status: 'OPEN', assignee: null, action: { kind: 'TAKE' }, actor: ana });
 * // { ok: true, status: 'IN_PROGRESS', assignee: 'eng-ana', countsAsFirstResponse: false, … }
 * decideTicketTransition({ status: 'OPEN', assignee: null, action: { kind: 'REPLY', status: 'RESOLVED' }, actor: ana });
 * // { ok: true, status: 'RESOLVED', assignee: 'eng-ana', countsAsFirstResponse: true, messageToCustomer: true, … }
 * decideTicketTransition({ status: 'CLOSED', assignee: 'eng-ana', action: { kind: 'CUSTOMER_MESSAGE' }, actor: { kind: 'CUSTOMER_EMAIL' } });
 * // { ok: false, reason: 'FOLLOW_UP_REQUIRED', message: 'This ticket is closed …' }
 * ```
 */
export function decideTicketTransition(input: TicketTransitionInput): TicketTransition {
  const { action, actor } = input;
  if (!ACTOR_ACTIONS[actor.kind].includes(action.kind)) return notAllowed(actor.kind, action.kind);
  if (input.status === 'CLOSED') {
    return action.kind === 'CUSTOMER_MESSAGE'
      ? refuse('FOLLOW_UP_REQUIRED', 'This ticket is closed: the message opens a new ticket that follows up on it.')
      : refuse('TICKET_CLOSED', CLOSED_MESSAGE);
  }
  if (action.kind === 'AUTO_CLOSE') return autoClose(input, action);
  if (actor.kind === 'ENGINEER') return engineerStep(input, actor.id);
  return action.kind === 'REOPEN' ? reopen(input) : customerMessage(input);
}

/**
 * Whether a ticket's SLA clocks stand still in this status at this level. Waiting for the
 * customer pauses levels 2 and 3, never level 1: an outage is ours to restore whatever the
 * customer is doing (SPEC §2.6). Resolved and closed tickets have no running clock at all
 * (see `slaStatus`); this says only which *unresolved* statuses pause.
 *
 * ### Examples
 * ```ts
 * slaPaused('WAITING_CUSTOMER', 2); // true
 * slaPaused('WAITING_CUSTOMER', 1); // false
 * slaPaused('IN_PROGRESS', 3);      // false
 * ```
 */
export function slaPaused(status: TicketStatus, level: PriorityLevel): boolean {
  return status === 'WAITING_CUSTOMER' && level !== 1;
}
