// `addContact` (ADMIN, ACCOUNT_MANAGER, the customer's partner): an authorised (or not) contact. Who may
// claim an address is the domain's decision: a partner only inside its customer's verified domains and
// never another customer's contact; staff may share an address with another customer only when they
// say so. Every change is in the audit log.
import { decideAddressClaim } from '@nocdesk/domain';
import { actorOf, type Principal } from '../auth/principal.js';
import type { Desk } from '../desk.js';
import { AddressNotClaimableError, ConflictError } from '../errors.js';
import { recordAudit } from '../store/audit.js';
import { findContactsByEmail, insertContact, lockCustomer, toContactRecord, verifiedDomainsOf, type NewContact } from '../store/customers.js';
import type { ContactRow } from '../store/tables.js';
import { inTransaction } from '../store/transaction.js';
import { isUniqueViolation } from '../store/unique-violation.js';
import { visibleCustomer } from './visible-customer.js';

export interface AddContactInput extends Omit<NewContact, 'now'> {
  /** Staff: the address is another customer's contact too, and that is intended. */
  readonly confirmSharedAddress?: boolean | null;
}

export async function addContact(desk: Desk, principal: Principal, input: AddContactInput): Promise<ContactRow> {
  const customer = await visibleCustomer(desk, principal, input.customerId);
  const now = desk.now();
  const actor = actorOf(principal);
  try {
    return await inTransaction(desk.store, async (trx) => {
      await lockCustomer(trx, desk.store.dialect, customer.id);
      const decision = decideAddressClaim({
        email: input.email,
        claimant: { kind: principal.kind === 'staff' ? 'STAFF' : 'PARTNER' },
        customerId: customer.id,
        verifiedDomains: (await verifiedDomainsOf(trx, [customer.id])).map((d) => d.domain),
        existingContacts: (await findContactsByEmail(trx, input.email)).map(toContactRecord),
        confirmSharedAddress: principal.kind === 'staff' && input.confirmSharedAddress === true,
      });
      if (!decision.ok) {
        if (decision.reason === 'ALREADY_A_CONTACT') throw new ConflictError(`${input.email} is already an active contact of this customer.`);
        throw new AddressNotClaimableError(decision.reason, decision.message);
      }
      const row = await insertContact(trx, {
        customerId: customer.id,
        name: input.name,
        email: decision.email,
        phone: input.phone ?? null,
        roles: input.roles,
        language: input.language ?? null,
        now,
      });
      await recordAudit(trx, {
        customerId: customer.id,
        entity: 'contact',
        entityId: row.id,
        action: 'ADDED',
        actor,
        data: { email: row.email, roles: row.roles, ...(decision.shared ? { sharedWith: decision.sharedWith } : {}) },
        at: now,
      });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`${input.email} is already an active contact of this customer.`);
    throw error;
  }
}
