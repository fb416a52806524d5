// Nobody waits for ever (Zammad's most asked-for chat feature, open since 2017): a conversation no
// engineer joins within NOCDESK_CHAT_WAIT_S becomes a ticket by itself, through the same conversion, and
// the contact reads its number in the chat. Driven by the injected clock and the scheduler's runOnce.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_JOBS } from '../../src/scheduler/jobs.js';
import { createScheduler, type Scheduler } from '../../src/scheduler/scheduler.js';
import { createTestDesk, DIALECTS, gql, subscribe, until, type TestDesk } from '../support/index.js';
import { conversationById, join, say, startChat, viaYoga, type GraphQLCall } from './chat-operations.js';

const MINUTE = 60_000;

describe.each(DIALECTS)('a chat nobody answers becomes a ticket (%s)', (dialect) => {
  let desk: TestDesk;
  let call: GraphQLCall;
  let scheduler: Scheduler;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
    call = viaYoga(desk);
    scheduler = createScheduler(desk, { jobs: DESK_JOBS, intervalMs: MINUTE });
  });
  afterAll(async () => {
    await scheduler.stop();
    await desk.close();
  });

  it('after five minutes without an engineer the contact gets a ticket number in the chat, and the acknowledgement by email', async () => {
    const { partnerKey, engineerToken } = desk.credentials;
    const started = await startChat(call, partnerKey, { contactEmail: 'ops@acme.example', subject: 'Transit link down in Madrid' });
    expect(started.convertsAt).toBe(new Date(desk.now().getTime() + 5 * MINUTE).toISOString());
    const stream = await subscribe(desk, 'subscription S($id: ID!, $after: ID) { conversationMessages(conversationId: $id, after: $after) { author notice body } }', partnerKey, {
      id: started.id,
      after: started.messages.at(-1)?.id,
    });
    try {
      await say(call, partnerKey, started.id, 'No traffic on the 10G transit since 09:00, SOF-10001.');
      desk.advance(5 * MINUTE - 1000);
      expect((await scheduler.runOnce())['chat-wait']).toBe(0);
      expect((await conversationById(call, partnerKey, started.id))?.status).toBe('WAITING');

      desk.advance(1000);
      expect((await scheduler.runOnce())['chat-wait']).toBe(1);
      await until(() => stream.events.some((e) => e.data?.conversationMessages?.notice === 'AUTO_CONVERTED'));

      const after = await conversationById(call, engineerToken, started.id);
      expect(after).toMatchObject({ status: 'CONVERTED', engineer: null, ticket: { channel: 'CHAT' } });
      const display = after?.ticket?.displayNumber ?? '';
      const told = `No engineer was free within 5 minutes: this conversation is now ticket ${display}, acknowledged by email to ops@acme.example. Our engineers will contact you as soon as possible.`;
      expect(after?.messages.at(-1)).toMatchObject({ author: 'SYSTEM', notice: 'AUTO_CONVERTED', body: told });
      expect(stream.events.map((e) => e.data?.conversationMessages?.notice ?? null)).toEqual([null, 'AUTO_CONVERTED']);

      const ticket = await gql<{ ticket: { subject: string; priority: { level: number }; events: { type: string; actor: string }[]; messages: { body: string }[] } }>(
        desk,
        'query T($n: String!) { ticket(number: $n) { subject priority { level } events { type actor } messages { body } } }',
        { n: after?.ticket?.number },
        engineerToken,
      );
      expect(ticket.data?.ticket).toMatchObject({ subject: 'Transit link down in Madrid', priority: { level: 1 } });
      expect(ticket.data?.ticket.events.slice(0, 2)).toEqual([
        { type: 'CREATED', actor: 'scheduler' },
        { type: 'ACKNOWLEDGEMENT_QUEUED', actor: 'system' },
      ]);
      expect(ticket.data?.ticket.messages[0]?.body).toContain('Sam Patel: No traffic on the 10G transit since 09:00, SOF-10001.');
      const acks = await desk.store.db
        .selectFrom('outbox')
        .innerJoin('tickets', 'tickets.id', 'outbox.ticket_id')
        .select('outbox.recipient')
        .where('tickets.number', '=', after?.ticket?.number ?? '')
        .where('outbox.kind', '=', 'ACKNOWLEDGEMENT')
        .execute();
      expect(acks).toEqual([{ recipient: 'ops@acme.example' }]);
    } finally {
      await stream.close();
    }
  });

  it('a conversation an engineer joined in time is not converted, and two schedulers convert a waiting one once', async () => {
    const { partnerKey, engineerToken } = desk.credentials;
    const answered = await startChat(call, partnerKey, { contactEmail: 'noc@acme.example', subject: 'Consulta de facturación de tránsito' });
    const waiting = await startChat(call, partnerKey, { contactEmail: 'noc@acme.example', subject: 'Cambio de contacto técnico' });
    desk.advance(4 * MINUTE);
    await join(call, engineerToken, answered.id);
    desk.advance(2 * MINUTE);
    const other = createScheduler(desk, { jobs: DESK_JOBS, intervalMs: MINUTE });
    try {
      const reports = await Promise.all([scheduler.runOnce(), other.runOnce()]);
      expect(reports.map((r) => r['chat-wait'])).toContain(1);
      expect(reports.map((r) => r['chat-wait']).filter((n) => n !== 'not-leader' && n !== 0)).toEqual([1]);
    } finally {
      await other.stop();
    }
    expect((await conversationById(call, partnerKey, answered.id))?.status).toBe('ACTIVE');
    expect((await conversationById(call, partnerKey, waiting.id))?.status).toBe('CONVERTED');
    // In the contact's language (Marta prefers Spanish).
    expect((await conversationById(call, partnerKey, waiting.id))?.messages.at(-1)?.body).toMatch(/^Ningún ingeniero estuvo disponible en 5 minutos: esta conversación es ahora el ticket NCC#/);
    const tickets = await desk.store.db.selectFrom('tickets').select('id').where('subject', '=', 'Cambio de contacto técnico').execute();
    expect(tickets).toHaveLength(1);
  });

  it('a contact removed while waiting gets no ticket, but the transcript is kept for staff to review', async () => {
    const { partnerKey, adminToken } = desk.credentials;
    const added = await gql<{ addContact: { contact?: { id: string; email: string } } }>(
      desk,
      'mutation A($input: AddContactInput!) { addContact(input: $input) { ... on MutationAddContactSuccess { contact { id email } } } }',
      { input: { customerId: await acmeId(desk), name: 'Night shift', email: 'night@acme.example', roles: ['TECHNICAL'], language: 'en' } },
      adminToken,
    );
    const contact = added.data?.addContact.contact;
    expect(contact?.email).toBe('night@acme.example');
    const started = await startChat(call, partnerKey, { contactEmail: 'night@acme.example', subject: 'Who is on call tonight?' });
    const removed = await gql(desk, 'mutation R($input: RemoveContactInput!) { removeContact(input: $input) { __typename } }', { input: { contactId: contact?.id, reason: 'Left the company' } }, adminToken);
    expect(removed.errors).toBeUndefined();
    desk.advance(6 * MINUTE);
    expect((await scheduler.runOnce())['chat-wait']).toBe(0);

    const after = await conversationById(call, partnerKey, started.id);
    expect(after).toMatchObject({ status: 'CLOSED', ticket: null });
    expect(after?.messages.at(-1)?.body).toBe(
      'The conversation was closed by the NOC service desk. It could not become a ticket (the contact may no longer open tickets): the NOC service desk keeps it for review.',
    );
    const kept = await desk.store.db.selectFrom('rejected_intakes').select(['channel', 'sender', 'reason', 'subject', 'status']).where('sender', '=', 'night@acme.example').execute();
    expect(kept).toEqual([{ channel: 'CHAT', sender: 'night@acme.example', reason: 'INACTIVE_CONTACT', subject: 'Who is on call tonight?', status: 'PENDING' }]);
  });
});

async function acmeId(desk: TestDesk): Promise<string> {
  const answer = await gql<{ viewer: { customer: { id: string } } }>(desk, '{ viewer { customer { id } } }', {}, desk.credentials.partnerKey);
  return answer.data?.viewer.customer.id ?? '';
}
