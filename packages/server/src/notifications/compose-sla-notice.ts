// Writes the notice engineers get when a ticket's SLA target is at risk or missed (SPEC §2.6): which
// target, when it is (or was) due, where the ticket stands now, and the ticket's facts.
import type { Language, SlaEventKind, SlaTargetKind } from '@nocdesk/domain';
import { outboundMessageId, type OutboundEmail } from './outbound-email.js';
import { noticeFacts, noticeHeaders, noticeSignature, noticeSubjectTail, utcMinute, type NoticeTicket } from './staff-notice.js';

export interface SlaNoticeInput {
  readonly ticket: NoticeTicket;
  readonly kind: SlaEventKind;
  readonly target: SlaTargetKind;
  readonly dueAt: Date;
  readonly to: string;
  readonly from: string;
  readonly language: Language;
  /** A fresh unique id from the caller; the Message-ID is `<messageId>@<messageIdDomain>`. */
  readonly messageId: string;
  readonly messageIdDomain: string;
  readonly loopId: string;
}

interface SlaTexts {
  readonly target: Readonly<Record<SlaTargetKind, string>>;
  readonly subject: Readonly<Record<SlaEventKind, (display: string, target: string, due: string, tail: string) => string>>;
  readonly headline: Readonly<Record<SlaEventKind, (display: string, target: string, due: string) => string>>;
  readonly action: Readonly<Record<SlaTargetKind, string>>;
}

// The two languages say the same things in the same order.
const TEXTS: Readonly<Record<Language, SlaTexts>> = {
  en: {
    target: { FIRST_RESPONSE: 'first response', PERIODIC_UPDATE: 'periodic update', RESOLUTION: 'resolution' },
    subject: {
      SLA_AT_RISK: (display, target, due, tail) => `${display} SLA at risk: ${target} due ${due}: ${tail}`,
      SLA_BREACHED: (display, target, due, tail) => `${display} SLA breached: ${target} was due ${due}: ${tail}`,
    },
    headline: {
      SLA_AT_RISK: (display, target, due) => `The ${target} of ticket ${display} is at risk: it is due ${due}.`,
      SLA_BREACHED: (display, target, due) => `The ${target} of ticket ${display} is late: it was due ${due}.`,
    },
    action: {
      FIRST_RESPONSE: 'Take the ticket and answer the customer: a public reply stops the first-response clock.',
      PERIODIC_UPDATE: 'Send the customer an update: every public reply restarts the update clock.',
      RESOLUTION: 'Resolve the ticket, or tell the customer where it stands.',
    },
  },
  es: {
    target: { FIRST_RESPONSE: 'primera respuesta', PERIODIC_UPDATE: 'actualización periódica', RESOLUTION: 'resolución' },
    subject: {
      SLA_AT_RISK: (display, target, due, tail) => `${display} SLA en riesgo: ${target} vence ${due}: ${tail}`,
      SLA_BREACHED: (display, target, due, tail) => `${display} SLA vencido: ${target} vencía ${due}: ${tail}`,
    },
    headline: {
      SLA_AT_RISK: (display, target, due) => `La ${target} del ticket ${display} está en riesgo: vence ${due}.`,
      SLA_BREACHED: (display, target, due) => `La ${target} del ticket ${display} llega tarde: vencía ${due}.`,
    },
    action: {
      FIRST_RESPONSE: 'Tome el ticket y responda al cliente: una respuesta pública detiene el plazo de primera respuesta.',
      PERIODIC_UPDATE: 'Envíe al cliente una actualización: cada respuesta pública reinicia el plazo de actualización.',
      RESOLUTION: 'Resuelva el ticket, o diga al cliente en qué punto está.',
    },
  },
};

/** The SLA notice to the engineer working the ticket or the on-call address, ready for the outbox. */
export function composeSlaNotice(input: SlaNoticeInput): OutboundEmail {
  const texts = TEXTS[input.language];
  const { ticket } = input;
  const target = texts.target[input.target];
  const due = utcMinute(input.dueAt);
  const lines = [
    texts.headline[input.kind](ticket.displayNumber, target, due),
    '',
    ...noticeFacts(ticket, input.language),
    '',
    texts.action[input.target],
    '',
    '-- ',
    noticeSignature(input.language),
  ];
  return {
    from: input.from,
    to: input.to,
    subject: texts.subject[input.kind](ticket.displayNumber, target, due, noticeSubjectTail(ticket, input.language)),
    text: `${lines.join('\n')}\n`,
    messageId: outboundMessageId(input.messageId, input.messageIdDomain),
    headers: noticeHeaders(input.loopId),
    language: input.language,
  };
}
