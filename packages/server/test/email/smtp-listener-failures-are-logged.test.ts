// The SMTP listener logged a 451 only when it was handed a logger, and the desk's listener
// was handed none: a database failing under the listener made every sender retry while
// the desk's own log stayed silent. The desk's listener now logs through the console,
// with envelope facts and error messages only, never a message's content.
import { createTransport } from 'nodemailer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { consoleSmtpLogger } from '../../src/channels/email/inbound/email-listener.js';
import { PermanentRejection, startSmtpListener, type SmtpListener } from '../../src/channels/email/inbound/smtp-listener.js';

const SECRET_BODY = 'The VPN pre-shared key for the Valencia site is Kq7-secret-Zr2';

const RAW = Buffer.from(
  ['From: noc@acme.example', 'To: ncc@nocdesk.example', 'Subject: Valencia link down', 'Message-ID: <log.1@acme.example>', '', SECRET_BODY, ''].join('\r\n'),
);

let listener: SmtpListener | undefined;
afterEach(async () => {
  await listener?.close();
  listener = undefined;
  vi.restoreAllMocks();
});

async function send(port: number): Promise<number | undefined> {
  try {
    await createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true }).sendMail({ envelope: { from: 'noc@acme.example', to: ['ncc@nocdesk.example'] }, raw: RAW });
    return 250;
  } catch (error) {
    return (error as { responseCode?: number }).responseCode;
  }
}

function logged(spy: { mock: { calls: unknown[][] } }): string {
  return spy.mock.calls.map((call) => call.map(String).join(' ')).join('\n');
}

describe('the desk SMTP listener logs its failures', () => {
  it('a message not stored (451) is logged as a warning with the error, without the message content', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    listener = await startSmtpListener({
      port: 0,
      maxMessageBytes: 1_000_000,
      logger: consoleSmtpLogger,
      onMessage: async () => {
        throw new Error('database is locked');
      },
    });
    expect(await send(listener.port)).toBe(451);
    expect(logged(warn)).toMatch(/^\[smtp\] smtp message not stored, sender will retry \{"error":"database is locked"\}$/);
    expect(`${logged(warn)}\n${logged(info)}`).not.toContain('Kq7-secret');
  });

  it('stored and refused messages are logged as information, without the message content', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    let refuse = false;
    listener = await startSmtpListener({
      port: 0,
      maxMessageBytes: 1_000_000,
      logger: consoleSmtpLogger,
      onMessage: async () => {
        if (refuse) throw new PermanentRejection('5.6.0 The message cannot be parsed');
      },
    });
    expect(await send(listener.port)).toBe(250);
    refuse = true;
    expect(await send(listener.port)).toBe(550);
    const lines = logged(info);
    expect(lines).toContain('[smtp] smtp message stored {"bytes":');
    expect(lines).toContain('"mailFrom":"noc@acme.example"');
    expect(lines).toContain('[smtp] smtp message rejected {"reason":"5.6.0 The message cannot be parsed"');
    expect(lines).not.toContain('Kq7-secret');
  });

  it('a message over the size limit is logged too', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    listener = await startSmtpListener({ port: 0, maxMessageBytes: 50, logger: consoleSmtpLogger, onMessage: async () => undefined });
    expect(await send(listener.port)).toBe(552);
    expect(logged(info)).toContain('[smtp] smtp message refused, larger than the limit {"maxMessageBytes":50');
  });
});
