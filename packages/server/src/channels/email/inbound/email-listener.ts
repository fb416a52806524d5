// The SMTP listener wired to the email intake: a message is answered 250 only once it is recorded.
import type { Desk } from '../../../desk.js';
import { ingestEmail, MessageTooLargeError, type EmailIngestOptions } from './ingest-email.js';
import { UnparseableMessageError } from './inbound-email.js';
import { PermanentRejection, startSmtpListener, type SmtpListener, type SmtpListenerLogger } from './smtp-listener.js';

export type EmailListener = SmtpListener;

/** The name in the listener's greeting and EHLO reply. */
export const LISTENER_NAME = 'nocdesk-smtp-listener';

/**
 * The listener's log on the console, one line per event, for a listener run
 * without a desk. It is handed only envelope facts and error messages, never
 * a message's content.
 */
export const consoleSmtpLogger: SmtpListenerLogger = {
  info: (message, details) => console.info(logLine(message, details)),
  warn: (message, details) => console.warn(logLine(message, details)),
};

function logLine(message: string, details: Readonly<Record<string, unknown>> | undefined): string {
  return details ? `[smtp] ${message} ${JSON.stringify(details)}` : `[smtp] ${message}`;
}

/** The listener's log in the desk's structured log: one JSON line per SMTP transaction outcome. */
export function deskSmtpLogger(desk: Desk): SmtpListenerLogger {
  const log = desk.log.child({ component: 'smtp' });
  return {
    info: (message, details) => log.info({ smtp: details }, message),
    warn: (message, details) => log.warn({ smtp: details }, message),
  };
}

export async function startEmailListener(
  desk: Desk,
  options: { host: string; port: number; logger?: SmtpListenerLogger; ingest?: EmailIngestOptions },
): Promise<EmailListener> {
  return startSmtpListener({
    host: options.host,
    port: options.port,
    maxMessageBytes: desk.config.maxMessageBytes,
    // Not the OS host name: Postfix on the same host relaying to us would see its own name in our
    // greeting and refuse to deliver ("greeted me with my own hostname", a loop to itself).
    hostname: LISTENER_NAME,
    logger: options.logger ?? deskSmtpLogger(desk),
    onMessage: async (raw, envelope) => {
      try {
        await ingestEmail(desk, raw, { mailFrom: envelope.mailFrom, rcptTo: envelope.rcptTo, clientAddress: envelope.remoteAddress, helo: envelope.helo }, options.ingest);
        desk.metrics.smtpTransactions.inc({ outcome: 'stored' });
      } catch (error) {
        const permanent = error instanceof MessageTooLargeError || error instanceof UnparseableMessageError;
        desk.metrics.smtpTransactions.inc({ outcome: permanent ? 'rejected' : 'temporary_failure' });
        if (error instanceof MessageTooLargeError) throw new PermanentRejection(error.message);
        // The same bytes fail the same way every time: a retry would only keep the sender's MTA busy for days.
        if (error instanceof UnparseableMessageError) throw new PermanentRejection(`5.6.0 ${error.message}`);
        throw error;
      }
    },
  });
}
