// Writes the one polite explanation an unregistered sender gets: no ticket was
// opened, nothing is lost, and how to get registered (SPEC §2.2).
import type { ContactRejection, Language } from '@nocdesk/domain';
import { autoReplyHeaders, outboundMessageId, replyReferences, singleLine } from './outbound-email.js';
import type { OutboundEmail } from './outbound-email.js';

export interface RegistrationExplanationInput {
  /** The unregistered sender. */
  readonly to: string;
  readonly from: string;
  readonly language: Language;
  /** Subject of the sender's message; only a short, sanitised form of it is quoted (see `quotableSubject`). */
  readonly originalSubject: string;
  readonly replyTo: { readonly messageId?: string | null; readonly references?: readonly string[] };
  /** Why the sender may not write to the desk; an unknown sender when absent. */
  readonly reason?: ContactRejection;
  /** A fresh unique id from the caller; the Message-ID is `<messageId>@<messageIdDomain>`. */
  readonly messageId: string;
  readonly messageIdDomain: string;
  readonly loopId: string;
  readonly signature?: string;
}

interface ExplanationTexts {
  readonly subject: (original: string) => string;
  readonly noSubject: string;
  readonly body: (original: string, why: string) => readonly string[];
  /** The line after "because the address": what is wrong with it, one line per rejection reason. */
  readonly why: Readonly<Record<ContactRejection, (sender: string) => string>>;
  readonly signature: string;
}

// The two languages say the same things in the same order.
const TEXTS: Readonly<Record<Language, ExplanationTexts>> = {
  en: {
    subject: (original) => `About your message: ${original}`,
    noSubject: '(no subject)',
    body: (original, why) => [
      'Hello,',
      '',
      `Thank you for your message "${original}". We could not open a ticket from it, because the address`,
      why,
      '',
      'Nothing is lost: your message is kept, and our staff will review it.',
      '',
      'How to get registered:',
      '- ask an administrative contact of your company to add you as a technical or administrative',
      '  contact in the customer portal, or',
      '- contact your account manager, who can add you.',
      '',
      'Once you are registered, messages from this address open tickets directly.',
      '',
      'This is an automatic message; it is sent at most once a day.',
    ],
    why: {
      UNKNOWN_SENDER: (sender) => `${sender} is not registered as an administrative or technical contact of any of our customers.`,
      WRONG_CUSTOMER: (sender) => `${sender} is not registered as a contact of the customer this ticket belongs to.`,
      AMBIGUOUS_CONTACT: (sender) => `${sender} is registered with more than one customer, and the message did not say which one it is about (include the SOF number of the service).`,
      ROLE_NOT_ALLOWED: (sender) => `${sender} is registered with a role that may not open or add to tickets (only administrative and technical contacts may).`,
      INACTIVE_CONTACT: (sender) => `${sender} is no longer an active contact of any of our customers.`,
    },
    signature: 'NOC service desk',
  },
  es: {
    subject: (original) => `Sobre su mensaje: ${original}`,
    noSubject: '(sin asunto)',
    body: (original, why) => [
      'Hola:',
      '',
      `Gracias por su mensaje "${original}". No hemos podido abrir un ticket con él, porque la dirección`,
      why,
      '',
      'No se pierde nada: conservamos su mensaje y nuestro personal lo revisará.',
      '',
      'Cómo registrarse:',
      '- pida a un contacto administrativo de su empresa que le añada como contacto técnico o',
      '  administrativo en el portal de clientes, o',
      '- póngase en contacto con su gestor de cuenta, que puede añadirle.',
      '',
      'Una vez registrado, los mensajes desde esta dirección abrirán tickets directamente.',
      '',
      'Este es un mensaje automático; se envía como máximo una vez al día.',
    ],
    why: {
      UNKNOWN_SENDER: (sender) => `${sender} no está registrada como contacto administrativo ni técnico de ninguno de nuestros clientes.`,
      WRONG_CUSTOMER: (sender) => `${sender} no está registrada como contacto del cliente al que pertenece este ticket.`,
      AMBIGUOUS_CONTACT: (sender) => `${sender} está registrada con más de un cliente, y el mensaje no indica a cuál se refiere (incluya el número SOF del servicio).`,
      ROLE_NOT_ALLOWED: (sender) => `${sender} está registrada con un rol que no puede abrir tickets ni añadir a ellos (solo los contactos administrativos y técnicos pueden).`,
      INACTIVE_CONTACT: (sender) => `${sender} ya no es un contacto activo de ninguno de nuestros clientes.`,
    },
    signature: 'Centro de servicio NOC',
  },
};

/** The longest part of a stranger's subject the explanation repeats. */
export const QUOTED_SUBJECT_MAX = 60;

/**
 * What the explanation may repeat of the subject a stranger wrote: one line of letters, digits,
 * spaces and plain punctuation, no links, addresses or host names, at most QUOTED_SUBJECT_MAX
 * characters, so the desk cannot be used to carry someone else's text to a third party (backscatter).
 * Host names go too: mail clients turn a bare `pay-here.com` into a link.
 */
export function quotableSubject(subject: string): string {
  const plain = singleLine(subject.slice(0, 1000))
    .replace(/\b(?:https?:\/\/|www\.)\S*/gi, '')
    .replace(/\S+@\S+/g, '')
    .replace(/[^\p{L}\p{N} .,:;!?¿¡()#'-]/gu, '')
    // After the filter, which can join a host name from pieces (`pay-here.c%om`).
    .replace(/\S*[\p{L}\p{N}-]\.\p{L}{2,}\S*/gu, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return plain.length > QUOTED_SUBJECT_MAX ? `${plain.slice(0, QUOTED_SUBJECT_MAX - 1).trimEnd()}…` : plain;
}

/** The explanation for a sender who is not an authorised contact, ready for the outbox. */
export function composeRegistrationExplanation(input: RegistrationExplanationInput): OutboundEmail {
  const texts = TEXTS[input.language];
  const original = quotableSubject(input.originalSubject) || texts.noSubject;
  const references = replyReferences(input.replyTo);
  return {
    from: input.from,
    to: input.to,
    subject: texts.subject(original),
    text: `${[...texts.body(original, texts.why[input.reason ?? 'UNKNOWN_SENDER'](input.to)), '', input.signature ?? texts.signature].join('\n')}\n`,
    messageId: outboundMessageId(input.messageId, input.messageIdDomain),
    ...(input.replyTo.messageId ? { inReplyTo: input.replyTo.messageId } : {}),
    ...(references.length > 0 ? { references } : {}),
    headers: autoReplyHeaders(input.loopId),
    language: input.language,
  };
}
