// Whether a calling number belongs to a ticket's customer: the IVR speaks a ticket's details only to
// such a caller, and an escalation's history says whether the caller was one. A calling number can be
// spoofed, so this decides what is read out, never who may act on the ticket.
import { normalizePhone } from '@nocdesk/domain';
import { findContactsByPhone } from '../store/customers.js';
import type { StoreHandle } from '../store/transaction.js';

/** Whether `phone` is a registered phone of one of the customer's active contacts. */
export async function isCustomerPhone(db: StoreHandle, customerId: string, phone: string | null | undefined): Promise<boolean> {
  if (!phone || normalizePhone(phone).replace('+', '') === '') return false;
  const contacts = await findContactsByPhone(db, phone);
  return contacts.some((contact) => contact.customer_id === customerId && contact.status === 'ACTIVE');
}
