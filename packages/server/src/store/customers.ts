// Customers, their services (SOF numbers) and their contacts: the reference data intake decisions read.
import type { ContactRecord, ContactRole, Language, ServiceRecord, ServiceStatus } from '@nocdesk/domain';
import { normalizeEmail, normalizePhone } from '@nocdesk/domain';
import type { DialectName } from './database.js';
import type { ContactRow, CustomerRow, ServiceRow } from './tables.js';
import type { StoreHandle, StoreTransaction } from './transaction.js';
import { newId } from './ids.js';
import { inChunks } from './in-chunks.js';
import { storableText } from './storable-text.js';


export async function insertCustomer(db: StoreHandle, input: { name: string; accountManager?: string | null; now: Date }): Promise<CustomerRow> {
  return db
    .insertInto('customers')
    .values({ id: newId(), name: storableText(input.name), account_manager: input.accountManager ? storableText(input.accountManager) : null, created_at: input.now.toISOString() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertService(db: StoreHandle, input: { customerId: string; sof: string; description: string; status: ServiceStatus; now: Date }): Promise<ServiceRow> {
  const at = input.now.toISOString();
  return db.insertInto('services').values({ id: newId(), customer_id: input.customerId, sof: input.sof, description: storableText(input.description), status: input.status, created_at: at, updated_at: at }).returningAll().executeTakeFirstOrThrow();
}

export interface NewContact {
  readonly customerId: string;
  readonly name: string;
  readonly email: string;
  readonly phone?: string | null;
  readonly roles: readonly ContactRole[];
  readonly language?: Language | null;
  readonly now: Date;
}

export async function insertContact(db: StoreHandle, input: NewContact): Promise<ContactRow> {
  return db.insertInto('contacts').values({
    id: newId(),
    customer_id: input.customerId,
    name: storableText(input.name),
    email: storableText(normalizeEmail(input.email)),
    phone: input.phone ? normalizePhone(input.phone) : null,
    roles: [...new Set(input.roles)].sort().join(','),
    language: input.language ?? null,
    status: 'ACTIVE',
    created_at: input.now.toISOString(),
    removed_at: null,
    removed_reason: null,
  }).returningAll().executeTakeFirstOrThrow();
}

export function toContactRecord(row: ContactRow): ContactRecord {
  return {
    id: row.id,
    customerId: row.customer_id,
    email: row.email,
    phone: row.phone,
    roles: row.roles ? (row.roles.split(',') as ContactRole[]) : [],
    active: row.status === 'ACTIVE',
    language: row.language,
  };
}

export function toServiceRecord(row: ServiceRow): ServiceRecord {
  return { id: row.id, customerId: row.customer_id, sof: row.sof, status: row.status };
}

/** Every contact (any customer, active or not) whose address matches: the domain decides which may report. */
export async function findContactsByEmail(db: StoreHandle, email: string): Promise<ContactRow[]> {
  return db.selectFrom('contacts').selectAll().where('email', '=', storableText(normalizeEmail(email))).execute();
}

export async function findContactsByPhone(db: StoreHandle, phone: string): Promise<ContactRow[]> {
  return db.selectFrom('contacts').selectAll().where('phone', '=', normalizePhone(phone)).execute();
}

export async function findServicesBySofs(db: StoreHandle, sofs: readonly string[]): Promise<ServiceRow[]> {
  if (sofs.length === 0) return [];
  return db.selectFrom('services').selectAll().where('sof', 'in', [...sofs]).execute();
}

export async function findCustomersByIds(db: StoreHandle, ids: readonly string[]): Promise<CustomerRow[]> {
  return inChunks(ids, (chunk) => db.selectFrom('customers').selectAll().where('id', 'in', chunk).execute());
}

export async function findContactsByIds(db: StoreHandle, ids: readonly string[]): Promise<ContactRow[]> {
  return inChunks(ids, (chunk) => db.selectFrom('contacts').selectAll().where('id', 'in', chunk).execute());
}

export async function findServicesByIds(db: StoreHandle, ids: readonly string[]): Promise<ServiceRow[]> {
  return inChunks(ids, (chunk) => db.selectFrom('services').selectAll().where('id', 'in', chunk).execute());
}

export async function contactsOfCustomers(db: StoreHandle, customerIds: readonly string[]): Promise<ContactRow[]> {
  return inChunks(customerIds, (chunk) => db.selectFrom('contacts').selectAll().where('customer_id', 'in', chunk).orderBy('created_at').orderBy('id').execute());
}

export async function servicesOfCustomers(db: StoreHandle, customerIds: readonly string[]): Promise<ServiceRow[]> {
  return inChunks(customerIds, (chunk) => db.selectFrom('services').selectAll().where('customer_id', 'in', chunk).orderBy('sof').execute());
}

export async function listCustomers(db: StoreHandle, page: { limit: number; afterName?: { name: string; id: string } }): Promise<CustomerRow[]> {
  let q = db.selectFrom('customers').selectAll();
  const after = page.afterName;
  if (after) q = q.where((eb) => eb.or([eb('name', '>', after.name), eb.and([eb('name', '=', after.name), eb('id', '>', after.id)])]));
  return q.orderBy('name').orderBy('id').limit(page.limit).execute();
}

export async function markContactRemoved(db: StoreHandle, input: { contactId: string; reason: string; now: Date }): Promise<void> {
  await db
    .updateTable('contacts')
    .set({ status: 'REMOVED', removed_at: input.now.toISOString(), removed_reason: input.reason })
    .where('id', '=', input.contactId)
    .execute();
}

/**
 * Serialises changes to one customer's contact list until the transaction ends, so two removals at
 * once cannot each see the other administrative contact and leave none. PostgreSQL: a row lock on the
 * customer; SQLite already runs one write transaction at a time.
 */
export async function lockCustomer(trx: StoreTransaction, dialect: DialectName, customerId: string): Promise<void> {
  if (dialect !== 'postgres') return;
  await trx.selectFrom('customers').select('id').where('id', '=', customerId).forUpdate().execute();
}

export async function findCustomerById(db: StoreHandle, id: string): Promise<CustomerRow | undefined> {
  return db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The contact of a customer with this address (any status), newest first: who an accepted intake reuses. */
export async function findCustomerContactByEmail(db: StoreHandle, customerId: string, email: string): Promise<ContactRow | undefined> {
  return db.selectFrom('contacts').selectAll().where('customer_id', '=', customerId).where('email', '=', normalizeEmail(email)).orderBy('created_at', 'desc').executeTakeFirst();
}

/** Records an unregistered sender whose intake staff accepted: known to the desk, not authorised. */
export async function insertGuestContact(db: StoreHandle, input: { customerId: string; email: string; language: Language | null; now: Date }): Promise<ContactRow> {
  return db
    .insertInto('contacts')
    .values({
    id: newId(),
    customer_id: input.customerId,
    name: storableText(input.email),
    email: storableText(normalizeEmail(input.email)),
    phone: null,
    roles: 'OTHER',
    language: input.language,
    status: 'GUEST',
    created_at: input.now.toISOString(),
    removed_at: null,
    removed_reason: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The verified mail domains of customers, sorted. */
export async function verifiedDomainsOf(db: StoreHandle, customerIds: readonly string[]): Promise<{ customer_id: string; domain: string }[]> {
  if (customerIds.length === 0) return [];
  return db.selectFrom('customer_domains').select(['customer_id', 'domain']).where('customer_id', 'in', [...customerIds]).orderBy('domain').execute();
}

/** Adds a verified domain; false when the customer already had it. */
export async function insertVerifiedDomain(db: StoreHandle, input: { customerId: string; domain: string; verifiedBy: string; now: Date }): Promise<boolean> {
  const result = await db
    .insertInto('customer_domains')
    .values({ customer_id: input.customerId, domain: input.domain, verified_by: input.verifiedBy, created_at: input.now.toISOString() })
    .onConflict((oc) => oc.columns(['customer_id', 'domain']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function deleteVerifiedDomain(db: StoreHandle, input: { customerId: string; domain: string }): Promise<boolean> {
  const result = await db.deleteFrom('customer_domains').where('customer_id', '=', input.customerId).where('domain', '=', input.domain).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Whether the desk has any customer yet (the demo seed runs only on an empty desk). */
export async function anyCustomerExists(db: StoreHandle): Promise<boolean> {
  return (await db.selectFrom('customers').select('id').limit(1).executeTakeFirst()) !== undefined;
}
