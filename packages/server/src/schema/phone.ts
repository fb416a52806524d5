// The phone channel and step 2 of the procedure (SPEC §2.2, §2.5, §4.1): an engineer opens a ticket for a
// verified caller (`openPhoneTicket`), staff review every call taken (`phoneCalls`), and a customer's
// escalation by IVR, phone or portal (`escalateTicket`), with the typed errors they answer. Resolvers
// decode their input, call one use case and map its result.
import { EmailAddressSchema, PriorityLevelSchema, TicketCategorySchema, type PriorityLevel } from '@nocdesk/domain';
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { z } from 'zod';
import { actorOf, customerScope } from '../auth/principal.js';
import { EscalationRefusedError, IdempotencyKeyReusedError, InvalidTicketNumberError, NotFoundError, PhoneCallerNotVerifiedError } from '../errors.js';
import { listPhoneCalls, type PhoneCallCursor } from '../store/phone-calls.js';
import { toDate, type PhoneCallRow } from '../store/tables.js';
import { escalateTicket, type EscalationOutcome } from '../tickets/escalate-ticket.js';
import { openPhoneTicket } from '../tickets/open-phone-ticket.js';
import { NotAuthorizedError, builder } from './builder.js';
import type { GraphQLContext } from './context.js';
import { decodeCursor } from './cursors.js';
import { CustomerRef, LanguageEnum } from './customer.js';
import { ErrorInterface, IntakeRejectionEnum, badRequest } from './errors.js';
import { TicketNumberRejectionEnum } from './ticket-number.js';
import { TicketStatusEnum } from './ticket-status.js';
import { SlaStateEnum, TicketCategoryEnum, TicketRef } from './ticket.js';

export const PhoneCheckEnum = builder.enumType('PhoneCheck', {
  description: 'The two checks a phone caller passes before support is given (SPEC §2.2).',
  values: {
    CONTACT: { description: 'The caller is an active ADMINISTRATIVE or TECHNICAL contact, found by email address or phone number.' },
    SOF: { description: 'The SOF number given is an active service of that contact’s customer.' },
  } as const,
});

const PhoneCallOutcomeEnum = builder.enumType('PhoneCallOutcome', {
  description: 'What came of a call on the phone channel.',
  values: {
    ACCEPTED: { description: 'The caller was verified and a ticket opened.' },
    REFUSED: { description: 'A check failed; no ticket.' },
  } as const,
});

const EscalationChannelEnum = builder.enumType('EscalationChannel', {
  description: 'How an escalation reached the desk.',
  values: {
    IVR: { description: 'The voice menu: the caller keyed the ticket number and pressed 1.' },
    PHONE: { description: 'A call to an engineer, who escalated on the caller’s behalf.' },
    PORTAL: { description: 'The partner portal or API.' },
  } as const,
});

const PhoneCallRef = builder.objectRef<PhoneCallRow>('PhoneCall').implement({
  description: 'A call an engineer took on the phone channel, accepted or refused: who called, what they claimed, what failed.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The call’s id.' }),
    agent: t.exposeString('agent', { description: 'The engineer who took the call.' }),
    callerEmail: t.exposeString('caller_email', { nullable: true, description: 'The address the caller gave, as typed.' }),
    callerPhone: t.exposeString('caller_phone', { nullable: true, description: 'The number the caller gave, as typed.' }),
    sof: t.exposeString('sof', { nullable: true, description: 'The SOF number the caller gave, as typed.' }),
    subject: t.exposeString('subject', { description: 'What the caller called about.' }),
    description: t.exposeString('description', { description: 'What the caller reported, as the engineer wrote it down.' }),
    outcome: t.field({ type: PhoneCallOutcomeEnum, description: 'Whether the caller was verified and a ticket opened.', resolve: (c) => c.outcome }),
    failed: t.field({ type: PhoneCheckEnum, nullable: true, description: 'Which check failed, for a refused call.', resolve: (c) => c.failed }),
    reason: t.field({ type: IntakeRejectionEnum, nullable: true, description: 'Why it was refused.', resolve: (c) => c.reason as typeof IntakeRejectionEnum.$inferType | null }),
    message: t.exposeString('message', { nullable: true, description: 'What the engineer was told, to pass on to the caller.' }),
    customer: t.field({ type: CustomerRef, nullable: true, description: 'The customer the caller was verified for (accepted calls).', resolve: (c) => c.customer_id }),
    ticket: t.field({ type: TicketRef, nullable: true, description: 'The ticket the call opened.', resolve: (c) => c.ticket_id }),
    createdAt: t.field({ type: 'DateTime', description: 'When the call was recorded.', resolve: (c) => toDate(c.created_at) }),
  }),
});

builder.objectType(PhoneCallerNotVerifiedError, {
  name: 'PhoneCallerNotVerifiedError',
  description: 'The caller could not be verified: no ticket was opened; the attempt is recorded (see phoneCalls). Ask the caller again for what failed.',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof PhoneCallerNotVerifiedError,
  fields: (t) => ({
    failed: t.field({ type: PhoneCheckEnum, description: 'Which check failed.', resolve: (e) => e.failed }),
    reason: t.field({ type: IntakeRejectionEnum, description: 'Why it failed.', resolve: (e) => e.reason }),
    phoneCallId: t.exposeID('phoneCallId', { description: 'The recorded attempt (PhoneCall.id).' }),
  }),
});

builder.objectType(InvalidTicketNumberError, {
  name: 'InvalidTicketNumberError',
  description: 'Not a ticket number: a mistyped or swapped digit is caught by the check digit before any lookup.',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof InvalidTicketNumberError,
  fields: (t) => ({ reason: t.field({ type: TicketNumberRejectionEnum, description: 'Why it is not one.', resolve: (e) => e.reason }) }),
});

builder.objectType(EscalationRefusedError, {
  name: 'EscalationRefusedError',
  description: 'A resolved or closed ticket is not escalated: nothing is late on it any more.',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof EscalationRefusedError,
  fields: (t) => ({ status: t.field({ type: TicketStatusEnum, description: 'The ticket’s status.', resolve: (e) => e.status }) }),
});

const EscalationRef = builder.objectRef<EscalationOutcome>('Escalation').implement({
  description: 'The answer to an escalation: whether it counted, and where the ticket stands, also in words for a voice menu.',
  fields: (t) => ({
    ticket: t.field({ type: TicketRef, description: 'The ticket as it is now.', resolve: (e) => e.ticket }),
    counted: t.exposeBoolean('counted', { description: 'False when it repeated one counted within the last 10 minutes: nothing was recorded or sent again.' }),
    escalatedAt: t.field({ type: 'DateTime', description: 'When the escalation that counted was recorded.', resolve: (e) => e.escalatedAt }),
    escalationCount: t.int({ description: 'Escalations counted on the ticket so far.', resolve: (e) => e.ticket.escalation_count }),
    slaState: t.field({ type: SlaStateEnum, description: 'The ticket’s SLA state now.', resolve: (e) => e.sla.slaState }),
    spoken: t.string({
      args: { language: t.arg({ type: LanguageEnum, required: false, description: 'English by default.' }) },
      description: 'Status, level and SLA state, then the escalation’s outcome, in words a voice menu reads out: the number digit by digit, in groups.',
      resolve: (e, args) => e.spoken(args.language ?? 'en'),
    }),
  }),
});

const phoneText = (what: string, max: number) => z.string().trim().min(1, `${what} is required.`).max(max);

const OpenPhoneTicketInput = builder.inputType('OpenPhoneTicketInput', {
  description: 'What the caller says: who they are (their registered email address or phone number) and the SOF number of the service concerned.',
  fields: (t) => ({
    callerEmail: t.string({ required: false, description: 'The caller’s registered email address.', validate: EmailAddressSchema }),
    callerPhone: t.string({ required: false, description: 'The caller’s registered phone number, in international form.', validate: z.string().trim().regex(/^\+?[\d\s\-().]{6,32}$/, 'Not a phone number: e.g. +34 600 000 001.') }),
    sof: t.string({ description: 'Required by phone: the SOF number of the service concerned.', validate: z.string().trim().max(64) }),
    subject: t.string({ description: 'What the call is about.', validate: phoneText('The subject', 300) }),
    description: t.string({ description: 'What the caller reports, as the engineer writes it down.', validate: phoneText('The description', 100_000) }),
    requestedLevel: t.field({ type: 'PriorityLevel', required: false, description: 'The level the caller asks for.', validate: PriorityLevelSchema }),
    category: t.field({ type: TicketCategoryEnum, required: false, description: 'What it is about, when the caller says; it gives the level.', validate: TicketCategorySchema }),
    idempotencyKey: t.string({ required: false, description: 'Retrying with the same key returns the first ticket.', validate: z.string().min(1).max(200) }),
  }),
  validate: z
    .looseObject({ callerEmail: z.string().nullish(), callerPhone: z.string().nullish() })
    .refine((input) => Boolean(input.callerEmail) || Boolean(input.callerPhone), { message: 'Give the caller’s email address or phone number.', path: ['callerEmail'] }),
});

const EscalateTicketInput = builder.inputType('EscalateTicketInput', {
  description: 'A ticket whose answer seems late (step 2 of the procedure), and how the customer asked.',
  fields: (t) => ({
    number: t.string({ description: 'The ticket number, with or without prefix, spaces or dashes.', validate: z.string().max(64) }),
    via: t.field({ type: EscalationChannelEnum, description: 'How the customer asked: IVR, PHONE (through an engineer) or PORTAL.' }),
  }),
});

/** The caller as a staff member; the field's authScopes already ensured it. */
function staffOf(ctx: GraphQLContext) {
  if (ctx.principal.kind !== 'staff') throw new NotAuthorizedError(ctx.principal.kind === 'anonymous');
  return ctx.principal;
}

builder.mutationFields((t) => ({
  openPhoneTicket: t.field({
    type: TicketRef,
    authScopes: { engineer: true },
    description:
      'The phone channel: the engineer enters who the caller says they are and the SOF. No ticket until both checks pass (the error names the failed one); every attempt is recorded. The acknowledgement goes to the caller’s registered address.',
    errors: { types: [PhoneCallerNotVerifiedError, IdempotencyKeyReusedError], dataField: { name: 'ticket', description: 'The new ticket.' } },
    args: { input: t.arg({ type: OpenPhoneTicketInput, description: 'What the caller says.' }) },
    resolve: async (_root, { input }, ctx) => {
      const result = await openPhoneTicket(ctx.desk, staffOf(ctx), {
        callerEmail: input.callerEmail ?? null,
        callerPhone: input.callerPhone?.trim() || null,
        sof: input.sof,
        subject: input.subject.trim(),
        description: input.description,
        requestedLevel: (input.requestedLevel as PriorityLevel | null | undefined) ?? null,
        category: input.category ?? null,
        idempotencyKey: input.idempotencyKey ?? null,
      });
      return result.ticket;
    },
  }),
  escalateTicket: t.field({
    type: EscalationRef,
    authScopes: { partner: true, staff: true },
    description:
      'Step 2 of the procedure: the answer seems late. Counted once per ticket per 10 minutes, recorded as ESCALATED, noticed to the on-call address and the assignee; answers the status and SLA state, also in words. A partner escalates its own customer’s tickets only.',
    errors: { types: [InvalidTicketNumberError, NotFoundError, EscalationRefusedError], dataField: { name: 'escalation', description: 'Whether it counted, and the ticket now.' } },
    args: { input: t.arg({ type: EscalateTicketInput, description: 'Which ticket, and how the customer asked.' }) },
    resolve: (_root, { input }, ctx) =>
      escalateTicket(ctx.desk, { number: input.number, via: input.via, actor: actorOf(ctx.principal), customerScope: customerScope(ctx.principal) }),
  }),
}));

function encodePhoneCallCursor(call: PhoneCallRow): string {
  return JSON.stringify([toDate(call.created_at).toISOString(), call.id]);
}

function decodePhoneCallCursor(cursor: string | undefined): PhoneCallCursor | undefined {
  if (!cursor) return undefined;
  const [createdAt, id] = decodeCursor(cursor, z.tuple([z.iso.datetime(), z.string().min(1).max(64)]), 'phoneCalls');
  return { createdAt, id };
}

builder.queryField('phoneCalls', (t) =>
  t.connection({
    type: PhoneCallRef,
    authScopes: { staff: true },
    description: 'Every call taken on the phone channel, newest first, accepted and refused (or one outcome).',
    args: { outcome: t.arg({ type: PhoneCallOutcomeEnum, required: false, description: 'Only calls with this outcome; all by default.' }) },
    resolve: (_root, args, ctx) =>
      resolveCursorConnection({ args, toCursor: encodePhoneCallCursor }, async ({ after, limit, inverted }: ResolveCursorConnectionArgs) => {
        if (inverted) throw badRequest('Backward pagination (last/before) is not supported on phoneCalls; page forward with first/after.');
        const cursor = decodePhoneCallCursor(after);
        return listPhoneCalls(ctx.desk.store.db, { limit, ...(args.outcome ? { outcome: args.outcome } : {}), ...(cursor ? { after: cursor } : {}) });
      }),
  }),
);
