// Partner keys and staff tokens: random secrets shown once, stored only as SHA-256 hashes. A name
// identifies one active credential of its kind, so revoking by name never revokes a stranger's.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConflictError } from '../errors.js';
import type { Store } from '../store/database.js';
import {
  activeCredentialNamed,
  activeCredentialsNamed,
  activePartnerKeyByHash,
  activeStaffTokenByHash,
  insertPartnerKey,
  insertStaffToken,
  revokeCredentialById,
} from '../store/credentials.js';
import { newId } from '../store/ids.js';
import { isUniqueViolation } from '../store/unique-violation.js';
import type { StoreHandle } from '../store/transaction.js';
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

/** Mints a partner key bound to one customer; a name already used by an active key is refused. */
export async function createPartnerKey(db: StoreHandle, input: { customerId: string; name: string; now: Date }): Promise<MintedPartnerKey> {
  const taken = () => new ConflictError(`An active partner key is already named "${input.name}": choose another name or revoke that key first.`);
  if (await activeCredentialNamed(db, 'partner', input.name)) throw taken();
  const key = mintSecret(PARTNER_PREFIX);
  const id = newId();
  await nameTakenAsConflict(insertPartnerKey(db, { id, customerId: input.customerId, name: input.name, keyHash: hashSecret(key), keyPrefix: key.slice(0, 8), at: input.now }), taken);
  return { id, key, customerId: input.customerId, name: input.name };
}

export interface MintedStaffToken {
  readonly id: string;
  readonly token: string;
  readonly role: StaffRole;
  readonly name: string;
}

/** Mints a staff token with a role; the name is who the person is at the desk (tickets are assigned to it). */
export async function createStaffToken(db: StoreHandle, input: { name: string; role: StaffRole; now: Date }): Promise<MintedStaffToken> {
  const taken = () => new ConflictError(`An active staff token is already named "${input.name}": choose another name or revoke that token first.`);
  if (await activeCredentialNamed(db, 'staff', input.name)) throw taken();
  const token = mintSecret(STAFF_PREFIX);
  const id = newId();
  await nameTakenAsConflict(insertStaffToken(db, { id, name: input.name, role: input.role, tokenHash: hashSecret(token), at: input.now }), taken);
  return { id, token, role: input.role, name: input.name };
}

/** Two mints of one name at once: the loser meets the unique index of active names, as if it had checked later. */
async function nameTakenAsConflict(insert: Promise<void>, taken: () => ConflictError): Promise<void> {
  try {
    await insert;
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}

function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(hashSecret(a)), Buffer.from(hashSecret(b)));
}

/**
 * Resolves a bearer token to a principal. Unknown or revoked tokens resolve to undefined so the
 * HTTP layer can answer 401; the bootstrap admin token is compared in constant time.
 */
export async function authenticateToken(db: StoreHandle, token: string, adminToken: string | undefined): Promise<Principal | undefined> {
  if (adminToken && sameSecret(token, adminToken)) return { kind: 'staff', id: 'bootstrap-admin', role: 'ADMIN', name: 'admin' };
  const hash = hashSecret(token);
  if (token.startsWith(PARTNER_PREFIX)) {
    const key = await activePartnerKeyByHash(db, hash);
    return key ? { kind: 'partner', id: key.id, customerId: key.customerId, name: key.name } : undefined;
  }
  if (token.startsWith(STAFF_PREFIX)) {
    const row = await activeStaffTokenByHash(db, hash);
    return row ? { kind: 'staff', id: row.id, role: row.role, name: row.name } : undefined;
  }
  return undefined;
}

/** Revokes the active credential(s) with this name (one per kind at most); returns how many. */
export async function revokeCredentialsByName(store: Store, input: { name: string; now: Date }): Promise<number> {
  let count = 0;
  for (const credential of await activeCredentialsNamed(store.db, input.name)) {
    if (await revokeCredentialById(store.db, credential.id, input.now)) count++;
  }
  return count;
}
