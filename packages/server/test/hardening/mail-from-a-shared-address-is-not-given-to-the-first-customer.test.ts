// Security probe, finding "a partner could capture another customer's email" (second half): when one
// address was registered with two customers, the email intake took the first contact row the store
// returned and opened the ticket for that customer. Staff must now confirm that an address is shared,
// and mail from it opens a ticket only when a SOF number says which customer it is about; without one it
// becomes a rejected intake AMBIGUOUS_CONTACT for staff review. Over the real SMTP listener.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, plainMail, startEmailChannelServer, ticketNumbers, type EmailChannelServer } from '../support/index.js';

const SHARED = 'noc@globex.example';

const ADD_CONTACT = `
  mutation ($input: AddContactInput!) {
    addContact(input: $input) {
      __typename
      ... on AddressNotClaimableError { reason }
      ... on MutationAddContactSuccess { contact { email customer { name } } }
    }
  }
`;

describe.each(DIALECTS)('mail from a shared address is not given to the first customer (%s)', (dialect) => {
  let desk: EmailChannelServer;
  let acmeId: string;
  let serial = 0;

  beforeAll(async () => {
    desk = await startEmailChannelServer(dialect);
    const answer = await desk.gql<{ customers: { edges: { node: { id: string; name: string } }[] } }>('{ customers(first: 10) { edges { node { id name } } } }');
    acmeId = answer.data!.customers.edges.find((e) => e.node.name === 'Acme Networks')!.node.id;
  });
  afterAll(async () => {
    await desk.close();
  });

  /** Mails one new request from the shared address; answers the new ticket's customer, or the rejected intake. */
  async function mailFromSharedAddress(subject: string) {
    const before = await ticketNumbers(desk);
    const reply = await desk.sendSmtp(plainMail({ from: SHARED, subject, body: 'Packet loss towards Lisbon.', messageId: `shared.${++serial}@globex.example` }), { from: SHARED });
    expect(reply).toMatch(/^250/);
    const opened = (await ticketNumbers(desk)).filter((n) => !before.includes(n));
    const intakes = await desk.gql<{ rejectedIntakes: { edges: { node: { sender: string; subject: string; reason: string; customer: { name: string } | null } }[] } }>(
      '{ rejectedIntakes(first: 50) { edges { node { sender subject reason customer { name } } } } }',
    );
    const rejected = intakes.data!.rejectedIntakes.edges.map((e) => e.node).find((n) => n.subject === subject) ?? null;
    if (opened.length === 0) return { customer: null, rejected };
    const ticket = await desk.gql<{ ticket: { customer: { name: string }; service: { sof: string } | null } }>('query ($n: String!) { ticket(number: $n) { customer { name } service { sof } } }', { n: opened[0] });
    return { customer: ticket.data!.ticket.customer.name, sof: ticket.data!.ticket.service?.sof ?? null, rejected };
  }

  it('shares an address with a second customer only when staff confirm it', async () => {
    const input = { customerId: acmeId, name: 'Shared NOC', email: SHARED, roles: ['TECHNICAL'] };
    const unconfirmed = await desk.gql<{ addContact: { __typename: string; reason?: string } }>(ADD_CONTACT, { input });
    expect(unconfirmed.data?.addContact).toEqual({ __typename: 'AddressNotClaimableError', reason: 'SHARED_ADDRESS_NOT_CONFIRMED' });
    const confirmed = await desk.gql<{ addContact: { contact?: { email: string; customer: { name: string } } } }>(ADD_CONTACT, { input: { ...input, confirmSharedAddress: true } });
    expect(confirmed.data?.addContact.contact).toEqual({ email: SHARED, customer: { name: 'Acme Networks' } });
  });

  it('keeps mail without a SOF number as a rejected intake AMBIGUOUS_CONTACT, opening no ticket for either customer', async () => {
    const outcome = await mailFromSharedAddress('Packet loss');
    expect(outcome.customer).toBeNull();
    expect(outcome.rejected).toEqual({ sender: SHARED, subject: 'Packet loss', reason: 'AMBIGUOUS_CONTACT', customer: null });
  });

  it('opens the ticket for the customer whose SOF number the mail gives, whichever was registered first', async () => {
    expect(await mailFromSharedAddress('Packet loss on SOF-10001')).toMatchObject({ customer: 'Acme Networks', sof: 'SOF-10001', rejected: null });
    expect(await mailFromSharedAddress('Packet loss on SOF-20001')).toMatchObject({ customer: 'Globex Telecom', sof: 'SOF-20001', rejected: null });
  });

  it('tells the sender to give the SOF number, once', async () => {
    await desk.server.dispatcher.runOnce();
    const explanations = desk.outboxFiles().filter((f) => f.startsWith('explain.'));
    expect(explanations).toHaveLength(1);
    const text = fs.readFileSync(path.join(desk.outboxDir, explanations[0]!), 'utf8');
    expect(text).toMatch(/^To: noc@globex\.example\r?$/m);
    expect(text).toContain('include the SOF number of the service');
  });
});
