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
  values: {
    ADMINISTRATIVE: { description: 'May open tickets and keep the contact list current.' },
    TECHNICAL: { description: 'Technical notification contact: may open tickets.' },
    BILLING: { description: 'Receives invoices; may not open tickets.' },
    OTHER: { description: 'Known to the desk; may not open tickets.' },
  } as const,
});
export const LanguageEnum = builder.enumType('Language', { values: { en: { description: 'English' }, es: { description: 'Español' } } as const });
export const ServiceStatusEnum = builder.enumType('ServiceStatus', { values: ['ACTIVE', 'SUSPENDED', 'TERMINATED'] as const });

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
  authScopes: (customer, ctx) => canSeeCustomer(ctx, customer.id),
  fields: (t) => ({
    name: t.exposeString('name'),
    accountManager: t.exposeString('account_manager', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (c) => toDate(c.created_at) }),
    services: t.loadableList({
      type: ServiceRef,
      load: async (customerIds: readonly string[], ctx: GraphQLContext) => {
        const rows = await servicesOfCustomers(ctx.desk.store.db, customerIds);
        return customerIds.map((id) => rows.filter((r) => r.customer_id === id));
      },
      resolve: (c) => c.id,
    }),
    contacts: t.loadableList({
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
  authScopes: (contact, ctx) => canSeeCustomer(ctx, contact.customer_id),
  fields: (t) => ({
    name: t.exposeString('name'),
    email: t.exposeString('email'),
    phone: t.exposeString('phone', { nullable: true }),
    roles: t.field({ type: [ContactRoleEnum], resolve: (c) => toContactRecord(c).roles }),
    language: t.field({ type: LanguageEnum, nullable: true, resolve: (c) => c.language }),
    active: t.boolean({ resolve: (c) => c.status === 'ACTIVE' }),
    mayOpenTickets: t.boolean({
      description: 'Active and ADMINISTRATIVE or TECHNICAL: the source procedure’s authorised contact.',
      resolve: (c) => mayOpenTickets(toContactRecord(c)),
    }),
    customer: t.field({ type: CustomerRef, resolve: (c) => c.customer_id }),
    removedAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => (c.removed_at ? toDate(c.removed_at) : null) }),
    removedReason: t.exposeString('removed_reason', { nullable: true }),
  }),
});

ServiceRef.implement({
  authScopes: (service, ctx) => canSeeCustomer(ctx, service.customer_id),
  fields: (t) => ({
    sof: t.exposeString('sof', { description: 'The Service Order Form number, canonical SOF-<digits>.' }),
    description: t.exposeString('description'),
    status: t.field({ type: ServiceStatusEnum, resolve: (s) => s.status }),
    customer: t.field({ type: CustomerRef, resolve: (s) => s.customer_id }),
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
  fields: (t) => ({
    name: t.string({ validate: z.string().trim().min(1, 'The name is required.').max(200) }),
    accountManager: t.string({ required: false, validate: z.string().trim().max(200) }),
  }),
});

const AddServiceInput = builder.inputType('AddServiceInput', {
  fields: (t) => ({
    customerId: t.id(),
    sof: t.string({ validate: z.string().refine((v) => parseSof(v).ok, { message: 'Not a SOF number: expected SOF-<digits>, e.g. SOF-12345.' }) }),
    description: t.string({ validate: z.string().trim().min(1).max(500) }),
    status: t.field({ type: ServiceStatusEnum, required: false, defaultValue: 'ACTIVE', validate: ServiceStatusSchema }),
  }),
});

const AddContactInput = builder.inputType('AddContactInput', {
  fields: (t) => ({
    customerId: t.id(),
    name: t.string({ validate: z.string().trim().min(1, 'The name is required.').max(200) }),
    email: t.string({ validate: EmailAddressSchema }),
    phone: t.string({ required: false, validate: z.string().regex(/^\+?[0-9 ().-]{5,25}$/, 'A phone number in international form, e.g. +34 910 000 100.') }),
    roles: t.field({ type: [ContactRoleEnum], validate: z.array(ContactRoleSchema).min(1, 'Give at least one role.') }),
    language: t.field({ type: LanguageEnum, required: false, validate: LanguageSchema }),
    confirmSharedAddress: t.boolean({
      required: false,
      description: 'Staff only: register the address although it is another customer’s contact too (mail from it then needs a SOF number to pick the customer).',
    }),
  }),
});

const VerifiedDomainInput = builder.inputType('VerifiedDomainInput', {
  fields: (t) => ({
    customerId: t.id(),
    domain: t.string({ validate: VerifiedDomainSchema }),
    reason: t.string({ validate: z.string().trim().min(3, 'Say how the domain was verified (or why it is removed).').max(500) }),
  }),
});

const RemoveContactInput = builder.inputType('RemoveContactInput', {
  fields: (t) => ({
    contactId: t.id(),
    reason: t.string({ validate: z.string().trim().min(3, 'Say why the contact is removed.').max(500) }),
  }),
});

const CreatePartnerKeyInput = builder.inputType('CreatePartnerKeyInput', {
  fields: (t) => ({
    customerId: t.id(),
    name: t.string({ validate: z.string().trim().min(1).max(100) }),
  }),
});

const PartnerKeyRef = builder.objectRef<{ id: string; key: string; name: string; customerId: string }>('PartnerKey').implement({
  description: 'A partner API key. `key` is shown only in this answer: store it now, it cannot be read again.',
  fields: (t) => ({
    name: t.exposeString('name'),
    key: t.exposeString('key'),
    customer: t.field({ type: CustomerRef, resolve: (k) => k.customerId }),
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
    errors: { types: [], dataField: { name: 'customer' } },
    args: { input: t.arg({ type: CreateCustomerInput }) },
    resolve: (_root, { input }, ctx) => createCustomer(ctx.desk, ctx.principal, { name: input.name.trim(), accountManager: input.accountManager ?? null }),
  }),
  addService: t.field({
    type: ServiceRef,
    authScopes: { accountManager: true },
    errors: { types: [NotFoundError, ConflictError], dataField: { name: 'service' } },
    args: { input: t.arg({ type: AddServiceInput }) },
    resolve: (_root, { input }, ctx) =>
      addService(ctx.desk, ctx.principal, { customerId: customerId(input.customerId), sof: input.sof, description: input.description, status: input.status ?? 'ACTIVE' }),
  }),
  addContact: t.field({
    type: ContactRef,
    authScopes: { accountManager: true, partner: true },
    description: 'A partner may register addresses of its customer’s verified domains only; staff any, sharing one with another customer only when confirmSharedAddress says so.',
    errors: { types: [NotFoundError, ConflictError, AddressNotClaimableError], dataField: { name: 'contact' } },
    args: { input: t.arg({ type: AddContactInput }) },
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
    errors: { types: [NotFoundError, LastAdministrativeContactError], dataField: { name: 'contact' } },
    args: { input: t.arg({ type: RemoveContactInput }) },
    resolve: (_root, { input }, ctx) => removeContact(ctx.desk, ctx.principal, { contactId: localId(String(input.contactId), 'Contact'), reason: input.reason }),
  }),
  createPartnerKey: t.field({
    type: PartnerKeyRef,
    authScopes: { admin: true },
    errors: { types: [NotFoundError, ConflictError], dataField: { name: 'partnerKey' } },
    args: { input: t.arg({ type: CreatePartnerKeyInput }) },
    resolve: (_root, { input }, ctx) => createPartnerKey(ctx.desk, ctx.principal, { customerId: customerId(input.customerId), name: input.name.trim() }),
  }),
  addVerifiedDomain: t.field({
    type: CustomerRef,
    authScopes: { accountManager: true },
    description: 'Records a mail domain staff verified the customer controls; its partner may then register contacts there.',
    errors: { types: [NotFoundError], dataField: { name: 'customer' } },
    args: { input: t.arg({ type: VerifiedDomainInput }) },
    resolve: (_root, { input }, ctx) => addVerifiedDomain(ctx.desk, ctx.principal, { customerId: customerId(input.customerId), domain: input.domain, reason: input.reason.trim() }),
  }),
  removeVerifiedDomain: t.field({
    type: CustomerRef,
    authScopes: { accountManager: true },
    description: 'Removes a verified domain; contacts already registered stay.',
    errors: { types: [NotFoundError], dataField: { name: 'customer' } },
    args: { input: t.arg({ type: VerifiedDomainInput }) },
    resolve: (_root, { input }, ctx) => removeVerifiedDomain(ctx.desk, ctx.principal, { customerId: customerId(input.customerId), domain: input.domain, reason: input.reason.trim() }),
  }),
}));
