// Writes the notice engineers get when a customer escalates a ticket (step 2 of the procedure: "si
// percibe una demora en nuestra respuesta … puede marcar uno de nuestros números de centro de llamadas
// / IVR"): who escalated and how, how often so far, and the ticket's facts.
import type { EscalationChannel, Language } from '@nocdesk/domain';
import { outboundMessageId, type OutboundEmail } from './outbound-email.js';
import { noticeFacts, noticeHeaders, noticeSignature, noticeSubjectTail, utcMinute, type NoticeTicket } from './staff-notice.js';

export interface EscalationNoticeInput {
  readonly ticket: NoticeTicket;
  readonly via: EscalationChannel;
  /** The calling number, for an escalation by phone or IVR. */
  readonly callerPhone?: string | null;
  /** Whether the calling number is a registered phone of the ticket's customer. */
  readonly callerRegistered?: boolean;
  /** Who escalated through the API (a partner portal, a staff member), as written in the history. */
  readonly actor: string;
  /** How many escalations counted so far, this one included. */
  readonly count: number;
  readonly escalatedAt: Date;
  readonly to: string;
  readonly from: string;
  readonly language: Language;
  /** A fresh unique id from the caller; the Message-ID is `<messageId>@<messageIdDomain>`. */
  readonly messageId: string;
  readonly messageIdDomain: string;
  readonly loopId: string;
}

interface EscalationTexts {
  readonly subject: (display: string, count: number, tail: string) => string;
  readonly via: Readonly<Record<EscalationChannel, string>>;
  readonly escalated: (display: string, via: string, at: string) => string;
  readonly caller: (phone: string, registered: boolean) => string;
  readonly by: (actor: string) => string;
  readonly count: (count: number) => string;
  readonly action: string;
}

// The two languages say the same things in the same order.
const TEXTS: Readonly<Record<Language, EscalationTexts>> = {
  en: {
    subject: (display, count, tail) => `${display} escalated by the customer (${count}): ${tail}`,
    via: { IVR: 'through the IVR', PHONE: 'by phone', PORTAL: 'from the partner portal' },
    escalated: (display, via, at) => `The customer escalated ticket ${display} ${via} at ${at}: the answer seems late to them.`,
    caller: (phone, registered) => `Calling number: ${phone} (${registered ? 'a registered phone of the customer' : 'not a registered phone of the customer'}).`,
    by: (actor) => `Escalated by: ${actor}.`,
    count: (count) => `Escalations so far: ${count}.`,
    action: 'Please answer the customer now: a public reply on the ticket, or a call back.',
  },
  es: {
    subject: (display, count, tail) => `${display} escalado por el cliente (${count}): ${tail}`,
    via: { IVR: 'por el IVR', PHONE: 'por teléfono', PORTAL: 'desde el portal del partner' },
    escalated: (display, via, at) => `El cliente ha escalado el ticket ${display} ${via} a las ${at}: le parece que la respuesta se demora.`,
    caller: (phone, registered) => `Número que llama: ${phone} (${registered ? 'un teléfono registrado del cliente' : 'no es un teléfono registrado del cliente'}).`,
    by: (actor) => `Escalado por: ${actor}.`,
    count: (count) => `Escalados hasta ahora: ${count}.`,
    action: 'Responda al cliente ahora: una respuesta pública en el ticket, o devuelva la llamada.',
  },
};

/** The escalation notice to one engineer or the on-call address, ready for the outbox. */
export function composeEscalationNotice(input: EscalationNoticeInput): OutboundEmail {
  const texts = TEXTS[input.language];
  const { ticket } = input;
  const lines = [
    texts.escalated(ticket.displayNumber, texts.via[input.via], utcMinute(input.escalatedAt)),
    input.callerPhone ? texts.caller(input.callerPhone, input.callerRegistered === true) : texts.by(input.actor),
    texts.count(input.count),
    '',
    ...noticeFacts(ticket, input.language),
    '',
    texts.action,
    '',
    '-- ',
    noticeSignature(input.language),
  ];
  return {
    from: input.from,
    to: input.to,
    subject: texts.subject(ticket.displayNumber, input.count, noticeSubjectTail(ticket, input.language)),
    text: `${lines.join('\n')}\n`,
    messageId: outboundMessageId(input.messageId, input.messageIdDomain),
    headers: noticeHeaders(input.loopId),
    language: input.language,
  };
}
