// The SMTP listener (smtp-server): receives mail for the desk and answers 250 only
// once the message is stored, so a failure here makes the sending MTA retry and
// nothing is lost.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

/**
 * Thrown by `onMessage` for a message that can never be accepted; the client
 * gets 550 with this message and bounces it to the sender. Any other error
 * is answered 451 (try again later).
 */
export class PermanentRejection extends Error {
  override readonly name = 'PermanentRejection';
}

/** The SMTP envelope of one message: more trustworthy than its headers. */
export interface SmtpEnvelope {
  /** MAIL FROM; null for the null sender `<>` (bounces, auto-replies). */
  readonly mailFrom: string | null;
  readonly rcptTo: string[];
  readonly remoteAddress: string;
  /** What the client said in HELO/EHLO. */
  readonly helo: string;
}

/** Where the listener reports what it did; it is handed envelope facts and error messages, never message content. */
export interface SmtpListenerLogger {
  info(message: string, details?: Readonly<Record<string, unknown>>): void;
  warn(message: string, details?: Readonly<Record<string, unknown>>): void;
}

export interface SmtpListenerOptions {
  /** Loopback by default: exposing the port is a decision, not an accident. */
  readonly host?: string;
  /** 0 binds an ephemeral port; the bound one is returned. */
  readonly port: number;
  /** Announced with the SIZE extension and enforced (552). */
  readonly maxMessageBytes: number;
  /** Stores the message; resolve only once it is committed. */
  readonly onMessage: (raw: Buffer, envelope: SmtpEnvelope) => Promise<void>;
  /** Refuses unknown recipients at RCPT time (550) instead of accepting mail for anyone. */
  readonly acceptRecipient?: (address: string) => boolean;
  readonly logger?: SmtpListenerLogger;
  /** Name in the greeting and EHLO reply; the OS host name by default. */
  readonly hostname?: string;
  /** Enables STARTTLS with this certificate; without it STARTTLS is not offered. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
}

export interface SmtpListener {
  readonly port: number;
  close(): Promise<void>;
}

function smtpError(responseCode: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode });
}

function readMessage(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    stream.on('data', (chunk: Buffer) => {
      // Past the limit the rest is read and dropped: the reply will be 552 anyway.
      if (kept <= maxBytes) {
        chunks.push(chunk);
        kept += chunk.length;
      }
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function envelopeOf(session: SMTPServerSession): SmtpEnvelope {
  const mailFrom = session.envelope.mailFrom;
  return {
    mailFrom: mailFrom && mailFrom.address !== '' ? mailFrom.address : null,
    rcptTo: session.envelope.rcptTo.map((recipient) => recipient.address),
    remoteAddress: session.remoteAddress,
    helo: session.hostNameAppearsAs ?? '',
  };
}

/**
 * Starts listening and resolves once the port is bound.
 *
 * ### Examples
 * ```ts
 * const listener = await startSmtpListener({
 *   port: 2525,
 *   maxMessageBytes: 25 * 1024 * 1024,
 *   onMessage: (raw, envelope) => desk.ingestEmail(raw, envelope),
 * });
 * await listener.close();
 * ```
 */
export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const { logger, maxMessageBytes } = options;
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    // Inbound mail for the desk needs no login; STARTTLS only when a certificate is configured.
    disabledCommands: options.tls ? ['AUTH'] : ['STARTTLS', 'AUTH'],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    ...(options.hostname ? { name: options.hostname } : {}),
    size: maxMessageBytes,
    // A reverse DNS lookup per connection only slows local delivery down.
    disableReverseLookup: true,
    onRcptTo(address, _session, callback) {
      if (options.acceptRecipient && !options.acceptRecipient(address.address)) {
        logger?.info('smtp recipient refused', { rcptTo: address.address });
        callback(smtpError(550, `5.1.1 <${address.address}>: no such recipient here`));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      void (async () => {
        const raw = await readMessage(stream, maxMessageBytes);
        if (stream.sizeExceeded) {
          logger?.info('smtp message refused, larger than the limit', { maxMessageBytes, mailFrom: envelopeOf(session).mailFrom });
          callback(smtpError(552, 'Message exceeds fixed maximum message size'));
          return;
        }
        const envelope = envelopeOf(session);
        try {
          await options.onMessage(raw, envelope);
          logger?.info('smtp message stored', { bytes: raw.length, mailFrom: envelope.mailFrom, rcptTo: envelope.rcptTo });
          callback(null, 'OK: message stored');
        } catch (error) {
          if (error instanceof PermanentRejection) {
            logger?.info('smtp message rejected', { reason: error.message, mailFrom: envelope.mailFrom });
            callback(smtpError(550, error.message));
            return;
          }
          // The store did not commit: a 4xx keeps the message queued at the sender.
          logger?.warn('smtp message not stored, sender will retry', {
            error: error instanceof Error ? error.message : String(error),
          });
          callback(smtpError(451, '4.3.0 Temporary failure storing the message, please retry later'));
        }
      })().catch((error: unknown) => {
        logger?.warn('smtp data stream failed', { error: error instanceof Error ? error.message : String(error) });
        callback(smtpError(451, '4.3.0 Temporary failure reading the message, please retry later'));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (error: Error) => logger?.warn('smtp listener error', { error: error.message }));

  const address = server.server.address() as AddressInfo;
  return {
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
