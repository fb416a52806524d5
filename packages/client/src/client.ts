// The hand-written client over the generated documents: one method per operation partners use, each
// returning the useful part of the answer and throwing a typed error for everything else.
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import {
  AddContactDocument,
  ChangeTicketPriorityDocument,
  CheckTicketNumberDocument,
  CreateTicketDocument,
  CustomersDocument,
  HotlinesDocument,
  QueueDocument,
  RemoveContactDocument,
  TicketDocument,
  TicketsDocument,
  ViewerDocument,
  type AddContactInput,
  type ChangeTicketPriorityInput,
  type CheckTicketNumberQuery,
  type ContactFieldsFragment,
  type CreateTicketInput,
  type CustomersQuery,
  type HotlineFieldsFragment,
  type PageInfoFieldsFragment,
  type RemoveContactInput,
  type TicketDetailFieldsFragment,
  type TicketFieldsFragment,
  type TicketFilter,
  type ViewerQuery,
} from './_generated_graphql.js';
import { errorFromResult, NocdeskError, type ResultUnionError } from './errors.js';
import { createTransport, type TransportOptions } from './transport.js';

/** A ticket as lists and mutations return it. */
export type Ticket = TicketFieldsFragment;
/** A ticket with its history (`events`) and its messages, as `client.ticket(number)` returns it. */
export type TicketDetail = TicketDetailFieldsFragment;
export type Contact = ContactFieldsFragment;
export type Hotline = HotlineFieldsFragment;
export type TicketNumberCheck = CheckTicketNumberQuery['checkTicketNumber'];
export type Viewer = ViewerQuery['viewer'];
export type CustomerSummary = CustomersQuery['customers']['edges'][number]['node'];
export type PageInfo = PageInfoFieldsFragment;

/** One page of a connection: its nodes, and `pageInfo.endCursor` to pass as `after` for the next. */
export interface Page<T> {
  readonly nodes: readonly T[];
  readonly pageInfo: PageInfo;
}

/**
 * Forward paging arguments; the server returns 20 by default and at most 100. Every optional field
 * also takes `undefined`, so callers compiling with `exactOptionalPropertyTypes` can pass theirs on.
 */
export interface PageArgs {
  readonly first?: number | undefined;
  readonly after?: string | null | undefined;
}

export interface TicketsArgs extends PageArgs {
  readonly filter?: TicketFilter | undefined;
}

/** `client.allTickets(…)`: which tickets, and how many to fetch per request (default 50). */
export interface AllTicketsArgs {
  readonly filter?: TicketFilter | undefined;
  readonly pageSize?: number | undefined;
}

/** `url`, and optionally `token`, `fetch`, `headers` and `timeoutMs`. */
export type NocdeskClientOptions = TransportOptions;

/** The variables argument of `request`: omitted when the operation has none, required when it has required ones. */
export type VariablesArgs<TVariables> = [TVariables] extends [Record<string, never>]
  ? [variables?: TVariables]
  : Record<string, never> extends TVariables
    ? [variables?: TVariables]
    : [variables: TVariables];

/** Any typed document in string mode: ours (exported as `…Document`) or one from your own codegen. */
export type TypedDocument<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> & { toString(): string };

/**
 * The nocdesk API as typed methods. Create one with {@link createNocdeskClient} and keep it: it holds
 * no connection, only its options.
 *
 * ### Examples
 * ```ts
 * const client = createNocdeskClient({ url: 'https://desk.example.net/graphql', token: process.env.NOCDESK_TOKEN });
 * const ticket = await client.createTicket({ reporterEmail: 'noc@acme.example', subject: 'Link down', description: 'Since 09:12 UTC.' });
 * console.log(ticket.displayNumber);
 * ```
 */
export interface NocdeskClient {
  /** Runs any typed document and returns its `data`; GraphQL and HTTP failures throw a NocdeskError. */
  request<TResult, TVariables>(document: TypedDocument<TResult, TVariables>, ...variables: VariablesArgs<TVariables>): Promise<TResult>;

  /**
   * Opens a ticket through the portal/API channel. Pass an `idempotencyKey` so that a retry after a
   * timeout returns the same ticket instead of opening a second one.
   * @throws ReporterNotAuthorizedError, IdempotencyKeyReusedError, InputValidationError, and the transport errors.
   */
  createTicket(input: CreateTicketInput): Promise<Ticket>;
  /** A ticket by number, with or without prefix, spaces or dashes; null when unknown or not yours. */
  ticket(number: string): Promise<TicketDetail | null>;
  /** One page of tickets, newest first. A partner sees its own customer's only. */
  tickets(args?: TicketsArgs): Promise<Page<Ticket>>;
  /** Every ticket matching `filter`, newest first, fetched page by page as you iterate. */
  allTickets(args?: AllTicketsArgs): AsyncGenerator<Ticket, void, undefined>;
  /** Engineers: one page of open tickets in strict priority order. */
  queue(args?: PageArgs): Promise<Page<Ticket>>;
  /** Whether a string is a well-formed ticket number, its canonical form, and why not. No token needed. */
  checkTicketNumber(input: string): Promise<TicketNumberCheck>;
  /** Support numbers, optionally of one region. No token needed. */
  hotlines(region?: string): Promise<readonly Hotline[]>;
  /** Who the token belongs to; for a partner, its customer and contacts. */
  viewer(): Promise<Viewer>;
  /** Partner administrators and account managers: adds an (authorised or not) contact. */
  addContact(input: AddContactInput): Promise<Contact>;
  /** Removes a contact with a reason; refuses the last ADMINISTRATIVE one (LastAdministrativeContactError). */
  removeContact(input: RemoveContactInput): Promise<Contact>;
  /** Engineers: a new level, with the reason recorded in the history. */
  changeTicketPriority(input: ChangeTicketPriorityInput): Promise<Ticket>;
  /** Staff: one page of customers, by name. */
  customers(args?: PageArgs): Promise<Page<CustomerSummary>>;
}

const DEFAULT_ITERATOR_PAGE_SIZE = 50;

/**
 * Creates a client. Only `url` is required; `token` is a partner API key or a staff token.
 *
 * ### Examples
 * ```ts
 * // In a test, against a desk without a port:
 * const client = createNocdeskClient({ url: 'http://desk.test/graphql', token, fetch: desk.yoga.fetch });
 * ```
 */
export function createNocdeskClient(options: NocdeskClientOptions): NocdeskClient {
  const execute = createTransport(options);

  const request = async <TResult, TVariables>(document: TypedDocument<TResult, TVariables>, ...[variables]: VariablesArgs<TVariables>): Promise<TResult> =>
    (await execute(document.toString(), variables as Readonly<Record<string, unknown>> | undefined)) as TResult;

  const tickets = async ({ filter, first, after }: TicketsArgs = {}): Promise<Page<Ticket>> => {
    const data = await request(TicketsDocument, { filter, first, after });
    return toPage(data.tickets);
  };

  return {
    request,

    async createTicket(input) {
      const { createTicket: result } = await request(CreateTicketDocument, { input });
      return unwrap(result, 'MutationCreateTicketSuccess').ticket;
    },

    async ticket(number) {
      return (await request(TicketDocument, { number })).ticket;
    },

    tickets,

    async *allTickets({ filter, pageSize = DEFAULT_ITERATOR_PAGE_SIZE } = {}) {
      let after: string | null = null;
      for (;;) {
        const page: Page<Ticket> = await tickets({ filter, first: pageSize, after });
        yield* page.nodes;
        if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
        after = page.pageInfo.endCursor;
      }
    },

    async queue({ first, after } = {}) {
      return toPage((await request(QueueDocument, { first, after })).queue);
    },

    async checkTicketNumber(input) {
      return (await request(CheckTicketNumberDocument, { input })).checkTicketNumber;
    },

    async hotlines(region) {
      return (await request(HotlinesDocument, { region })).hotlines;
    },

    async viewer() {
      return (await request(ViewerDocument)).viewer;
    },

    async addContact(input) {
      return unwrap((await request(AddContactDocument, { input })).addContact, 'MutationAddContactSuccess').contact;
    },

    async removeContact(input) {
      return unwrap((await request(RemoveContactDocument, { input })).removeContact, 'MutationRemoveContactSuccess').contact;
    },

    async changeTicketPriority(input) {
      return unwrap((await request(ChangeTicketPriorityDocument, { input })).changeTicketPriority, 'MutationChangeTicketPrioritySuccess').ticket;
    },

    async customers({ first, after } = {}) {
      return toPage((await request(CustomersDocument, { first, after })).customers);
    },
  };
}

/** The success member of a mutation's result union; any other member becomes its error class. */
function unwrap<TResult extends { readonly __typename: string }, TSuccess extends TResult['__typename']>(result: TResult, success: TSuccess): Extract<TResult, { readonly __typename: TSuccess }> {
  if (result.__typename === success) return result as Extract<TResult, { readonly __typename: TSuccess }>;
  if ('code' in result && 'message' in result) throw errorFromResult(result as unknown as ResultUnionError);
  throw new NocdeskError(`Unexpected result ${result.__typename}.`, 'UNEXPECTED_RESPONSE');
}

function toPage<T>(connection: { readonly edges: readonly { readonly node: T }[]; readonly pageInfo: PageInfo }): Page<T> {
  return { nodes: connection.edges.map((edge) => edge.node), pageInfo: connection.pageInfo };
}
