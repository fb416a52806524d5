// The SMTP listener wired to the email intake: a message is answered 250 only once it is recorded.
import type { Desk } from '../../../desk.js';
import { ingestEmail, MessageTooLargeError } from './ingest-email.js';
import { PermanentRejection, startSmtpListener, type SmtpListener } from './smtp-listener.js';

export type EmailListener = SmtpListener;

/** The name in the listener's greeting and EHLO reply. */
export const LISTENER_NAME = 'nocdesk-smtp-listener';

export async function startEmailListener(desk: Desk, options: { host: string; port: number }): Promise<EmailListener> {
  return startSmtpListener({
    host: options.host,
    port: options.port,
    maxMessageBytes: desk.config.maxMessageBytes,
    // Not the OS host name: Postfix on the same host relaying to us would see its own name in our
    // greeting and refuse to deliver ("greeted me with my own hostname", a loop to itself).
    hostname: LISTENER_NAME,
    onMessage: async (raw, envelope) => {
      try {
        await ingestEmail(desk, raw, { mailFrom: envelope.mailFrom, rcptTo: envelope.rcptTo });
      } catch (error) {
        if (error instanceof MessageTooLargeError) throw new PermanentRejection(error.message);
        throw error;
      }
    },
  });
}
