// The one way code outside the store groups writes: a transaction handle that store functions accept.
// Use cases open one per action, so a change, its history event and its outbox message commit together.
import type { Kysely, Transaction } from 'kysely';
import type { Store } from './database.js';
import type { Database } from './tables.js';

/** A handle inside an open transaction; pass it to store functions. */
export type StoreTransaction = Transaction<Database>;

/** Either the store's connection or an open transaction: what read and write functions accept. */
export type StoreHandle = Kysely<Database> | Transaction<Database>;

/** Runs `work` in one transaction: everything it records commits together or not at all. */
export function inTransaction<T>(store: Store, work: (trx: StoreTransaction) => Promise<T>): Promise<T> {
  return store.db.transaction().execute(work);
}
