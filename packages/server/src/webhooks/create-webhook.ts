// `createWebhook`: a partner (for its own customer) or ADMIN (for any) registers an endpoint for some
// ticket events. The signing secret is made here and shown once, in the answer; from then on the
// desk only signs with it.
import { randomBytes } from 'node:crypto';
import { actorOf, customerScope, type Principal } from '../auth/principal.js';
import type { Desk } from '../desk.js';
import { ConflictError, InputValidationError } from '../errors.js';
import { lockCustomer } from '../store/customers.js';
import type { TicketEventType, WebhookRow } from '../store/tables.js';
import { INTERNAL_EVENT_TYPES } from '../store/ticket-events.js';
import { inTransaction } from '../store/transaction.js';
import { countLiveWebhooks, insertWebhook, listLiveWebhooks } from '../store/webhooks.js';
import { visibleCustomer } from '../customers/visible-customer.js';
import { checkWebhookUrl } from './webhook-url.js';

/** Enough for a customer's systems; a partner key cannot make the desk post each event a thousand times. */
export const MAX_WEBHOOKS_PER_CUSTOMER = 10;

export interface CreateWebhookInput {
  readonly url: string;
  readonly events: readonly TicketEventType[];
  /** Staff name the customer; a partner's own is implied (another one is not found). */
  readonly customerId?: string | null;
}

/** 256 random bits, prefixed so a leaked one is recognised in logs and secret scanners. */
function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** The new webhook; its `secret` column is the one time the secret is given out. */
export async function createWebhook(desk: Desk, principal: Principal, input: CreateWebhookInput): Promise<WebhookRow> {
  const scope = customerScope(principal);
  const customerId = input.customerId ?? scope;
  if (customerId === undefined) throw new InputValidationError([{ path: 'input.customerId', message: 'Staff give the customer the webhook is for.' }]);
  const customer = await visibleCustomer(desk, principal, customerId);
  const internal = input.events.filter((e) => INTERNAL_EVENT_TYPES.includes(e));
  if (internal.length > 0) throw new InputValidationError([{ path: 'input.events', message: `${internal.join(', ')}: internal history, never sent to partners.` }]);
  const check = checkWebhookUrl(input.url, { allowLocal: desk.config.webhookAllowLocal });
  if (!check.ok) throw new InputValidationError([{ path: 'input.url', message: check.message }]);
  return inTransaction(desk.store, async (trx) => {
    // One at a time per customer, so two requests together cannot pass the limit or register one URL twice.
    await lockCustomer(trx, desk.store.dialect, customer.id);
    if ((await countLiveWebhooks(trx, customer.id)) >= MAX_WEBHOOKS_PER_CUSTOMER) {
      throw new ConflictError(`The customer already has ${MAX_WEBHOOKS_PER_CUSTOMER} webhooks: delete one before adding another.`);
    }
    const existing = await listLiveWebhooks(trx, { customerId: customer.id, limit: MAX_WEBHOOKS_PER_CUSTOMER });
    if (existing.some((w) => w.url === check.url)) {
      throw new ConflictError('A webhook with this URL exists already: delete it first to register it again with other events or a new secret.');
    }
    return insertWebhook(trx, { customerId: customer.id, url: check.url, events: input.events, secret: newWebhookSecret(), createdBy: actorOf(principal), now: desk.now() });
  });
}
