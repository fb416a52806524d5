// Security probe, finding "a partner could capture another customer's email": a partner key registered
// any address as a contact of its own customer (addContact), and mail from that address then opened
// tickets under the partner's customer — the partner read another customer's outage reports, or those
// of a person that customer would hire later. A partner now registers addresses of its customer's
// verified domains only, never another customer's active contact, and both refusals read the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, plainMail, startEmailChannelServer, ticketNumbers, type EmailChannelServer } from '../support/index.js';

const ADD_CONTACT = `
  mutation ($input: AddContactInput!) {
    addContact(input: $input) {
      __typename
      ... on AddressNotClaimableError { reason }
      ... on Error { code message }
      ... on MutationAddContactSuccess { contact { email customer { name } } }
    }
  }
`;

interface AddContactAnswer {
  readonly __typename: string;
  readonly reason?: string;
  readonly code?: string;
  readonly message?: string;
  readonly contact?: { readonly email: string; readonly customer: { readonly name: string } };
}

describe.each(DIALECTS)('a partner cannot claim another customer’s address (%s)', (dialect) => {
  let desk: EmailChannelServer;
  let customerIds: Record<string, string>;

  beforeAll(async () => {
    desk = await startEmailChannelServer(dialect);
    const answer = await desk.gql<{ customers: { edges: { node: { id: string; name: string } }[] } }>('{ customers(first: 10) { edges { node { id name } } } }');
    customerIds = Object.fromEntries((answer.data?.customers.edges ?? []).map((e) => [e.node.name, e.node.id]));
  });
  afterAll(async () => {
    await desk.close();
  });

  async function addContact(token: string, customer: string, email: string): Promise<AddContactAnswer> {
    const answer = await desk.gql<{ addContact: AddContactAnswer }>(ADD_CONTACT, { input: { customerId: customerIds[customer], name: 'Claimed', email, roles: ['ADMINISTRATIVE'] } }, token);
    expect(answer.errors).toBeUndefined();
    return answer.data!.addContact;
  }

  /** Sends one new request by SMTP and answers the customer of the ticket it opened, or null. */
  async function customerOfMailFrom(from: string, subject: string): Promise<string | null> {
    const before = await ticketNumbers(desk);
    expect(await desk.sendSmtp(plainMail({ from, subject, body: 'No traffic since 09:00.' }), { from })).toMatch(/^250/);
    const opened = (await ticketNumbers(desk)).filter((n) => !before.includes(n));
    if (opened.length === 0) return null;
    const ticket = await desk.gql<{ ticket: { customer: { name: string } } }>('query ($n: String!) { ticket(number: $n) { customer { name } } }', { n: opened[0] });
    return ticket.data!.ticket.customer.name;
  }

  it('refuses another customer’s contact, whose mail still opens tickets for its own customer', async () => {
    const claim = await addContact(desk.credentials.partnerKey, 'Acme Networks', 'noc@globex.example');
    expect(claim).toMatchObject({ __typename: 'AddressNotClaimableError', reason: 'NOT_CLAIMABLE_BY_PARTNER', code: 'ADDRESS_NOT_CLAIMABLE' });
    expect(await customerOfMailFrom('noc@globex.example', 'Rack power lost')).toBe('Globex Telecom');
  });

  it('refuses a future hire’s address in another customer’s domain with exactly the same answer', async () => {
    const taken = await addContact(desk.credentials.partnerKey, 'Acme Networks', 'noc@globex.example');
    const futureHire = await addContact(desk.credentials.partnerKey, 'Acme Networks', 'new.hire@globex.example');
    // One neutral answer: the partner cannot tell an address somebody has from one nobody has yet.
    expect(futureHire).toEqual(taken);
    expect(futureHire.message).not.toMatch(/globex|another customer/i);
    // The person is hired: their own customer's partner registers them, and their mail is that customer's.
    const hired = await addContact(desk.credentials.otherPartnerKey, 'Globex Telecom', 'new.hire@globex.example');
    expect(hired.contact).toEqual({ email: 'new.hire@globex.example', customer: { name: 'Globex Telecom' } });
    expect(await customerOfMailFrom('new.hire@globex.example', 'Cross-connect request')).toBe('Globex Telecom');
  });

  it('refuses free-mail and look-alike domains, and lets the partner register its own verified domain and its subdomains', async () => {
    for (const email of ['marta.ruiz@gmail.example', 'noc@evilacme.example', 'noc@acme.example.evil.example']) {
      expect((await addContact(desk.credentials.partnerKey, 'Acme Networks', email)).reason, email).toBe('NOT_CLAIMABLE_BY_PARTNER');
    }
    expect((await addContact(desk.credentials.partnerKey, 'Acme Networks', 'Nora@NOC.Acme.Example')).contact).toEqual({ email: 'nora@noc.acme.example', customer: { name: 'Acme Networks' } });
  });

  it('refuses another customer’s contact inside the partner’s own domain, even when the partner says it is shared', async () => {
    // Staff may register any address: here a Globex contact at an acme.example address.
    const byStaff = await addContact(desk.credentials.adminToken, 'Globex Telecom', 'shared-desk@acme.example');
    expect(byStaff.contact?.customer.name).toBe('Globex Telecom');
    const claim = await desk.gql<{ addContact: AddContactAnswer }>(
      ADD_CONTACT,
      { input: { customerId: customerIds['Acme Networks'], name: 'Claimed', email: 'shared-desk@acme.example', roles: ['TECHNICAL'], confirmSharedAddress: true } },
      desk.credentials.partnerKey,
    );
    expect(claim.data?.addContact).toMatchObject({ __typename: 'AddressNotClaimableError', reason: 'NOT_CLAIMABLE_BY_PARTNER' });
    expect(await customerOfMailFrom('shared-desk@acme.example', 'Port flapping')).toBe('Globex Telecom');
  });

  it('lets only staff verify a domain for a customer', async () => {
    const verify = 'mutation ($input: VerifiedDomainInput!) { addVerifiedDomain(input: $input) { __typename } }';
    const input = { customerId: customerIds['Acme Networks'], domain: 'globex.example', reason: 'The partner says so' };
    const byPartner = await desk.gql(verify, { input }, desk.credentials.partnerKey);
    expect(byPartner.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await addContact(desk.credentials.partnerKey, 'Acme Networks', 'someone@globex.example')).reason).toBe('NOT_CLAIMABLE_BY_PARTNER');
  });

  it('answers a partner naming another customer “not found”, as for an unknown customer', async () => {
    const foreign = await addContact(desk.credentials.partnerKey, 'Globex Telecom', 'x@acme.example');
    expect(foreign.__typename).toBe('NotFoundError');
  });
});
