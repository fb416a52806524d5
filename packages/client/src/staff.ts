// Staff tokens only: the engineers' strict queue and the customer list.
import { CustomersDocument, QueueDocument, type CustomersQuery } from './_generated_graphql.js';
import type { Caller } from './call.js';
import { allNodes, toPage, type AllPagesArgs, type Page, type PageArgs } from './paging.js';
import type { Ticket } from './tickets.js';
import type { CallOptions } from './transport.js';

export type CustomerSummary = CustomersQuery['customers']['edges'][number]['node'];

/** `client.queue` (engineers). */
export interface QueueArea {
  /** One page of open tickets in strict priority order: level, then received time, then number. */
  list(args?: PageArgs, options?: CallOptions): Promise<Page<Ticket>>;
  /** The whole queue, page by page as you iterate. */
  all(args?: AllPagesArgs, options?: CallOptions): AsyncGenerator<Ticket, void, undefined>;
}

/** `client.customers` (staff). */
export interface CustomersArea {
  /** One page of customers, by name. */
  list(args?: PageArgs, options?: CallOptions): Promise<Page<CustomerSummary>>;
  /** Every customer, page by page as you iterate. */
  all(args?: AllPagesArgs, options?: CallOptions): AsyncGenerator<CustomerSummary, void, undefined>;
}

export function queueArea(caller: Caller): QueueArea {
  const list = async ({ first, after }: PageArgs = {}, options?: CallOptions): Promise<Page<Ticket>> => toPage((await caller.run(QueueDocument, { first, after }, options)).data.queue);
  return { list, all: ({ pageSize } = {}, options) => allNodes((page) => list(page, options), pageSize) };
}

export function customersArea(caller: Caller): CustomersArea {
  const list = async ({ first, after }: PageArgs = {}, options?: CallOptions): Promise<Page<CustomerSummary>> =>
    toPage((await caller.run(CustomersDocument, { first, after }, options)).data.customers);
  return { list, all: ({ pageSize } = {}, options) => allNodes((page) => list(page, options), pageSize) };
}
