// The portal/API channel (`createTicket`): turns the request into plain data, lets the domain decide,
// and records the decision in one transaction. Retries with the same idempotency key return the first ticket.
import { chooseLanguage, decideIntake, detectLanguage, extractSofs, parseSof, type PriorityLevel, type TicketCategory } from '@nocdesk/domain';
import { actorOf, customerScope, type Principal } from '../auth/principal.js';
import type { Desk } from '../desk.js';
import { IdempotencyKeyReusedError, ReporterNotAuthorizedError } from '../errors.js';
import { announceTicket } from '../events/desk-events.js';
import { findContactsByEmail, findServicesBySofs, toContactRecord, toServiceRecord } from '../store/customers.js';
import type { TicketRow } from '../store/tables.js';
import { findIdempotentTicket, recordAcceptedIntake } from '../store/tickets.js';
import { isUniqueViolation } from '../store/unique-violation.js';
import { acknowledgementDraft } from './acknowledgement.js';
import { decidedTicket } from './decided-ticket.js';
import { requestHash } from './request-hash.js';

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

const OPERATION = 'createTicket';

export async function createPortalTicket(desk: Desk, principal: Principal, input: CreateTicketInput): Promise<CreateTicketResult> {
  const { store } = desk;
  const principalKey = principal.kind === 'anonymous' ? 'anonymous' : `${principal.kind}:${principal.id}`;
  const hash = requestHash({ ...input, idempotencyKey: undefined });
  const key = input.idempotencyKey ?? undefined;

  const replay = async () => {
    if (!key) return undefined;
    const previous = await findIdempotentTicket(store.db, principalKey, key);
    if (!previous) return undefined;
    if (previous.requestHash !== hash || previous.operation !== OPERATION) throw new IdempotencyKeyReusedError(key);
    return { ticket: previous.ticket, created: false };
  };
  const first = await replay();
  if (first) return first;

  const text = `${input.subject}\n${input.description}`;
  const sofs = input.sof ? [input.sof] : extractSofs(text);
  const [contacts, services] = await Promise.all([findContactsByEmail(store.db, input.reporterEmail), findServicesBySofs(store.db, sofs.map(canonicalOrSelf))]);
  const receivedAt = desk.now();
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

  const language = chooseLanguage({ contactLanguage: decision.contact.language, messageLanguage: detectLanguage(text) });
  try {
    const ticket = await recordAcceptedIntake(
      store,
      {
        ...decidedTicket(decision, sofs, receivedAt),
        subject: input.subject,
        description: input.description,
        language,
        actor: actorOf(principal),
        message: { channel: 'PORTAL', from: decision.contact.email, subject: input.subject, body: input.description },
        ...(key ? { idempotency: { principal: principalKey, key, operation: OPERATION, requestHash: hash } } : {}),
      },
      {
        // Not under the auto-reply limit: the caller is an authenticated partner, not a mail loop, and
        // each request is acknowledged (retries are absorbed by the idempotency key).
        outbox: (ticket) => [acknowledgementDraft(desk, ticket, { to: decision.contact.email, language })],
      },
    );
    announceTicket(desk.events, { ticketId: ticket.id, customerId: ticket.customer_id, type: 'CREATED' });
    return { ticket, created: true };
  } catch (error) {
    // Two retries raced with one key: the loser's transaction rolled back; answer with the winner's ticket.
    if (key && isUniqueViolation(error)) {
      const again = await replay();
      if (again) return again;
    }
    throw error;
  }
}

function canonicalOrSelf(sof: string): string {
  const parsed = parseSof(sof);
  return parsed.ok ? parsed.sof : sof;
}
