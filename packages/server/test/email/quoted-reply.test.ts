import { describe, expect, it } from 'vitest';
import { quotedReplyStripped } from '../../src/channels/email/inbound/inbound-email.js';
import { parseFixture } from './fixture.js';

describe('quotedReplyStripped', () => {
  it('keeps the new part of a Gmail reply, above its wrapped "On … wrote:" line', async () => {
    const mail = await parseFixture('gmail-reply');
    expect(quotedReplyStripped(mail.text)).toBe(
      'The link is back up since 10:40. Please keep the ticket open until we have\nseen it stable for an hour.\n\nAna',
    );
    expect(mail.text).toContain('> We have received your request');
  });

  it('cuts at a Spanish attribution line', () => {
    const text = 'Ya funciona, gracias.\n\nEl mar, 18 nov 2025 a las 7:48, NCC <ncc@nocdesk.example>\nescribió:\n> Hola:\n> Ticket NCC#1000426';
    expect(quotedReplyStripped(text)).toBe('Ya funciona, gracias.');
  });

  it('cuts at an Outlook original-message separator and at its From/Sent block', () => {
    expect(quotedReplyStripped('Still down.\r\n\r\n-----Original Message-----\r\nFrom: NCC\r\nhello')).toBe('Still down.');
    expect(quotedReplyStripped('Sigue caído.\n\n________________________________\nDe: NCC <ncc@nocdesk.example>\nEnviado: martes\n')).toBe('Sigue caído.');
    expect(quotedReplyStripped('Still down.\n\nFrom: NCC <ncc@nocdesk.example>\nSent: Tuesday, 18 November 2025 07:48\nTo: Ana')).toBe('Still down.');
  });

  it('cuts a trailing block of "> " lines without an attribution', () => {
    expect(quotedReplyStripped('Agreed.\n\n> earlier text\n> more\n>\n')).toBe('Agreed.');
  });

  it('keeps inline answers between quoted lines whole', () => {
    const text = '> Is the CPE powered?\nYes, since 08:00.\n> Any alarms?\nLOS on port 2.';
    expect(quotedReplyStripped(text)).toBe(text);
  });

  it('returns the full text when nothing was written above the quote', () => {
    const text = 'On Tue, Nov 18, 2025 NCC wrote:\n> Hello\n\nBottom-posted answer.';
    expect(quotedReplyStripped(text)).toBe(text);
  });

  it('leaves a message without quotes unchanged (trimmed)', () => {
    expect(quotedReplyStripped('  On Monday the link failed twice.\nPlease check.\n')).toBe('On Monday the link failed twice.\nPlease check.');
  });
});
