// SPEC §2.2: the authorised contact list is kept current by the customer's administrative contacts
// (partner API) or by staff; every change is recorded with who and why, and the last ADMINISTRATIVE
// contact of a customer cannot be removed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDesk, DIALECTS, gql, type TestDesk } from '../support/test-desk.js';
import { createTicket, customersByName, openTicket, rowId, type CustomerView } from './operations.js';

const ADD_CONTACT = `
  mutation ($input: AddContactInput!) {
    addContact(input: $input) {
      __typename
      ... on Error { code message }
      ... on InputValidationError { issues { path message } }
      ... on MutationAddContactSuccess { contact { id name email phone roles language active mayOpenTickets customer { name } } }
    }
  }
`;
const REMOVE_CONTACT = `
  mutation ($input: RemoveContactInput!) {
    removeContact(input: $input) {
      __typename
      ... on Error { code message }
      ... on InputValidationError { issues { path message } }
      ... on MutationRemoveContactSuccess { contact { id email active removedAt removedReason } }
    }
  }
`;

interface ContactPayload {
  readonly __typename: string;
  readonly code?: string;
  readonly message?: string;
  readonly issues?: readonly { readonly path: readonly string[] }[];
  readonly contact?: Record<string, unknown> & { readonly id: string };
}

describe.each(DIALECTS)('contacts (%s)', (dialect) => {
  let desk: TestDesk;
  let acme: CustomerView;
  beforeEach(async () => {
    desk = await createTestDesk(dialect);
    const found = (await customersByName(desk))['Acme Networks'];
    if (!found) throw new Error('seed has no Acme Networks');
    acme = found;
  });
  afterEach(async () => {
    await desk.close();
  });

  const contactId = (email: string) => {
    const contact = acme.contacts.find((c) => c.email === email);
    if (!contact) throw new Error(`no contact ${email}`);
    return contact.id;
  };

  async function addContact(input: Record<string, unknown>, token: string = desk.credentials.partnerKey): Promise<ContactPayload> {
    const result = await gql<{ addContact: ContactPayload }>(desk, ADD_CONTACT, { input: { customerId: acme.id, ...input } }, token);
    expect(result.errors).toBeUndefined();
    return result.data?.addContact as ContactPayload;
  }

  async function removeContact(id: string, reason: string, token: string = desk.credentials.partnerKey): Promise<ContactPayload> {
    const result = await gql<{ removeContact: ContactPayload }>(desk, REMOVE_CONTACT, { input: { contactId: id, reason } }, token);
    expect(result.errors).toBeUndefined();
    return result.data?.removeContact as ContactPayload;
  }

  async function auditOf(entityId: string) {
    return desk.store.db.selectFrom('audit_log').select(['action', 'actor', 'reason', 'customer_id']).where('entity_id', '=', rowId(entityId)).orderBy('id').execute();
  }

  it('a partner adds a technical contact, who may then open tickets; the change is audited', async () => {
    const payload = await addContact({ name: 'Nora Díaz', email: 'Nora.Diaz@Acme.Example', phone: '+34 600 000 009', roles: ['TECHNICAL'], language: 'es' });
    expect(payload.__typename).toBe('MutationAddContactSuccess');
    expect(payload.contact).toMatchObject({ name: 'Nora Díaz', email: 'nora.diaz@acme.example', roles: ['TECHNICAL'], language: 'es', active: true, mayOpenTickets: true, customer: { name: 'Acme Networks' } });
    expect(await auditOf(payload.contact?.id ?? '')).toEqual([{ action: 'ADDED', actor: 'partner:Acme portal', reason: null, customer_id: rowId(acme.id) }]);
    const ticket = await openTicket(desk, { reporterEmail: 'nora.diaz@acme.example' });
    expect(ticket.reporter.email).toBe('nora.diaz@acme.example');
  });

  it('a BILLING contact is registered but may not open tickets', async () => {
    const payload = await addContact({ name: 'Finance', email: 'finance@acme.example', roles: ['BILLING'] });
    expect(payload.contact).toMatchObject({ mayOpenTickets: false, active: true });
    expect((await createTicket(desk, { reporterEmail: 'finance@acme.example' })).reason).toBe('ROLE_NOT_ALLOWED');
  });

  it('refuses a second active contact with the same address: ConflictError', async () => {
    const payload = await addContact({ name: 'Marta again', email: 'NOC@acme.example', roles: ['TECHNICAL'] });
    expect(payload.__typename).toBe('ConflictError');
    expect(payload.message).toContain('noc@acme.example');
  });

  it.each([
    { field: 'email', input: { name: 'X', email: 'no-at-sign', roles: ['TECHNICAL'] } },
    { field: 'roles', input: { name: 'X', email: 'x@acme.example', roles: [] } },
    { field: 'name', input: { name: ' ', email: 'x@acme.example', roles: ['TECHNICAL'] } },
    { field: 'phone', input: { name: 'X', email: 'x@acme.example', roles: ['TECHNICAL'], phone: 'call me' } },
  ])('answers InputValidationError naming $field', async ({ field, input }) => {
    const payload = await addContact(input);
    expect(payload.__typename).toBe('InputValidationError');
    expect(payload.issues?.map((i) => i.path)).toContainEqual(['input', field]);
  });

  it('refuses to remove the last ADMINISTRATIVE contact and leaves it active', async () => {
    const payload = await removeContact(contactId('noc@acme.example'), 'Marta left the company');
    expect(payload.__typename).toBe('LastAdministrativeContactError');
    expect(payload.code).toBe('LAST_ADMINISTRATIVE_CONTACT');
    expect(payload.message).toMatch(/register another administrative contact first/i);
    const after = (await customersByName(desk))['Acme Networks'];
    expect(after?.contacts.find((c) => c.email === 'noc@acme.example')?.active).toBe(true);
    expect(await auditOf(contactId('noc@acme.example'))).toEqual([]);
  });

  it('removes another contact with the reason recorded; the removed contact can no longer open tickets', async () => {
    const payload = await removeContact(contactId('ops@acme.example'), 'Sam moved to another team', desk.credentials.adminToken);
    expect(payload.__typename).toBe('MutationRemoveContactSuccess');
    expect(payload.contact).toMatchObject({ email: 'ops@acme.example', active: false, removedReason: 'Sam moved to another team', removedAt: desk.now().toISOString() });
    expect(await auditOf(contactId('ops@acme.example'))).toEqual([{ action: 'REMOVED', actor: 'staff:demo-admin', reason: 'Sam moved to another team', customer_id: rowId(acme.id) }]);
    const refused = await createTicket(desk, { reporterEmail: 'ops@acme.example' });
    expect(refused.reason).toBe('INACTIVE_CONTACT');
  });

  it('removes an administrative contact once another one is registered', async () => {
    const added = await addContact({ name: 'Luis Mora', email: 'luis@acme.example', roles: ['ADMINISTRATIVE'] });
    const payload = await removeContact(contactId('noc@acme.example'), 'Marta left the company');
    expect(payload.__typename).toBe('MutationRemoveContactSuccess');
    const last = await removeContact(added.contact?.id ?? '', 'Luis left too');
    expect(last.__typename).toBe('LastAdministrativeContactError');
  });

  it('of two administrative contacts removed at the same time, one stays', async () => {
    const added = await addContact({ name: 'Luis Mora', email: 'luis@acme.example', roles: ['ADMINISTRATIVE'] });
    const results = await Promise.all([removeContact(contactId('noc@acme.example'), 'Clean-up one'), removeContact(added.contact?.id ?? '', 'Clean-up two')]);
    expect(results.map((r) => r.__typename).sort()).toEqual(['LastAdministrativeContactError', 'MutationRemoveContactSuccess']);
    const after = (await customersByName(desk))['Acme Networks'];
    expect(after?.contacts.filter((c) => c.active && c.roles.includes('ADMINISTRATIVE'))).toHaveLength(1);
  });

  it('requires a reason to remove a contact: InputValidationError', async () => {
    const payload = await removeContact(contactId('ops@acme.example'), '  ');
    expect(payload.__typename).toBe('InputValidationError');
    expect(payload.issues?.map((i) => i.path)).toContainEqual(['input', 'reason']);
  });

  it('a contact already removed is not found', async () => {
    await removeContact(contactId('ops@acme.example'), 'Sam moved to another team');
    expect((await removeContact(contactId('ops@acme.example'), 'Once more')).__typename).toBe('NotFoundError');
  });
});
