// Verified domains (ADMIN, ACCOUNT_MANAGER): the mail domains staff checked a customer controls. Its
// partner may register contacts inside them; outside them only staff can.
import { VerifiedDomainSchema } from '@nocdesk/domain';
import { actorOf, type Principal } from '../auth/principal.js';
import type { Desk } from '../desk.js';
import { NotFoundError } from '../errors.js';
import { recordAudit } from '../store/audit.js';
import { deleteVerifiedDomain, insertVerifiedDomain } from '../store/customers.js';
import type { CustomerRow } from '../store/tables.js';
import { inTransaction } from '../store/transaction.js';
import { visibleCustomer } from './visible-customer.js';

export async function addVerifiedDomain(desk: Desk, principal: Principal, input: { customerId: string; domain: string; reason: string }): Promise<CustomerRow> {
  const customer = await visibleCustomer(desk, principal, input.customerId);
  const domain = VerifiedDomainSchema.parse(input.domain);
  const now = desk.now();
  await inTransaction(desk.store, async (trx) => {
    if (await insertVerifiedDomain(trx, { customerId: customer.id, domain, verifiedBy: actorOf(principal), now })) {
      await recordAudit(trx, { customerId: customer.id, entity: 'customer', entityId: customer.id, action: 'DOMAIN_VERIFIED', actor: actorOf(principal), reason: input.reason, data: { domain }, at: now });
    }
  });
  return customer;
}

export async function removeVerifiedDomain(desk: Desk, principal: Principal, input: { customerId: string; domain: string; reason: string }): Promise<CustomerRow> {
  const customer = await visibleCustomer(desk, principal, input.customerId);
  const domain = VerifiedDomainSchema.parse(input.domain);
  const now = desk.now();
  await inTransaction(desk.store, async (trx) => {
    if (!(await deleteVerifiedDomain(trx, { customerId: customer.id, domain }))) throw new NotFoundError(`Verified domain ${domain}`);
    await recordAudit(trx, { customerId: customer.id, entity: 'customer', entityId: customer.id, action: 'DOMAIN_REMOVED', actor: actorOf(principal), reason: input.reason, data: { domain }, at: now });
  });
  return customer;
}
