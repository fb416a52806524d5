// Renders an outgoing message as RFC 5322 bytes (nodemailer's MailComposer) for the transports to send.
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { OutboundEmail } from '../../../notifications/outbound-email.js';

function bracketed(id: string): string {
  return `<${id}>`;
}

/**
 * Renders the message as RFC 5322 bytes: encoded subject and headers, a
 * text/plain (or multipart/alternative) body, and the Date given by the
 * caller, so the same outbox entry renders the same headers.
 */
export async function renderEml(mail: OutboundEmail, options: { readonly date: Date }): Promise<Buffer> {
  const composer = new MailComposer({
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    messageId: bracketed(mail.messageId),
    ...(mail.inReplyTo ? { inReplyTo: bracketed(mail.inReplyTo) } : {}),
    ...(mail.references && mail.references.length > 0 ? { references: mail.references.map(bracketed) } : {}),
    headers: { 'Content-Language': mail.language, ...mail.headers },
    date: options.date,
  });
  return composer.compile().build();
}
