// The portal/API channel's intake (`createTicket`): the domain decides on the request as given, and an
// accepted one opens a ticket. Retries with the same idempotency key return the first ticket.
import { chooseLanguage, decideIntake, detectLanguage, extractSofs, parseSof, type PriorityLevel, type TicketCategory } from '@nocdesk/domain';
import { actorOf, customerScope, principalKey, type Principal } from '../auth/principal.js';
import type { Desk } from '../desk.js';
import { ReporterNotAuthorizedError } from '../errors.js';
import { findContactsByEmail, findServicesBySofs, toContactRecord, toServiceRecord } from '../store/customers.js';
import type { TicketRow } from '../store/tables.js';
import { recordIntake } from '../observability/intake-record.js';
import { withIdempotency } from './idempotent.js';
import { openTicket } from './open-ticket.js';

export interface CreateTicketInput {
  readonly reporterEmail: string;
  readonly subject: string;
  readonly description: string;
  readonly sof?: string | null;
  readonly requestedLevel?: PriorityLevel | null;
  readonly category?: TicketCategory | null;
  readonly idempotencyKey?: string | null;
}

export interface CreateTicketResult {
  readonly ticket: TicketRow;
  /** False when an earlier request with the same idempotency key already created it. */
  readonly created: boolean;
}

export async function createPortalTicket(desk: Desk, principal: Principal, input: CreateTicketInput): Promise<CreateTicketResult> {
  try {
    const result = await decideAndOpen(desk, principal, input);
    recordIntake(desk, { channel: 'PORTAL', outcome: result.created ? 'created' : 'duplicate', ticketNumber: result.ticket.number });
    return result;
  } catch (error) {
    if (error instanceof ReporterNotAuthorizedError) recordIntake(desk, { channel: 'PORTAL', outcome: 'rejected', reason: error.reason });
    throw error;
  }
}

async function decideAndOpen(desk: Desk, principal: Principal, input: CreateTicketInput): Promise<CreateTicketResult> {
  return withIdempotency(desk, { principal: principalKey(principal), key: input.idempotencyKey ?? undefined, operation: 'createTicket', input: { ...input, idempotencyKey: undefined } }, async (idempotency) => {
    const { store } = desk;
    const text = `${input.subject}\n${input.description}`;
    const sofs = input.sof ? [input.sof] : extractSofs(text);
    const [contacts, services] = await Promise.all([findContactsByEmail(store.db, input.reporterEmail), findServicesBySofs(store.db, sofs.map(canonicalOrSelf))]);
    const scope = customerScope(principal);
    const decision = decideIntake({
      channel: 'PORTAL',
      reporter: { email: input.reporterEmail },
      // A partner sees only its own customer (SPEC §4): another customer's contact is an unknown sender,
      // never WRONG_CUSTOMER, which would tell the partner the address is registered elsewhere.
      contacts: contacts.filter((c) => scope === undefined || c.customer_id === scope).map(toContactRecord),
      customerId: scope,
      sofs,
      services: services.map(toServiceRecord),
      priority: { requestedLevel: input.requestedLevel ?? undefined, category: input.category ?? undefined, text },
    });
    if (decision.kind === 'reject') throw new ReporterNotAuthorizedError(decision.reason, decision.message, input.reporterEmail);
    return openTicket(desk, {
      decision,
      sofs,
      subject: input.subject,
      description: input.description,
      language: chooseLanguage({ contactLanguage: decision.contact.language, messageLanguage: detectLanguage(text) }),
      actor: actorOf(principal),
      message: { channel: 'PORTAL', from: decision.contact.email, subject: input.subject, body: input.description },
      // Not under the auto-reply limit: the caller is an authenticated partner, not a mail loop, and
      // each request is acknowledged (retries are absorbed by the idempotency key).
      acknowledgement: { to: decision.contact.email, limit: 'NONE' },
      ...(idempotency ? { idempotency } : {}),
    });
  });
}

function canonicalOrSelf(sof: string): string {
  const parsed = parseSof(sof);
  return parsed.ok ? parsed.sof : sof;
}
