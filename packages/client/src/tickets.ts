// Tickets: open one, read one or a page, walk every page, add information, reopen, and (engineers)
// change the level.
import {
  AddTicketMessageDocument,
  ChangeTicketPriorityDocument,
  CreateTicketDocument,
  EscalateTicketDocument,
  ReopenTicketDocument,
  TicketDocument,
  TicketsDocument,
  type AddTicketMessageInput,
  type ChangeTicketPriorityInput,
  type CreateTicketInput,
  type EscalateTicketMutation,
  type EscalationChannel,
  type ReopenTicketInput,
  type TicketDetailFieldsFragment,
  type TicketFieldsFragment,
  type TicketFilter,
} from './_generated_graphql.js';
import { unwrap, withIdempotencyKey, type Caller } from './call.js';
import { newIdempotencyKey } from './idempotency.js';
import { allNodes, toPage, type AllPagesArgs, type Page, type PageArgs } from './paging.js';
import type { CallOptions } from './transport.js';

/** A ticket as lists and mutations return it. */
export type Ticket = TicketFieldsFragment;
/** A ticket with its history (`events`) and its messages, as `tickets.get` returns it. */
export type TicketDetail = TicketDetailFieldsFragment;

export interface TicketsArgs extends PageArgs {
  readonly filter?: TicketFilter | undefined;
}

/** What an escalation answered: whether it counted (repeats within 10 minutes count once) and the ticket now. */
export type Escalation = Extract<EscalateTicketMutation['escalateTicket'], { readonly __typename: 'MutationEscalateTicketSuccess' }>['escalation'];

export interface EscalateTicketArgs {
  /** The ticket number, with or without prefix, spaces or dashes. */
  readonly number: string;
  /** How the customer asked; a portal's default is `PORTAL`. */
  readonly via?: EscalationChannel | undefined;
}

export interface AllTicketsArgs extends AllPagesArgs {
  readonly filter?: TicketFilter | undefined;
}

/** `client.tickets`. */
export interface TicketsArea {
  /**
   * Opens a ticket through the portal/API channel. The call carries an idempotency key (yours, from
   * `input.idempotencyKey` or `options.idempotencyKey`, or one the client makes up), so its retries
   * return the first ticket instead of opening a second one.
   * @throws ReporterNotAuthorizedError, IdempotencyKeyReusedError, InputValidationError, and the transport errors.
   */
  create(input: CreateTicketInput, options?: CallOptions): Promise<Ticket>;
  /** A ticket by number, with or without prefix, spaces or dashes; null when unknown or not yours. */
  get(number: string, options?: CallOptions): Promise<TicketDetail | null>;
  /** One page of tickets, newest first. A partner sees its own customer's only. */
  list(args?: TicketsArgs, options?: CallOptions): Promise<Page<Ticket>>;
  /** Every ticket matching `filter`, newest first, fetched page by page as you iterate. */
  all(args?: AllTicketsArgs, options?: CallOptions): AsyncGenerator<Ticket, void, undefined>;
  /**
   * The customer adds information from the portal; a ticket waiting for the customer, or resolved,
   * goes back to work; on a closed ticket it opens a follow-up ticket, which is what is returned.
   * Idempotent like `create`.
   * @throws NotFoundError, ReporterNotAuthorizedError, TicketTransitionRefusedError, IdempotencyKeyReusedError, InputValidationError.
   */
  addMessage(input: AddTicketMessageInput, options?: CallOptions): Promise<Ticket>;
  /** Back to work after resolution, with a reason. Partners: their own RESOLVED tickets only. */
  reopen(input: ReopenTicketInput, options?: CallOptions): Promise<Ticket>;
  /**
   * Step 2 of the procedure: the answer seems late. Recorded as ESCALATED and noticed to the NOC's
   * on-call engineer and the assignee; repeats within 10 minutes count once (`counted: false`).
   * @throws InvalidTicketNumberError, NotFoundError, EscalationRefusedError (resolved or closed), InputValidationError.
   */
  escalate(args: EscalateTicketArgs, options?: CallOptions): Promise<Escalation>;
  /** Engineers: a new level, with the reason recorded in the history. */
  changePriority(input: ChangeTicketPriorityInput, options?: CallOptions): Promise<Ticket>;
}

export function ticketsArea(caller: Caller): TicketsArea {
  const list = async ({ filter, first, after }: TicketsArgs = {}, options?: CallOptions): Promise<Page<Ticket>> =>
    toPage((await caller.run(TicketsDocument, { filter, first, after }, options)).data.tickets);

  return {
    async create(input, options) {
      const key = input.idempotencyKey ?? options?.idempotencyKey ?? newIdempotencyKey();
      const { data, requestId } = await caller.run(CreateTicketDocument, { input: { ...input, idempotencyKey: key } }, withIdempotencyKey(options, key));
      return unwrap(data.createTicket, 'MutationCreateTicketSuccess', requestId).ticket;
    },
    async get(number, options) {
      return (await caller.run(TicketDocument, { number }, options)).data.ticket;
    },
    list,
    all({ filter, pageSize } = {}, options) {
      return allNodes((page) => list({ filter, ...page }, options), pageSize);
    },
    async addMessage(input, options) {
      const key = input.idempotencyKey ?? options?.idempotencyKey ?? newIdempotencyKey();
      const { data, requestId } = await caller.run(AddTicketMessageDocument, { input: { ...input, idempotencyKey: key } }, withIdempotencyKey(options, key));
      return unwrap(data.addTicketMessage, 'MutationAddTicketMessageSuccess', requestId).ticket;
    },
    async reopen(input, options) {
      const { data, requestId } = await caller.run(ReopenTicketDocument, { input }, options);
      return unwrap(data.reopenTicket, 'MutationReopenTicketSuccess', requestId).ticket;
    },
    async escalate({ number, via = 'PORTAL' }, options) {
      const { data, requestId } = await caller.run(EscalateTicketDocument, { input: { number, via } }, options);
      return unwrap(data.escalateTicket, 'MutationEscalateTicketSuccess', requestId).escalation;
    },
    async changePriority(input, options) {
      const { data, requestId } = await caller.run(ChangeTicketPriorityDocument, { input }, options);
      return unwrap(data.changeTicketPriority, 'MutationChangeTicketPrioritySuccess', requestId).ticket;
    },
  };
}
