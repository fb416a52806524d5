// Customers, their services (SOF numbers) and their contacts: the reference data intake decisions read.
import type { ContactRecord, ContactRole, Language, ServiceRecord, ServiceStatus } from '@nocdesk/domain';
import { normalizeEmail, normalizePhone } from '@nocdesk/domain';
import type { Kysely, Transaction } from 'kysely';
import type { DialectName } from './database.js';
import type { ContactRow, CustomerRow, Database, ServiceRow } from './tables.js';
import { newId } from './ids.js';
import { storableText } from './storable-text.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertCustomer(db: Db, input: { name: string; accountManager?: string | null; now: Date }): Promise<CustomerRow> {
  const row = { id: newId(), name: storableText(input.name), account_manager: input.accountManager ? storableText(input.accountManager) : null, created_at: input.now.toISOString() };
  await db.insertInto('customers').values(row).execute();
  return row;
}

export async function insertService(db: Db, input: { customerId: string; sof: string; description: string; status: ServiceStatus; now: Date }): Promise<ServiceRow> {
  const at = input.now.toISOString();
  const row = { id: newId(), customer_id: input.customerId, sof: input.sof, description: storableText(input.description), status: input.status, created_at: at, updated_at: at };
  await db.insertInto('services').values(row).execute();
  return row;
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

export async function insertContact(db: Db, input: NewContact): Promise<ContactRow> {
  const row = {
    id: newId(),
    customer_id: input.customerId,
    name: storableText(input.name),
    email: normalizeEmail(input.email),
    phone: input.phone ? normalizePhone(input.phone) : null,
    roles: [...new Set(input.roles)].sort().join(','),
    language: input.language ?? null,
    status: 'ACTIVE',
    created_at: input.now.toISOString(),
    removed_at: null,
    removed_reason: null,
  };
  await db.insertInto('contacts').values(row).execute();
  return row;
}

export function toContactRecord(row: ContactRow): ContactRecord {
  return {
    id: row.id,
    customerId: row.customer_id,
    email: row.email,
    phone: row.phone,
    roles: row.roles ? (row.roles.split(',') as ContactRole[]) : [],
    active: row.status === 'ACTIVE',
    language: (row.language as Language | null) ?? null,
  };
}

export function toServiceRecord(row: ServiceRow): ServiceRecord {
  return { id: row.id, customerId: row.customer_id, sof: row.sof, status: row.status as ServiceStatus };
}

/** Every contact (any customer, active or not) whose address matches: the domain decides which may report. */
export async function findContactsByEmail(db: Db, email: string): Promise<ContactRow[]> {
  return db.selectFrom('contacts').selectAll().where('email', '=', normalizeEmail(email)).execute();
}

export async function findContactsByPhone(db: Db, phone: string): Promise<ContactRow[]> {
  return db.selectFrom('contacts').selectAll().where('phone', '=', normalizePhone(phone)).execute();
}

export async function findServicesBySofs(db: Db, sofs: readonly string[]): Promise<ServiceRow[]> {
  if (sofs.length === 0) return [];
  return db.selectFrom('services').selectAll().where('sof', 'in', [...sofs]).execute();
}

export async function findCustomersByIds(db: Db, ids: readonly string[]): Promise<CustomerRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('customers').selectAll().where('id', 'in', [...ids]).execute();
}

export async function findContactsByIds(db: Db, ids: readonly string[]): Promise<ContactRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('contacts').selectAll().where('id', 'in', [...ids]).execute();
}

export async function findServicesByIds(db: Db, ids: readonly string[]): Promise<ServiceRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('services').selectAll().where('id', 'in', [...ids]).execute();
}

export async function contactsOfCustomers(db: Db, customerIds: readonly string[]): Promise<ContactRow[]> {
  if (customerIds.length === 0) return [];
  return db.selectFrom('contacts').selectAll().where('customer_id', 'in', [...customerIds]).orderBy('created_at').orderBy('id').execute();
}

export async function servicesOfCustomers(db: Db, customerIds: readonly string[]): Promise<ServiceRow[]> {
  if (customerIds.length === 0) return [];
  return db.selectFrom('services').selectAll().where('customer_id', 'in', [...customerIds]).orderBy('sof').execute();
}

export async function listCustomers(db: Db, page: { limit: number; afterName?: { name: string; id: string } }): Promise<CustomerRow[]> {
  let q = db.selectFrom('customers').selectAll();
  const after = page.afterName;
  if (after) q = q.where((eb) => eb.or([eb('name', '>', after.name), eb.and([eb('name', '=', after.name), eb('id', '>', after.id)])]));
  return q.orderBy('name').orderBy('id').limit(page.limit).execute();
}

export async function markContactRemoved(db: Db, input: { contactId: string; reason: string; now: Date }): Promise<void> {
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
export async function lockCustomer(trx: Transaction<Database>, dialect: DialectName, customerId: string): Promise<void> {
  if (dialect !== 'postgres') return;
  await trx.selectFrom('customers').select('id').where('id', '=', customerId).forUpdate().execute();
}
