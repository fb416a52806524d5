import { describe, expect, it } from 'vitest';
import { classifyAutomatedMail } from '../../src/channels/email/inbound/automated-mail.js';
import { composeAcknowledgement } from '../../src/notifications/compose-acknowledgement.js';
import { parseInboundEmail } from '../../src/channels/email/inbound/inbound-email.js';
import { renderEml } from '../../src/channels/email/outbound/render-eml.js';
import { OWN } from './fixture.js';

const DATE = new Date('2025-11-18T06:48:33Z');

function spanishAcknowledgement() {
  return composeAcknowledgement({
    ticket: { number: '1000426', displayNumber: 'NCC#1000426', subject: 'Caída total del servicio en Bogotá', level: 1 },
    to: 'José Muñoz <noc@acme.example>',
    from: 'Centro de Control NCC <ncc@nocdesk.example>',
    language: 'es',
    subjectTag: '[NCC#1000426]',
    hotlines: [{ region: 'LATAM', country: 'CO', phone: '+57 601 000 200', kind: 'HOTLINE', languages: ['es'] }],
    replyTo: { messageId: '5e0c3a9f@acme.example', references: ['older@acme.example'] },
    messageId: 'ack.01jaa3k2m7',
    messageIdDomain: 'nocdesk.example',
    loopId: 'ncc@nocdesk.example',
  });
}

describe('renderEml', () => {
  it('writes proper MIME that parses back to the same subject, text, ids and headers', async () => {
    const mail = spanishAcknowledgement();
    const rendered = await renderEml(mail, { date: DATE });
    const eml = rendered.toString('latin1');
    // 7-bit safe on the wire: the accented subject is an encoded word.
    expect(eml).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m);
    expect(rendered.every((byte) => byte < 0x80)).toBe(true);
    expect(eml).toContain('Date: Tue, 18 Nov 2025 06:48:33 +0000');

    const parsed = await parseInboundEmail(rendered);
    expect(parsed.subject).toBe('[NCC#1000426] Recibido: Caída total del servicio en Bogotá');
    expect(parsed.text.trim()).toBe(mail.text.trim());
    expect(parsed.messageId).toBe('ack.01jaa3k2m7@nocdesk.example');
    expect(parsed.inReplyTo).toEqual(['5e0c3a9f@acme.example']);
    expect(parsed.references).toEqual(['older@acme.example', '5e0c3a9f@acme.example']);
    expect(parsed.from).toEqual({ address: 'ncc@nocdesk.example', name: 'Centro de Control NCC' });
    expect(parsed.to).toEqual(['noc@acme.example']);
    expect(parsed.date).toEqual(DATE);
    expect(parsed.headers.get('auto-submitted')).toEqual(['auto-replied']);
    expect(parsed.headers.get('x-auto-response-suppress')).toEqual(['All']);
    expect(parsed.headers.get('precedence')).toEqual(['auto_reply']);
    expect(parsed.headers.get('x-loop')).toEqual(['ncc@nocdesk.example']);
    expect(parsed.headers.get('content-language')).toEqual(['es']);
    expect(parsed.language).toBe('es');
  });

  it('renders the same message to the same bytes for the same date', async () => {
    const mail = spanishAcknowledgement();
    expect((await renderEml(mail, { date: DATE })).equals(await renderEml(mail, { date: DATE }))).toBe(true);
  });

  it('makes our own reply recognisable when it comes back', async () => {
    const parsed = await parseInboundEmail(await renderEml(spanishAcknowledgement(), { date: DATE }));
    expect(classifyAutomatedMail(parsed, OWN)).toMatchObject({ automated: true, kind: 'OWN_MESSAGE' });
  });
});
