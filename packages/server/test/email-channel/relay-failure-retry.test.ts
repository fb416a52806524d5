// Outbound through an SMTP relay that fails: a 4xx is retried with backoff on the injected clock and the
// acknowledgement goes out exactly once; a 5xx marks it FAILED and it is not retried.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher, retryDelayMs } from '../../src/dispatch/dispatcher.js';
import { smtpTransport } from '../../src/channels/email/outbound/email-transport.js';
import { DIALECTS, fixture, outboxRows, startEmailChannelServer, ticketByNumber, ticketNumbers, type EmailChannelServer } from './email-channel-server.js';

interface Relay {
  readonly url: string;
  /** SMTP replies given to DATA, in order. */
  readonly answers: number[];
  readonly accepted: Buffer[];
  close(): Promise<void>;
}

/** A relay on 127.0.0.1 that answers DATA with the scripted codes, then 250. */
async function scriptedRelay(script: readonly number[]): Promise<Relay> {
  const answers: number[] = [];
  const accepted: Buffer[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const code = script[answers.length] ?? 250;
        answers.push(code);
        if (code === 250) {
          accepted.push(Buffer.concat(chunks));
          callback(null, 'queued');
        } else {
          callback(Object.assign(new Error(code >= 500 ? '5.7.1 relaying refused' : '4.3.2 try again later'), { responseCode: code }));
        }
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, answers, accepted, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe.each(DIALECTS)('relay failures (%s)', (dialect) => {
  let desk: EmailChannelServer | undefined;
  let relay: Relay | undefined;
  afterEach(async () => {
    await desk?.close();
    await relay?.close();
    desk = undefined;
    relay = undefined;
  });

  async function ticketWithQueuedAck(script: readonly number[]) {
    relay = await scriptedRelay(script);
    desk = await startEmailChannelServer(dialect);
    await desk.sendSmtp(fixture('traceroute-attachment'), { from: 'ops@acme.example' });
    const [number] = await ticketNumbers(desk);
    const transport = smtpTransport(relay.url);
    const dispatcher = createDispatcher(desk.server.desk, { transport });
    return { desk, relay, number: number ?? '', dispatcher, transport };
  }

  it('451 twice, then accepted: retried after the backoff, never before, and sent exactly once', async () => {
    const { desk, relay, number, dispatcher, transport } = await ticketWithQueuedAck([451, 451]);
    expect(await dispatcher.runOnce()).toBe(0);
    expect(relay.answers).toEqual([451]);
    // Not due yet: nothing is tried until the backoff has passed.
    desk.advance(retryDelayMs(1) - 1);
    expect(await dispatcher.runOnce()).toBe(0);
    expect(relay.answers).toEqual([451]);
    desk.advance(1);
    expect(await dispatcher.runOnce()).toBe(0);
    expect(relay.answers).toEqual([451, 451]);
    expect((await outboxRows(desk))[0]).toMatchObject({ status: 'PENDING', attempts: 2, last_error: expect.stringContaining('451') });
    desk.advance(retryDelayMs(2));
    expect(await dispatcher.runOnce()).toBe(1);
    expect(relay.answers).toEqual([451, 451, 250]);
    expect(relay.accepted).toHaveLength(1);
    expect(relay.accepted[0]?.toString()).toContain(`Subject: [NCC#${number}] Received:`);
    expect((await outboxRows(desk))[0]).toMatchObject({ status: 'SENT', attempts: 3, last_error: null });
    expect((await ticketByNumber(desk, number))?.acknowledgedAt).toBe(desk.now().toISOString());
    desk.advance(3_600_000);
    expect(await dispatcher.runOnce()).toBe(0);
    expect(relay.answers).toHaveLength(3);
    transport.close();
  });

  it('550: marked FAILED with the reason and not retried', async () => {
    const { desk, relay, number, dispatcher, transport } = await ticketWithQueuedAck([550]);
    expect(await dispatcher.runOnce()).toBe(0);
    expect((await outboxRows(desk))[0]).toMatchObject({ status: 'FAILED', attempts: 1, last_error: expect.stringContaining('550') });
    desk.advance(24 * 3_600_000);
    expect(await dispatcher.runOnce()).toBe(0);
    expect(relay.answers).toEqual([550]);
    expect((await ticketByNumber(desk, number))?.acknowledgedAt).toBeNull();
    transport.close();
  });
});
