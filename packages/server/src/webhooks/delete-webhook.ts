// `deleteWebhook`: the endpoint gets nothing more, and its deliveries still waiting are dropped (they
// stay listed, FAILED with the reason). A partner deletes its own customer's webhooks; ADMIN any.
import { actorOf, customerScope, type Principal } from '../auth/principal.js';
import type { Desk } from '../desk.js';
import { NotFoundError } from '../errors.js';
import type { WebhookRow } from '../store/tables.js';
import { inTransaction } from '../store/transaction.js';
import { findLiveWebhook, markWebhookDeleted } from '../store/webhooks.js';

export async function deleteWebhook(desk: Desk, principal: Principal, input: { readonly webhookId: string }): Promise<WebhookRow> {
  const scope = customerScope(principal);
  return inTransaction(desk.store, async (trx) => {
    const found = await findLiveWebhook(trx, input.webhookId);
    if (!found || principal.kind === 'anonymous' || (scope !== undefined && found.customer_id !== scope)) throw new NotFoundError('Webhook');
    const deleted = await markWebhookDeleted(trx, { id: found.id, by: actorOf(principal), now: desk.now() });
    if (!deleted) throw new NotFoundError('Webhook');
    return deleted;
  });
}
