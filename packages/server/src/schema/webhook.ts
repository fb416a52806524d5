// Signed webhooks (SPEC §4.1): a partner registers HTTPS endpoints for its customer's ticket events and
// reads what was delivered and what failed; ADMIN sees and manages every customer's. Another
// customer's webhook is "not found", never "forbidden".
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { z } from 'zod';
import { customerScope } from '../auth/principal.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { toDate, toDateOrNull, type OutboxRow, type OutboxStatus, type TicketEventType, type WebhookRow } from '../store/tables.js';
import { INTERNAL_EVENT_TYPES } from '../store/ticket-events.js';
import { findLiveWebhooksByIds, listLiveWebhooks, listWebhookDeliveries, webhookEvents, type WebhookEventSnapshot } from '../store/webhooks.js';
import { createWebhook } from '../webhooks/create-webhook.js';
import { deleteWebhook } from '../webhooks/delete-webhook.js';
import { MAX_WEBHOOK_URL_LENGTH } from '../webhooks/webhook-url.js';
import { builder } from './builder.js';
import type { GraphQLContext } from './context.js';
import { CustomerRef } from './customer.js';
import { decodeCursor } from './cursors.js';
import { badRequest, withDeskValidation } from './errors.js';
import { localId } from './global-id.js';
import { canSeeCustomer } from './loaders.js';
import { TicketEventTypeEnum, TicketRef } from './ticket.js';

/** A partner its own customer's webhooks, ADMIN every one; other staff none (they are the partner's and the admin's business). */
function canSeeWebhook(ctx: GraphQLContext, webhook: WebhookRow): boolean {
  return ctx.principal.kind === 'staff' ? ctx.principal.role === 'ADMIN' : canSeeCustomer(ctx, webhook.customer_id);
}

export const WebhookRef = builder.loadableNodeRef<WebhookRow, string>('Webhook', {
  id: { resolve: (w) => w.id },
  load: async (ids: readonly string[], ctx: GraphQLContext) => (await findLiveWebhooksByIds(ctx.desk.store.db, ids)).filter((w) => canSeeWebhook(ctx, w)),
  sort: (w) => w.id,
});

type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';
const DELIVERY_STATUS: { readonly [status in OutboxStatus]: DeliveryStatus } = { PENDING: 'PENDING', SENT: 'DELIVERED', FAILED: 'FAILED' };
const OUTBOX_STATUS: { readonly [status in DeliveryStatus]: OutboxStatus } = { PENDING: 'PENDING', DELIVERED: 'SENT', FAILED: 'FAILED' };

const WebhookDeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', {
  description: 'Where a delivery stands.',
  values: {
    PENDING: { description: 'Not sent yet, or to be tried again at nextAttemptAt (the endpoint was down, slow, or answered 5xx, 408 or 429).' },
    DELIVERED: { description: 'The endpoint answered 2xx.' },
    FAILED: { description: 'Given up: the endpoint refused it (another 4xx), the attempts ran out, or the webhook was deleted. lastError says which.' },
  } as const,
});

const WebhookDeliveryRef = builder.objectRef<OutboxRow>('WebhookDelivery').implement({
  description: 'One event sent (or to be sent) to one webhook, with what the endpoint answered.',
  fields: (t) => ({
    eventId: t.string({ description: 'The event’s id, the `id` of the body: the same on every retry.', resolve: (d) => (JSON.parse(d.payload) as WebhookEventSnapshot).id }),
    eventType: t.field({ type: TicketEventTypeEnum, description: 'The history event it announces.', resolve: (d) => (JSON.parse(d.payload) as WebhookEventSnapshot).type }),
    ticket: t.field({ type: TicketRef, nullable: true, description: 'The ticket it is about.', resolve: (d) => d.ticket_id }),
    status: t.field({ type: WebhookDeliveryStatusEnum, description: 'Where it stands.', resolve: (d) => DELIVERY_STATUS[d.status] }),
    attempts: t.exposeInt('attempts', { description: 'How many times it was posted.' }),
    lastError: t.exposeString('last_error', { nullable: true, description: 'What went wrong the last time (HTTP 503: …, no answer within 10 s…); null once delivered.' }),
    nextAttemptAt: t.field({ type: 'DateTime', nullable: true, description: 'When it is tried next; null unless PENDING.', resolve: (d) => (d.status === 'PENDING' ? toDate(d.next_attempt_at) : null) }),
    createdAt: t.field({ type: 'DateTime', description: 'When its event happened and it was queued.', resolve: (d) => toDate(d.created_at) }),
    deliveredAt: t.field({ type: 'DateTime', nullable: true, description: 'When the endpoint answered 2xx.', resolve: (d) => toDateOrNull(d.sent_at) }),
  }),
});

const DeliveryCursor = z.number().int().positive().max(2_147_483_647);

WebhookRef.implement({
  description: 'An HTTPS endpoint of a customer’s that receives the ticket events it asked for, each signed with its secret (see docs/webhooks.md).',
  authScopes: (webhook, ctx) => canSeeWebhook(ctx, webhook),
  fields: (t) => ({
    url: t.exposeString('url', { description: 'Where deliveries are posted.' }),
    events: t.field({ type: [TicketEventTypeEnum], description: 'The event types it receives.', resolve: (w) => webhookEvents(w) }),
    customer: t.field({ type: CustomerRef, description: 'Whose ticket events it receives.', resolve: (w) => w.customer_id }),
    createdBy: t.exposeString('created_by', { description: 'Who registered it (partner:<key name> or staff:<name>).' }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was registered.', resolve: (w) => toDate(w.created_at) }),
    deliveries: t.connection({
      type: WebhookDeliveryRef,
      description: 'What was sent to it and what failed, newest first.',
      args: { status: t.arg({ type: WebhookDeliveryStatusEnum, required: false, description: 'Only deliveries in this status (FAILED: what needs a look).' }) },
      resolve: (webhook, args, ctx) =>
        resolveCursorConnection({ args, toCursor: (d: OutboxRow) => JSON.stringify(d.id) }, async ({ after, limit, inverted }: ResolveCursorConnectionArgs) => {
          if (inverted) throw badRequest('Backward pagination (last/before) is not supported on deliveries; page forward with first/after.');
          const afterId = after ? decodeCursor(after, DeliveryCursor, 'deliveries') : undefined;
          return listWebhookDeliveries(ctx.desk.store.db, { webhookId: webhook.id, status: args.status ? OUTBOX_STATUS[args.status] : undefined, limit, afterId });
        }),
    }),
  }),
});

const WebhooksCursor = z.tuple([z.string(), z.string()]);

builder.queryField('webhooks', (t) =>
  t.connection({
    type: WebhookRef,
    authScopes: { partner: true, admin: true },
    description: 'Webhooks, newest first: a partner’s own customer’s; ADMIN every customer’s.',
    resolve: (_root, args, ctx) =>
      resolveCursorConnection({ args, toCursor: (w: WebhookRow) => JSON.stringify([toDate(w.created_at).toISOString(), w.id]) }, async ({ after, limit, inverted }: ResolveCursorConnectionArgs) => {
        if (inverted) throw badRequest('Backward pagination (last/before) is not supported on webhooks; page forward with first/after.');
        const cursor = after ? decodeCursor(after, WebhooksCursor, 'webhooks') : undefined;
        return listLiveWebhooks(ctx.desk.store.db, { customerId: customerScope(ctx.principal), limit, after: cursor ? { createdAt: cursor[0], id: cursor[1] } : undefined });
      }),
  }),
);

const CreateWebhookInput = builder.inputType('CreateWebhookInput', {
  description: 'An endpoint and the ticket events it wants.',
  fields: (t) => ({
    url: t.string({
      description: 'Where to post, https:// and reachable from the internet (http:// and local addresses only on a desk with NOCDESK_WEBHOOK_ALLOW_HTTP).',
      validate: z.string().trim().min(1, 'The URL is required.').max(MAX_WEBHOOK_URL_LENGTH),
    }),
    events: t.field({
      type: [TicketEventTypeEnum],
      description: `Which history events to receive, at least one. Internal ones (${INTERNAL_EVENT_TYPES.join(', ')}) are never sent.`,
      validate: z.array(z.string()).min(1, 'Give at least one event type.').max(50),
    }),
    customerId: t.id({ required: false, description: 'ADMIN: the customer whose events it receives. A partner key may leave it out or give its own.' }),
  }),
});

/** The secret of the webhook createWebhook made: its answer is always the row (a node ref may also be an id). */
function secretOf(created: WebhookRow | string): string {
  if (typeof created === 'string') throw new Error('createWebhook answers the webhook it made, not an id');
  return created.secret;
}

const DeleteWebhookInput = builder.inputType('DeleteWebhookInput', {
  description: 'The webhook to delete.',
  fields: (t) => ({ webhookId: t.id({ description: 'The Webhook’s id.' }) }),
});

builder.mutationFields((t) => ({
  createWebhook: t.field({
    type: WebhookRef,
    authScopes: { partner: true, admin: true },
    description: 'Registers an endpoint for some ticket events of a customer (a partner: its own; ADMIN: any). The signing secret is in this answer only: store it now.',
    errors: {
      types: [NotFoundError, ConflictError],
      dataField: { name: 'webhook', description: 'The new webhook.' },
      result: {
        fields: (r) => ({
          secret: r.string({ description: 'The signing secret (whsec_…): shown only now. Check each delivery’s nocdesk-signature header with it (verifyWebhook in @nocdesk/client).', resolve: (created) => secretOf(created) }),
        }),
      },
    },
    args: { input: t.arg({ type: CreateWebhookInput, description: 'The endpoint and its events.' }) },
    resolve: (_root, { input }, ctx) =>
      withDeskValidation(() =>
        createWebhook(ctx.desk, ctx.principal, {
          url: input.url.trim(),
          events: input.events as TicketEventType[],
          customerId: input.customerId === null || input.customerId === undefined ? null : localId(String(input.customerId), 'Customer'),
        }),
      ),
  }),
  deleteWebhook: t.field({
    type: WebhookRef,
    authScopes: { partner: true, admin: true },
    description: 'Deletes a webhook: nothing more is sent to it, and deliveries still waiting are dropped (listed as FAILED).',
    errors: { types: [NotFoundError], dataField: { name: 'webhook', description: 'The deleted webhook, as it was.' } },
    args: { input: t.arg({ type: DeleteWebhookInput, description: 'Which webhook.' }) },
    resolve: (_root, { input }, ctx) => deleteWebhook(ctx.desk, ctx.principal, { webhookId: localId(String(input.webhookId), 'Webhook') }),
  }),
}));
