// The outbox as staff see it: messages the dispatcher could not deliver, and putting one back in the
// queue once the relay is fixed.
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { z } from 'zod';
import { actorOf } from '../auth/principal.js';
import { NotFoundError } from '../errors.js';
import { recordAudit } from '../store/audit.js';
import { listOutbox, requeueOutbox } from '../store/outbox.js';
import { inTransaction } from '../store/transaction.js';
import { toDate, toDateOrNull, type OutboxRow } from '../store/tables.js';
import { builder } from './builder.js';
import { decodeCursor } from './cursors.js';
import { badRequest } from './errors.js';
import { TicketRef } from './ticket.js';

const OutboxStatusEnum = builder.enumType('OutboxStatus', {
  description: 'Where an outgoing message stands.',
  values: {
    PENDING: { description: 'Waiting to be sent, or to be retried.' },
    SENT: { description: 'Handed to the relay (or written as .eml).' },
    FAILED: { description: 'Refused for good, or out of attempts: waiting for staff.' },
  } as const,
});

const OutboxMessageRef = builder.objectRef<OutboxRow>('OutboxMessage').implement({
  description: 'One message the desk sends: an acknowledgement, an explanation, an engineer’s reply or resolution, a notice.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Its id, for requeueOutboxMessage.' }),
    kind: t.exposeString('kind', { description: 'ACKNOWLEDGEMENT, EXPLANATION, REPLY, RESOLUTION or NOTICE.' }),
    recipient: t.exposeString('recipient', { description: 'The address it goes to.' }),
    subject: t.string({ description: 'Its subject line.', resolve: (m) => String((JSON.parse(m.payload) as { subject?: unknown }).subject ?? '') }),
    status: t.field({ type: OutboxStatusEnum, description: 'Where it stands.', resolve: (m) => m.status as 'PENDING' }),
    attempts: t.exposeInt('attempts', { description: 'How often sending was tried.' }),
    lastError: t.exposeString('last_error', { nullable: true, description: 'What the relay answered last.' }),
    nextAttemptAt: t.field({ type: 'DateTime', description: 'When it is tried next (PENDING).', resolve: (m) => toDate(m.next_attempt_at) }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was queued.', resolve: (m) => toDate(m.created_at) }),
    sentAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was handed to the relay.', resolve: (m) => toDateOrNull(m.sent_at) }),
    ticket: t.field({ type: TicketRef, nullable: true, description: 'The ticket it is about.', resolve: (m) => m.ticket_id }),
  }),
});

builder.queryField('outboxMessages', (t) =>
  t.connection({
    type: OutboxMessageRef,
    authScopes: { engineer: true },
    description: 'Outgoing messages by status, newest first (FAILED by default): what needs a look.',
    args: { status: t.arg({ type: OutboxStatusEnum, required: false, defaultValue: 'FAILED', description: 'Only these; FAILED by default.' }) },
    resolve: (_root, args, ctx) =>
      resolveCursorConnection({ args, toCursor: (m: OutboxRow) => JSON.stringify(m.id) }, async ({ after, limit, inverted }: ResolveCursorConnectionArgs) => {
        if (inverted) throw badRequest('Backward pagination (last/before) is not supported on outboxMessages; page forward with first/after.');
        const afterId = after ? decodeCursor(after, z.number().int().positive().max(2_147_483_647), 'outboxMessages') : undefined;
        return listOutbox(ctx.desk.store.db, { status: args.status ?? 'FAILED', limit, ...(afterId !== undefined ? { afterId } : {}) });
      }),
  }),
);

const RequeueOutboxMessageInput = builder.inputType('RequeueOutboxMessageInput', {
  description: 'A failed message to send again, and why.',
  fields: (t) => ({
    id: t.id({ description: 'The OutboxMessage id.' }),
    reason: t.string({ description: 'Why; recorded in the audit log.', validate: z.string().trim().min(3, 'Say why it is sent again (e.g. the relay was fixed).').max(500) }),
  }),
});

builder.mutationField('requeueOutboxMessage', (t) =>
  t.field({
    type: OutboxMessageRef,
    authScopes: { engineer: true },
    description: 'Puts a FAILED message back in the queue with a fresh attempt count; the reason goes to the audit log.',
    errors: { types: [NotFoundError], dataField: { name: 'message', description: 'The message, pending again.' } },
    args: { input: t.arg({ type: RequeueOutboxMessageInput, description: 'Which message, and why.' }) },
    resolve: async (_root, { input }, ctx) => {
      const id = Number(input.id);
      const now = ctx.desk.now();
      // Outbox ids are positive 32-bit integers (a serial column): anything else names no message.
      if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) throw new NotFoundError('Failed outbox message');
      return inTransaction(ctx.desk.store, async (trx) => {
        const row = await requeueOutbox(trx, { id, now });
        if (!row) throw new NotFoundError('Failed outbox message');
        await recordAudit(trx, { customerId: null, entity: 'outbox', entityId: String(row.id), action: 'REQUEUED', actor: actorOf(ctx.principal), reason: input.reason.trim(), data: { recipient: row.recipient }, at: now });
        return row;
      });
    },
  }),
);
