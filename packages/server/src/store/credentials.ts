// Partner keys and staff tokens as stored: only hashes of the secrets, a short prefix to recognise a
// key in a list, and when each was revoked.
import type { StaffRoleColumn } from './tables.js';
import type { StoreHandle } from './transaction.js';

export type CredentialKind = 'partner' | 'staff';

export interface StoredPartnerKey {
  readonly id: string;
  readonly customerId: string;
  readonly name: string;
}

export interface StoredStaffToken {
  readonly id: string;
  readonly name: string;
  readonly role: StaffRoleColumn;
}

export async function insertPartnerKey(db: StoreHandle, row: { id: string; customerId: string; name: string; keyHash: string; keyPrefix: string; at: Date }): Promise<void> {
  await db
    .insertInto('partner_keys')
    .values({ id: row.id, customer_id: row.customerId, name: row.name, key_hash: row.keyHash, key_prefix: row.keyPrefix, created_at: row.at.toISOString() })
    .execute();
}

export async function insertStaffToken(db: StoreHandle, row: { id: string; name: string; role: StaffRoleColumn; tokenHash: string; at: Date }): Promise<void> {
  await db.insertInto('staff_tokens').values({ id: row.id, name: row.name, role: row.role, token_hash: row.tokenHash, created_at: row.at.toISOString() }).execute();
}

export async function activePartnerKeyByHash(db: StoreHandle, hash: string): Promise<StoredPartnerKey | undefined> {
  const row = await db.selectFrom('partner_keys').select(['id', 'customer_id', 'name']).where('key_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
  return row ? { id: row.id, customerId: row.customer_id, name: row.name } : undefined;
}

export async function activeStaffTokenByHash(db: StoreHandle, hash: string): Promise<StoredStaffToken | undefined> {
  return db.selectFrom('staff_tokens').select(['id', 'role', 'name']).where('token_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
}

/** Whether a credential is still active: a stream opened with it stops when it is not. */
export async function credentialActive(db: StoreHandle, kind: CredentialKind, id: string): Promise<boolean> {
  const table = kind === 'partner' ? 'partner_keys' : 'staff_tokens';
  const row = await db.selectFrom(table).select('id').where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return row !== undefined;
}

/** Whether an active credential of this kind already has this name: names identify one credential each. */
export async function activeCredentialNamed(db: StoreHandle, kind: CredentialKind, name: string): Promise<boolean> {
  const table = kind === 'partner' ? 'partner_keys' : 'staff_tokens';
  const row = await db.selectFrom(table).select('id').where('name', '=', name).where('revoked_at', 'is', null).executeTakeFirst();
  return row !== undefined;
}

export interface CredentialListing {
  readonly kind: CredentialKind;
  readonly id: string;
  readonly name: string;
  /** The role of a staff token, or the customer of a partner key. */
  readonly scope: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** Every credential, staff tokens first, oldest first: what `nocdesk token list` prints. */
export async function listCredentials(db: StoreHandle): Promise<CredentialListing[]> {
  const staff = await db.selectFrom('staff_tokens').select(['id', 'name', 'role', 'created_at', 'revoked_at']).orderBy('created_at').execute();
  const partner = await db.selectFrom('partner_keys').select(['id', 'name', 'customer_id', 'created_at', 'revoked_at']).orderBy('created_at').execute();
  const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
  return [
    ...staff.map((r) => ({ kind: 'staff' as const, id: r.id, name: r.name, scope: r.role, createdAt: iso(r.created_at) ?? '', revokedAt: iso(r.revoked_at) })),
    ...partner.map((r) => ({ kind: 'partner' as const, id: r.id, name: r.name, scope: r.customer_id, createdAt: iso(r.created_at) ?? '', revokedAt: iso(r.revoked_at) })),
  ];
}

/** Revokes one credential by id, whatever its kind; false when no active credential has that id. */
export async function revokeCredentialById(db: StoreHandle, id: string, at: Date): Promise<boolean> {
  const stamp = at.toISOString();
  const staff = await db.updateTable('staff_tokens').set({ revoked_at: stamp }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  const partner = await db.updateTable('partner_keys').set({ revoked_at: stamp }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(staff.numUpdatedRows) + Number(partner.numUpdatedRows) > 0;
}

/** The active credentials with a name (at most one per kind, since names are unique among active ones). */
export async function activeCredentialsNamed(db: StoreHandle, name: string): Promise<{ kind: CredentialKind; id: string }[]> {
  const staff = await db.selectFrom('staff_tokens').select('id').where('name', '=', name).where('revoked_at', 'is', null).execute();
  const partner = await db.selectFrom('partner_keys').select('id').where('name', '=', name).where('revoked_at', 'is', null).execute();
  return [...staff.map((r) => ({ kind: 'staff' as const, id: r.id })), ...partner.map((r) => ({ kind: 'partner' as const, id: r.id }))];
}

/** Whether an active staff member (an ENGINEER or ADMIN token) has this name: who a ticket can be assigned to. */
export async function activeEngineerNamed(db: StoreHandle, name: string): Promise<boolean> {
  const row = await db.selectFrom('staff_tokens').select('id').where('name', '=', name).where('role', 'in', ['ENGINEER', 'ADMIN']).where('revoked_at', 'is', null).executeTakeFirst();
  return row !== undefined;
}
