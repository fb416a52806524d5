// Writes what an engineer sends the reporter: a public reply or the resolution. It is a person's mail,
// not an automatic one (no Auto-Submitted), threaded on the conversation and tagged with the ticket
// number so the customer's answer finds its ticket (SPEC §2.6).
import type { Language } from '@nocdesk/domain';
import { outboundMessageId, singleLine, type OutboundEmail } from './outbound-email.js';

export interface TicketReplyInput {
  readonly kind: 'REPLY' | 'RESOLUTION';
  readonly ticket: { readonly displayNumber: string; readonly subject: string };
  /** Where the ticket stands after this step: a reply may also ask the customer something or resolve it. */
  readonly status: 'IN_PROGRESS' | 'WAITING_CUSTOMER' | 'RESOLVED' | 'OPEN' | 'CLOSED';
  readonly to: string;
  readonly from: string;
  readonly language: Language;
  /** e.g. `[NCC#1000002]` (domain `ticketSubjectTag`). */
  readonly subjectTag: string;
  /** What the engineer wrote (the reply, or the resolution). */
  readonly body: string;
  /** The conversation so far: the message answered and the whole chain, for In-Reply-To/References. */
  readonly conversation: { readonly inReplyTo?: string | undefined; readonly references: readonly string[] };
  /** Days after resolution during which an answer reopens the ticket. */
  readonly reopenWindowDays: number;
  /** A fresh unique id from the caller; the Message-ID is `<messageId>@<messageIdDomain>`. */
  readonly messageId: string;
  readonly messageIdDomain: string;
  readonly signature?: string;
}

interface ReplyTexts {
  readonly re: string;
  readonly noSubject: string;
  readonly resolvedHeading: (display: string) => string;
  readonly resolutionLabel: string;
  readonly waiting: string;
  readonly resolvedFooter: (days: number) => string;
  readonly replyHint: (tag: string) => string;
  readonly signature: string;
}

// The two languages say the same things in the same order.
const TEXTS: Readonly<Record<Language, ReplyTexts>> = {
  en: {
    re: 'Re',
    noSubject: '(no subject)',
    resolvedHeading: (display) => `Ticket ${display} is resolved.`,
    resolutionLabel: 'Resolution:',
    waiting: 'We are waiting for your answer to continue: reply to this message.',
    resolvedFooter: (days) =>
      `If the problem is not solved, reply to this message within ${days} days and the ticket is reopened; after that, a reply opens a new ticket that follows up on this one.`,
    replyHint: (tag) => `To answer, reply to this message and keep ${tag} in the subject.`,
    signature: 'NOC service desk',
  },
  es: {
    re: 'Re',
    noSubject: '(sin asunto)',
    resolvedHeading: (display) => `El ticket ${display} está resuelto.`,
    resolutionLabel: 'Resolución:',
    waiting: 'Esperamos su respuesta para continuar: responda a este mensaje.',
    resolvedFooter: (days) =>
      `Si el problema no está resuelto, responda a este mensaje en un plazo de ${days} días y el ticket se reabrirá; después, una respuesta abre un ticket nuevo que da continuidad a este.`,
    replyHint: (tag) => `Para responder, conteste a este mensaje manteniendo ${tag} en el asunto.`,
    signature: 'Centro de servicio NOC',
  },
};

/** The subject of every mail on a ticket after the acknowledgement: `[NCC#n] Re: <subject>`. */
export function replySubject(subjectTag: string, subject: string, language: Language): string {
  const texts = TEXTS[language];
  const base = singleLine(subject).replace(/^\s*((re|aw|rv|fw|fwd)\s*:\s*)+/i, '') || texts.noSubject;
  const withoutTag = base.split(subjectTag).join('').replace(/\s{2,}/g, ' ').trim() || texts.noSubject;
  return `${subjectTag} ${texts.re}: ${withoutTag}`;
}

/** An engineer's reply or resolution, in the ticket's language, ready for the outbox. */
export function composeTicketReply(input: TicketReplyInput): OutboundEmail {
  const texts = TEXTS[input.language];
  const body = input.body.replace(/\r\n?/g, '\n').trim();
  const lines =
    input.kind === 'RESOLUTION'
      ? [texts.resolvedHeading(input.ticket.displayNumber), '', texts.resolutionLabel, body]
      : [body];
  if (input.status === 'WAITING_CUSTOMER') lines.push('', texts.waiting);
  if (input.status === 'RESOLVED') {
    if (input.kind === 'REPLY') lines.push('', texts.resolvedHeading(input.ticket.displayNumber));
    lines.push('', texts.resolvedFooter(input.reopenWindowDays));
  } else {
    lines.push('', texts.replyHint(input.subjectTag));
  }
  lines.push('', '-- ', input.signature ?? texts.signature);
  const references = [...input.conversation.references];
  return {
    from: input.from,
    to: input.to,
    subject: replySubject(input.subjectTag, input.ticket.subject, input.language),
    text: `${lines.join('\n')}\n`,
    messageId: outboundMessageId(input.messageId, input.messageIdDomain),
    ...(input.conversation.inReplyTo ? { inReplyTo: input.conversation.inReplyTo } : {}),
    ...(references.length > 0 ? { references } : {}),
    headers: {},
    language: input.language,
  };
}
