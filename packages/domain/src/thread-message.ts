/**
 * Who may add to an existing ticket (SPEC §2.5 step 5, §3.1). A reply found by its subject
 * tag, In-Reply-To or References joins the ticket only when the right person wrote it: a
 * ticket number is easy to guess or copy, so quoting one is never enough. Auto-generated mail
 * (bounces, out-of-office replies) is kept for the record either way, but shown on a ticket
 * only when it demonstrably belongs there. The channel finds the ticket; this module decides.
 */
import type { ContactRecord, ContactRejection } from './contacts.js';
import { authorizeContact } from './contacts.js';
import { SENDER_NOT_AUTHENTICATED_MESSAGE, assessSenderAuthentication, mayExplainRejection } from './intake.js';
import type { IntakeFlag, SenderAuthentication } from './intake.js';

/** A message that refers to an existing ticket, with what the channel knows about it. */
export interface ThreadMessageInput {
  /** The customer of the ticket the message refers to. */
  readonly ticketCustomerId: string;
  /** The From address. */
  readonly senderEmail: string;
  /** The store's contacts with that address, any customer. */
  readonly contacts: readonly ContactRecord[];
  /** Auto-generated mail (RFC 3834: auto-reply, bounce, list, system sender), as the channel classified it. */
  readonly automated: boolean;
  /** The message quotes a Message-ID we sent for this ticket: only a real recipient of our mail knows one. */
  readonly answersOurMessage: boolean;
  /** The verdict on the From address; left out where none was made. */
  readonly senderAuthentication?: SenderAuthentication | null;
}

/** Why an auto-generated message is kept but not shown on the ticket. */
export type UnattachedReason = 'UNRELATED_AUTOMATED_MAIL' | 'SENDER_NOT_AUTHENTICATED';

/** Why a person's message may not join the ticket; it is kept as a rejected intake for staff. */
export type ThreadRejection = ContactRejection | 'SENDER_NOT_AUTHENTICATED';

/**
 * Add the message to the ticket (as which contact, when one is allowed; flagged
 * `SENDER_UNVERIFIED` when its sender was checked without a verdict), keep it unattached, or
 * reject it (why, and whether the sender may be told).
 */
export type ThreadMessageDecision =
  | { readonly kind: 'add'; readonly contact?: ContactRecord; readonly flags: readonly IntakeFlag[] }
  | { readonly kind: 'keep-unattached'; readonly reason: UnattachedReason }
  | {
      readonly kind: 'reject';
      readonly reason: ThreadRejection;
      readonly failed: 'CONTACT' | 'SENDER';
      readonly message: string;
      readonly mayExplainToSender: boolean;
    };

/**
 * Decides whether a message joins the ticket it refers to. A person's message joins when the
 * sender is an allowed contact of the ticket's own customer (an address shared by several
 * customers is fine here: the ticket says which one); otherwise it is rejected with the
 * contact reason (`WRONG_CUSTOMER` for another customer's contact). Auto-generated mail joins
 * when it answers a Message-ID we sent for this ticket (a bounce of our acknowledgement, an
 * out-of-office reply to it) or comes from an allowed contact of the customer; otherwise it
 * is kept unattached, never shown on someone else's ticket, and never answered. A forged
 * sender (DMARC `fail`, see `assessSenderAuthentication`) never joins a ticket: a person's
 * message is rejected `SENDER_NOT_AUTHENTICATED` without an explanation, auto-generated mail
 * is kept unattached.
 *
 * ### Examples
 * ```ts
 * decideThreadMessage({ ticketCustomerId: 'acme', senderEmail: 'noc@acme.example', contacts: [acmeNoc],
 *   automated: false, answersOurMessage: false });
 * // { kind: 'add', contact: acmeNoc, flags: [] }
 * decideThreadMessage({ ticketCustomerId: 'acme', senderEmail: 'mailer-daemon@relay.example', contacts: [],
 *   automated: true, answersOurMessage: false });
 * // { kind: 'keep-unattached', reason: 'UNRELATED_AUTOMATED_MAIL' }
 * decideThreadMessage({ ticketCustomerId: 'acme', senderEmail: 'noc@acme.example', contacts: [acmeNoc],
 *   automated: false, answersOurMessage: true, senderAuthentication: { result: 'fail', mechanism: 'dmarc' } });
 * // { kind: 'reject', reason: 'SENDER_NOT_AUTHENTICATED', failed: 'SENDER', mayExplainToSender: false, … }
 * ```
 */
export function decideThreadMessage(input: ThreadMessageInput): ThreadMessageDecision {
  const authentication = assessSenderAuthentication(input.senderEmail, input.senderAuthentication);
  if (authentication === 'FORGED') {
    if (input.automated) return { kind: 'keep-unattached', reason: 'SENDER_NOT_AUTHENTICATED' };
    return {
      kind: 'reject',
      reason: 'SENDER_NOT_AUTHENTICATED',
      failed: 'SENDER',
      message: SENDER_NOT_AUTHENTICATED_MESSAGE,
      mayExplainToSender: false,
    };
  }
  const decision = authorizeContact({ email: input.senderEmail, contacts: input.contacts, customerId: input.ticketCustomerId });
  const flags: readonly IntakeFlag[] = authentication === 'UNVERIFIED' ? ['SENDER_UNVERIFIED'] : [];
  if (decision.ok) return { kind: 'add', contact: decision.contact, flags };
  if (input.automated) {
    return input.answersOurMessage ? { kind: 'add', flags } : { kind: 'keep-unattached', reason: 'UNRELATED_AUTOMATED_MAIL' };
  }
  return {
    kind: 'reject',
    reason: decision.reason,
    failed: 'CONTACT',
    message: decision.message,
    mayExplainToSender: mayExplainRejection(decision.reason),
  };
}
