// Opening tickets through the API: the portal channel (`createTicket`).
import { PriorityLevelSchema, TicketCategorySchema, type PriorityLevel } from '@nocdesk/domain';
import { z } from 'zod';
import { IdempotencyKeyReusedError, ReporterNotAuthorizedError } from '../errors.js';
import { createPortalTicket } from '../tickets/open-portal-ticket.js';
import { builder } from './builder.js';
import { TicketCategoryEnum, TicketRef } from './ticket.js';

const CreateTicketInput = builder.inputType('CreateTicketInput', {
  description: 'A request from the partner portal or API, for one of the customer’s authorised contacts.',
  fields: (t) => ({
    reporterEmail: t.string({ description: 'An ADMINISTRATIVE or TECHNICAL contact of the customer.', validate: z.string().trim().min(3).max(320).email('Not an email address.') }),
    subject: t.string({ description: 'What it is about; keywords here (outage, caída…) give the level.', validate: z.string().trim().min(1, 'The subject is required.').max(300) }),
    description: t.string({ description: 'The problem in as much detail as possible.', validate: z.string().trim().min(1, 'Describe the problem in as much detail as possible.').max(100_000) }),
    sof: t.string({ required: false, description: 'The Service Order Form number, for a faster answer.', validate: z.string().max(64) }),
    requestedLevel: t.field({ type: 'PriorityLevel', required: false, description: 'The level the reporter asks for; it wins, flagged PRIORITY_MISMATCH when the request says otherwise.', validate: PriorityLevelSchema }),
    category: t.field({ type: TicketCategoryEnum, required: false, description: 'What it is about, when the portal asks; it gives the level.', validate: TicketCategorySchema }),
    idempotencyKey: t.string({ required: false, description: 'Retrying with the same key returns the first ticket.', validate: z.string().min(1).max(200) }),
  }),
});

builder.mutationField('createTicket', (t) =>
  t.field({
    type: TicketRef,
    authScopes: { partner: true, staff: true },
    description: 'The portal/API channel: checks the reporter, flags SOF problems, decides the level, numbers the ticket and queues the acknowledgement.',
    errors: { types: [ReporterNotAuthorizedError, IdempotencyKeyReusedError], dataField: { name: 'ticket', description: 'The new ticket (or, on a retry with the same key, the first one).' } },
    args: { input: t.arg({ type: CreateTicketInput, description: 'The request.' }) },
    resolve: async (_root, { input }, ctx) => {
      const result = await createPortalTicket(ctx.desk, ctx.principal, {
        reporterEmail: input.reporterEmail.trim(),
        subject: input.subject.trim(),
        description: input.description,
        sof: input.sof ?? null,
        requestedLevel: (input.requestedLevel as PriorityLevel | null | undefined) ?? null,
        category: input.category ?? null,
        idempotencyKey: input.idempotencyKey ?? null,
      });
      return result.ticket;
    },
  }),
);
