// A customer the caller may act on: staff any, a partner its own. Anything else is "not found".
import { customerScope, type Principal } from '../auth/principal.js';
import type { Desk } from '../desk.js';
import { NotFoundError } from '../errors.js';
import { findCustomerById } from '../store/customers.js';
import type { CustomerRow } from '../store/tables.js';

export async function visibleCustomer(desk: Desk, principal: Principal, customerId: string): Promise<CustomerRow> {
  const scope = customerScope(principal);
  const row = principal.kind === 'anonymous' || (scope !== undefined && scope !== customerId) ? undefined : await findCustomerById(desk.store.db, customerId);
  if (!row) throw new NotFoundError('Customer');
  return row;
}
