// An outbound SMTP relay on 127.0.0.1 that records every message it takes by Message-ID, so a suite can
// count how often each acknowledgement reached the customer's side. It can take its time over each
// message (the desk then holds leases while it sends) and be taken down for a while (it answers 451,
// as a relay in trouble does, and the desk retries later).
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface RelayedMessage {
  readonly messageId: string;
  readonly to: readonly string[];
  /** When the whole message was in (before the relay's delay and its answer). */
  readonly at: number;
}

export interface RecordingRelay {
  readonly url: string;
  /** Every message taken, in order; a message sent twice is there twice. */
  accepted(): readonly RelayedMessage[];
  /** Messages refused with 451 while down. */
  refused(): number;
  /** Down: every message is answered 451 until it is brought back up. */
  setDown(down: boolean): void;
  /** How long the relay takes over each message from now on. */
  setDelay(ms: number): void;
  close(): Promise<void>;
}

export async function startRecordingRelay(options: { readonly delayMs?: number } = {}): Promise<RecordingRelay> {
  const accepted: RelayedMessage[] = [];
  let refused = 0;
  let down = false;
  let delayMs = options.delayMs ?? 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const receivedAt = Date.now();
        setTimeout(() => {
          if (down) {
            refused++;
            callback(Object.assign(new Error('4.3.2 relay busy, try again later'), { responseCode: 451 }));
            return;
          }
          // Taken once the whole message is in: a relay delivers it even if the sender dies before
          // reading the 250, which is the one moment a crash can make the desk send a message twice.
          const head = Buffer.concat(chunks).toString('latin1').split('\r\n\r\n')[0] ?? '';
          const messageId = /^Message-ID:\s*<([^>]+)>/im.exec(head)?.[1] ?? '';
          accepted.push({ messageId, to: session.envelope.rcptTo.map((r) => r.address), at: receivedAt });
          callback(null, 'queued');
        }, delayMs);
      });
    },
  });
  // A sender killed mid-conversation resets its connection: that is the sender's failure, not the relay's.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted: () => accepted,
    refused: () => refused,
    setDown(value) {
      down = value;
    },
    setDelay(ms) {
      delayMs = ms;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
