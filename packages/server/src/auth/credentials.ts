// Partner keys and staff tokens: random secrets shown once, stored only as SHA-256 hashes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/tables.js';
import { newId } from '../store/ids.js';
import type { Principal, StaffRole } from './principal.js';

const PARTNER_PREFIX = 'ndp_';
const STAFF_PREFIX = 'nds_';

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function mintSecret(prefix: string): string {
  return prefix + randomBytes(24).toString('base64url');
}

export interface MintedPartnerKey {
  readonly id: string;
  readonly key: string;
  readonly customerId: string;
  readonly name: string;
}

export async function createPartnerKey(db: Kysely<Database>, input: { customerId: string; name: string; now: Date }): Promise<MintedPartnerKey> {
  const key = mintSecret(PARTNER_PREFIX);
  const id = newId();
  await db
    .insertInto('partner_keys')
    .values({ id, customer_id: input.customerId, name: input.name, key_hash: hashSecret(key), key_prefix: key.slice(0, 8), created_at: input.now.toISOString() })
    .execute();
  return { id, key, customerId: input.customerId, name: input.name };
}

export interface MintedStaffToken {
  readonly id: string;
  readonly token: string;
  readonly role: StaffRole;
  readonly name: string;
}

export async function createStaffToken(db: Kysely<Database>, input: { name: string; role: StaffRole; now: Date }): Promise<MintedStaffToken> {
  const token = mintSecret(STAFF_PREFIX);
  const id = newId();
  await db
    .insertInto('staff_tokens')
    .values({ id, name: input.name, role: input.role, token_hash: hashSecret(token), created_at: input.now.toISOString() })
    .execute();
  return { id, token, role: input.role, name: input.name };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(hashSecret(a));
  const y = Buffer.from(hashSecret(b));
  return timingSafeEqual(x, y);
}

/**
 * Resolves a bearer token to a principal. Unknown or revoked tokens resolve to undefined so the
 * HTTP layer can answer 401; the bootstrap admin token is compared in constant time.
 */
export async function authenticateToken(db: Kysely<Database>, token: string, adminToken: string | undefined): Promise<Principal | undefined> {
  if (adminToken && sameSecret(token, adminToken)) return { kind: 'staff', id: 'bootstrap-admin', role: 'ADMIN', name: 'admin' };
  const hash = hashSecret(token);
  if (token.startsWith(PARTNER_PREFIX)) {
    const row = await db.selectFrom('partner_keys').select(['id', 'customer_id', 'name']).where('key_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
    return row ? { kind: 'partner', id: row.id, customerId: row.customer_id, name: row.name } : undefined;
  }
  if (token.startsWith(STAFF_PREFIX)) {
    const row = await db.selectFrom('staff_tokens').select(['id', 'role', 'name']).where('token_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
    return row ? { kind: 'staff', id: row.id, role: row.role as StaffRole, name: row.name } : undefined;
  }
  return undefined;
}

/** Revokes every active staff token and partner key with this name; returns how many. */
export async function revokeCredentialsByName(db: Kysely<Database>, input: { name: string; now: Date }): Promise<number> {
  const at = input.now.toISOString();
  const staff = await db.updateTable('staff_tokens').set({ revoked_at: at }).where('name', '=', input.name).where('revoked_at', 'is', null).executeTakeFirst();
  const partner = await db.updateTable('partner_keys').set({ revoked_at: at }).where('name', '=', input.name).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(staff.numUpdatedRows) + Number(partner.numUpdatedRows);
}
