// What matters in a chat becomes a ticket without retyping: through the same intake as every channel
// (channel CHAT), the transcript (who said what, when) is the ticket's first message, the ticket gets
// its number and the usual acknowledgement by email to the contact, and the chat says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, DIALECTS, type TestDesk } from '../support/index.js';
import { chat, conversationById, convert, join, say, startChat, viaYoga, type GraphQLCall } from './chat-operations.js';

describe.each(DIALECTS)('a conversation becomes a ticket (%s)', (dialect) => {
  let desk: TestDesk;
  let call: GraphQLCall;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
    call = viaYoga(desk);
  });
  afterAll(async () => {
    await desk.close();
  });

  /** The acknowledgements queued for a ticket, by number. */
  const ackFor = (number: string) =>
    desk.store.db
      .selectFrom('outbox')
      .innerJoin('tickets', 'tickets.id', 'outbox.ticket_id')
      .select(['outbox.recipient', 'outbox.payload', 'outbox.status'])
      .where('tickets.number', '=', number)
      .where('outbox.kind', '=', 'ACKNOWLEDGEMENT')
      .execute();

  it('an engineer converts: the transcript is the first message, the acknowledgement is queued, the chat links to the ticket', async () => {
    const { partnerKey, engineerToken } = desk.credentials;
    const started = await startChat(call, partnerKey, { contactEmail: 'noc@acme.example' });
    desk.advance(20_000);
    await say(call, partnerKey, started.id, 'Caída total en Madrid, SOF-10001.\nSin servicio desde las 09:00.');
    desk.advance(40_000);
    await join(call, engineerToken, started.id);
    desk.advance(5_000);
    await say(call, engineerToken, started.id, '¿Afecta a todos los puertos?');
    desk.advance(15_000);
    await say(call, partnerKey, started.id, 'Sí, a todos.');
    desk.advance(10_000);

    const ticket = await convert(call, engineerToken, { conversationId: started.id });

    expect(ticket).toMatchObject({
      channel: 'CHAT',
      status: 'OPEN',
      language: 'es',
      sof: 'SOF-10001',
      subject: 'Caída total en Madrid, SOF-10001.',
      reporter: { email: 'noc@acme.example' },
      priority: { level: 1, source: 'KEYWORD' },
    });
    expect(ticket.flags).toEqual([]);
    expect(ticket.messages).toHaveLength(1);
    const [first] = ticket.messages;
    expect(first).toMatchObject({ direction: 'IN', channel: 'CHAT', from: 'noc@acme.example' });
    expect(first?.body).toBe(
      [
        'Conversación del asistente en vivo con Marta Ruiz <noc@acme.example>, iniciada el 2026-11-26 09:00:00 UTC.',
        '',
        '[2026-11-26 09:00:00 UTC] Centro de servicio NOC: Gracias: un ingeniero le atenderá en breve. Si nadie está disponible en 5 minutos, esta conversación se convierte en un ticket y recibirá su número por correo electrónico.',
        '[2026-11-26 09:00:20 UTC] Marta Ruiz: Caída total en Madrid, SOF-10001.',
        '    Sin servicio desde las 09:00.',
        '[2026-11-26 09:01:00 UTC] Centro de servicio NOC: demo-engineer (ingeniero del NOC) se ha unido a la conversación.',
        '[2026-11-26 09:01:05 UTC] demo-engineer (ingeniero del NOC): ¿Afecta a todos los puertos?',
        '[2026-11-26 09:01:20 UTC] Marta Ruiz: Sí, a todos.',
        '',
      ].join('\n'),
    );
    expect(ticket.events.map((e) => e.type)).toEqual(['CREATED', 'ACKNOWLEDGEMENT_QUEUED']);
    expect(ticket.events[0]).toMatchObject({ actor: 'staff:demo-engineer', data: { channel: 'CHAT', conversationId: expect.any(String) } });

    const acks = await ackFor(ticket.number);
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatchObject({ recipient: 'noc@acme.example', status: 'PENDING' });
    const mail = JSON.parse(acks[0]!.payload) as { subject: string; text: string };
    expect(mail.subject).toContain(ticket.displayNumber);

    const after = await conversationById(call, partnerKey, started.id);
    expect(after).toMatchObject({ status: 'CONVERTED', ticket: { number: ticket.number, channel: 'CHAT' }, endedAt: desk.now().toISOString() });
    expect(after?.messages.at(-1)).toMatchObject({
      author: 'SYSTEM',
      notice: 'CONVERTED',
      body: `Esta conversación es ahora el ticket ${ticket.displayNumber}; el acuse de recibo va de camino a noc@acme.example. Continúe en el ticket por correo electrónico o en el portal.`,
    });
  });

  it('the contact converts from the portal, with a subject and a level of their own', async () => {
    const { partnerKey } = desk.credentials;
    const started = await startChat(call, partnerKey, { contactEmail: 'ops@acme.example', subject: 'Reverse DNS for our new range' });
    await say(call, partnerKey, started.id, 'Please delegate 198.51.100.0/24 to ns1.acme.example.');
    const ticket = await convert(call, partnerKey, { conversationId: started.id, subject: 'rDNS delegation 198.51.100.0/24', requestedLevel: 3 });
    expect(ticket).toMatchObject({ subject: 'rDNS delegation 198.51.100.0/24', language: 'en', priority: { level: 3, source: 'REQUESTED' }, reporter: { email: 'ops@acme.example' } });
    expect(ticket.flags).toEqual(['SOF_MISSING']);
    expect(ticket.events[0]?.actor).toBe('partner:Acme portal');
    expect(ticket.messages[0]?.body).toContain('[2026-11-26 09:01:30 UTC] Sam Patel: Please delegate 198.51.100.0/24 to ns1.acme.example.');
    expect(await ackFor(ticket.number)).toHaveLength(1);
  });

  it('a conversation becomes one ticket: a second conversion is refused and nothing more is written in it', async () => {
    const { partnerKey, engineerToken } = desk.credentials;
    const started = await startChat(call, partnerKey, { contactEmail: 'ops@acme.example', subject: 'BGP session flapping' });
    const ticket = await convert(call, engineerToken, { conversationId: started.id });
    expect(ticket.subject).toBe('BGP session flapping');
    expect(await chat(call, 'convertConversationToTicket', { conversationId: started.id }, partnerKey)).toMatchObject({
      __typename: 'ConversationStepRefusedError',
      code: 'CONVERSATION_STEP_REFUSED',
      reason: 'ALREADY_CONVERTED',
      status: 'CONVERTED',
    });
    expect(await chat(call, 'sendConversationMessage', { conversationId: started.id, body: 'Still there?' }, partnerKey)).toMatchObject({ reason: 'ALREADY_CONVERTED' });
    const tickets = await desk.store.db.selectFrom('tickets').select('id').where('subject', '=', 'BGP session flapping').execute();
    expect(tickets).toHaveLength(1);
  });

  it('a closed conversation can still become a ticket', async () => {
    const { partnerKey, engineerToken } = desk.credentials;
    const started = await startChat(call, partnerKey, { contactEmail: 'noc@acme.example', subject: 'Latencia alta hacia Lisboa' });
    await say(call, partnerKey, started.id, 'Latencia de 80 ms hacia Lisboa desde ayer.');
    expect((await chat(call, 'closeConversation', { conversationId: started.id }, partnerKey)).conversation?.status).toBe('CLOSED');
    const ticket = await convert(call, engineerToken, { conversationId: started.id });
    expect(ticket.messages[0]?.body).toContain('La conversación fue cerrada por Marta Ruiz.');
    expect((await conversationById(call, engineerToken, started.id))?.status).toBe('CONVERTED');
  });

  it('another customer’s conversation is not found, to convert as to read', async () => {
    const { partnerKey, otherPartnerKey } = desk.credentials;
    const started = await startChat(call, partnerKey, { contactEmail: 'noc@acme.example', subject: 'Private matter' });
    expect(await chat(call, 'convertConversationToTicket', { conversationId: started.id }, otherPartnerKey)).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect(await conversationById(call, otherPartnerKey, started.id)).toBeNull();
    expect((await conversationById(call, partnerKey, started.id))?.status).toBe('WAITING');
  });
});
