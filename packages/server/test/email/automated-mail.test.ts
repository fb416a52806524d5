import { describe, expect, it } from 'vitest';
import { AUTOMATED_MAIL_RULES, classifyAutomatedMail } from '../../src/channels/email/inbound/automated-mail.js';
import type { AutomatedMailKind } from '../../src/channels/email/inbound/automated-mail.js';
import { parseInboundEmail } from '../../src/channels/email/inbound/inbound-email.js';
import type { InboundEnvelope } from '../../src/channels/email/inbound/inbound-email.js';
import { OWN, parseFixture } from './fixture.js';
import type { FixtureName } from './fixture.js';

// An ordinary human message, plus the headers under test.
async function mailWith(headers: readonly string[], from = 'Ana Torres <noc@acme.example>', envelope?: InboundEnvelope) {
  const raw = [
    `From: ${from}`,
    'To: ncc@nocdesk.example',
    'Subject: Link down at Valencia',
    'Message-ID: <human.1@acme.example>',
    ...headers,
    '',
    'Hello, the link is down since this morning.',
    '',
  ].join('\r\n');
  return parseInboundEmail(raw, envelope);
}

describe('classifyAutomatedMail, one case per rule', () => {
  const cases: readonly (readonly [string, readonly string[], AutomatedMailKind, RegExp])[] = [
    ['X-Nocdesk-Loop', ['X-Nocdesk-Loop: ncc@nocdesk.example'], 'OWN_MESSAGE', /X-Nocdesk-Loop/],
    ['X-Loop equal to our loop id', ['X-Loop: NCC@nocdesk.example'], 'OWN_MESSAGE', /our loop id/],
    ['multipart/report delivery-status', ['Content-Type: multipart/report; report-type="delivery-status"; boundary=x'], 'BOUNCE', /RFC 3464/],
    ['X-Failed-Recipients', ['X-Failed-Recipients: gone@acme.example'], 'BOUNCE', /X-Failed-Recipients/],
    ['other multipart/report', ['Content-Type: multipart/report; report-type=disposition-notification; boundary=x'], 'AUTO_REPLY', /RFC 6522/],
    ['Auto-Submitted: auto-replied', ['Auto-Submitted: auto-replied'], 'AUTO_REPLY', /Auto-Submitted/],
    ['Auto-Submitted: auto-generated', ['Auto-Submitted: auto-generated'], 'AUTO_REPLY', /Auto-Submitted/],
    ['X-Auto-Response-Suppress: All', ['X-Auto-Response-Suppress: All'], 'AUTO_REPLY', /X-Auto-Response-Suppress/],
    ['X-Auto-Response-Suppress: OOF, AutoReply', ['X-Auto-Response-Suppress: DR, OOF, AutoReply'], 'AUTO_REPLY', /X-Auto-Response-Suppress/],
    ['X-Autoreply', ['X-Autoreply: yes'], 'AUTO_REPLY', /x-autoreply present/],
    ['X-Autorespond', ['X-Autorespond: Out of office'], 'AUTO_REPLY', /x-autorespond present/],
    ['X-Autoresponder', ['X-Autoresponder: true'], 'AUTO_REPLY', /x-autoresponder present/],
    ['X-AutoReply-From', ['X-AutoReply-From: noc@acme.example'], 'AUTO_REPLY', /x-autoreply-from/],
    ['X-Mail-Autoreply', ['X-Mail-Autoreply: yes'], 'AUTO_REPLY', /x-mail-autoreply/],
    ['X-POST-MessageClass', ['X-POST-MessageClass: 9; Autoresponder'], 'AUTO_REPLY', /X-POST-MessageClass/],
    ['X-Loop of another system', ['X-Loop: helpdesk@acme.example'], 'AUTO_REPLY', /X-Loop present/],
    ['Precedence: auto_reply', ['Precedence: auto_reply'], 'AUTO_REPLY', /Precedence: auto_reply/],
    ['Precedence: bulk', ['Precedence: bulk'], 'BULK', /Precedence: bulk/],
    ['Precedence: junk', ['Precedence: junk'], 'BULK', /Precedence: junk/],
    ['Precedence: list', ['Precedence: list'], 'LIST', /Precedence: list/],
    ['List-Id', ['List-Id: <noc.lists.acme.example>'], 'LIST', /list-id/],
    ['List-Unsubscribe', ['List-Unsubscribe: <mailto:leave@lists.acme.example>'], 'LIST', /list-unsubscribe/],
    ['List-Post', ['List-Post: <mailto:noc@lists.acme.example>'], 'LIST', /list-post/],
    ['List-Help', ['List-Help: <mailto:help@lists.acme.example>'], 'LIST', /list-help/],
    ['List-Subscribe', ['List-Subscribe: <mailto:join@lists.acme.example>'], 'LIST', /list-subscribe/],
    ['List-Owner', ['List-Owner: <mailto:owner@lists.acme.example>'], 'LIST', /list-owner/],
    ['List-Archive', ['List-Archive: <https://lists.acme.example/>'], 'LIST', /list-archive/],
    ['Mailing-List', ['Mailing-List: list noc@lists.acme.example'], 'LIST', /mailing-list/],
    ['X-Mailing-List', ['X-Mailing-List: noc@lists.acme.example'], 'LIST', /x-mailing-list/],
  ];

  it.each(cases)('%s', async (_name, headers, kind, reason) => {
    const verdict = classifyAutomatedMail(await mailWith(headers), OWN);
    expect(verdict).toEqual({ automated: true, kind, reason: expect.stringMatching(reason) });
  });

  it('a Message-ID at our own domain', async () => {
    const mail = await parseInboundEmail('From: noc@acme.example\r\nMessage-ID: <ack.7@NOCDESK.example>\r\nSubject: x\r\n\r\nhello');
    expect(classifyAutomatedMail(mail, OWN)).toMatchObject({ automated: true, kind: 'OWN_MESSAGE', reason: expect.stringMatching(/message-id domain/) });
  });

  it('an empty return path, from the envelope or the Return-Path header', async () => {
    for (const mail of [await mailWith(['Return-Path: <>']), await mailWith([], undefined, { mailFrom: null })]) {
      expect(classifyAutomatedMail(mail, OWN)).toMatchObject({ automated: true, kind: 'SYSTEM_SENDER', reason: expect.stringMatching(/empty return path/) });
    }
  });

  const systemSenders: readonly (readonly [string, RegExp])[] = [
    ['MAILER-DAEMON@mx1.acme.example', /MAILER-DAEMON/],
    ['Postmaster@acme.example', /postmaster/],
    ['abuse@acme.example', /abuse/],
    ['noreply@acme.example', /noreply/],
    ['no-reply@acme.example', /no-reply/],
    ['no_reply@acme.example', /no_reply/],
    ['donotreply@acme.example', /donotreply/],
    ['do-not-reply@acme.example', /do-not-reply/],
    ['do_not_reply@acme.example', /do_not_reply/],
  ];

  it.each(systemSenders)('a system sender %s', async (from, reason) => {
    expect(classifyAutomatedMail(await mailWith([], from), OWN)).toMatchObject({ automated: true, kind: 'SYSTEM_SENDER', reason: expect.stringMatching(reason) });
  });

  it('leaves no rule of the table without a case above', async () => {
    const mails = [
      ...(await Promise.all(cases.map(([, headers]) => mailWith(headers)))),
      ...(await Promise.all(systemSenders.map(([from]) => mailWith([], from)))),
      await mailWith([], undefined, { mailFrom: null }),
      await parseInboundEmail('From: noc@acme.example\r\nMessage-ID: <ack.7@nocdesk.example>\r\n\r\nhello'),
    ];
    const reasons = new Set(mails.map((mail) => {
      const verdict = classifyAutomatedMail(mail, OWN);
      return verdict.automated ? verdict.reason : '';
    }));
    expect([...reasons].sort()).toEqual(AUTOMATED_MAIL_RULES.map((rule) => rule.reason).sort());
  });
});

describe('classifyAutomatedMail, what a person wrote', () => {
  it.each([
    [[]],
    [['Auto-Submitted: no']],
    [['Auto-Submitted: No ; comment']],
    [['Precedence: first-class']],
    [['X-Auto-Response-Suppress: DR, RN, NRN']],
  ] as const)('is not automated with %j', async (headers) => {
    expect(classifyAutomatedMail(await mailWith(headers), OWN)).toEqual({ automated: false });
  });

  it('does not take a sender whose name merely contains a system word for a system sender', async () => {
    expect(classifyAutomatedMail(await mailWith([], 'noreply.team@acme.example'), OWN)).toEqual({ automated: false });
  });
});

describe('classifyAutomatedMail on the fixtures', () => {
  it.each([
    ['outlook-out-of-office', 'AUTO_REPLY'],
    ['bounce-rfc3464', 'BOUNCE'],
    ['mailing-list', 'LIST'],
  ] as const)('%s is automated (%s)', async (name: FixtureName, kind) => {
    expect(classifyAutomatedMail(await parseFixture(name), OWN)).toMatchObject({ automated: true, kind });
  });

  it.each(['gmail-reply', 'spanish-iso-8859-1-qp', 'html-only', 'traceroute-attachment', 'plain-outage-report'] as const)(
    '%s is written by a person',
    async (name) => {
      expect(classifyAutomatedMail(await parseFixture(name), OWN)).toEqual({ automated: false });
    },
  );
});
