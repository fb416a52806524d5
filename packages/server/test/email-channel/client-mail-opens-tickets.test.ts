// Mail as real clients write it, delivered over SMTP to the listener: each opens exactly one ticket with
// what a person would read (decoded subject, a text rendering of HTML, the attachment kept with it).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ackMessageId, DIALECTS, fixture, outboxRows, startEmailChannelServer, ticketByNumber, ticketNumbers, type EmailChannelServer } from './email-channel-server.js';

describe.each(DIALECTS)('client mail over SMTP opens tickets (%s)', (dialect) => {
  let desk: EmailChannelServer;
  beforeEach(async () => {
    desk = await startEmailChannelServer(dialect);
  });
  afterEach(async () => {
    await desk.close();
  });

  async function onlyTicket() {
    const numbers = await ticketNumbers(desk);
    expect(numbers).toHaveLength(1);
    const ticket = await ticketByNumber(desk, numbers[0] ?? '');
    if (!ticket) throw new Error('the ticket is not visible through GraphQL');
    return ticket;
  }

  it('a Spanish ISO-8859-1 quoted-printable message: accented subject decoded, level 1 by keyword, Spanish acknowledgement queued', async () => {
    expect(await desk.sendSmtp(fixture('spanish-iso-8859-1-qp'))).toMatch(/^250 /);
    const ticket = await onlyTicket();
    expect(ticket.subject).toBe('Caída total del servicio en Bogotá - SOF-20417');
    expect(ticket.priority).toEqual({ level: 1, source: 'KEYWORD' });
    expect(ticket.language).toBe('es');
    expect(ticket.reporter.email).toBe('noc@acme.example');
    expect(ticket.messages[0]?.body).toContain('¿Pueden revisarlo con urgencia? Es una interrupción');
    // SOF-20417 is not one of Acme's services: flagged, not refused.
    expect(ticket.flags.length).toBeGreaterThan(0);
    const rows = await outboxRows(desk);
    expect(rows.map((r) => [r.recipient, r.status])).toEqual([['noc@acme.example', 'PENDING']]);
    expect(await desk.server.dispatcher.runOnce()).toBe(1);
    const eml = desk.outboxFiles();
    expect(eml).toEqual([`${await ackMessageId(desk, ticket.number)}.eml`]);
  });

  it('an HTML-only message: a text rendering is stored', async () => {
    await desk.sendSmtp(fixture('html-only'), { from: 'ops@acme.example' });
    const ticket = await onlyTicket();
    expect(ticket.subject).toBe('Latency spikes on VLAN 210');
    const body = ticket.messages[0]?.body ?? '';
    expect(body).toContain('Since 12:00 we see latency spikes > 200 ms on VLAN 210 between our sites & your core.');
    expect(body).toContain('Site A – Madrid');
    expect(body).toContain('Gràcies!');
    expect(body).not.toMatch(/<[a-z/!]/i);
    expect(body).not.toContain('&amp;');
  });

  it('a message with a traceroute attachment: the attachment is kept with the message', async () => {
    await desk.sendSmtp(fixture('traceroute-attachment'), { from: 'ops@acme.example' });
    const ticket = await onlyTicket();
    expect(ticket.messages).toHaveLength(1);
    expect(ticket.messages[0]?.body).toContain('Traceroute from our jump host attached.');
    // The size is of the decoded file, not of its base64 form in the message.
    const base64 = /filename="traceroute.txt"[\s\S]*?base64\r?\n\r?\n([\s\S]*?)\r?\n\r?\n--/.exec(fixture('traceroute-attachment').toString())?.[1] ?? '';
    const size = Buffer.from(base64.replace(/\s+/g, ''), 'base64').byteLength;
    expect(size).toBe(301);
    expect(ticket.messages[0]?.attachments).toEqual([{ filename: 'traceroute.txt', contentType: 'text/plain', size }]);
  });
});
