// The running server processes: each registers itself at start, writes a heartbeat while it lives and
// removes itself when it stops. A process whose heartbeat stopped (a crash, a kill -9, a lost machine)
// is gone, and the outbox and scheduler leases it held are given to the living at once instead of
// waiting for the leases to run out.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function deskInstancesMigration(dialect: DialectName) {
  const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: AnyDb): Promise<void> {
      await db.schema
        .createTable('desk_instances')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // Where `pid` means something: the machine's boot and process namespace (see store/instances.ts).
        .addColumn('process_scope', 'text', (c) => c.notNull())
        .addColumn('pid', 'integer', (c) => c.notNull())
        .addColumn('started_at', ts, (c) => c.notNull())
        .addColumn('heartbeat_at', ts, (c) => c.notNull())
        .execute();
      // Leases are given back per holder: a gone holder's pending messages, without reading the history.
      await db.schema
        .createIndex('outbox_pending_leased_by')
        .on('outbox')
        .column('leased_by')
        .where(sql.ref('status'), '=', 'PENDING')
        .execute();
    },
    async down(db: AnyDb): Promise<void> {
      await db.schema.dropIndex('outbox_pending_leased_by').ifExists().execute();
      await db.schema.dropTable('desk_instances').ifExists().execute();
    },
  };
}
