// `createPartnerKey` (ADMIN): a key bound to one customer, shown once.
import { actorOf, type Principal } from '../auth/principal.js';
import { createPartnerKey as mintPartnerKey, type MintedPartnerKey } from '../auth/credentials.js';
import type { Desk } from '../desk.js';
import { recordAudit } from '../store/audit.js';
import { inTransaction } from '../store/transaction.js';
import { visibleCustomer } from './visible-customer.js';

export async function createPartnerKey(desk: Desk, principal: Principal, input: { customerId: string; name: string }): Promise<MintedPartnerKey> {
  const customer = await visibleCustomer(desk, principal, input.customerId);
  const now = desk.now();
  return inTransaction(desk.store, async (trx) => {
    const minted = await mintPartnerKey(trx, { customerId: customer.id, name: input.name, now });
    await recordAudit(trx, { customerId: customer.id, entity: 'partner_key', entityId: minted.id, action: 'CREATED', actor: actorOf(principal), data: { name: input.name }, at: now });
    return minted;
  });
}
