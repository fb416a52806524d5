// Writes the acknowledgement a reporter gets when a ticket is opened: its number,
// level, SLA target, what to do if the answer seems late (step 2) and whom to call.
import { describeSlaTarget, priorityMeaning, priorityName } from '@nocdesk/domain';
import type { Hotline, Language, PriorityLevel, SlaPolicy } from '@nocdesk/domain';
import { autoReplyHeaders, outboundMessageId, replyReferences, singleLine } from './outbound-email.js';
import type { OutboundEmail } from './outbound-email.js';

export interface AcknowledgementInput {
  readonly ticket: {
    /** Canonical digits, what a caller types on the IVR keypad. */
    readonly number: string;
    /** With prefix and grouping, e.g. `NCC#1000426`. */
    readonly displayNumber: string;
    readonly subject: string;
    readonly level: PriorityLevel;
  };
  readonly to: string;
  readonly from: string;
  readonly language: Language;
  /** The subject tag replies thread on, e.g. `[NCC#1000426]` (domain `ticketSubjectTag`). */
  readonly subjectTag: string;
  /** The first-response target in words, in `language`; when absent it is described from `slaPolicy`. */
  readonly slaTarget?: string;
  /** Used when `slaTarget` is absent; the domain's default policy when both are. */
  readonly slaPolicy?: SlaPolicy;
  /** The configured numbers for the reporter's region: hotlines are listed for level 1, IVR lines always. */
  readonly hotlines: readonly Hotline[];
  /** The customer's message this acknowledges, for In-Reply-To and References. */
  readonly replyTo: { readonly messageId?: string | null; readonly references?: readonly string[] };
  /** A fresh unique id from the caller (e.g. a ULID); the Message-ID is `<messageId>@<messageIdDomain>`. */
  readonly messageId: string;
  readonly messageIdDomain: string;
  readonly loopId: string;
  /** The closed ticket this one continues (displayed form), when it is a follow-up. */
  readonly followUpOf?: string;
  /** The closing line; a neutral desk name by default. */
  readonly signature?: string;
}

interface AcknowledgementTexts {
  readonly received: string;
  readonly noSubject: string;
  readonly greeting: string;
  readonly registered: (display: string) => string;
  readonly followUp: (earlier: string) => string;
  readonly ticketLabel: string;
  readonly subjectLabel: string;
  readonly priorityLabel: string;
  readonly level: (level: PriorityLevel, name: string) => string;
  readonly target: (target: string) => string;
  readonly lateHeading: string;
  readonly late: (display: string, digits: string) => string;
  readonly hotlinesHeading: string;
  readonly ivrHeading: string;
  readonly languageNames: Readonly<Record<Language, string>>;
  readonly replyHint: (tag: string) => string;
  readonly signature: string;
}

// The two languages say the same things in the same order; tests hold them to it.
const TEXTS: Readonly<Record<Language, AcknowledgementTexts>> = {
  en: {
    received: 'Received',
    noSubject: '(no subject)',
    greeting: 'Hello,',
    registered: (display) => `We have received your message and registered it as ticket ${display}.`,
    followUp: (earlier) => `It follows up on ticket ${earlier}, which was closed; the engineers will see both.`,
    ticketLabel: 'Ticket',
    subjectLabel: 'Subject',
    priorityLabel: 'Priority',
    level: (level, name) => `level ${level}, ${name}`,
    target: (target) => `Target for an engineer's first response: ${target}.`,
    lateHeading: 'If the answer seems late',
    late: (display, digits) =>
      `Call our call centre or IVR and quote your ticket number ${display} (on the IVR keypad: ${digits}). ` +
      'We will look it up and escalate the ticket at once.',
    hotlinesHeading: 'Support hotlines (staffed 24x7):',
    ivrHeading: 'Ticket status and escalation by phone (IVR, keypad):',
    languageNames: { en: 'English', es: 'Spanish' },
    replyHint: (tag) => `To add information, reply to this message and keep ${tag} in the subject.`,
    signature: 'NOC service desk',
  },
  es: {
    received: 'Recibido',
    noSubject: '(sin asunto)',
    greeting: 'Hola:',
    registered: (display) => `Hemos recibido su mensaje y lo hemos registrado como el ticket ${display}.`,
    followUp: (earlier) => `Da continuidad al ticket ${earlier}, que estaba cerrado; los ingenieros verán ambos.`,
    ticketLabel: 'Ticket',
    subjectLabel: 'Asunto',
    priorityLabel: 'Prioridad',
    level: (level, name) => `nivel ${level}, ${name}`,
    target: (target) => `Objetivo para la primera respuesta de un ingeniero: ${target}.`,
    lateHeading: 'Si la respuesta parece tardar',
    late: (display, digits) =>
      `Llame a nuestro centro de atención telefónica o al IVR e indique su número de ticket ${display} ` +
      `(en el teclado del IVR: ${digits}). Lo buscaremos y escalaremos el ticket de inmediato.`,
    hotlinesHeading: 'Líneas de asistencia técnica (atendidas 24x7):',
    ivrHeading: 'Estado y escalado del ticket por teléfono (IVR, teclado):',
    languageNames: { en: 'inglés', es: 'español' },
    replyHint: (tag) => `Para añadir información, responda a este mensaje manteniendo ${tag} en el asunto.`,
    signature: 'Centro de servicio NOC',
  },
};

function hotlineLine(hotline: Hotline, texts: AcknowledgementTexts): string {
  const place = hotline.country ? `${hotline.region} (${hotline.country})` : hotline.region;
  const languages = hotline.languages.map((language) => texts.languageNames[language]).join(', ');
  return `  ${place}: ${hotline.phone}${languages ? ` (${languages})` : ''}`;
}

/** The acknowledgement of a new ticket, in the reporter's language, ready for the outbox. */
export function composeAcknowledgement(input: AcknowledgementInput): OutboundEmail {
  const texts = TEXTS[input.language];
  const { ticket } = input;
  const target = input.slaTarget ?? describeSlaTarget(ticket.level, input.language, input.slaPolicy);
  const hotlines = ticket.level === 1 ? input.hotlines.filter((hotline) => hotline.kind === 'HOTLINE') : [];
  const ivrLines = input.hotlines.filter((hotline) => hotline.kind === 'IVR');

  const lines = [
    texts.greeting,
    '',
    texts.registered(ticket.displayNumber),
    ...(input.followUpOf ? [texts.followUp(input.followUpOf)] : []),
    '',
    `${texts.ticketLabel}: ${ticket.displayNumber}`,
    `${texts.subjectLabel}: ${singleLine(ticket.subject) || texts.noSubject}`,
    `${texts.priorityLabel}: ${texts.level(ticket.level, priorityName(ticket.level, input.language))}`,
    priorityMeaning(ticket.level, input.language),
    texts.target(target),
    '',
    texts.lateHeading,
    texts.late(ticket.displayNumber, ticket.number),
    ...(hotlines.length > 0 ? ['', texts.hotlinesHeading, ...hotlines.map((hotline) => hotlineLine(hotline, texts))] : []),
    ...(ivrLines.length > 0 ? ['', texts.ivrHeading, ...ivrLines.map((hotline) => hotlineLine(hotline, texts))] : []),
    '',
    texts.replyHint(input.subjectTag),
    '',
    input.signature ?? texts.signature,
  ];

  const references = replyReferences(input.replyTo);
  return {
    from: input.from,
    to: input.to,
    subject: `${input.subjectTag} ${texts.received}: ${singleLine(ticket.subject) || texts.noSubject}`,
    text: `${lines.join('\n')}\n`,
    messageId: outboundMessageId(input.messageId, input.messageIdDomain),
    ...(input.replyTo.messageId ? { inReplyTo: input.replyTo.messageId } : {}),
    ...(references.length > 0 ? { references } : {}),
    headers: autoReplyHeaders(input.loopId),
    language: input.language,
  };
}
