// A conversation belongs to one customer and one contact, authorised exactly like an email sender
// (SPEC §2.2): an active ADMINISTRATIVE or TECHNICAL contact of the partner's customer; anyone else is
// refused with the same typed reasons the portal's createTicket gives. Only partners start chats.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, DIALECTS, gql, type TestDesk } from '../support/index.js';
import { chat, startChat, viaYoga, type GraphQLCall } from './chat-operations.js';

describe.each(DIALECTS)('who may start a chat (%s)', (dialect) => {
  let desk: TestDesk;
  let call: GraphQLCall;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
    call = viaYoga(desk);
    // A contact that was registered and later removed.
    const acme = await gql<{ viewer: { customer: { id: string } } }>(desk, '{ viewer { customer { id } } }', {}, desk.credentials.partnerKey);
    const added = await gql<{ addContact: { contact: { id: string } } }>(
      desk,
      'mutation A($input: AddContactInput!) { addContact(input: $input) { ... on MutationAddContactSuccess { contact { id } } } }',
      { input: { customerId: acme.data?.viewer.customer.id, name: 'Former NOC', email: 'former@acme.example', roles: ['TECHNICAL'] } },
      desk.credentials.adminToken,
    );
    await gql(desk, 'mutation R($input: RemoveContactInput!) { removeContact(input: $input) { __typename } }', { input: { contactId: added.data?.addContact.contact.id, reason: 'Moved to another team' } }, desk.credentials.adminToken);
  });
  afterAll(async () => {
    await desk.close();
  });

  /** What the portal's ticket form answers for the same address, to compare with the chat's answer. */
  async function createTicketReason(email: string): Promise<string | undefined> {
    const answer = await gql<{ createTicket: { __typename: string; reason?: string } }>(
      desk,
      'mutation C($input: CreateTicketInput!) { createTicket(input: $input) { __typename ... on ReporterNotAuthorizedError { reason } } }',
      { input: { reporterEmail: email, subject: 'Check', description: 'Who may write?' } },
      desk.credentials.partnerKey,
    );
    return answer.data?.createTicket.reason;
  }

  it.each([
    ['billing@acme.example', 'ROLE_NOT_ALLOWED'],
    ['former@acme.example', 'INACTIVE_CONTACT'],
    ['stranger@acme.example', 'UNKNOWN_SENDER'],
    // Another customer's contact is unknown to this partner, never "registered elsewhere".
    ['noc@globex.example', 'UNKNOWN_SENDER'],
    // Sub-addressing is not stripped: that would let anyone speak as a registered contact.
    ['noc+chat@acme.example', 'UNKNOWN_SENDER'],
  ])('refuses %s with %s, as createTicket does', async (email, reason) => {
    const answer = await chat(call, 'startConversation', { contactEmail: email }, desk.credentials.partnerKey);
    expect(answer).toMatchObject({ __typename: 'ReporterNotAuthorizedError', code: 'REPORTER_NOT_AUTHORIZED', reason });
    expect(await createTicketReason(email)).toBe(reason);
  });

  it('takes an administrative or technical contact however the address is written, with their language', async () => {
    const marta = await startChat(call, desk.credentials.partnerKey, { contactEmail: ' NOC@Acme.Example ' });
    expect(marta).toMatchObject({ status: 'WAITING', language: 'es', customer: { name: 'Acme Networks' }, contact: { name: 'Marta Ruiz', email: 'noc@acme.example' } });
    expect(marta.messages).toEqual([
      expect.objectContaining({ author: 'SYSTEM', notice: 'WAITING', body: expect.stringMatching(/^Gracias: un ingeniero le atenderá en breve. Si nadie está disponible en 5 minutos/) }),
    ]);
    const sam = await startChat(call, desk.credentials.partnerKey, { contactEmail: 'ops@acme.example', subject: 'Port flapping' });
    expect(sam).toMatchObject({ language: 'en', subject: 'Port flapping', contact: { name: 'Sam Patel' } });
    expect(sam.messages[0]?.body).toMatch(/^Thank you: an engineer will be with you shortly\. If nobody is free within 5 minutes/);
  });

  it('only a partner starts a chat; anonymous callers and staff are refused before anything is stored', async () => {
    const query = 'mutation S($input: StartConversationInput!) { startConversation(input: $input) { __typename } }';
    const engineer = await gql(desk, query, { input: { contactEmail: 'noc@acme.example' } }, desk.credentials.engineerToken);
    expect(engineer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await gql(desk, query, { input: { contactEmail: 'noc@acme.example' } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a retry with the same idempotency key returns the same conversation; the key with another request is refused', async () => {
    const input = { contactEmail: 'ops@acme.example', subject: 'Retry me', idempotencyKey: 'portal-chat-7f3a' };
    const first = await startChat(call, desk.credentials.partnerKey, input);
    const again = await startChat(call, desk.credentials.partnerKey, input);
    expect(again.id).toBe(first.id);
    expect(again.messages).toHaveLength(1);
    expect(await chat(call, 'startConversation', { ...input, subject: 'Something else' }, desk.credentials.partnerKey)).toMatchObject({
      __typename: 'IdempotencyKeyReusedError',
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
  });
});
