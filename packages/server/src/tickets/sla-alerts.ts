// The SLA alert job (SPEC §2.6): records SLA_AT_RISK and SLA_BREACHED once per target window of a
// ticket and notices the assignee (or, when nobody can be written to, the on-call address).
//
// It never scans every ticket. It looks at the unresolved tickets whose next SLA moment has come
// (`sla_next_check_at`, which it keeps itself from the domain's `nextSlaChange`) and at those changed
// since it last looked (any change moves `updated_at` away from `sla_checked_at`), both through partial
// indexes and in bounded keyset pages. Each event is claimed by inserting its key into `sla_alerts` in
// the transaction that writes the history event and queues the notice, so two schedulers (a lease lost
// mid-run, two processes) can never both record one.
import { dueSlaEvents, nextSlaChange, type SlaEvent } from '@nocdesk/domain';
import type { Desk } from '../desk.js';
import { announceTicket } from '../events/desk-events.js';
import { composeSlaNotice } from '../notifications/compose-sla-notice.js';
import { enqueueOutbox } from '../store/outbox.js';
import {
  claimSlaAlert,
  markSlaChecked,
  recordedSlaAlerts,
  ticketsChangedSinceSlaCheck,
  ticketsWithSlaMomentDue,
  type SlaDueCursor,
} from '../store/sla-alerts.js';
import { toDate, type SlaAlertRow, type TicketRow } from '../store/tables.js';
import { appendTicketEvent } from '../store/ticket-events.js';
import { lockTicket } from '../store/tickets.js';
import { inTransaction } from '../store/transaction.js';
import { unguessableId } from './acknowledgement.js';
import { slaClockInput } from './sla-clock.js';
import { noticeTicket, slaAlertRecipients } from './staff-notices.js';

export interface SlaAlertOptions {
  /** Tickets read per page. */
  readonly pageSize?: number;
  /** Tickets looked at per run at most; the rest wait for the next run. */
  readonly maxTicketsPerRun?: number;
}

function recordsOf(rows: readonly SlaAlertRow[]) {
  return rows.map((row) => ({ kind: row.kind, target: row.target, windowStart: toDate(row.window_start) }));
}

/** What the job learned about a ticket with nothing to record: when to look again. */
interface SlaCheck {
  readonly ticketId: string;
  readonly seenUpdatedAt: Date | string;
  readonly nextCheckAt: Date | null;
}

/** Records (and notices) what is due for one ticket, in its own transaction; returns the events this call recorded. */
async function recordDue(desk: Desk, seen: TicketRow, now: Date): Promise<SlaEvent[]> {
  const policy = desk.config.slaPolicy;
  const outcome = await inTransaction(desk.store, async (trx) => {
    // Decide again on the locked row: a reply or a resolution may have landed since the page was read.
    const ticket = await lockTicket(trx, desk.store.dialect, seen.id);
    if (!ticket) return { ticket: seen, recordedNow: [] as SlaEvent[] };
    const clock = slaClockInput(ticket, now);
    const events = dueSlaEvents(clock, recordsOf(await recordedSlaAlerts(trx, [ticket.id])), policy);
    const recordedNow: SlaEvent[] = [];
    for (const event of events) {
      if (!(await claimSlaAlert(trx, { ticketId: ticket.id, kind: event.kind, target: event.target, windowStart: event.windowStart }, now))) continue;
      recordedNow.push(event);
      await appendTicketEvent(
        trx,
        ticket.id,
        {
          type: event.kind,
          actor: 'scheduler',
          data: { target: event.target, windowStart: event.windowStart.toISOString(), dueAt: event.dueAt.toISOString(), crossedAt: event.at.toISOString() },
        },
        now,
      );
      const facts = await noticeTicket(desk, trx, ticket, now);
      for (const to of slaAlertRecipients(desk, ticket)) {
        const notice = composeSlaNotice({
          ticket: facts,
          kind: event.kind,
          target: event.target,
          dueAt: event.dueAt,
          to,
          from: desk.config.mailFrom,
          language: ticket.language,
          messageId: unguessableId('sla', ticket.number),
          messageIdDomain: desk.config.mailDomain,
          loopId: desk.config.mailFrom,
        });
        const key = `sla:${ticket.id}:${event.kind}:${event.target}:${event.windowStart.toISOString()}:${to}`;
        await enqueueOutbox(trx, { kind: 'NOTICE', ticketId: ticket.id, recipient: to, dedupeKey: key, payload: notice }, now);
      }
    }
    await markSlaChecked(trx, ticket.id, { seenUpdatedAt: ticket.updated_at, nextCheckAt: nextSlaChange(clock, policy) });
    return { ticket, recordedNow };
  });
  for (const event of outcome.recordedNow) announceTicket(desk.events, { ticketId: outcome.ticket.id, customerId: outcome.ticket.customer_id, type: event.kind });
  return outcome.recordedNow;
}

/**
 * Checks one page of tickets: their recorded events are read in one query, the tickets with something
 * due are recorded one transaction each (holding one ticket's lock at a time), and when to look again at
 * the others is written in one transaction for the page. A change made meanwhile keeps a ticket stale.
 */
async function checkPage(desk: Desk, page: readonly TicketRow[], now: Date): Promise<number> {
  const policy = desk.config.slaPolicy;
  const recorded = await recordedSlaAlerts(desk.store.db, page.map((ticket) => ticket.id));
  const quiet: SlaCheck[] = [];
  let count = 0;
  for (const ticket of page) {
    const clock = slaClockInput(ticket, now);
    const due = dueSlaEvents(clock, recordsOf(recorded.filter((row) => row.ticket_id === ticket.id)), policy);
    if (due.length > 0) count += (await recordDue(desk, ticket, now)).length;
    else quiet.push({ ticketId: ticket.id, seenUpdatedAt: ticket.updated_at, nextCheckAt: nextSlaChange(clock, policy) });
  }
  if (quiet.length > 0) {
    await inTransaction(desk.store, async (trx) => {
      for (const check of quiet) await markSlaChecked(trx, check.ticketId, check);
    });
  }
  return count;
}

/**
 * The scheduler's SLA job: records what has come due and returns how many events it recorded. Changed
 * tickets first (a level raised to 1 may be due at once), then those whose next SLA moment has passed.
 */
export async function raiseDueSlaAlerts(desk: Desk, options: SlaAlertOptions = {}): Promise<number> {
  const pageSize = options.pageSize ?? 200;
  let budget = options.maxTicketsPerRun ?? 5_000;
  const now = desk.now();
  let recorded = 0;

  let afterSeq: number | undefined;
  while (budget > 0) {
    const page = await ticketsChangedSinceSlaCheck(desk.store.db, { limit: Math.min(pageSize, budget), ...(afterSeq !== undefined ? { afterSeq } : {}) });
    if (page.length === 0) break;
    budget -= page.length;
    recorded += await checkPage(desk, page, now);
    afterSeq = Number(page[page.length - 1]?.seq);
    if (page.length < pageSize) break;
  }

  let after: SlaDueCursor | undefined;
  while (budget > 0) {
    const page = await ticketsWithSlaMomentDue(desk.store.db, { now, limit: Math.min(pageSize, budget), ...(after ? { after } : {}) });
    if (page.length === 0) break;
    budget -= page.length;
    recorded += await checkPage(desk, page, now);
    const last = page[page.length - 1];
    if (!last?.sla_next_check_at) break;
    after = { at: toDate(last.sla_next_check_at).toISOString(), seq: Number(last.seq) };
    if (page.length < pageSize) break;
  }
  return recorded;
}
