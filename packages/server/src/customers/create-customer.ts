// `createCustomer` (ADMIN): a customer, recorded in the audit log.
import { actorOf, type Principal } from '../auth/principal.js';
import type { Desk } from '../desk.js';
import { recordAudit } from '../store/audit.js';
import { insertCustomer } from '../store/customers.js';
import type { CustomerRow } from '../store/tables.js';
import { inTransaction } from '../store/transaction.js';

export async function createCustomer(desk: Desk, principal: Principal, input: { name: string; accountManager?: string | null }): Promise<CustomerRow> {
  const now = desk.now();
  return inTransaction(desk.store, async (trx) => {
    const row = await insertCustomer(trx, { name: input.name, accountManager: input.accountManager ?? null, now });
    await recordAudit(trx, { customerId: row.id, entity: 'customer', entityId: row.id, action: 'CREATED', actor: actorOf(principal), data: { name: row.name }, at: now });
    return row;
  });
}
