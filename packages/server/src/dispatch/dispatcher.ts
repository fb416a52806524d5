// Sends what the outbox holds: leases due messages, renders and hands them to the transport, marks them
// sent once, and reschedules failures with exponential backoff. Several dispatchers (one per server
// instance) can run against one database: leasing keeps them off each other's messages.
import { randomUUID } from 'node:crypto';
import type { OutboundEmail } from '../notifications/outbound-email.js';
import { renderEml } from '../channels/email/outbound/render-eml.js';
import type { Desk } from '../desk.js';
import { announceTicket } from '../events/desk-events.js';
import type { EmailTransport } from '../channels/email/outbound/email-transport.js';
import { createWebhookSender, type WebhookSender } from '../channels/webhook/webhook-sender.js';
import { insertMessage } from '../store/messages.js';
import { claimOutboxSend, leaseOutbox, markOutboxSent, releaseOutboxLeases, rescheduleOutbox } from '../store/outbox.js';
import { toDate, type OutboxRow } from '../store/tables.js';
import { appendTicketEvent } from '../store/ticket-events.js';
import { markTicketAcknowledged } from '../store/tickets.js';
import { inTransaction } from '../store/transaction.js';
import { sendWebhookDelivery } from './send-webhook.js';

export interface DispatcherOptions {
  readonly transport: EmailTransport;
  /** Posts WEBHOOK messages; by default one following NOCDESK_WEBHOOK_ALLOW_HTTP, closed with the dispatcher. */
  readonly webhookSender?: WebhookSender;
  /** How often to look for due messages when idle. */
  readonly intervalMs?: number;
  readonly batchSize?: number;
  readonly leaseMs?: number;
  /** After this many failed attempts a message is marked FAILED and left for staff. */
  readonly maxAttempts?: number;
  readonly onError?: (error: unknown) => void;
  /**
   * The server process leasing: its instance id (instances/instance-heartbeat.ts), so another process
   * takes over this dispatcher's leases as soon as the process is gone. Unset: a dispatcher of its own
   * whose leases only run out.
   */
  readonly owner?: string;
}

export interface Dispatcher {
  /** Sends every due message once; returns how many were sent. Tests and the CLI call it directly. */
  runOnce(): Promise<number>;
  start(): void;
  /**
   * Finishes the message in hand, then gives back this dispatcher's leases so another instance sends
   * the rest at once.
   */
  stop(): Promise<void>;
}

/** Webhook posts one dispatcher has in flight at most. */
const MAX_WEBHOOK_POSTS = 20;

/** 30 s, 1 min, 2 min, … capped at one hour. */
export function retryDelayMs(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
}

export function createDispatcher(desk: Desk, options: DispatcherOptions): Dispatcher {
  const owner = options.owner ?? `dispatcher-${randomUUID()}`;
  const intervalMs = options.intervalMs ?? 500;
  const maxAttempts = options.maxAttempts ?? 12;
  // Short batch leases, so a crashed dispatcher's messages are taken over within a minute.
  const leaseMs = options.leaseMs ?? 60_000;
  const sendLeaseMs = 5 * 60_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;
  const webhooks = options.webhookSender ?? createWebhookSender({ allowLocal: desk.config.webhookAllowLocal });

  async function deliver(row: OutboxRow): Promise<boolean> {
    const mail = JSON.parse(row.payload) as OutboundEmail;
    const now = desk.now();
    // A batch is leased at once but sent one by one: claim each message right before its send, with a
    // lease longer than the relay's timeouts. A message whose batch lease ran out is left to whoever has it.
    const claim = await claimOutboxSend(desk.store.db, { id: row.id, owner, leaseMs: sendLeaseMs, now });
    if (!claim) return false;
    const attempts = claim.attempts;
    let result;
    try {
      result = row.kind === 'WEBHOOK' ? await sendWebhookDelivery(desk, webhooks, row, now) : await options.transport.send(mail, await renderEml(mail, { date: toDate(row.created_at) }));
    } catch (error) {
      result = { accepted: false, permanent: false, detail: error instanceof Error ? error.message : String(error) };
    }
    if (!result.accepted) {
      const giveUp = result.permanent === true || attempts >= maxAttempts;
      const retryAt = giveUp ? null : new Date(now.getTime() + retryDelayMs(attempts));
      await rescheduleOutbox(desk.store.db, { id: row.id, owner, error: result.detail, retryAt });
      desk.metrics.dispatcherFailures.inc({ kind: row.kind, result: giveUp ? 'failed' : 'retry' });
      desk.log.warn({ outbox: { id: row.id, kind: row.kind, ticketId: row.ticket_id, attempts, retryAt: retryAt?.toISOString() ?? null, detail: result.detail } }, giveUp ? 'outbox message failed, left for staff' : 'outbox send failed, will retry');
      return false;
    }
    desk.metrics.dispatcherSends.inc({ kind: row.kind });
    desk.log.info({ outbox: { id: row.id, kind: row.kind, ticketId: row.ticket_id, attempts } }, 'outbox message sent');
    const ticketId = row.ticket_id;
    if (!ticketId || row.kind !== 'ACKNOWLEDGEMENT') {
      // Replies and resolutions were stored on their ticket when queued; explanations belong to no ticket.
      await markOutboxSent(desk.store.db, { id: row.id, owner, now });
      return true;
    }
    // Only an acknowledgement marks the ticket acknowledged; recorded with the send, in one transaction.
    const customerId = await inTransaction(desk.store, async (trx) => {
      if (!(await markOutboxSent(trx, { id: row.id, owner, now }))) return undefined;
      await insertMessage(trx, ticketId, 'OUT', { channel: 'EMAIL', messageId: mail.messageId, inReplyTo: mail.inReplyTo ?? null, references: mail.references ?? [], from: mail.from, to: mail.to, subject: mail.subject, body: mail.text, automated: 'auto-replied' }, now);
      const customer = await markTicketAcknowledged(trx, ticketId, now);
      if (customer) await appendTicketEvent(trx, ticketId, { type: 'ACKNOWLEDGED', actor: 'system', data: { to: mail.to, messageId: mail.messageId } }, now);
      return customer;
    });
    if (customerId) announceTicket(desk.events, { ticketId, customerId, type: 'ACKNOWLEDGED' });
    return true;
  }

  /**
   * Mail goes out one message at a time; webhook posts go out beside it, up to MAX_WEBHOOK_POSTS at once,
   * so a partner's endpoint that is slow to answer (up to its 10 s timeout) never holds up the
   * acknowledgements queued behind its deliveries. Each message is still claimed before its send.
   */
  async function sendDue(count: { sent: number }, posting: Set<Promise<void>>): Promise<void> {
    for (;;) {
      if (stopped) return;
      const rows = await leaseOutbox(desk.store.db, desk.store.dialect, { owner, limit: options.batchSize ?? 20, leaseMs, now: desk.now() });
      if (rows.length === 0) return;
      for (const row of rows) {
        // Stopping: the rest of the batch is released in stop() for another instance to send.
        if (stopped) return;
        if (row.kind !== 'WEBHOOK') {
          if (await deliver(row)) count.sent++;
          continue;
        }
        while (posting.size >= MAX_WEBHOOK_POSTS) await Promise.race(posting);
        const post: Promise<void> = deliver(row)
          .then(
            (delivered) => {
              if (delivered) count.sent++;
            },
            (error: unknown) => options.onError?.(error),
          )
          .finally(() => posting.delete(post));
        posting.add(post);
      }
      if (rows.length < (options.batchSize ?? 20)) return;
    }
  }

  async function runOnce(): Promise<number> {
    const count = { sent: 0 };
    const posting = new Set<Promise<void>>();
    try {
      await sendDue(count, posting);
    } finally {
      await Promise.all(posting);
    }
    return count.sent;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce()
        .catch((error: unknown) => {
          options.onError?.(error);
          return 0;
        })
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  }

  return {
    runOnce,
    start() {
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await releaseOutboxLeases(desk.store.db, owner);
      if (!options.webhookSender) await webhooks.close();
    },
  };
}
