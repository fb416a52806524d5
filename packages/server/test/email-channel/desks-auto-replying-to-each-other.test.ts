// Two desks answering each other: our acknowledgements go through an SMTP relay to a tiny auto-responder
// (the customer's mail system) that answers what it receives by delivering to our listener. Bounded rounds
// of the dispatcher; the loop must stop by our markers (a well-behaved responder), by its markers, by
// threading, or at worst by our rate limit.
import type { AddressInfo } from 'node:net';
import { createTransport } from 'nodemailer';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_AUTO_REPLY_TIERS } from '@nocdesk/domain';
import { smtpTransport } from '../../src/channels/email/outbound/email-transport.js';
import { DESK_ADDRESS, DIALECTS, outboxRows, plainMail, startEmailChannelServer, ticketByNumber, ticketNumbers, type EmailChannelServer } from './email-channel-server.js';

/** More passes than the burst limit, so a loop that the limit stops is seen to stop. */
const ROUNDS = 12;

/** How the other side answers what it receives. */
type ResponderStyle =
  /** RFC 3834: never answers mail marked Auto-Submitted / Precedence / X-Loop. */
  | 'well-behaved'
  /** Answers everything, but marks its own answer `Auto-Submitted: auto-replied`. */
  | 'marks-its-replies'
  /** Answers everything like vacation(1) without markers: `Re: <subject>`, In-Reply-To our message. */
  | 'plain-re-reply'
  /** Answers everything with the null envelope sender <> and nothing else. */
  | 'null-sender'
  /** The worst: a fixed new subject, no threading headers, no markers, a real sender address. */
  | 'bare';

interface Responder {
  readonly url: string;
  readonly received: string[];
  readonly sent: number;
  close(): Promise<void>;
}

async function startResponder(style: ResponderStyle, address: string, deliverTo: () => number): Promise<Responder> {
  const received: string[] = [];
  let sent = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        void (async () => {
          const incoming = await PostalMime.parse(Buffer.concat(chunks));
          received.push(incoming.subject ?? '');
          const marked = incoming.headers.some(
            (h) => (h.key === 'auto-submitted' && !/^no\b/i.test(h.value)) || (h.key === 'precedence' && /bulk|junk|list|auto_reply/i.test(h.value)) || h.key === 'x-loop',
          );
          if (style === 'well-behaved' && marked) return;
          const replyTo = incoming.from?.address ?? DESK_ADDRESS;
          const n = sent + 1;
          const raw = plainMail({
            from: address,
            subject: style === 'bare' || style === 'null-sender' ? 'Thank you for your message' : `Re: ${incoming.subject ?? ''}`,
            body: `This mailbox answers automatically (reply ${n}).`,
            messageId: `auto-${n}-${Date.now()}@responder.acme.example`,
            ...(style === 'plain-re-reply' && incoming.messageId ? { inReplyTo: incoming.messageId.replace(/^<|>$/g, '') } : {}),
            ...(style === 'marks-its-replies' ? { headers: { 'Auto-Submitted': 'auto-replied' } } : {}),
          });
          const client = createTransport({ host: '127.0.0.1', port: deliverTo(), secure: false, ignoreTLS: true });
          try {
            await client.sendMail({ envelope: { from: style === 'null-sender' ? '' : address, to: [replyTo] }, raw });
            sent++;
          } finally {
            client.close();
          }
        })().then(
          () => callback(null, 'delivered'),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    get sent() {
      return sent;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe.each(DIALECTS)('two desks auto-replying to each other (%s)', (dialect) => {
  let desk: EmailChannelServer | undefined;
  let responder: Responder | undefined;
  let relay: ReturnType<typeof smtpTransport> | undefined;
  afterEach(async () => {
    await desk?.close();
    relay?.close();
    await responder?.close();
    desk = responder = relay = undefined;
  });

  /** A person at ops@acme.example reports a problem; then the dispatcher runs ROUNDS times. */
  async function play(style: ResponderStyle) {
    let ourPort = 0;
    responder = await startResponder(style, 'ops@acme.example', () => ourPort);
    relay = smtpTransport(responder.url);
    desk = await startEmailChannelServer(dialect, { transport: relay });
    ourPort = desk.smtpPort;
    await desk.sendSmtp(plainMail({ from: 'Sam Patel <ops@acme.example>', subject: 'Outage: Madrid PoP unreachable', body: 'Nothing behind the Madrid PoP answers.', messageId: 'human-1@acme.example' }), { from: 'ops@acme.example' });
    const perRound: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      perRound.push(await desk.server.dispatcher.runOnce());
      desk.advance(30_000);
    }
    const weSent = (await outboxRows(desk)).filter((r) => r.status === 'SENT').length;
    return { desk, responder, perRound, weSent };
  }

  it('a well-behaved responder does not answer our acknowledgement: one message in all', async () => {
    const { responder, weSent, perRound } = await play('well-behaved');
    expect(weSent).toBe(1);
    expect(responder.received).toHaveLength(1);
    expect(responder.sent).toBe(0);
    expect(perRound.slice(1).every((n) => n === 0)).toBe(true);
  });

  it('a responder that ignores our markers but marks its own reply: we never answer it', async () => {
    const { desk, responder, weSent } = await play('marks-its-replies');
    expect(weSent).toBeLessThanOrEqual(1);
    expect(responder.sent).toBeLessThanOrEqual(1);
    expect(await ticketNumbers(desk)).toHaveLength(1);
  });

  it('a vacation-style responder without markers (Re: subject, In-Reply-To): its reply threads, and replies are never acknowledged', async () => {
    const { desk, responder, weSent } = await play('plain-re-reply');
    expect(weSent).toBeLessThanOrEqual(1);
    expect(responder.sent).toBeLessThanOrEqual(1);
    const [number] = await ticketNumbers(desk);
    expect(await ticketNumbers(desk)).toHaveLength(1);
    const ticket = await ticketByNumber(desk, number ?? '');
    expect(ticket?.messages.filter((m) => m.direction === 'IN')).toHaveLength(2);
  });

  it('a responder answering with the null sender <>: recognised as automated, never answered', async () => {
    const { desk, responder, weSent } = await play('null-sender');
    expect(weSent).toBeLessThanOrEqual(1);
    expect(responder.sent).toBeLessThanOrEqual(1);
    expect(await ticketNumbers(desk)).toHaveLength(1);
  });

  it('a bare responder (no markers, no threading, a registered sender) is indistinguishable from a person: the rate limit stops the loop', async () => {
    const { desk, responder, weSent, perRound } = await play('bare');
    const burst = DEFAULT_AUTO_REPLY_TIERS[0]?.max ?? 0;
    // Every acknowledgement draws one more "request"; the burst limit is what ends it.
    expect(weSent).toBe(burst);
    expect(responder.sent).toBe(burst);
    // The loop has stopped before the rounds ran out: the last pass sent nothing and nothing waits to be sent.
    expect(perRound.at(-1)).toBe(0);
    expect((await outboxRows(desk)).filter((r) => r.status === 'PENDING')).toEqual([]);
    const tickets = await Promise.all((await ticketNumbers(desk)).map((n) => ticketByNumber(desk, n)));
    expect(tickets.some((t) => t?.events.some((e) => e.type === 'AUTO_REPLY_SUPPRESSED'))).toBe(true);
  });
});
