// The email channel over GraphQL: `ingestEmail` (what the mailgate calls) and the review of rejected
// intakes by staff.
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { z } from 'zod';
import { ConflictError, NotFoundError } from '../errors.js';
import { acceptRejectedIntake } from '../tickets/accept-rejected-intake.js';
import { ingestEmail, MessageTooLargeError, type EmailIngestResult } from '../channels/email/inbound/ingest-email.js';
import { listRejectedIntakes } from '../store/rejected-intakes.js';
import { toDate, type RejectedIntakeRow } from '../store/tables.js';
import { builder } from './builder.js';
import { decodeCursor } from './cursors.js';
import { CustomerRef } from './customer.js';
import { localId } from './global-id.js';
import { badRequest, ErrorInterface } from './errors.js';
import { TicketRef } from './ticket.js';
import { SenderAuthenticationRef } from './message.js';
import type { SenderAuthentication } from '@nocdesk/domain';

const RawEncodingEnum = builder.enumType('RawEncoding', {
  description: 'How ingestEmail’s raw message is encoded.',
  values: {
    TEXT: { description: 'The message as text (7-bit or UTF-8 mail).' },
    BASE64: { description: 'The message bytes in base64: lossless for 8-bit bodies in any charset.' },
  } as const,
});

const EmailOutcomeEnum = builder.enumType('EmailOutcome', {
  description: 'What the desk did with an inbound email.',
  values: {
    CREATED: { description: 'A new ticket; its acknowledgement is queued.' },
    THREADED: { description: 'A reply added to an existing ticket.' },
    DUPLICATE: { description: 'Already received; nothing new was stored.' },
    REJECTED: { description: 'Kept as a rejected intake for staff review (unregistered or unauthorised sender).' },
    AUTOMATED_THREADED: { description: 'Auto-generated mail (bounce, auto-reply) recorded on its ticket; no answer sent.' },
    AUTOMATED_IGNORED: { description: 'Auto-generated mail matching no ticket: kept, opens nothing, answers nothing.' },
  } as const,
});

builder.objectType(MessageTooLargeError, {
  name: 'MessageTooLargeError',
  description: 'The email is over NOCDESK_MAX_MESSAGE_BYTES; nothing was stored.',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof MessageTooLargeError,
  fields: () => ({}),
});

const IngestEmailResultRef = builder.objectRef<EmailIngestResult>('IngestEmailSuccess').implement({
  description: 'What the desk did with the message.',
  fields: (t) => ({
    outcome: t.field({ type: EmailOutcomeEnum, description: 'What happened to it.', resolve: (r) => r.outcome }),
    ticket: t.field({ type: TicketRef, nullable: true, description: 'The ticket it opened or was added to.', resolve: (r) => r.ticket }),
    rejectedIntakeId: t.id({ nullable: true, description: 'The rejected intake it was kept as (REJECTED).', resolve: (r) => (r.rejectedIntakeId ? r.rejectedIntakeId : null) }),
    automated: t.string({ nullable: true, description: 'Why the message counts as auto-generated, if it does.', resolve: (r) => (r.automated?.automated ? `${r.automated.kind}: ${r.automated.reason}` : null) }),
  }),
});

const RejectedIntakeStatusEnum = builder.enumType('RejectedIntakeStatus', {
  description: 'Where a rejected intake stands in staff’s review.',
  values: {
    PENDING: { description: 'Waiting for staff.' },
    ACCEPTED: { description: 'Staff turned it into a ticket.' },
    DISMISSED: { description: 'Staff dismissed it.' },
  } as const,
});

const RejectedIntakeRef = builder.objectRef<RejectedIntakeRow>('RejectedIntake').implement({
  description: 'A request from someone who may not open (or add to) a ticket, kept for review.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Its id, for acceptRejectedIntake.' }),
    channel: t.exposeString('channel', { description: 'How it arrived: EMAIL, PORTAL, PHONE or CHAT.' }),
    sender: t.exposeString('sender', { nullable: true, description: 'Who sent it: the From address (email) or the reporter given.' }),
    reason: t.exposeString('reason', { description: 'UNKNOWN_SENDER, ROLE_NOT_ALLOWED, INACTIVE_CONTACT, WRONG_CUSTOMER…' }),
    explanation: t.exposeString('explanation', { description: 'What the sender was told (or would have been), in their language.' }),
    subject: t.exposeString('subject', { description: 'The subject of the request.' }),
    body: t.string({ description: 'The text of the request.', resolve: (r, _args, ctx, info) => ctx.budget.spend(String((JSON.parse(r.payload) as { text?: unknown }).text ?? ''), info) }),
    status: t.field({ type: RejectedIntakeStatusEnum, description: 'Where staff’s review stands.', resolve: (r) => r.status }),
    senderAuthentication: t.field({
      type: SenderAuthenticationRef,
      nullable: true,
      description: 'Whether the sender proved who it is (SENDER_NOT_AUTHENTICATED intakes: a DMARC failure).',
      resolve: (r) => (JSON.parse(r.payload) as { senderAuthentication?: SenderAuthentication | null }).senderAuthentication ?? null,
    }),
    customer: t.field({ type: CustomerRef, nullable: true, description: 'The customer it seems to be for, when the desk could tell.', resolve: (r) => r.customer_id }),
    ticket: t.field({ type: TicketRef, nullable: true, description: 'The ticket it became, once accepted.', resolve: (r) => r.ticket_id }),
    reviewedBy: t.exposeString('reviewed_by', { nullable: true, description: 'Who accepted or dismissed it.' }),
    createdAt: t.field({ type: 'DateTime', description: 'When it arrived.', resolve: (r) => toDate(r.created_at) }),
  }),
});

builder.queryField('rejectedIntakes', (t) =>
  t.connection({
    type: RejectedIntakeRef,
    authScopes: { staff: true },
    description: 'Rejected intakes, newest first (staff only).',
    args: { status: t.arg({ type: RejectedIntakeStatusEnum, required: false, defaultValue: 'PENDING', description: 'Only these; PENDING by default.' }) },
    resolve: (_root, args, ctx) =>
      resolveCursorConnection({ args, toCursor: (r: RejectedIntakeRow) => JSON.stringify([toDate(r.created_at).toISOString(), r.id]) }, async ({ after, limit, inverted }: ResolveCursorConnectionArgs) => {
        if (inverted) throw badRequest('Backward pagination (last/before) is not supported on rejectedIntakes; page forward with first/after.');
        const cursor = decodeRejectedCursor(after);
        return listRejectedIntakes(ctx.desk.store.db, { ...(args.status ? { status: args.status } : {}), limit, ...(cursor ? { afterCreated: cursor } : {}) });
      }),
  }),
);

function decodeRejectedCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = decodeCursor(cursor, z.tuple([z.iso.datetime(), z.string().min(1)]), 'rejectedIntakes');
  return { at, id };
}

const AcceptRejectedIntakeInput = builder.inputType('AcceptRejectedIntakeInput', {
  description: 'A rejected intake staff accept as a ticket, for which customer, and why.',
  fields: (t) => ({
    rejectedIntakeId: t.id({ description: 'The rejected intake’s id.' }),
    customerId: t.id({ description: 'The customer the ticket belongs to.' }),
    reason: t.string({ description: 'Why; recorded in the ticket’s history.', validate: z.string().trim().min(3, 'Say why it is accepted; it is recorded in the history.').max(1000) }),
  }),
});

builder.mutationFields((t) => ({
  ingestEmail: t.field({
    type: IngestEmailResultRef,
    authScopes: { admin: true },
    description: 'One RFC 5322 message, exactly as received: the same intake as the SMTP listener (used by `nocdesk mailgate`).',
    errors: { types: [MessageTooLargeError], directResult: true, union: { name: 'IngestEmailResult' } },
    args: {
      raw: t.arg.string({ description: 'The whole message, headers and body, as received.' }),
      encoding: t.arg({ type: RawEncodingEnum, required: false, defaultValue: 'TEXT', description: 'How raw is encoded; TEXT by default.' }),
    },
    resolve: (_root, args, ctx) => {
      const bytes = args.encoding === 'BASE64' ? Buffer.from(args.raw, 'base64') : Buffer.from(args.raw, 'utf8');
      return ingestEmail(ctx.desk, bytes);
    },
  }),
  acceptRejectedIntake: t.field({
    type: TicketRef,
    authScopes: { staff: true },
    description: 'Turns a rejected intake into a ticket for a customer (staff), recorded in the ticket’s history.',
    errors: { types: [NotFoundError, ConflictError], dataField: { name: 'ticket', description: 'The new ticket.' } },
    args: { input: t.arg({ type: AcceptRejectedIntakeInput, description: 'Which intake, for whom, why.' }) },
    resolve: (_root, { input }, ctx) =>
      acceptRejectedIntake(ctx.desk, ctx.principal, { id: String(input.rejectedIntakeId), customerId: localId(String(input.customerId), 'Customer'), reason: input.reason.trim() }),
  }),
}));
