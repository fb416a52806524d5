// The hand-written client over the generated documents: one area per part of the API, one method
// per operation partners use, each returning the useful part of the answer and throwing a typed error
// for everything else.
import { createCaller, type TypedDocument } from './call.js';
import { contactsArea, type ContactsArea } from './contacts.js';
import { conversationsArea, type ConversationsArea } from './conversations.js';
import { hotlinesArea, ticketNumbersArea, viewer, type HotlinesArea, type TicketNumbersArea, type Viewer } from './lookups.js';
import { customersArea, queueArea, type CustomersArea, type QueueArea } from './staff.js';
import { ticketsArea, type TicketsArea } from './tickets.js';
import { createTransport, type CallOptions, type TransportOptions } from './transport.js';

/** `url`, and optionally `token`, `fetch`, `headers`, `timeoutMs`, `retry` and `onResponse`. */
export type NocdeskClientOptions = TransportOptions;

/**
 * The arguments of `request` after the document: the variables (omitted when the operation has
 * none, required when it has required ones), then the call's options.
 */
export type RequestArgs<TVariables> = [TVariables] extends [Record<string, never>]
  ? [variables?: TVariables, options?: CallOptions]
  : Record<string, never> extends TVariables
    ? [variables?: TVariables, options?: CallOptions]
    : [variables: TVariables, options?: CallOptions];

/**
 * The nocdesk API as typed methods, grouped by area. Create one with {@link createNocdeskClient} and
 * keep it: it holds no connection, only its options. Subscriptions live in
 * `@nocdesk/client/subscriptions`, so that bundles without them stay small.
 *
 * ### Examples
 * ```ts
 * const client = createNocdeskClient({ url: 'https://desk.example.net/graphql', token: process.env.NOCDESK_TOKEN });
 * const ticket = await client.tickets.create({ reporterEmail: 'noc@acme.example', subject: 'Link down', description: 'Since 09:12 UTC.' });
 * console.log(ticket.displayNumber);
 * ```
 */
export interface NocdeskClient {
  readonly tickets: TicketsArea;
  readonly contacts: ContactsArea;
  readonly hotlines: HotlinesArea;
  readonly ticketNumbers: TicketNumbersArea;
  /** The live assistant. */
  readonly conversations: ConversationsArea;
  /** Engineers. */
  readonly queue: QueueArea;
  /** Staff. */
  readonly customers: CustomersArea;
  /** Who the token belongs to; for a partner, its customer and contacts. */
  viewer(options?: CallOptions): Promise<Viewer>;
  /** Runs any typed document and returns its `data`; GraphQL and HTTP failures throw a NocdeskError. */
  request<TResult, TVariables>(document: TypedDocument<TResult, TVariables>, ...args: RequestArgs<TVariables>): Promise<TResult>;
}

/**
 * Creates a client. Only `url` is required; `token` is a partner API key or a staff token.
 *
 * ### Examples
 * ```ts
 * const client = createNocdeskClient({
 *   url: 'https://desk.example.net/graphql',
 *   token: process.env.NOCDESK_TOKEN,
 *   retry: { maxRetries: 3 },
 *   onResponse: ({ requestId, status }) => console.debug('nocdesk', status, requestId),
 * });
 * ```
 */
export function createNocdeskClient(options: NocdeskClientOptions): NocdeskClient {
  const caller = createCaller(createTransport(options));
  return {
    tickets: ticketsArea(caller),
    contacts: contactsArea(caller),
    hotlines: hotlinesArea(caller),
    ticketNumbers: ticketNumbersArea(caller),
    conversations: conversationsArea(caller),
    queue: queueArea(caller),
    customers: customersArea(caller),
    viewer: (callOptions) => viewer(caller, callOptions),
    async request(document, ...[variables, callOptions]) {
      return (await caller.run(document, variables as never, callOptions)).data;
    },
  };
}
