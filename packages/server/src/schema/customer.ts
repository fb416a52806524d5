// Customers, their services (SOF numbers) and authorised contacts, and the mutations that keep them current.
import { ContactRoleSchema, EmailAddressSchema, LanguageSchema, mayOpenTickets, parseSof, ServiceStatusSchema, VerifiedDomainSchema, type AddressClaimRejection, type ContactRole } from '@nocdesk/domain';
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { z } from 'zod';
import { addContact } from '../customers/add-contact.js';
import { addService } from '../customers/add-service.js';
import { createCustomer } from '../customers/create-customer.js';
import { createPartnerKey } from '../customers/create-partner-key.js';
import { removeContact } from '../customers/remove-contact.js';
import { addVerifiedDomain, removeVerifiedDomain } from '../customers/verified-domains.js';
import { AddressNotClaimableError, ConflictError, LastAdministrativeContactError, NotFoundError } from '../errors.js';
import { contactsOfCustomers, listCustomers, servicesOfCustomers, toContactRecord, verifiedDomainsOf } from '../store/customers.js';
import type { ContactRow, CustomerRow, ServiceRow } from '../store/tables.js';
import { toDate } from '../store/tables.js';
import { builder } from './builder.js';
import { localId } from './global-id.js';
import { decodeCursor } from './cursors.js';
import type { GraphQLContext } from './context.js';
import { badRequest, ErrorInterface } from './errors.js';
import { canSeeCustomer, loadContacts, loadCustomers, loadServices } from './loaders.js';

export const ContactRoleEnum = builder.enumType('ContactRole', {
  description: 'What a contact is to the customer: only ADMINISTRATIVE and TECHNICAL contacts may open tickets.',
  values: {
    ADMINISTRATIVE: { description: 'May open tickets and keep the contact list current.' },
    TECHNICAL: { description: 'Technical notification contact: may open tickets.' },
    BILLING: { description: 'Receives invoices; may not open tickets.' },
    OTHER: { description: 'Known to the desk; may not open tickets.' },
  } as const,
});
export const LanguageEnum = builder.enumType('Language', { description: 'A language the desk writes and speaks.', values: { en: { description: 'English' }, es: { description: 'Español' } } as const });
export const ServiceStatusEnum = builder.enumType('ServiceStatus', {
  description: 'Whether a service is delivered: only an ACTIVE one backs a ticket without a flag.',
  values: {
    ACTIVE: { description: 'Delivered.' },
    SUSPENDED: { description: 'Temporarily not delivered (e.g. unpaid); tickets for it are flagged SOF_INACTIVE.' },
    TERMINATED: { description: 'Ended; tickets for it are flagged SOF_INACTIVE.' },
  } as const,
});

export const CustomerRef = builder.loadableNodeRef<CustomerRow, string>('Customer', {
  id: { resolve: (c) => c.id },
  load: loadCustomers,
  sort: (c) => c.id,
});
export const ContactRef = builder.loadableNodeRef<ContactRow, string>('Contact', {
  id: { resolve: (c) => c.id },
  load: loadContacts,
  sort: (c) => c.id,
});
export const ServiceRef = builder.loadableNodeRef<ServiceRow, string>('Service', {
  id: { resolve: (s) => s.id },
  load: loadServices,
  sort: (s) => s.id,
});

CustomerRef.implement({
  description: 'A customer of the NOC: its services (SOF numbers) and the contacts who may report for it.',
  authScopes: (customer, ctx) => canSeeCustomer(ctx, customer.id),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The customer’s name.' }),
    accountManager: t.exposeString('account_manager', { nullable: true, description: 'The NOC’s account manager for this customer, who also keeps its contacts current.' }),
    createdAt: t.field({ type: 'DateTime', description: 'When the customer was added.', resolve: (c) => toDate(c.created_at) }),
    services: t.loadableList({
      description: 'Its services, each with its SOF number.',
      type: ServiceRef,
      load: async (customerIds: readonly string[], ctx: GraphQLContext) => {
        const rows = await servicesOfCustomers(ctx.desk.store.db, customerIds);
        return customerIds.map((id) => rows.filter((r) => r.customer_id === id));
      },
      resolve: (c) => c.id,
    }),
    contacts: t.loadableList({
      description: 'Its contacts, removed ones included (see active).',
      type: ContactRef,
      load: async (customerIds: readonly string[], ctx: GraphQLContext) => {
        const rows = await contactsOfCustomers(ctx.desk.store.db, customerIds);
        return customerIds.map((id) => rows.filter((r) => r.customer_id === id));
      },
      resolve: (c) => c.id,
    }),
    verifiedDomains: t.stringList({
      description: 'Mail domains staff verified this customer controls: its partner may register contacts there.',
      resolve: async (c, _args, ctx) => (await verifiedDomainsOf(ctx.desk.store.db, [c.id])).map((d) => d.domain),
    }),
  }),
});

ContactRef.implement({
  description: 'A person of a customer known to the desk: who may report (ADMINISTRATIVE, TECHNICAL) and who may not.',
  authScopes: (contact, ctx) => canSeeCustomer(ctx, contact.customer_id),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The person’s name.' }),
    email: t.exposeString('email', { description: 'The address mail from them must come from (compared case-insensitively; +tags count).' }),
    phone: t.exposeString('phone', { nullable: true, description: 'A phone number the IVR and the phone channel recognise, in international form.' }),
    roles: t.field({ type: [ContactRoleEnum], description: 'What the contact is to the customer.', resolve: (c) => toContactRecord(c).roles }),
    language: t.field({ type: LanguageEnum, nullable: true, description: 'The language the desk writes to them in; null: the language of their message.', resolve: (c) => c.language }),
    active: t.boolean({ description: 'False once removed.', resolve: (c) => c.status === 'ACTIVE' }),
    mayOpenTickets: t.boolean({
      description: 'Active and ADMINISTRATIVE or TECHNICAL: the source procedure’s authorised contact.',
      resolve: (c) => mayOpenTickets(toContactRecord(c)),
    }),
    customer: t.field({ type: CustomerRef, description: 'The customer they belong to.', resolve: (c) => c.customer_id }),
    removedAt: t.field({ type: 'DateTime', nullable: true, description: 'When they were removed.', resolve: (c) => (c.removed_at ? toDate(c.removed_at) : null) }),
    removedReason: t.exposeString('removed_reason', { nullable: true, description: 'Why they were removed, as recorded.' }),
  }),
});

ServiceRef.implement({
  description: 'One ordered service of a customer, identified by its SOF number.',
  authScopes: (service, ctx) => canSeeCustomer(ctx, service.customer_id),
  fields: (t) => ({
    sof: t.exposeString('sof', { description: 'The Service Order Form number, canonical SOF-<digits>.' }),
    description: t.exposeString('description', { description: 'What the service is, e.g. 10G IP transit, Madrid.' }),
    status: t.field({ type: ServiceStatusEnum, description: 'Whether it is delivered.', resolve: (s) => s.status }),
    customer: t.field({ type: CustomerRef, description: 'The customer who ordered it.', resolve: (s) => s.customer_id }),
  }),
});


const CustomersCursor = z.tuple([z.string(), z.string()]);


builder.queryFields((t) => ({
  customers: t.connection({
    type: CustomerRef,
    authScopes: { staff: true },
    description: 'Every customer, by name (staff only).',
    resolve: (_root, args, ctx) =>
      resolveCursorConnection({ args, toCursor: (c: CustomerRow) => JSON.stringify([c.name, c.id]) }, async ({ after, limit, inverted }: ResolveCursorConnectionArgs) => {
        if (inverted) throw badRequest('Backward pagination (last/before) is not supported on customers; page forward with first/after.');
        const cursor = after ? decodeCursor(after, CustomersCursor, 'customers') : undefined;
        return listCustomers(ctx.desk.store.db, { limit, ...(cursor ? { afterName: { name: cursor[0], id: cursor[1] } } : {}) });
      }),
  }),
}));

const CreateCustomerInput = builder.inputType('CreateCustomerInput', {
  description: 'A new customer.',
  fields: (t) => ({
    name: t.string({ description: 'The customer’s name.', validate: z.string().trim().min(1, 'The name is required.').max(200) }),
    accountManager: t.string({ description: 'The NOC’s account manager for it.', required: false, validate: z.string().trim().max(200) }),
  }),
});

const AddServiceInput = builder.inputType('AddServiceInput', {
  description: 'A service of a customer, with its SOF number.',
  fields: (t) => ({
    customerId: t.id({ description: 'The customer’s id.' }),
    sof: t.string({ description: 'Its SOF number; sof 12345, SOF#12345 and 12345 all read as SOF-12345.', validate: z.string().refine((v) => parseSof(v).ok, { message: 'Not a SOF number: expected SOF-<digits>, e.g. SOF-12345.' }) }),
    description: t.string({ description: 'What the service is.', validate: z.string().trim().min(1).max(500) }),
    status: t.field({ type: ServiceStatusEnum, description: 'ACTIVE unless said otherwise.', required: false, defaultValue: 'ACTIVE', validate: ServiceStatusSchema }),
  }),
});

const AddContactInput = builder.inputType('AddContactInput', {
  description: 'A new contact of a customer.',
  fields: (t) => ({
    customerId: t.id({ description: 'The customer’s id; a partner key may give only its own.' }),
    name: t.string({ description: 'The person’s name.', validate: z.string().trim().min(1, 'The name is required.').max(200) }),
    email: t.string({ description: 'Their email address.', validate: EmailAddressSchema }),
    phone: t.string({ description: 'Their phone number, in international form.', required: false, validate: z.string().regex(/^\+?[0-9 ().-]{5,25}$/, 'A phone number in international form, e.g. +34 910 000 100.') }),
    roles: t.field({ type: [ContactRoleEnum], description: 'At least one; ADMINISTRATIVE or TECHNICAL to open tickets.', validate: z.array(ContactRoleSchema).min(1, 'Give at least one role.') }),
    language: t.field({ type: LanguageEnum, description: 'The language to write to them in.', required: false, validate: LanguageSchema }),
    confirmSharedAddress: t.boolean({
      required: false,
      description: 'Staff only: register the address although it is another customer’s contact too (mail from it then needs a SOF number to pick the customer).',
    }),
  }),
});

const VerifiedDomainInput = builder.inputType('VerifiedDomainInput', {
  description: 'A mail domain of a customer, and how staff verified it (or why it is removed).',
  fields: (t) => ({
    customerId: t.id({ description: 'The customer’s id.' }),
    domain: t.string({ description: 'The domain, e.g. acme.example.', validate: VerifiedDomainSchema }),
    reason: t.string({ description: 'Recorded in the audit log.', validate: z.string().trim().min(3, 'Say how the domain was verified (or why it is removed).').max(500) }),
  }),
});

const RemoveContactInput = builder.inputType('RemoveContactInput', {
  description: 'A contact to remove, and why.',
  fields: (t) => ({
    contactId: t.id({ description: 'The contact’s id.' }),
    reason: t.string({ description: 'Recorded with the contact and in the audit log.', validate: z.string().trim().min(3, 'Say why the contact is removed.').max(500) }),
  }),
});

const CreatePartnerKeyInput = builder.inputType('CreatePartnerKeyInput', {
  description: 'A new partner API key for a customer’s portal.',
  fields: (t) => ({
    customerId: t.id({ description: 'The customer the key is bound to.' }),
    name: t.string({ description: 'What it is for, e.g. Acme portal; unique per customer.', validate: z.string().trim().min(1).max(100) }),
  }),
});

const PartnerKeyRef = builder.objectRef<{ id: string; key: string; name: string; customerId: string }>('PartnerKey').implement({
  description: 'A partner API key. `key` is shown only in this answer: store it now, it cannot be read again.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'What it is for.' }),
    key: t.exposeString('key', { description: 'The key itself (ndp_…): shown only now.' }),
    customer: t.field({ type: CustomerRef, description: 'The customer it is bound to.', resolve: (k) => k.customerId }),
  }),
});

const ADDRESS_CLAIM_REJECTIONS: { readonly [reason in AddressClaimRejection]: { readonly description: string } } = {
  INVALID_ADDRESS: { description: 'Not an email address.' },
  ALREADY_A_CONTACT: { description: 'The address is already a contact of this customer.' },
  NOT_CLAIMABLE_BY_PARTNER: { description: 'Outside the customer’s verified domains, or not one a partner may register (ask the account manager).' },
  SHARED_ADDRESS_NOT_CONFIRMED: { description: 'Staff only: another customer’s contact has it; set confirmSharedAddress to share it.' },
};

const AddressClaimRejectionEnum = builder.enumType('AddressClaimRejection', {
  description: 'Why an address may not be registered as a contact.',
  values: ADDRESS_CLAIM_REJECTIONS,
});

builder.objectType(AddressNotClaimableError, {
  name: 'AddressNotClaimableError',
  description: 'The address may not be registered by this caller for this customer; nothing was changed.',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof AddressNotClaimableError,
  fields: (t) => ({
    reason: t.field({ type: AddressClaimRejectionEnum, description: 'Why not.', resolve: (e) => e.reason }),
  }),
});

const customerId = (id: string | number) => localId(String(id), 'Customer');

builder.mutationFields((t) => ({
  createCustomer: t.field({
    type: CustomerRef,
    authScopes: { admin: true },
    description: 'Adds a customer (ADMIN).',
    errors: { types: [], dataField: { name: 'customer', description: 'The new customer.' } },
    args: { input: t.arg({ type: CreateCustomerInput, description: 'Who the customer is.' }) },
    resolve: (_root, { input }, ctx) => createCustomer(ctx.desk, ctx.principal, { name: input.name.trim(), accountManager: input.accountManager ?? null }),
  }),
  addService: t.field({
    type: ServiceRef,
    authScopes: { accountManager: true },
    description: 'Adds a service with its SOF number to a customer (ADMIN, ACCOUNT_MANAGER).',
    errors: { types: [NotFoundError, ConflictError], dataField: { name: 'service', description: 'The new service.' } },
    args: { input: t.arg({ type: AddServiceInput, description: 'The service.' }) },
    resolve: (_root, { input }, ctx) =>
      addService(ctx.desk, ctx.principal, { customerId: customerId(input.customerId), sof: input.sof, description: input.description, status: input.status ?? 'ACTIVE' }),
  }),
  addContact: t.field({
    type: ContactRef,
    authScopes: { accountManager: true, partner: true },
    description: 'A partner may register addresses of its customer’s verified domains only; staff any, sharing one with another customer only when confirmSharedAddress says so.',
    errors: { types: [NotFoundError, ConflictError, AddressNotClaimableError], dataField: { name: 'contact', description: 'The new contact.' } },
    args: { input: t.arg({ type: AddContactInput, description: 'The contact.' }) },
    resolve: (_root, { input }, ctx) =>
      addContact(ctx.desk, ctx.principal, {
        customerId: customerId(input.customerId),
        name: input.name.trim(),
        email: input.email,
        phone: input.phone ?? null,
        roles: input.roles as ContactRole[],
        language: input.language ?? null,
        confirmSharedAddress: input.confirmSharedAddress ?? null,
      }),
  }),
  removeContact: t.field({
    type: ContactRef,
    authScopes: { accountManager: true, partner: true },
    description: 'Removes a contact, with a reason; never the customer’s last ADMINISTRATIVE contact.',
    errors: { types: [NotFoundError, LastAdministrativeContactError], dataField: { name: 'contact', description: 'The removed contact.' } },
    args: { input: t.arg({ type: RemoveContactInput, description: 'Which contact, and why.' }) },
    resolve: (_root, { input }, ctx) => removeContact(ctx.desk, ctx.principal, { contactId: localId(String(input.contactId), 'Contact'), reason: input.reason }),
  }),
  createPartnerKey: t.field({
    type: PartnerKeyRef,
    authScopes: { admin: true },
    description: 'Mints a partner API key bound to one customer (ADMIN); the key is shown once, in this answer.',
    errors: { types: [NotFoundError, ConflictError], dataField: { name: 'partnerKey', description: 'The new key: store it now.' } },
    args: { input: t.arg({ type: CreatePartnerKeyInput, description: 'For which customer, and what for.' }) },
    resolve: (_root, { input }, ctx) => createPartnerKey(ctx.desk, ctx.principal, { customerId: customerId(input.customerId), name: input.name.trim() }),
  }),
  addVerifiedDomain: t.field({
    type: CustomerRef,
    authScopes: { accountManager: true },
    description: 'Records a mail domain staff verified the customer controls; its partner may then register contacts there.',
    errors: { types: [NotFoundError], dataField: { name: 'customer', description: 'The customer, with its verified domains.' } },
    args: { input: t.arg({ type: VerifiedDomainInput, description: 'The domain and how it was verified.' }) },
    resolve: (_root, { input }, ctx) => addVerifiedDomain(ctx.desk, ctx.principal, { customerId: customerId(input.customerId), domain: input.domain, reason: input.reason.trim() }),
  }),
  removeVerifiedDomain: t.field({
    type: CustomerRef,
    authScopes: { accountManager: true },
    description: 'Removes a verified domain; contacts already registered stay.',
    errors: { types: [NotFoundError], dataField: { name: 'customer', description: 'The customer, with its verified domains.' } },
    args: { input: t.arg({ type: VerifiedDomainInput, description: 'The domain and why it is removed.' }) },
    resolve: (_root, { input }, ctx) => removeVerifiedDomain(ctx.desk, ctx.principal, { customerId: customerId(input.customerId), domain: input.domain, reason: input.reason.trim() }),
  }),
}));
