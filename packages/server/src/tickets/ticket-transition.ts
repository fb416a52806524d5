// One step in a ticket's life, inside the caller's transaction: lock the ticket, ask the domain whether
// the step is allowed and what it leads to, write the new state with its SLA bookkeeping and one
// history event. Every lifecycle use case goes through here, so the rules live in one place.
import { decideTicketTransition, updateSlaPause, type TicketAction, type TicketActor, type TicketTransition } from '@nocdesk/domain';
import type { Desk } from '../desk.js';
import { NotFoundError, TicketTransitionRefusedError } from '../errors.js';
import { appendTicketEvent, type TicketEventType } from '../store/ticket-events.js';
import { lockTicket, updateTicket, type TicketChange } from '../store/tickets.js';
import { toDateOrNull, type TicketRow } from '../store/tables.js';
import type { StoreTransaction } from '../store/transaction.js';

export type AcceptedTransition = Extract<TicketTransition, { ok: true }>;

export interface TransitionRequest {
  readonly ticketId: string;
  readonly action: TicketAction;
  readonly actor: TicketActor;
  /** Who, as written in the history (`staff:ana`, `partner:Acme portal`, `email:noc@acme.example`). */
  readonly actorName: string;
  /** The customer the caller is confined to (a partner key): another customer's ticket is not found. */
  readonly customerScope?: string | undefined;
  readonly event: TicketEventType;
  readonly reason?: string | null;
  readonly eventData?: Record<string, unknown>;
}

export interface AppliedTransition {
  readonly before: TicketRow;
  readonly ticket: TicketRow;
  readonly transition: AcceptedTransition;
}

/** Decides without writing: for callers that must know first (a closed ticket turns a message into a follow-up). */
export function decideFor(ticket: TicketRow, action: TicketAction, actor: TicketActor): TicketTransition {
  return decideTicketTransition({ status: ticket.status, assignee: ticket.assigned_to, action, actor });
}

/** The SLA pause bookkeeping of a status or level change (the domain says when the clocks stand still). */
export function slaPauseChange(
  before: TicketRow,
  status: TicketRow['status'],
  level: TicketRow['level'],
  now: Date,
): Pick<TicketChange, 'sla_paused_ms' | 'sla_paused_since' | 'sla_resumed_at'> {
  const pause = updateSlaPause(
    { pausedMs: Number(before.sla_paused_ms), pausedSince: toDateOrNull(before.sla_paused_since), resumedAt: toDateOrNull(before.sla_resumed_at) },
    status,
    level,
    now,
  );
  return { sla_paused_ms: pause.pausedMs, sla_paused_since: pause.pausedSince?.toISOString() ?? null, sla_resumed_at: pause.resumedAt?.toISOString() ?? null };
}

/** The columns a decided step changes. */
function changeFor(before: TicketRow, transition: AcceptedTransition, now: Date): TicketChange {
  const at = now.toISOString();
  const change: TicketChange = {
    status: transition.status,
    assigned_to: transition.assignee,
    ...slaPauseChange(before, transition.status, before.level, now),
  };
  if (transition.countsAsFirstResponse && before.first_responded_at === null) change.first_responded_at = at;
  if (transition.restartsPeriodicUpdate) change.last_public_reply_at = at;
  if (transition.status === 'RESOLVED' && before.status !== 'RESOLVED') change.resolved_at = at;
  if (before.status === 'RESOLVED' && transition.status !== 'RESOLVED' && transition.status !== 'CLOSED') change.resolved_at = null;
  if (transition.status === 'CLOSED') change.closed_at = at;
  return change;
}

/**
 * Applies one step: NotFoundError when the ticket does not exist or is outside the caller's scope,
 * TicketTransitionRefusedError when the rules refuse it; otherwise the ticket as it is now.
 */
export async function applyTransition(desk: Desk, trx: StoreTransaction, request: TransitionRequest): Promise<AppliedTransition> {
  const before = await lockTicket(trx, desk.store.dialect, request.ticketId);
  if (!before || (request.customerScope !== undefined && before.customer_id !== request.customerScope)) throw new NotFoundError('Ticket');
  const decision = decideFor(before, request.action, request.actor);
  if (!decision.ok) throw new TicketTransitionRefusedError(decision.reason, decision.message, before.status);
  const now = desk.now();
  const ticket = await updateTicket(trx, before.id, changeFor(before, decision, now), now);
  await appendTicketEvent(
    trx,
    before.id,
    {
      type: request.event,
      actor: request.actorName,
      reason: request.reason ?? null,
      data: {
        ...(decision.statusChanged ? { from: before.status, to: decision.status } : {}),
        ...(decision.assigneeChanged ? { assignee: decision.assignee } : {}),
        ...request.eventData,
      },
    },
    now,
  );
  return { before, ticket, transition: decision };
}
