// Sender authentication (SPEC §3.1): the verdict each inbound message came with, kept beside it so
// staff can see on a ticket or a rejected intake whether the sender proved who it is.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function senderAuthenticationMigration() {
  return {
    async up(db: AnyDb): Promise<void> {
      // JSON of { result, mechanism?, domain? }; null for what no sender sent (the desk's own mail).
      await db.schema.alterTable('messages').addColumn('sender_authentication', 'text').execute();
    },
    async down(db: AnyDb): Promise<void> {
      await db.schema.alterTable('messages').dropColumn('sender_authentication').execute();
    },
  };
}
