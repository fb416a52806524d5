// The desk's own lines in a live-assistant conversation: what the contact reads while waiting, when an
// engineer joins, when the chat ends or becomes a ticket. In the conversation's language; the lines
// also carry their notice code, so a portal may word them itself.
import type { Language } from '@nocdesk/domain';
import type { ConversationNotice } from '../store/tables.js';

/** Who ended a conversation, as the line names them. */
export type ChatParticipantName = { readonly kind: 'CONTACT'; readonly name: string } | { readonly kind: 'ENGINEER'; readonly name: string } | { readonly kind: 'DESK' };

export type ChatNoticeInput =
  | { readonly notice: 'WAITING'; readonly waitSeconds: number }
  | { readonly notice: 'ENGINEER_JOINED'; readonly engineer: string }
  | { readonly notice: 'CLOSED'; readonly by: ChatParticipantName; readonly keptForReview?: boolean }
  | { readonly notice: 'CONVERTED'; readonly ticket: string; readonly to: string }
  | { readonly notice: 'AUTO_CONVERTED'; readonly ticket: string; readonly to: string; readonly waitSeconds: number };

interface NoticeTexts {
  readonly duration: (seconds: number) => string;
  readonly engineer: (name: string) => string;
  readonly desk: string;
  readonly waiting: (wait: string) => string;
  readonly joined: (engineer: string) => string;
  readonly closed: (by: string) => string;
  readonly keptForReview: string;
  readonly converted: (ticket: string, to: string) => string;
  readonly autoConverted: (wait: string, ticket: string, to: string) => string;
}

// The two languages say the same things in the same order.
const TEXTS: Readonly<Record<Language, NoticeTexts>> = {
  en: {
    duration: (s) => (s % 60 === 0 ? `${s / 60} minute${s === 60 ? '' : 's'}` : `${s} second${s === 1 ? '' : 's'}`),
    engineer: (name) => `${name} (NOC engineer)`,
    desk: 'the NOC service desk',
    waiting: (wait) =>
      `Thank you: an engineer will be with you shortly. If nobody is free within ${wait}, this conversation becomes a ticket by itself and you get its number by email.`,
    joined: (engineer) => `${engineer} joined the conversation.`,
    closed: (by) => `The conversation was closed by ${by}.`,
    keptForReview: 'It could not become a ticket (the contact may no longer open tickets): the NOC service desk keeps it for review.',
    converted: (ticket, to) => `This conversation is now ticket ${ticket}; the acknowledgement is on its way to ${to}. Continue on the ticket by email or in the portal.`,
    autoConverted: (wait, ticket, to) =>
      `No engineer was free within ${wait}: this conversation is now ticket ${ticket}, acknowledged by email to ${to}. Our engineers will contact you as soon as possible.`,
  },
  es: {
    duration: (s) => (s % 60 === 0 ? `${s / 60} minuto${s === 60 ? '' : 's'}` : `${s} segundo${s === 1 ? '' : 's'}`),
    engineer: (name) => `${name} (ingeniero del NOC)`,
    desk: 'el centro de servicio NOC',
    waiting: (wait) =>
      `Gracias: un ingeniero le atenderá en breve. Si nadie está disponible en ${wait}, esta conversación se convierte en un ticket y recibirá su número por correo electrónico.`,
    joined: (engineer) => `${engineer} se ha unido a la conversación.`,
    closed: (by) => `La conversación fue cerrada por ${by}.`,
    keptForReview: 'No pudo convertirse en un ticket (puede que el contacto ya no pueda abrir tickets): el centro de servicio NOC la conserva para revisarla.',
    converted: (ticket, to) => `Esta conversación es ahora el ticket ${ticket}; el acuse de recibo va de camino a ${to}. Continúe en el ticket por correo electrónico o en el portal.`,
    autoConverted: (wait, ticket, to) =>
      `Ningún ingeniero estuvo disponible en ${wait}: esta conversación es ahora el ticket ${ticket}, con acuse de recibo por correo electrónico a ${to}. Nuestros ingenieros se comunicarán con usted lo antes posible.`,
  },
};

/** The line's words for a notice, in the conversation's language. */
export function composeChatNotice(language: Language, input: ChatNoticeInput): { readonly notice: ConversationNotice; readonly body: string } {
  const texts = TEXTS[language];
  switch (input.notice) {
    case 'WAITING':
      return { notice: input.notice, body: texts.waiting(texts.duration(input.waitSeconds)) };
    case 'ENGINEER_JOINED':
      return { notice: input.notice, body: texts.joined(texts.engineer(input.engineer)) };
    case 'CLOSED': {
      const by = input.by.kind === 'CONTACT' ? input.by.name : input.by.kind === 'ENGINEER' ? texts.engineer(input.by.name) : texts.desk;
      return { notice: input.notice, body: input.keptForReview ? `${texts.closed(by)} ${texts.keptForReview}` : texts.closed(by) };
    }
    case 'CONVERTED':
      return { notice: input.notice, body: texts.converted(input.ticket, input.to) };
    case 'AUTO_CONVERTED':
      return { notice: input.notice, body: texts.autoConverted(texts.duration(input.waitSeconds), input.ticket, input.to) };
  }
}

/** How an engineer is named in a transcript or a line: "ana (NOC engineer)". */
export function engineerLabel(language: Language, name: string): string {
  return TEXTS[language].engineer(name);
}
