// SPEC §4 auth: `Authorization: Bearer <token>`. Partners and staff roles reach different operations;
// anonymous callers get only the public ones (UNAUTHENTICATED elsewhere); an unknown or revoked token
// is HTTP 401, so a misconfigured portal fails loudly instead of seeing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffToken } from '../../src/auth/credentials.js';
import { ADMIN_TOKEN, createTestDesk, DIALECTS, gql, type TestDesk } from '../support/test-desk.js';
import { customersByName, DEFAULT_TICKET, openTicket, type TicketView } from './operations.js';

type Who = 'anonymous' | 'partner' | 'engineer' | 'accountManager' | 'admin' | 'bootstrapAdmin';

describe.each(DIALECTS)('roles (%s)', (dialect) => {
  let desk: TestDesk;
  let tokens: Record<Who, string | undefined>;
  let ticket: TicketView;
  let acmeId: string;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
    const accountManager = await createStaffToken(desk.store.db, { name: 'laura', role: 'ACCOUNT_MANAGER', now: desk.now() });
    tokens = {
      anonymous: undefined,
      partner: desk.credentials.partnerKey,
      engineer: desk.credentials.engineerToken,
      accountManager: accountManager.token,
      admin: desk.credentials.adminToken,
      bootstrapAdmin: ADMIN_TOKEN,
    };
    ticket = await openTicket(desk);
    acmeId = (await customersByName(desk))['Acme Networks']?.id ?? '';
  });
  afterAll(async () => {
    await desk.close();
  });

  // Valid input every time, so a refusal can only come from the caller's role.
  let serial = 0;
  const operations: Record<string, () => { query: string; variables?: Record<string, unknown> }> = {
    createCustomer: () => ({ query: 'mutation { createCustomer(input: { name: "Role Test" }) { __typename } }' }),
    createPartnerKey: () => ({ query: 'mutation ($id: ID!, $name: String!) { createPartnerKey(input: { customerId: $id, name: $name }) { __typename } }', variables: { id: acmeId, name: `key ${++serial}` } }),
    addService: () => ({ query: 'mutation ($id: ID!, $sof: String!) { addService(input: { customerId: $id, sof: $sof, description: "d" }) { __typename } }', variables: { id: acmeId, sof: `SOF-${50_000 + ++serial}` } }),
    addContact: () => ({ query: 'mutation ($id: ID!, $email: String!) { addContact(input: { customerId: $id, name: "R", email: $email, roles: [TECHNICAL] }) { __typename } }', variables: { id: acmeId, email: `role${++serial}@acme.example` } }),
    removeContact: () => ({ query: 'mutation { removeContact(input: { contactId: "Q29udGFjdDpub25l", reason: "role test" }) { __typename } }' }),
    createTicket: () => ({ query: 'mutation ($input: CreateTicketInput!) { createTicket(input: $input) { __typename } }', variables: { input: DEFAULT_TICKET } }),
    changeTicketPriority: () => ({ query: 'mutation ($id: ID!) { changeTicketPriority(input: { ticketId: $id, level: 2, reason: "role test" }) { __typename } }', variables: { id: ticket.id } }),
    ticket: () => ({ query: 'query ($n: String!) { ticket(number: $n) { number } }', variables: { n: ticket.number } }),
    tickets: () => ({ query: '{ tickets(first: 1) { edges { node { number } } } }' }),
    queue: () => ({ query: '{ queue(first: 1) { edges { node { number } } } }' }),
    customers: () => ({ query: '{ customers(first: 1) { edges { node { name } } } }' }),
    rejectedIntakes: () => ({ query: '{ rejectedIntakes(first: 1) { edges { node { id } } } }' }),
  };

  // Who may call what (SPEC §4.1); everyone else is refused before the resolver runs.
  const allowed: Record<string, readonly Who[]> = {
    createCustomer: ['admin', 'bootstrapAdmin'],
    createPartnerKey: ['admin', 'bootstrapAdmin'],
    addService: ['accountManager', 'admin', 'bootstrapAdmin'],
    addContact: ['partner', 'accountManager', 'admin', 'bootstrapAdmin'],
    removeContact: ['partner', 'accountManager', 'admin', 'bootstrapAdmin'],
    createTicket: ['partner', 'engineer', 'accountManager', 'admin', 'bootstrapAdmin'],
    changeTicketPriority: ['engineer', 'admin', 'bootstrapAdmin'],
    ticket: ['partner', 'engineer', 'accountManager', 'admin', 'bootstrapAdmin'],
    tickets: ['partner', 'engineer', 'accountManager', 'admin', 'bootstrapAdmin'],
    queue: ['engineer', 'admin', 'bootstrapAdmin'],
    customers: ['engineer', 'accountManager', 'admin', 'bootstrapAdmin'],
    rejectedIntakes: ['engineer', 'accountManager', 'admin', 'bootstrapAdmin'],
  };
  const everyone: readonly Who[] = ['anonymous', 'partner', 'engineer', 'accountManager', 'admin', 'bootstrapAdmin'];
  const cases = Object.entries(allowed).flatMap(([operation, whoMay]) => everyone.map((who) => ({ operation, who, may: whoMay.includes(who) })));

  it.each(cases)('$operation as $who: allowed=$may', async ({ operation, who, may }) => {
    const { query, variables } = operations[operation]?.() ?? { query: '' };
    const result = await gql(desk, query, variables, tokens[who]);
    const codes = (result.errors ?? []).map((e) => e.extensions?.code);
    if (may) {
      expect(codes).not.toContain('FORBIDDEN');
      expect(codes).not.toContain('UNAUTHENTICATED');
      expect(result.data?.[operation]).toBeTruthy();
    } else {
      expect(result.status).toBe(200);
      expect(codes).toEqual([who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN']);
      expect(result.data?.[operation] ?? null).toBeNull();
    }
  });

  it('an engineer reads the queue', async () => {
    const result = await gql<{ queue: { edges: { node: { number: string } }[] } }>(desk, '{ queue(first: 5) { edges { node { number } } } }', {}, tokens.engineer);
    expect(result.data?.queue.edges.map((e) => e.node.number)).toContain(ticket.number);
  });

  it('anonymous callers may check numbers, read the hotlines and ask who they are', async () => {
    const result = await gql(desk, '{ checkTicketNumber(input: "NCC#1000002") { valid } hotlines { phone } viewer { kind name role customer { name } } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({ checkTicketNumber: { valid: true }, viewer: { kind: 'ANONYMOUS', name: null, role: null, customer: null } });
  });

  it('anonymous callers find nothing by global id', async () => {
    const result = await gql(desk, 'query ($id: ID!) { node(id: $id) { id } }', { id: ticket.id });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ node: null });
  });

  it.each([
    ['partner', { kind: 'PARTNER', name: 'Acme portal', role: null, customer: { name: 'Acme Networks' } }],
    ['engineer', { kind: 'STAFF', name: 'demo-engineer', role: 'ENGINEER', customer: null }],
    ['accountManager', { kind: 'STAFF', name: 'laura', role: 'ACCOUNT_MANAGER', customer: null }],
    ['bootstrapAdmin', { kind: 'STAFF', name: 'admin', role: 'ADMIN', customer: null }],
  ] as const)('viewer tells %s who they are', async (who, expected) => {
    const result = await gql(desk, '{ viewer { kind name role customer { name } } }', {}, tokens[who]);
    expect(result.data?.viewer).toEqual(expected);
  });

  it.each([
    ['an unknown token', 'Bearer ndp_not-a-real-key'],
    ['an unknown staff token', 'Bearer nds_not-a-real-token'],
    ['a token of no known kind', 'Bearer whatever'],
    ['a header that is not Bearer', 'Basic dXNlcjpwYXNz'],
  ])('%s is HTTP 401 with WWW-Authenticate, even for public fields', async (_name, authorization) => {
    const response = await desk.yoga.fetch('http://nocdesk.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization },
      body: JSON.stringify({ query: '{ hotlines { phone } }' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const body = (await response.json()) as { data?: unknown; errors: { extensions?: { code?: string } }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a revoked partner key is HTTP 401', async () => {
    const minted = await gql<{ createPartnerKey: { partnerKey: { key: string } } }>(
      desk,
      'mutation ($id: ID!) { createPartnerKey(input: { customerId: $id, name: "to revoke" }) { ... on MutationCreatePartnerKeySuccess { partnerKey { key } } } }',
      { id: acmeId },
      tokens.admin,
    );
    const key = minted.data?.createPartnerKey.partnerKey.key ?? '';
    expect((await gql(desk, '{ viewer { kind } }', {}, key)).status).toBe(200);
    await desk.store.db.updateTable('partner_keys').set({ revoked_at: desk.now().toISOString() }).where('name', '=', 'to revoke').execute();
    expect((await gql(desk, '{ viewer { kind } }', {}, key)).status).toBe(401);
  });
});
