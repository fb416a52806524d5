// Batches row lookups per request (no N+1): a list of tickets loads its customers and contacts in one
// query each. Rows of a customer the caller may not see are left out, so they resolve to null: a
// partner asking for another customer's data by global id finds nothing.
import { findContactsByIds, findCustomersByIds, findServicesByIds } from '../store/customers.js';
import type { ContactRow, CustomerRow, ServiceRow } from '../store/tables.js';
import type { GraphQLContext } from './context.js';

/** Whether the caller may see rows of this customer: staff see all, a partner only its own. */
export function canSeeCustomer(ctx: GraphQLContext, customerId: string): boolean {
  if (ctx.principal.kind === 'staff') return true;
  return ctx.principal.kind === 'partner' && ctx.principal.customerId === customerId;
}

/** Partners see the customer's side of a ticket only: never internal notes. */
export function isPartner(ctx: GraphQLContext): boolean {
  return ctx.principal.kind !== 'staff';
}

export const loadCustomers = async (ids: readonly string[], ctx: GraphQLContext): Promise<CustomerRow[]> =>
  (await findCustomersByIds(ctx.desk.store.db, ids)).filter((r) => canSeeCustomer(ctx, r.id));

export const loadContacts = async (ids: readonly string[], ctx: GraphQLContext): Promise<ContactRow[]> =>
  (await findContactsByIds(ctx.desk.store.db, ids)).filter((r) => canSeeCustomer(ctx, r.customer_id));

export const loadServices = async (ids: readonly string[], ctx: GraphQLContext): Promise<ServiceRow[]> =>
  (await findServicesByIds(ctx.desk.store.db, ids)).filter((r) => canSeeCustomer(ctx, r.customer_id));
