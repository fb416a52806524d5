import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderEml } from '../../src/channels/email/outbound/render-eml.js';
import type { OutboundEmail } from '../../src/notifications/outbound-email.js';
import { PermanentRejection, startSmtpListener } from '../../src/channels/email/inbound/smtp-listener.js';
import type { SmtpListener } from '../../src/channels/email/inbound/smtp-listener.js';
import { classifySmtpFailure, fileTransport, outboxFileName, smtpTransport } from '../../src/channels/email/outbound/email-transport.js';

const MAIL: OutboundEmail = {
  from: 'NCC Service Desk <ncc@nocdesk.example>',
  to: 'Ana Torres <noc@acme.example>',
  subject: '[NCC#1000426] Received: Link down',
  text: 'Hello,\n',
  messageId: 'ack.01jaa3k2m7@nocdesk.example',
  headers: { 'Auto-Submitted': 'auto-replied' },
  language: 'en',
};
const DATE = new Date('2025-11-18T06:48:33Z');

describe('fileTransport', () => {
  let dir: string;
  beforeAll(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'nocdesk-outbox-')), 'outbox', 'nested');
  });
  afterAll(async () => {
    await rm(join(dir, '..', '..'), { recursive: true, force: true });
  });

  it('creates the folder and writes <messageId>.eml with the rendered bytes', async () => {
    const rendered = await renderEml(MAIL, { date: DATE });
    const result = await fileTransport(dir).send(MAIL, rendered);
    expect(result).toMatchObject({ accepted: true });
    expect(await readdir(dir)).toEqual(['ack.01jaa3k2m7@nocdesk.example.eml']);
    expect((await readFile(join(dir, 'ack.01jaa3k2m7@nocdesk.example.eml'))).equals(rendered)).toBe(true);
  });

  it('leaves one file, and no temporary file, when the same message is sent twice', async () => {
    const rendered = await renderEml(MAIL, { date: DATE });
    const transport = fileTransport(dir);
    await Promise.all([transport.send(MAIL, rendered), transport.send(MAIL, rendered)]);
    expect(await transport.send(MAIL, rendered)).toMatchObject({ accepted: true, detail: expect.stringMatching(/already/) });
    expect(await readdir(dir)).toEqual(['ack.01jaa3k2m7@nocdesk.example.eml']);
  });

  it('keeps a hostile Message-ID inside the folder', () => {
    const name = outboxFileName('../../etc/passwd');
    expect(name).not.toContain('/');
    expect(name).not.toMatch(/^\./);
    expect(name).toMatch(/\.eml$/);
  });
});

describe('classifySmtpFailure', () => {
  it('treats 5xx as permanent, 4xx, network errors and a rejected login as temporary', () => {
    expect(classifySmtpFailure({ responseCode: 550, response: '550 5.1.1 unknown' })).toEqual({ accepted: false, permanent: true, detail: '550 5.1.1 unknown' });
    expect(classifySmtpFailure({ responseCode: 451, message: 'later' })).toMatchObject({ permanent: false });
    expect(classifySmtpFailure({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' })).toMatchObject({ permanent: false });
    expect(classifySmtpFailure({ code: 'EAUTH', responseCode: 535, message: 'bad login' })).toMatchObject({ permanent: false });
  });
});

describe('smtpTransport against a local relay', () => {
  let listener: SmtpListener;
  const received: { raw: Buffer; mailFrom: string | null; rcptTo: string[] }[] = [];
  let answer: 'store' | 'fail' | 'reject' = 'store';

  beforeAll(async () => {
    listener = await startSmtpListener({
      port: 0,
      maxMessageBytes: 100_000,
      onMessage: async (raw, envelope) => {
        if (answer === 'fail') throw new Error('database is locked');
        if (answer === 'reject') throw new PermanentRejection('5.7.1 not accepted here');
        received.push({ raw, mailFrom: envelope.mailFrom, rcptTo: envelope.rcptTo });
      },
    });
  });
  afterAll(() => listener.close());
  afterEach(() => {
    answer = 'store';
  });

  it('sends the rendered bytes unchanged with the envelope from the addresses', async () => {
    const transport = smtpTransport(`smtp://127.0.0.1:${listener.port}`);
    const rendered = await renderEml(MAIL, { date: DATE });
    expect(await transport.send(MAIL, rendered)).toMatchObject({ accepted: true });
    transport.close();
    expect(received).toHaveLength(1);
    expect(received[0]?.mailFrom).toBe('ncc@nocdesk.example');
    expect(received[0]?.rcptTo).toEqual(['noc@acme.example']);
    expect(received[0]?.raw.toString().replace(/\r\n/g, '\n')).toBe(rendered.toString().replace(/\r\n/g, '\n'));
  });

  it('reports a 451 as temporary and a 550 as permanent', async () => {
    const transport = smtpTransport(`smtp://127.0.0.1:${listener.port}`);
    const rendered = await renderEml(MAIL, { date: DATE });
    answer = 'fail';
    expect(await transport.send(MAIL, rendered)).toMatchObject({ accepted: false, permanent: false, detail: expect.stringMatching(/^451/) });
    answer = 'reject';
    expect(await transport.send(MAIL, rendered)).toMatchObject({ accepted: false, permanent: true, detail: expect.stringMatching(/^550/) });
    transport.close();
  });

  it('reports an unreachable relay as temporary', async () => {
    const transport = smtpTransport('smtp://127.0.0.1:1?connectionTimeout=2000');
    expect(await transport.send(MAIL, await renderEml(MAIL, { date: DATE }))).toMatchObject({ accepted: false, permanent: false });
    transport.close();
  });
});
