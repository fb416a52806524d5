import { describe, expect, it } from 'vitest';
import { parseInboundEmail } from '../../src/channels/email/inbound/inbound-email.js';
import { fixtureBytes, parseFixture } from './fixture.js';

describe('parseInboundEmail', () => {
  it('decodes an RFC 2047 ISO-8859-1 subject and a quoted-printable Latin-1 body', async () => {
    const mail = await parseFixture('spanish-iso-8859-1-qp');
    expect(mail.subject).toBe('Caída total del servicio en Bogotá - SOF-20417');
    expect(mail.from).toEqual({ address: 'noc@acme.example', name: 'José Muñoz' });
    expect(mail.text).toContain('tenemos una caída total del servicio en la sede principal');
    expect(mail.text).toContain('¿Pueden revisarlo con urgencia? Es una interrupción');
    expect(mail.language).toBe('es');
    expect(mail.messageId).toBe('5e0c3a9f-2b71-4f0e-9d8c-1a7b2c3d4e5f@acme.example');
    expect(mail.date?.toISOString()).toBe('2025-11-18T13:21:37.000Z');
  });

  it('reads the threading headers of a Gmail reply as bare ids', async () => {
    const mail = await parseFixture('gmail-reply');
    expect(mail.inReplyTo).toEqual(['ack.01jaa3k2m7.1000426@nocdesk.example']);
    expect(mail.references).toEqual([
      'ack.01jaa3k2m7.1000426@nocdesk.example',
      'CAF7ZtLq2o3v5Y=mQe9x8Tn4b+K1sD0xXhJrW6pL2aN3vB8c1Qw@mail.gmail.com',
    ]);
    expect(mail.subject).toBe('Re: [NCC#1000426] Received: Outage: no service at Valencia site - SOF-20417');
    expect(mail.text).toContain('The link is back up since 10:40.');
    expect(mail.html).toContain('gmail_quote');
    expect(mail.language).toBe('en');
  });

  it('renders an HTML-only message as readable text: breaks, list items, link texts, entities', async () => {
    const mail = await parseFixture('html-only');
    expect(mail.html).toContain('<a href="https://status.acme.example/vlan210">');
    expect(mail.text).not.toMatch(/<[a-z]/i);
    expect(mail.text).not.toContain('margin: 0');
    expect(mail.text).toContain('latency spikes > 200 ms on VLAN 210 between our sites & your core.\nGraphs are on our status page');
    expect(mail.text).toContain('our status page (https://status.acme.example/vlan210)');
    expect(mail.text).toContain('- Site A – Madrid\n- Site B – Barcelona');
    expect(mail.text).toContain('Gràcies!');
    expect(mail.text).toContain('--\nMarta Ruiz\nACME network operations');
  });

  it('renders tables row by row, keeps preformatted lines, nested lists and link targets that add something', async () => {
    const html = [
      '<p>Status of the sites:</p>',
      '<table><tr><th>Site</th><th>Status</th></tr><tr><td>Madrid</td><td>down since 10:40</td></tr></table>',
      '<pre>traceroute to 198.51.100.20\n 1  10.0.0.1  0.3 ms\n 2  * * *</pre>',
      '<ol><li>reboot the CPE</li><li>check the fibre<ul><li>patch panel B</li></ul></li></ol>',
      '<p>Write to <a href="mailto:noc@acme.example">noc@acme.example</a>, see <a href="https://status.acme.example">the status page</a> or <a href="#top">top</a>.</p>',
    ].join('');
    const mail = await parseInboundEmail(`From: noc@acme.example\r\nSubject: Status\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}`);
    expect(mail.text).toContain('Site\tStatus\nMadrid\tdown since 10:40');
    expect(mail.text).toContain('traceroute to 198.51.100.20\n 1  10.0.0.1  0.3 ms\n 2  * * *');
    expect(mail.text).toContain('1. reboot the CPE\n 2. check the fibre\n    - patch panel B');
    expect(mail.text).toContain('Write to noc@acme.example, see the status page (https://status.acme.example) or top.');
  });

  it('exposes a base64 attachment with its name, type, size and decoded bytes', async () => {
    const mail = await parseFixture('traceroute-attachment');
    expect(mail.attachments).toHaveLength(1);
    const [attachment] = mail.attachments;
    expect(attachment).toMatchObject({ filename: 'traceroute.txt', contentType: 'text/plain', size: 301 });
    expect(new TextDecoder().decode(attachment?.content)).toMatch(/^traceroute to 198\.51\.100\.20/);
    expect(mail.text).toContain('Traceroute from our jump host attached.');
    expect(mail.text).not.toContain('traceroute to 198.51.100.20');
  });

  it('reads the delivery status and the returned original of an RFC 3464 bounce', async () => {
    const mail = await parseFixture('bounce-rfc3464');
    expect(mail.deliveryStatus).toEqual({
      originalMessageId: 'ack.01jaa3k2m7.1000426@nocdesk.example',
      action: 'failed',
      status: '5.1.1',
      finalRecipient: 'former.employee@acme.example',
      diagnosticCode: '550 5.1.1 <former.employee@acme.example>: Recipient address rejected: User unknown in local recipient table',
    });
    expect(mail.from?.address).toBe('MAILER-DAEMON@mx1.acme.example');
    expect(mail.returnPath).toBe('');
    expect(mail.attachments.map((part) => part.contentType)).toEqual(['message/delivery-status', 'text/rfc822-headers']);
  });

  it('reads the original Message-ID from a bounce that returns the full message/rfc822', async () => {
    const raw = [
      'From: Mail Delivery Subsystem <mailer-daemon@googlemail.example>',
      'To: ncc@nocdesk.example',
      'Subject: Delivery Status Notification (Failure)',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=UTF-8',
      '',
      "Your message wasn't delivered.",
      '--b1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; googlemail.example',
      '',
      'Final-Recipient: rfc822; gone@acme.example',
      'Action: failed',
      'Status: 5.1.1 (user unknown)',
      '--b1',
      'Content-Type: message/rfc822',
      '',
      'From: ncc@nocdesk.example',
      'To: gone@acme.example',
      'Subject: [NCC#1000426] Received',
      'Message-ID: <ack.9@nocdesk.example>',
      '',
      'Hello',
      '--b1--',
      '',
    ].join('\r\n');
    const mail = await parseInboundEmail(raw);
    expect(mail.deliveryStatus).toEqual({
      originalMessageId: 'ack.9@nocdesk.example',
      action: 'failed',
      status: '5.1.1',
      finalRecipient: 'gone@acme.example',
    });
    expect(mail.text.trim()).toBe("Your message wasn't delivered.");
  });

  it('prefers the envelope MAIL FROM over Return-Path and maps the null sender to ""', async () => {
    const raw = fixtureBytes('plain-outage-report');
    expect((await parseInboundEmail(raw)).returnPath).toBe('noc@acme.example');
    expect((await parseInboundEmail(raw, { mailFrom: 'relay@acme.example' })).returnPath).toBe('relay@acme.example');
    expect((await parseInboundEmail(raw, { mailFrom: null })).returnPath).toBe('');
    expect((await parseInboundEmail('Subject: x\r\n\r\nbody')).returnPath).toBeNull();
  });

  it('keeps every header, lowercase, with repeated headers in order', async () => {
    const mail = await parseFixture('plain-outage-report');
    expect(mail.headers.get('x-mailer')).toEqual(['Microsoft Outlook 16.0']);
    expect(mail.headers.get('received')).toHaveLength(1);
    expect(mail.headers.get('subject')).toEqual(['Outage: no service at Valencia site - SOF-20417']);
    expect(mail.to).toEqual(['ncc@nocdesk.example']);
    expect(mail.size).toBe(fixtureBytes('plain-outage-report').byteLength);
  });

  it('hashes the same sender, subject and text alike whatever the whitespace and case', async () => {
    const a = await parseInboundEmail('From: NOC@acme.example\r\nSubject: Link  down\r\n\r\nNo service\r\nat all\r\n');
    const b = await parseInboundEmail('From: noc@acme.example\r\nSubject: Link down\r\nMessage-ID: <other@x>\r\n\r\nNo service at   all');
    const c = await parseInboundEmail('From: noc@acme.example\r\nSubject: Link down\r\n\r\nService back');
    expect(a.bodyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.bodyHash).toBe(b.bodyHash);
    expect(a.bodyHash).not.toBe(c.bodyHash);
  });

  it('returns null for a message without Message-ID and no language for a bare SOF', async () => {
    const mail = await parseInboundEmail('From: noc@acme.example\r\nSubject: SOF-20417\r\n\r\nSOF-20417\r\n');
    expect(mail.messageId).toBeNull();
    expect(mail.language).toBeUndefined();
    expect(mail.attachments).toEqual([]);
  });
});
