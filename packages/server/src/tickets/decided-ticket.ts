// What an accepted intake decision fixes about the new ticket, the same for every channel: whose it is,
// which service, which level and flags, and when the first response is due.
import { slaDeadlines, type IntakeDecision } from '@nocdesk/domain';
import type { AcceptedIntake } from '../store/tickets.js';

type Accepted = Extract<IntakeDecision, { kind: 'accept' }>;

export function decidedTicket(
  decision: Accepted,
  sofs: readonly string[],
  receivedAt: Date,
): Pick<AcceptedIntake, 'channel' | 'customerId' | 'contactId' | 'serviceId' | 'sof' | 'priority' | 'flags' | 'receivedAt' | 'firstResponseDue'> {
  return {
    channel: decision.channel,
    customerId: decision.customerId,
    contactId: decision.contact.id,
    serviceId: decision.service?.id ?? null,
    // The SOF as given, even when it is not the customer's: the flags say what is wrong with it.
    sof: decision.service?.sof ?? sofs[0] ?? null,
    priority: decision.priority,
    flags: decision.flags,
    receivedAt,
    firstResponseDue: slaDeadlines(decision.priority.level, receivedAt).firstResponseBy,
  };
}
