// SPEC §4: a partner sees only its own customer's data, and for another customer's ticket the answer
// is "not found" (null, absent), never "forbidden", so a partner cannot even learn a ticket exists.
import { formatTicketNumber } from '@nocdesk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, DIALECTS, gql, type TestDesk } from '../support/test-desk.js';
import { customersByName, openTicket, TICKET_FIELDS, type TicketView } from './operations.js';

describe.each(DIALECTS)('partner isolation (%s)', (dialect) => {
  let desk: TestDesk;
  let acmeTicket: TicketView;
  let globexTicket: TicketView;
  let acme: Awaited<ReturnType<typeof customersByName>>[string];
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
    acmeTicket = await openTicket(desk, { subject: 'Link down in Madrid' });
    globexTicket = await openTicket(desk, { reporterEmail: 'noc@globex.example', sof: 'SOF-20001' }, desk.credentials.otherPartnerKey);
    const customers = await customersByName(desk);
    const found = customers['Acme Networks'];
    if (!found) throw new Error('seed has no Acme Networks');
    acme = found;
  });
  afterAll(async () => {
    await desk.close();
  });

  const asGlobex = <T>(query: string, variables: Record<string, unknown> = {}) => gql<T>(desk, query, variables, desk.credentials.otherPartnerKey);
  const asAcme = <T>(query: string, variables: Record<string, unknown> = {}) => gql<T>(desk, query, variables, desk.credentials.partnerKey);

  it('the owner finds its ticket by number, by global id and in its list', async () => {
    const byNumber = await asAcme<{ ticket: TicketView | null }>(`query ($n: String!) { ticket(number: $n) { ${TICKET_FIELDS} } }`, { n: acmeTicket.displayNumber });
    expect(byNumber.data?.ticket?.id).toBe(acmeTicket.id);
    const byId = await asAcme<{ node: { number: string } | null }>('query ($id: ID!) { node(id: $id) { ... on Ticket { number } } }', { id: acmeTicket.id });
    expect(byId.data?.node?.number).toBe(acmeTicket.number);
    const list = await asAcme<{ tickets: { edges: { node: { number: string } }[] } }>('{ tickets(first: 50) { edges { node { number } } } }');
    expect(list.data?.tickets.edges.map((e) => e.node.number)).toEqual([acmeTicket.number]);
  });

  it('another partner reading it by number gets null, not an error', async () => {
    for (const n of [acmeTicket.number, acmeTicket.displayNumber]) {
      const result = await asGlobex<{ ticket: unknown }>('query ($n: String!) { ticket(number: $n) { id subject } }', { n });
      expect(result.status).toBe(200);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ ticket: null });
    }
  });

  it('the same answer as for a number that does not exist', async () => {
    const unknown = await asGlobex('query ($n: String!) { ticket(number: $n) { id } }', { n: formatTicketNumber(999_999) });
    const foreign = await asGlobex('query ($n: String!) { ticket(number: $n) { id } }', { n: acmeTicket.number });
    expect(foreign).toEqual(unknown);
  });

  it('another partner reading it by global id through node / nodes gets null', async () => {
    const one = await asGlobex('query ($id: ID!) { node(id: $id) { id ... on Ticket { subject } } }', { id: acmeTicket.id });
    expect(one.errors).toBeUndefined();
    expect(one.data).toEqual({ node: null });
    const many = await asGlobex<{ nodes: unknown[] }>('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [acmeTicket.id, globexTicket.id] });
    expect(many.errors).toBeUndefined();
    expect(many.data?.nodes).toEqual([null, { id: globexTicket.id }]);
  });

  it('another partner’s list never holds it, even when filtering by the owner’s customer id', async () => {
    for (const filter of [undefined, { customerId: acme.id }]) {
      const result = await asGlobex<{ tickets: { edges: { node: { number: string } }[] } }>('query ($f: TicketFilter) { tickets(first: 50, filter: $f) { edges { node { number } } } }', { f: filter });
      expect(result.errors).toBeUndefined();
      expect(result.data?.tickets.edges.map((e) => e.node.number)).toEqual([globexTicket.number]);
    }
  });

  it('another customer, its contacts and services resolve to null by global id', async () => {
    const ids = [acme.id, ...acme.contacts.map((c) => c.id), ...acme.services.map((s) => s.id)];
    const result = await asGlobex<{ nodes: unknown[] }>('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(result.errors).toBeUndefined();
    expect(result.data?.nodes).toEqual(ids.map(() => null));
  });

  it('another partner cannot add or remove the owner’s contacts: NotFoundError, not forbidden', async () => {
    const add = await asGlobex<{ addContact: { __typename: string } }>(
      'mutation ($input: AddContactInput!) { addContact(input: $input) { __typename } }',
      { input: { customerId: acme.id, name: 'Intruder', email: 'intruder@globex.example', roles: ['ADMINISTRATIVE'] } },
    );
    expect(add.errors).toBeUndefined();
    expect(add.data?.addContact.__typename).toBe('NotFoundError');
    const contact = acme.contacts.find((c) => c.email === 'ops@acme.example');
    const remove = await asGlobex<{ removeContact: { __typename: string } }>(
      'mutation ($input: RemoveContactInput!) { removeContact(input: $input) { __typename } }',
      { input: { contactId: contact?.id, reason: 'Trying to break in' } },
    );
    expect(remove.errors).toBeUndefined();
    expect(remove.data?.removeContact.__typename).toBe('NotFoundError');
    const after = await customersByName(desk);
    expect(after['Acme Networks']?.contacts).toEqual(acme.contacts);
  });

  it('idempotency keys are per caller: another partner reusing a key gets its own ticket, not the owner’s', async () => {
    const mine = await openTicket(desk, { idempotencyKey: 'shared-key-1' });
    const theirs = await openTicket(desk, { idempotencyKey: 'shared-key-1', reporterEmail: 'noc@globex.example', sof: 'SOF-20001' }, desk.credentials.otherPartnerKey);
    expect(theirs.number).not.toBe(mine.number);
    expect(theirs.customer.name).toBe('Globex Telecom');
  });
});
