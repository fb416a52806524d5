import { connect } from 'node:net';
import { createTransport } from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { parseInboundEmail } from '../../src/channels/email/inbound/inbound-email.js';
import { PermanentRejection, startSmtpListener } from '../../src/channels/email/inbound/smtp-listener.js';
import type { SmtpEnvelope, SmtpListener } from '../../src/channels/email/inbound/smtp-listener.js';
import { fixtureBytes } from './fixture.js';

interface SmtpClientError {
  readonly responseCode?: number;
  readonly response?: string;
}

let listener: SmtpListener | undefined;
afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

function client(port: number) {
  return createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
}

async function sendFailure(port: number, raw: Buffer, from = 'noc@acme.example'): Promise<SmtpClientError> {
  try {
    await client(port).sendMail({ envelope: { from, to: ['ncc@nocdesk.example'] }, raw });
  } catch (error) {
    return error as SmtpClientError;
  }
  throw new Error('the message was accepted');
}

describe('startSmtpListener', () => {
  it('binds an ephemeral port and answers 250 only after onMessage resolved', async () => {
    const events: string[] = [];
    let stored: { raw: Buffer; envelope: SmtpEnvelope } | undefined;
    listener = await startSmtpListener({
      port: 0,
      maxMessageBytes: 1_000_000,
      onMessage: async (raw, envelope) => {
        events.push('store started');
        await new Promise((resolve) => setTimeout(resolve, 50));
        stored = { raw, envelope };
        events.push('store committed');
      },
    });
    expect(listener.port).toBeGreaterThan(0);

    const info = await client(listener.port).sendMail({
      envelope: { from: 'noc@acme.example', to: ['ncc@nocdesk.example'] },
      raw: fixtureBytes('spanish-iso-8859-1-qp'),
    });
    events.push('client got reply');
    expect(info.response).toMatch(/^250 /);
    expect(events).toEqual(['store started', 'store committed', 'client got reply']);
    expect(stored?.envelope).toEqual({ mailFrom: 'noc@acme.example', rcptTo: ['ncc@nocdesk.example'], remoteAddress: '127.0.0.1', helo: '[127.0.0.1]' });
    const mail = await parseInboundEmail(stored?.raw ?? Buffer.alloc(0), stored?.envelope);
    expect(mail.subject).toBe('Caída total del servicio en Bogotá - SOF-20417');
  });

  it('hands the null sender <> over as null', async () => {
    let mailFrom: string | null | undefined;
    listener = await startSmtpListener({ port: 0, maxMessageBytes: 1_000_000, onMessage: async (_raw, envelope) => void (mailFrom = envelope.mailFrom) });
    await client(listener.port).sendMail({ envelope: { from: '', to: ['ncc@nocdesk.example'] }, raw: fixtureBytes('bounce-rfc3464') });
    expect(mailFrom).toBeNull();
  });

  it('answers 451 when onMessage throws, so the sender retries', async () => {
    listener = await startSmtpListener({
      port: 0,
      maxMessageBytes: 1_000_000,
      onMessage: async () => {
        throw new Error('database is locked');
      },
    });
    const error = await sendFailure(listener.port, fixtureBytes('plain-outage-report'));
    expect(error.responseCode).toBe(451);
  });

  it('answers 550 with the message of a PermanentRejection', async () => {
    listener = await startSmtpListener({
      port: 0,
      maxMessageBytes: 1_000_000,
      onMessage: async () => {
        throw new PermanentRejection('5.7.1 Message refused');
      },
    });
    const error = await sendFailure(listener.port, fixtureBytes('plain-outage-report'));
    expect(error.responseCode).toBe(550);
    expect(error.response).toContain('Message refused');
  });

  it('announces its size limit and answers 552 to a larger message without storing it', async () => {
    let calls = 0;
    listener = await startSmtpListener({ port: 0, maxMessageBytes: 2_000, onMessage: async () => void calls++ });
    const raw = Buffer.concat([fixtureBytes('plain-outage-report'), Buffer.from('x'.repeat(5_000))]);
    const error = await sendFailure(listener.port, raw);
    expect(error.responseCode).toBe(552);
    expect(error.response).toContain('Message exceeds fixed maximum message size');
    expect(calls).toBe(0);
  });

  it('announces SIZE and offers neither STARTTLS nor AUTH on loopback', async () => {
    listener = await startSmtpListener({ port: 0, maxMessageBytes: 2_000, onMessage: async () => undefined });
    const port = listener.port;
    const ehlo = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (/^220 /m.test(text) && !text.includes('EHLO sent')) {
          text += 'EHLO sent\n';
          socket.write('EHLO client.acme.example\r\n');
        } else if (/^250 /m.test(text)) {
          socket.end('QUIT\r\n');
          resolve(text);
        }
      });
      socket.on('error', reject);
    });
    expect(ehlo).toMatch(/^250[- ]SIZE 2000\r?$/m);
    expect(ehlo).not.toContain('STARTTLS');
    expect(ehlo).not.toContain('AUTH');
  });

  it('refuses recipients the desk does not serve at RCPT time', async () => {
    listener = await startSmtpListener({
      port: 0,
      maxMessageBytes: 1_000_000,
      acceptRecipient: (address) => address.toLowerCase() === 'ncc@nocdesk.example',
      onMessage: async () => undefined,
    });
    await expect(
      client(listener.port).sendMail({ envelope: { from: 'noc@acme.example', to: ['someone@nocdesk.example'] }, raw: fixtureBytes('plain-outage-report') }),
    ).rejects.toMatchObject({ responseCode: 550 });
  });
});
