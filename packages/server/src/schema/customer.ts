// Customers, their services (SOF numbers) and authorised contacts, and the mutations that keep them current.
import { ContactRoleSchema, EmailAddressSchema, LanguageSchema, canRemoveContact, parseSof, ServiceStatusSchema, type ContactRole } from '@nocdesk/domain';
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { z } from 'zod';
import { actorOf } from '../auth/principal.js';
import { createPartnerKey } from '../auth/credentials.js';
import { LastAdministrativeContactError, NotFoundError, ConflictError } from '../errors.js';
import { recordAudit } from '../store/audit.js';
import {
  contactsOfCustomers,
  findContactsByIds,
  findCustomersByIds,
  insertContact,
  insertCustomer,
  insertService,
  listCustomers,
  lockCustomer,
  markContactRemoved,
  servicesOfCustomers,
  toContactRecord,
} from '../store/customers.js';
import type { ContactRow, CustomerRow, ServiceRow } from '../store/tables.js';
import { toDate } from '../store/tables.js';
import { isUniqueViolation } from '../store/unique-violation.js';
import { builder } from './builder.js';
import { localId } from './global-id.js';
import { decodeCursor } from './cursors.js';
import type { GraphQLContext } from './context.js';
import { badRequest, COMMON_ERRORS } from './errors.js';
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
  }),
});

ContactRef.implement({
  authScopes: (contact, ctx) => canSeeCustomer(ctx, contact.customer_id),
  fields: (t) => ({
    name: t.exposeString('name'),
    email: t.exposeString('email'),
    phone: t.exposeString('phone', { nullable: true }),
    roles: t.field({ type: [ContactRoleEnum], resolve: (c) => toContactRecord(c).roles }),
    language: t.field({ type: LanguageEnum, nullable: true, resolve: (c) => (c.language as 'en' | 'es' | null) ?? null }),
    active: t.boolean({ resolve: (c) => c.status === 'ACTIVE' }),
    mayOpenTickets: t.boolean({
      description: 'Active and ADMINISTRATIVE or TECHNICAL: the source procedure’s authorised contact.',
      resolve: (c) => c.status === 'ACTIVE' && toContactRecord(c).roles.some((r) => r === 'ADMINISTRATIVE' || r === 'TECHNICAL'),
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
    status: t.field({ type: ServiceStatusEnum, resolve: (s) => s.status as 'ACTIVE' | 'SUSPENDED' | 'TERMINATED' }),
    customer: t.field({ type: CustomerRef, resolve: (s) => s.customer_id }),
  }),
});


const CustomersCursor = z.tuple([z.string(), z.string()]);

async function customerVisibleTo(ctx: GraphQLContext, globalId: string): Promise<CustomerRow> {
  const id = localId(globalId, 'Customer');
  const [row] = await findCustomersByIds(ctx.desk.store.db, [id]);
  if (!row || !canSeeCustomer(ctx, row.id)) throw new NotFoundError('Customer');
  return row;
}

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

builder.mutationFields((t) => ({
  createCustomer: t.field({
    type: CustomerRef,
    authScopes: { admin: true },
    errors: { types: [...COMMON_ERRORS], dataField: { name: 'customer' } },
    args: { input: t.arg({ type: CreateCustomerInput }) },
    resolve: async (_root, { input }, ctx) => {
      const now = ctx.desk.now();
      const row = await insertCustomer(ctx.desk.store.db, { name: input.name.trim(), accountManager: input.accountManager ?? null, now });
      await recordAudit(ctx.desk.store.db, { customerId: row.id, entity: 'customer', entityId: row.id, action: 'CREATED', actor: actorOf(ctx.principal), data: { name: row.name }, at: now });
      return row;
    },
  }),
  addService: t.field({
    type: ServiceRef,
    authScopes: { accountManager: true },
    errors: { types: [...COMMON_ERRORS, NotFoundError, ConflictError], dataField: { name: 'service' } },
    args: { input: t.arg({ type: AddServiceInput }) },
    resolve: async (_root, { input }, ctx) => {
      const customer = await customerVisibleTo(ctx, String(input.customerId));
      const parsed = parseSof(input.sof);
      if (!parsed.ok) throw new NotFoundError('SOF');
      const now = ctx.desk.now();
      try {
        const row = await insertService(ctx.desk.store.db, { customerId: customer.id, sof: parsed.sof, description: input.description, status: input.status ?? 'ACTIVE', now });
        await recordAudit(ctx.desk.store.db, { customerId: customer.id, entity: 'service', entityId: row.id, action: 'CREATED', actor: actorOf(ctx.principal), data: { sof: row.sof, status: row.status }, at: now });
        return row;
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`${parsed.sof} is already registered.`);
        throw error;
      }
    },
  }),
  addContact: t.field({
    type: ContactRef,
    authScopes: { accountManager: true, partner: true },
    errors: { types: [...COMMON_ERRORS, NotFoundError, ConflictError], dataField: { name: 'contact' } },
    args: { input: t.arg({ type: AddContactInput }) },
    resolve: async (_root, { input }, ctx) => {
      const customer = await customerVisibleTo(ctx, String(input.customerId));
      const now = ctx.desk.now();
      try {
        const row = await insertContact(ctx.desk.store.db, {
          customerId: customer.id,
          name: input.name.trim(),
          email: input.email,
          phone: input.phone ?? null,
          roles: input.roles as ContactRole[],
          language: input.language ?? null,
          now,
        });
        await recordAudit(ctx.desk.store.db, { customerId: customer.id, entity: 'contact', entityId: row.id, action: 'ADDED', actor: actorOf(ctx.principal), data: { email: row.email, roles: row.roles }, at: now });
        return row;
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`${input.email} is already an active contact of this customer.`);
        throw error;
      }
    },
  }),
  removeContact: t.field({
    type: ContactRef,
    authScopes: { accountManager: true, partner: true },
    errors: { types: [...COMMON_ERRORS, NotFoundError, LastAdministrativeContactError], dataField: { name: 'contact' } },
    args: { input: t.arg({ type: RemoveContactInput }) },
    resolve: async (_root, { input }, ctx) => {
      const id = localId(String(input.contactId), 'Contact');
      const db = ctx.desk.store.db;
      return db.transaction().execute(async (trx) => {
        const [found] = await findContactsByIds(trx, [id]);
        if (!found || !canSeeCustomer(ctx, found.customer_id)) throw new NotFoundError('Contact');
        await lockCustomer(trx, ctx.desk.store.dialect, found.customer_id);
        const [row] = await findContactsByIds(trx, [id]);
        if (!row || row.status !== 'ACTIVE') throw new NotFoundError('Contact');
        const all = await contactsOfCustomers(trx, [row.customer_id]);
        const verdict = canRemoveContact(toContactRecord(row), all.map(toContactRecord));
        if (!verdict.ok) throw new LastAdministrativeContactError(verdict.message);
        const now = ctx.desk.now();
        await markContactRemoved(trx, { contactId: id, reason: input.reason, now });
        await recordAudit(trx, { customerId: row.customer_id, entity: 'contact', entityId: id, action: 'REMOVED', actor: actorOf(ctx.principal), reason: input.reason, at: now });
        const [after] = await findContactsByIds(trx, [id]);
        return after ?? row;
      });
    },
  }),
  createPartnerKey: t.field({
    type: PartnerKeyRef,
    authScopes: { admin: true },
    errors: { types: [...COMMON_ERRORS, NotFoundError], dataField: { name: 'partnerKey' } },
    args: { input: t.arg({ type: CreatePartnerKeyInput }) },
    resolve: async (_root, { input }, ctx) => {
      const customer = await customerVisibleTo(ctx, String(input.customerId));
      const now = ctx.desk.now();
      const minted = await createPartnerKey(ctx.desk.store.db, { customerId: customer.id, name: input.name, now });
      await recordAudit(ctx.desk.store.db, { customerId: customer.id, entity: 'partner_key', entityId: minted.id, action: 'CREATED', actor: actorOf(ctx.principal), data: { name: input.name }, at: now });
      return minted;
    },
  }),
}));
