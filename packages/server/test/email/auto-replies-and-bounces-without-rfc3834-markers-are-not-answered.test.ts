// Auto-replies and bounces that carry none of the RFC 3834 markers (no Auto-Submitted,
// no multipart/report, no null sender) used to count as a person writing, so the desk
// answered them. They are now known by their vendor headers, their subjects, the
// opening words MTAs write and the delivery-system addresses they come from. The
// bounces below are real (see fixtures/README.md); a person's words must still count
// as a person's.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyAutomatedMail } from '../../src/channels/email/inbound/automated-mail.js';
import type { AutomatedMailKind } from '../../src/channels/email/inbound/automated-mail.js';
import { parseInboundEmail } from '../../src/channels/email/inbound/inbound-email.js';
import { OWN } from './fixture.js';

function realMessage(name: string, edit?: (text: string) => string): Buffer {
  const bytes = readFileSync(new URL(`./fixtures/${name}.eml`, import.meta.url));
  return edit ? Buffer.from(edit(bytes.toString('latin1')), 'latin1') : bytes;
}

async function verdictOf(raw: Buffer | string) {
  return classifyAutomatedMail(await parseInboundEmail(raw), OWN);
}

/** Removes one header line (and its folded continuation lines). */
function withoutHeader(name: string): (text: string) => string {
  return (text) => text.replace(new RegExp(`^${name}:.*\\r?\\n([ \\t].*\\r?\\n)*`, 'im'), '');
}

describe('real bounces without RFC 3834 markers are recognised', () => {
  it.each([
    ['bounce-qmail-failure-notice', 'BOUNCE', /qmail's bounce subject "failure notice"/],
    ['bounce-exchange-undeliverable', 'BOUNCE', /"Undeliverable:"/],
    ['bounce-undeliverable-from-null-postmaster', 'BOUNCE', /"Undeliverable:"/],
    ['bounce-mail-could-not-be-delivered', 'BOUNCE', /"Mail could not be delivered"/],
    ['bounce-delivery-failure-system-administrator', 'BOUNCE', /"Delivery Failure"/],
    ['bounce-returned-mail-error-during-delivery', 'BOUNCE', /"Returned mail:"/],
    ['bounce-delivery-failure-notification-antivirus', 'BOUNCE', /"Delivery Failure"/],
  ] as const)('%s', async (name, kind: AutomatedMailKind, reason) => {
    expect(await verdictOf(realMessage(name))).toEqual({ automated: true, kind, reason: expect.stringMatching(reason) });
  });

  it('an Exim bounce is known by its subject without its X-Failed-Recipients header', async () => {
    const raw = realMessage('bounce-exim-mail-delivery-failed', withoutHeader('X-Failed-Recipients'));
    expect(await verdictOf(raw)).toEqual({ automated: true, kind: 'BOUNCE', reason: expect.stringMatching(/Exim's bounce subject/) });
  });

  it.each([
    ['bounce-qmail-failure-notice', /qmail \("Hi\. This is the qmail-send program"\)/],
    ['bounce-exim-mail-delivery-failed', /Exim \("This message was created automatically by mail delivery software"\)/],
  ])('%s is known by its opening words alone, with a neutral subject and a person\'s From', async (name, reason) => {
    const raw = realMessage(name, (text) =>
      withoutHeader('X-Failed-Recipients')(text)
        .replace(/^Subject:.*$/im, 'Subject: Your message')
        .replace(/^From:.*$/im, 'From: Ana Torres <noc@acme.example>')
        .replace(/^Return-Path:.*$/im, 'Return-Path: <noc@acme.example>'),
    );
    expect(await verdictOf(raw)).toEqual({ automated: true, kind: 'BOUNCE', reason: expect.stringMatching(reason) });
  });

  it('a bounce from postmaster or MAILER-DAEMON is known by its sender once the subject says nothing', async () => {
    const raw = realMessage('bounce-exchange-undeliverable', (text) => text.replace(/^Subject:.*$/im, 'Subject: RE: Waiver draft results explained'));
    expect(await verdictOf(raw)).toMatchObject({ automated: true, kind: 'SYSTEM_SENDER', reason: expect.stringMatching(/MAILER-DAEMON|postmaster/) });
  });
});

describe('auto-replies without RFC 3834 markers are recognised', () => {
  it('an iCloud vacation reply (X-Apple-Action: VACATION, no Auto-Submitted)', async () => {
    const raw = [
      'From: Ana Torres <ana.torres@icloud.example>',
      'To: ncc@nocdesk.example',
      'Subject: Re: [NCC#1000002] Received: Link down at Valencia',
      'Message-Id: <C1A2B3D4-0000-4000-8000-000000000001@icloud.example>',
      'X-Apple-Action: VACATION',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'I am away until Monday and will answer your message then.',
      '',
    ].join('\r\n');
    expect(await verdictOf(raw)).toEqual({ automated: true, kind: 'AUTO_REPLY', reason: expect.stringMatching(/X-Apple-Action/) });
  });

  it.each([
    'Automatic reply: Link down at Valencia',
    'Auto reply: Link down at Valencia',
    'Out of Office: Link down at Valencia',
    'Out of office',
    'Respuesta automática: Caída del enlace',
    'Fuera de la oficina: Caída del enlace',
    'Ausencia',
  ])('a reply whose subject is %j', async (subject) => {
    const raw = `From: Ana Torres <noc@acme.example>\r\nSubject: ${subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nI am out of the office until Monday.\r\n`;
    expect(await verdictOf(Buffer.from(raw))).toMatchObject({ automated: true, kind: 'AUTO_REPLY' });
  });
});

describe("a person's words still count as a person's", () => {
  it('a real reply written by a person (Outlook, Spanish, with a read receipt)', async () => {
    expect(await verdictOf(realMessage('human-reply-in-spanish-with-read-receipt'))).toEqual({ automated: false });
  });

  it.each([
    'my router is down, out of office network',
    'Out of office hours maintenance on the Valencia link?',
    'Re: Automatic reply: Link down at Valencia',
    'Fwd: Undeliverable: Link down at Valencia',
    'RV: Mail delivery failed: returning message to sender',
    'Mail delivery failed for all our users since 09:00',
    'Undeliverable mail since 9am on our relay',
    'Returned mail from our customers is piling up',
    'Delivery problem with the new CPE',
    'Message not delivered to half of our SMS customers',
    'Non-delivery of alarms from the Bogotá site',
    'Ausencia de servicio en Madrid',
    'Fuera de servicio la oficina de Bogotá',
    'Auto-negotiation fails on ge-0/0/1',
    'Delivery Status Notification settings on your relay',
  ])('the subject %j', async (subject) => {
    const raw = `From: Ana Torres <noc@acme.example>\r\nSubject: ${subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello, please have a look.\r\n`;
    expect(await verdictOf(Buffer.from(raw))).toEqual({ automated: false });
  });

  it('a person forwarding a bounce, or quoting one below their own words', async () => {
    const bounce = 'Hi. This is the qmail-send program at mx.acme.example.\r\nI\'m afraid I wasn\'t able to deliver your message.\r\n';
    const forward = `From: Ana Torres <noc@acme.example>\r\nSubject: Fwd: failure notice\r\n\r\n${bounce}`;
    const quoted = `From: Ana Torres <noc@acme.example>\r\nSubject: Bounces from your relay\r\n\r\nWe get these since 09:00:\r\n\r\n${bounce}`;
    const forwardedWithoutWords = `From: Ana Torres <noc@acme.example>\r\nSubject: Fwd: your message\r\n\r\n${bounce}`;
    for (const raw of [forward, quoted, forwardedWithoutWords]) expect(await verdictOf(Buffer.from(raw))).toEqual({ automated: false });
  });
});
