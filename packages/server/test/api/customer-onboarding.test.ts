// Staff set a new customer up (SPEC §4.1): createCustomer (ADMIN), addService (ADMIN, ACCOUNT_MANAGER),
// addContact, createPartnerKey (ADMIN, the key shown once); the partner can then open tickets at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffToken } from '../../src/auth/credentials.js';
import { createTestDesk, DIALECTS, gql, type TestDesk } from '../support/test-desk.js';
import { customersByName, openTicket, rowId } from './operations.js';

const CREATE_CUSTOMER = `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) {
  __typename ... on Error { code message } ... on InputValidationError { issues { path } }
  ... on MutationCreateCustomerSuccess { customer { id name accountManager createdAt contacts { id } services { id } } } } }`;
const ADD_SERVICE = `mutation ($input: AddServiceInput!) { addService(input: $input) {
  __typename ... on Error { code message } ... on InputValidationError { issues { path } }
  ... on MutationAddServiceSuccess { service { id sof description status customer { name } } } } }`;
const ADD_CONTACT = `mutation ($input: AddContactInput!) { addContact(input: $input) { __typename ... on MutationAddContactSuccess { contact { id } } } }`;
const CREATE_PARTNER_KEY = `mutation ($input: CreatePartnerKeyInput!) { createPartnerKey(input: $input) {
  __typename ... on Error { code message } ... on MutationCreatePartnerKeySuccess { partnerKey { key name customer { name } } } } }`;

type Payload = { __typename: string; code?: string; message?: string; issues?: { path: string[] }[] } & Record<string, unknown>;

describe.each(DIALECTS)('customer onboarding (%s)', (dialect) => {
  let desk: TestDesk;
  let accountManagerToken: string;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
    accountManagerToken = (await createStaffToken(desk.store.db, { name: 'laura', role: 'ACCOUNT_MANAGER', now: desk.now() })).token;
  });
  afterAll(async () => {
    await desk.close();
  });

  async function call(query: string, input: Record<string, unknown>, token: string = desk.credentials.adminToken): Promise<Payload> {
    const result = await gql<Record<string, Payload>>(desk, query, { input }, token);
    expect(result.errors).toBeUndefined();
    return Object.values(result.data ?? {})[0] as Payload;
  }

  it('an admin creates a customer, which then appears in the customer list; the change is audited', async () => {
    const payload = await call(CREATE_CUSTOMER, { name: '  Initech Fibre ', accountManager: 'Laura Gómez' });
    expect(payload.__typename).toBe('MutationCreateCustomerSuccess');
    const customer = payload.customer as { id: string };
    expect(payload.customer).toMatchObject({ name: 'Initech Fibre', accountManager: 'Laura Gómez', createdAt: desk.now().toISOString(), contacts: [], services: [] });
    expect(Object.keys(await customersByName(desk))).toContain('Initech Fibre');
    const audit = await desk.store.db.selectFrom('audit_log').select(['action', 'actor']).where('entity_id', '=', rowId(customer.id)).execute();
    expect(audit).toEqual([{ action: 'CREATED', actor: 'staff:demo-admin' }]);
  });

  it('refuses a customer without a name: InputValidationError', async () => {
    const payload = await call(CREATE_CUSTOMER, { name: '   ' });
    expect(payload.__typename).toBe('InputValidationError');
    expect(payload.issues?.map((i) => i.path)).toContainEqual(['input', 'name']);
  });

  it('takes the whole path: customer, service, contact, partner key, then a ticket through the new key', async () => {
    const customer = (await call(CREATE_CUSTOMER, { name: 'Hooli Transit' })).customer as { id: string };
    const service = await call(ADD_SERVICE, { customerId: customer.id, sof: 'sof 30001', description: '100G wave Madrid–Paris' }, accountManagerToken);
    expect(service.service).toMatchObject({ sof: 'SOF-30001', status: 'ACTIVE', customer: { name: 'Hooli Transit' } });
    const contact = await call(ADD_CONTACT, { customerId: customer.id, name: 'Gavin', email: 'noc@hooli.example', roles: ['ADMINISTRATIVE', 'TECHNICAL'] }, accountManagerToken);
    expect(contact.__typename).toBe('MutationAddContactSuccess');
    const minted = await call(CREATE_PARTNER_KEY, { customerId: customer.id, name: 'Hooli portal' });
    expect(minted.__typename).toBe('MutationCreatePartnerKeySuccess');
    const partnerKey = minted.partnerKey as { key: string; name: string; customer: { name: string } };
    expect(partnerKey).toMatchObject({ name: 'Hooli portal', customer: { name: 'Hooli Transit' } });
    expect(partnerKey.key).toMatch(/^ndp_[\w-]{20,}$/);

    const viewer = await gql<{ viewer: unknown }>(desk, '{ viewer { kind name customer { name } } }', {}, partnerKey.key);
    expect(viewer.data?.viewer).toEqual({ kind: 'PARTNER', name: 'Hooli portal', customer: { name: 'Hooli Transit' } });
    const ticket = await openTicket(desk, { reporterEmail: 'noc@hooli.example', sof: 'SOF-30001', subject: 'Wave down', description: 'LOS on the Paris side.' }, partnerKey.key);
    expect(ticket).toMatchObject({ customer: { name: 'Hooli Transit' }, service: { sof: 'SOF-30001' }, flags: [] });
    const stored = await desk.store.db.selectFrom('partner_keys').select(['key_hash']).where('name', '=', 'Hooli portal').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.key_hash).not.toContain(partnerKey.key);
  });

  it('refuses a SOF that is already registered: ConflictError', async () => {
    const acme = (await customersByName(desk))['Acme Networks'];
    const payload = await call(ADD_SERVICE, { customerId: acme?.id, sof: 'SOF-20001', description: 'Duplicate of Globex’s' });
    expect(payload.__typename).toBe('ConflictError');
    expect(payload.message).toContain('SOF-20001');
  });

  it('refuses text that is not a SOF number: InputValidationError naming sof', async () => {
    const acme = (await customersByName(desk))['Acme Networks'];
    const payload = await call(ADD_SERVICE, { customerId: acme?.id, sof: 'order 12', description: 'x' });
    expect(payload.__typename).toBe('InputValidationError');
    expect(payload.issues?.map((i) => i.path)).toContainEqual(['input', 'sof']);
  });

  it('answers NotFoundError for a customer id that does not exist or is not a customer id', async () => {
    const acme = (await customersByName(desk))['Acme Networks'];
    const contactId = acme?.contacts[0]?.id;
    for (const customerId of ['Q3VzdG9tZXI6bm9uZQ==', contactId, 'garbage']) {
      const payload = await call(ADD_SERVICE, { customerId, sof: 'SOF-40001', description: 'x' });
      expect(payload.__typename, String(customerId)).toBe('NotFoundError');
      expect((await call(CREATE_PARTNER_KEY, { customerId, name: 'x' })).__typename).toBe('NotFoundError');
    }
  });

  it('lists customers by name, page by page', async () => {
    const all = Object.keys(await customersByName(desk));
    expect(all).toEqual([...all].sort());
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { data?: { customers: { edges: { node: { name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } } = await gql(
        desk,
        'query ($after: String) { customers(first: 1, after: $after) { edges { node { name } } pageInfo { hasNextPage endCursor } } }',
        { after },
        desk.credentials.engineerToken,
      );
      seen.push(...(page.data?.customers.edges.map((e) => e.node.name) ?? []));
      if (!page.data?.customers.pageInfo.hasNextPage) break;
      after = page.data.customers.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
  });
});
