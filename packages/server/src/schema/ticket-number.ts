// checkTicketNumber: lets anyone (the IVR, a portal form) validate a number before looking it up.
import { displayTicketNumber, parseTicketNumber, spokenTicketNumberCheck, type Language, type TicketNumberRejection } from '@nocdesk/domain';
import { builder } from './builder.js';
import { LanguageEnum } from './customer.js';

interface TicketNumberCheck {
  readonly valid: boolean;
  readonly number: string | null;
  readonly displayNumber: string | null;
  readonly reason: TicketNumberRejection | null;
  readonly message: string | null;
  /** The verdict as a sentence to speak (the IVR), in the caller's language. */
  readonly spoken: (language: Language) => string;
}

const TICKET_NUMBER_REJECTIONS: { readonly [reason in TicketNumberRejection]: { readonly description: string } } = {
  EMPTY: { description: 'Nothing was typed.' },
  NOT_DIGITS: { description: 'Something other than digits, the prefix, spaces or dashes.' },
  TOO_SHORT: { description: 'Too few digits for a ticket number.' },
  TOO_LONG: { description: 'Too many digits for a ticket number.' },
  CHECK_DIGIT: { description: 'The check digit does not match: a digit was mistyped or two were swapped.' },
};

export const TicketNumberRejectionEnum = builder.enumType('TicketNumberRejection', {
  description: 'Why a string is not a ticket number.',
  values: TICKET_NUMBER_REJECTIONS,
});

const TicketNumberCheckRef = builder.objectRef<TicketNumberCheck>('TicketNumberCheck').implement({
  description: 'Whether a string is a well-formed ticket number. It does not say whether the ticket exists.',
  fields: (t) => ({
    valid: t.exposeBoolean('valid', { description: 'Whether it is a well-formed ticket number (check digit included).' }),
    number: t.exposeString('number', { nullable: true, description: 'Canonical digits, when valid.' }),
    displayNumber: t.exposeString('displayNumber', { nullable: true, description: 'The number as people see it, with the desk’s prefix, when valid.' }),
    reason: t.field({ type: TicketNumberRejectionEnum, nullable: true, description: 'Why not, when not valid.', resolve: (c) => c.reason }),
    message: t.exposeString('message', { nullable: true, description: 'What to tell the person who typed it.' }),
    spoken: t.string({
      args: { language: t.arg({ type: LanguageEnum, required: false, description: 'English by default.' }) },
      description: 'The verdict as a sentence to speak to a caller (the IVR), the digits read one by one: the number read back, or what was entered and why it is not a ticket number.',
      resolve: (c, args) => c.spoken(args.language ?? 'en'),
    }),
  }),
});

builder.queryField('checkTicketNumber', (t) =>
  t.field({
    type: TicketNumberCheckRef,
    description: 'Whether a string is a ticket number, its canonical form, and why not: before a lookup, anyone (the IVR, a portal form) may ask.',
    args: { input: t.arg.string({ description: 'What the person typed or keyed, with or without prefix, spaces or dashes.' }) },
    resolve: (_root, args, ctx) => {
      const prefix = ctx.desk.config.ticketPrefix;
      const parsed = parseTicketNumber(args.input, { prefix });
      const spoken = (language: Language) => spokenTicketNumberCheck(args.input, parsed, language);
      return parsed.ok
        ? { valid: true, number: parsed.number, displayNumber: displayTicketNumber(parsed.number, { prefix }), reason: null, message: null, spoken }
        : { valid: false, number: null, displayNumber: null, reason: parsed.reason, message: parsed.message, spoken };
    },
  }),
);
