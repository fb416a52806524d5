// The audit log: every change to customers, contacts, services and credentials, who made it and why.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './tables.js';

export interface AuditEntry {
  readonly customerId: string | null;
  readonly entity: 'customer' | 'contact' | 'service' | 'partner_key' | 'staff_token' | 'rejected_intake' | 'outbox';
  readonly entityId: string;
  readonly action: string;
  readonly actor: string;
  readonly reason?: string | null;
  readonly data?: Record<string, unknown>;
  readonly at: Date;
}

export async function recordAudit(db: Kysely<Database> | Transaction<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      customer_id: entry.customerId,
      entity: entry.entity,
      entity_id: entry.entityId,
      action: entry.action,
      actor: entry.actor,
      reason: entry.reason ?? null,
      data: JSON.stringify(entry.data ?? {}),
      created_at: entry.at.toISOString(),
    })
    .execute();
}
