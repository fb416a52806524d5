// checkTicketNumber: lets anyone (the IVR, a portal form) validate a number before looking it up.
import { displayTicketNumber, parseTicketNumber } from '@nocdesk/domain';
import { builder } from './builder.js';

interface TicketNumberCheck {
  readonly valid: boolean;
  readonly number: string | null;
  readonly displayNumber: string | null;
  readonly reason: string | null;
  readonly message: string | null;
}

const TicketNumberCheckRef = builder.objectRef<TicketNumberCheck>('TicketNumberCheck').implement({
  description: 'Whether a string is a well-formed ticket number. It does not say whether the ticket exists.',
  fields: (t) => ({
    valid: t.exposeBoolean('valid'),
    number: t.exposeString('number', { nullable: true, description: 'Canonical digits, when valid.' }),
    displayNumber: t.exposeString('displayNumber', { nullable: true }),
    reason: t.exposeString('reason', { nullable: true, description: 'EMPTY, NOT_DIGITS, TOO_SHORT, TOO_LONG or CHECK_DIGIT.' }),
    message: t.exposeString('message', { nullable: true, description: 'What to tell the person who typed it.' }),
  }),
});

builder.queryField('checkTicketNumber', (t) =>
  t.field({
    type: TicketNumberCheckRef,
    args: { input: t.arg.string() },
    resolve: (_root, args, ctx) => {
      const prefix = ctx.desk.config.ticketPrefix;
      const parsed = parseTicketNumber(args.input, { prefix });
      return parsed.ok
        ? { valid: true, number: parsed.number, displayNumber: displayTicketNumber(parsed.number, { prefix }), reason: null, message: null }
        : { valid: false, number: null, displayNumber: null, reason: parsed.reason, message: parsed.message };
    },
  }),
);
