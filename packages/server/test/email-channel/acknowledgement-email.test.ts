// SPEC §2.5 step 3 as the customer receives it: after the dispatcher runs, the outbox folder holds one .eml
// per acknowledgement with the subject tag, number, level, SLA target, step-2 text, hotlines for level 1,
// the reply and auto-reply headers, in the contact's language; it is sent once, and the ticket says when.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ackMessageId, DIALECTS, fixture, outboxRows, plainMail, startEmailChannelServer, ticketByNumber, ticketNumbers, type EmailChannelServer } from './email-channel-server.js';

describe.each(DIALECTS)('the acknowledgement email (%s)', (dialect) => {
  let desk: EmailChannelServer;
  beforeEach(async () => {
    desk = await startEmailChannelServer(dialect);
  });
  afterEach(async () => {
    await desk.close();
  });

  /** Sends one message, runs the dispatcher, and reads back the ticket and the .eml it wrote. */
  async function acknowledged(raw: Buffer, envelopeFrom: string) {
    await desk.sendSmtp(raw, { from: envelopeFrom });
    const [number] = await ticketNumbers(desk);
    expect(await desk.server.dispatcher.runOnce()).toBe(1);
    const files = desk.outboxFiles();
    expect(files).toEqual([`${await ackMessageId(desk, number)}.eml`]);
    expect(files[0]).toMatch(new RegExp(`^ack\\.${number}\\.[0-9a-f]{18}@nocdesk\\.example\\.eml$`));
    const bytes = readFileSync(join(desk.outboxDir, files[0] ?? ''));
    const eml = await PostalMime.parse(bytes);
    const header = (name: string) => eml.headers.find((h) => h.key === name)?.value;
    const ticket = await ticketByNumber(desk, number ?? '');
    if (!ticket) throw new Error('no ticket');
    return { ticket, eml, header, text: eml.text ?? '' };
  }

  it('an English contact reporting an outage: level 1, 15-minute target, step 2, hotlines, threaded and marked as an auto-reply', async () => {
    const raw = plainMail({ from: 'Sam Patel <ops@acme.example>', subject: 'Outage: no service at the Madrid PoP', body: 'Everything behind the Madrid PoP is down since 08:50.', messageId: 'madrid-outage@acme.example' });
    const { ticket, eml, header, text } = await acknowledged(raw, 'ops@acme.example');
    expect(ticket.priority.level).toBe(1);
    expect(eml.subject).toBe(`[NCC#${ticket.number}] Received: Outage: no service at the Madrid PoP`);
    expect(eml.to?.[0]?.address).toBe('ops@acme.example');
    expect(eml.from?.address).toBe('ncc@nocdesk.example');
    expect(eml.messageId).toBe(`<${await ackMessageId(desk, ticket.number)}>`);
    expect(eml.inReplyTo).toBe('<madrid-outage@acme.example>');
    expect(header('auto-submitted')).toBe('auto-replied');
    expect(header('x-auto-response-suppress')).toBe('All');
    expect(header('precedence')).toBe('auto_reply');
    expect(header('x-loop')).toBe('ncc@nocdesk.example');
    expect(header('content-language')).toBe('en');
    expect(text).toContain(`registered it as ticket NCC#${ticket.number}.`);
    expect(text).toContain('Priority: level 1, Maximum');
    expect(text).toContain("Target for an engineer's first response: 15 minutes.");
    expect(text).toContain('If the answer seems late');
    expect(text).toContain(`quote your ticket number NCC#${ticket.number} (on the IVR keypad: ${ticket.number})`);
    expect(text).toContain('Support hotlines (staffed 24x7):');
    expect(text).toContain('+34 910 000 100');
    expect(text).toContain('+44 20 7946 0100');
    expect(text).toContain(`keep [NCC#${ticket.number}] in the subject`);
  });

  it('a level-3 request lists no hotlines and promises 24 hours', async () => {
    const raw = plainMail({ from: 'ops@acme.example', subject: 'Please add a reverse DNS entry', body: 'Could you add PTR records for 203.0.113.0/28?', messageId: 'rdns@acme.example' });
    const { ticket, text } = await acknowledged(raw, 'ops@acme.example');
    expect(ticket.priority.level).toBe(3);
    expect(text).toContain('Priority: level 3');
    expect(text).toContain("Target for an engineer's first response: 24 hours.");
    expect(text).toContain('If the answer seems late');
    expect(text).not.toContain('Support hotlines');
  });

  it('a Spanish contact gets it in Spanish, level 1 with hotlines', async () => {
    const { ticket, eml, header, text } = await acknowledged(fixture('spanish-iso-8859-1-qp'), 'noc@acme.example');
    expect(ticket.priority.level).toBe(1);
    expect(eml.subject).toBe(`[NCC#${ticket.number}] Recibido: Caída total del servicio en Bogotá - SOF-20417`);
    expect(eml.inReplyTo).toBe('<5e0c3a9f-2b71-4f0e-9d8c-1a7b2c3d4e5f@acme.example>');
    expect(header('content-language')).toBe('es');
    expect(text).toContain(`registrado como el ticket NCC#${ticket.number}.`);
    expect(text).toContain('Prioridad: nivel 1');
    expect(text).toContain('Objetivo para la primera respuesta de un ingeniero: 15 minutos.');
    expect(text).toContain('Si la respuesta parece tardar');
    expect(text).toContain('Líneas de asistencia técnica (atendidas 24x7):');
  });

  it("the contact's preferred language wins over the message's: an English report from a Spanish-speaking contact is answered in Spanish", async () => {
    const { header, text } = await acknowledged(fixture('plain-outage-report'), 'noc@acme.example');
    expect(header('content-language')).toBe('es');
    expect(text).toContain('Hemos recibido su mensaje');
  });

  it('is sent once: acknowledgedAt is set, the outbox row is SENT, and another dispatcher pass sends nothing', async () => {
    const { ticket } = await acknowledged(fixture('html-only'), 'ops@acme.example');
    expect(ticket.acknowledgedAt).toBe(desk.now().toISOString());
    expect(ticket.events.filter((e) => e.type === 'ACKNOWLEDGED')).toHaveLength(1);
    expect(ticket.messages.filter((m) => m.direction === 'OUT').map((m) => m.messageId)).toEqual([await ackMessageId(desk, ticket.number)]);
    expect((await outboxRows(desk)).map((r) => [r.status, r.attempts])).toEqual([['SENT', 1]]);
    desk.advance(3_600_000);
    expect(await desk.server.dispatcher.runOnce()).toBe(0);
    expect(desk.outboxFiles()).toHaveLength(1);
    expect((await ticketByNumber(desk, ticket.number))?.acknowledgedAt).toBe(ticket.acknowledgedAt);
  });
});
