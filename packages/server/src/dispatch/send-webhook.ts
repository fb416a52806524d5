// The dispatcher's route for WEBHOOK outbox messages: the webhook's current URL and secret, the body
// built from what was recorded with the event, signed and posted now.
import type { WebhookSender, WebhookSendResult } from '../channels/webhook/webhook-sender.js';
import type { Desk } from '../desk.js';
import type { OutboxRow } from '../store/tables.js';
import { findWebhookById, type WebhookEventSnapshot } from '../store/webhooks.js';
import { webhookBody } from '../webhooks/webhook-payload.js';

export async function sendWebhookDelivery(desk: Desk, sender: WebhookSender, row: OutboxRow, now: Date): Promise<WebhookSendResult> {
  const webhook = row.webhook_id === null ? undefined : await findWebhookById(desk.store.db, row.webhook_id);
  // Deleted while this delivery was leased: its owner no longer wants it, and its secret is gone with it.
  if (!webhook || webhook.deleted_at !== null) return { accepted: false, permanent: true, detail: 'The webhook was deleted before this delivery was sent.' };
  const snapshot = JSON.parse(row.payload) as WebhookEventSnapshot;
  return sender.send({
    url: webhook.url,
    secret: webhook.secret,
    body: webhookBody(snapshot, { ticketPrefix: desk.config.ticketPrefix }),
    eventType: snapshot.type,
    eventId: snapshot.id,
    at: now,
  });
}
