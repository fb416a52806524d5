// `removeContact`: a contact leaves the authorised list, with a reason; the last administrative contact
// of a customer cannot go (SPEC §2.2). Serialised per customer so two removals cannot leave none.
import { canRemoveContact } from '@nocdesk/domain';
import { actorOf, customerScope, type Principal } from '../auth/principal.js';
import type { Desk } from '../desk.js';
import { LastAdministrativeContactError, NotFoundError } from '../errors.js';
import { recordAudit } from '../store/audit.js';
import { contactsOfCustomers, findContactsByIds, lockCustomer, markContactRemoved, toContactRecord } from '../store/customers.js';
import type { ContactRow } from '../store/tables.js';
import { inTransaction } from '../store/transaction.js';

export async function removeContact(desk: Desk, principal: Principal, input: { contactId: string; reason: string }): Promise<ContactRow> {
  const scope = customerScope(principal);
  return inTransaction(desk.store, async (trx) => {
    const [found] = await findContactsByIds(trx, [input.contactId]);
    if (!found || principal.kind === 'anonymous' || (scope !== undefined && found.customer_id !== scope)) throw new NotFoundError('Contact');
    await lockCustomer(trx, desk.store.dialect, found.customer_id);
    const [row] = await findContactsByIds(trx, [input.contactId]);
    if (!row || row.status !== 'ACTIVE') throw new NotFoundError('Contact');
    const all = await contactsOfCustomers(trx, [row.customer_id]);
    const verdict = canRemoveContact(toContactRecord(row), all.map(toContactRecord));
    if (!verdict.ok) throw new LastAdministrativeContactError(verdict.message);
    const now = desk.now();
    await markContactRemoved(trx, { contactId: row.id, reason: input.reason, now });
    await recordAudit(trx, { customerId: row.customer_id, entity: 'contact', entityId: row.id, action: 'REMOVED', actor: actorOf(principal), reason: input.reason, at: now });
    const [after] = await findContactsByIds(trx, [row.id]);
    return after ?? row;
  });
}
