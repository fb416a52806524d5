// Allocates the next ticket sequence value inside the caller's transaction: unique across processes
// (a PostgreSQL SEQUENCE; on SQLite a counter row updated under SQLite's single-writer lock).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DialectName } from './database.js';
import type { Database } from './tables.js';

export async function allocateTicketSequence(trx: Transaction<Database> | Kysely<Database>, dialect: DialectName): Promise<number> {
  if (dialect === 'postgres') {
    const { rows } = await sql<{ value: number }>`select nextval('ticket_number_seq') as value`.execute(trx);
    const value = rows[0]?.value;
    if (value === undefined) throw new Error('ticket_number_seq returned no value');
    return Number(value);
  }
  const row = await trx
    .updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('name', '=', 'ticket_number')
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}
