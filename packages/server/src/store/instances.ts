// The running server processes and the leases tied to them. A process registers at start, beats while
// it lives, and leaves when it stops. One found gone (its heartbeat stopped, or its process no longer
// exists on this machine) loses its outbox and scheduler leases at once: another process sends what it
// held within seconds, where waiting for the leases to run out would take a minute (five for a message
// it was sending) and half a minute for the scheduler.
import type { StoreHandle } from './transaction.js';
import { inTransaction } from './transaction.js';
import type { Store } from './database.js';

export interface DeskInstance {
  readonly id: string;
  /** Where `pid` names a process: the machine's boot and PID namespace (see instances/process-identity.ts). */
  readonly processScope: string;
  readonly pid: number;
}

export interface InstanceRecord extends DeskInstance {
  readonly heartbeatAt: Date;
}

/** Records a process as running, or refreshes its heartbeat (a process found gone by mistake comes back). */
export async function beatInstance(db: StoreHandle, instance: DeskInstance, now: Date): Promise<void> {
  const at = now.toISOString();
  await db
    .insertInto('desk_instances')
    .values({ id: instance.id, process_scope: instance.processScope, pid: instance.pid, started_at: at, heartbeat_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ heartbeat_at: at }))
    .execute();
}

/** Every registered process other than `self`, with its last heartbeat. */
export async function otherInstances(db: StoreHandle, self: string): Promise<InstanceRecord[]> {
  const rows = await db.selectFrom('desk_instances').selectAll().where('id', '<>', self).execute();
  return rows.map((r) => ({ id: r.id, processScope: r.process_scope, pid: r.pid, heartbeatAt: new Date(r.heartbeat_at) }));
}

export interface ReclaimedLeases {
  readonly outboxMessages: number;
  readonly schedulerLeases: number;
}

/**
 * Removes a gone process and gives back what it held: its pending outbox messages become due for any
 * dispatcher now, its scheduler lease free. Messages it had already sent or failed keep their state.
 * One transaction, so a process is removed together with its leases or not at all; the heartbeat is
 * checked again inside it, so a process that beat since it was judged gone keeps everything.
 */
export async function reclaimGoneInstance(store: Store, input: { id: string; heartbeatAt: Date }): Promise<ReclaimedLeases> {
  return inTransaction(store, async (trx) => {
    const removed = await trx
      .deleteFrom('desk_instances')
      .where('id', '=', input.id)
      .where('heartbeat_at', '<=', input.heartbeatAt.toISOString())
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return { outboxMessages: 0, schedulerLeases: 0 };
    const outbox = await trx
      .updateTable('outbox')
      .set({ leased_until: null, leased_by: null })
      .where('leased_by', '=', input.id)
      .where('status', '=', 'PENDING')
      .executeTakeFirst();
    const scheduler = await trx.deleteFrom('scheduler_leases').where('holder', '=', input.id).executeTakeFirst();
    return { outboxMessages: Number(outbox.numUpdatedRows), schedulerLeases: Number(scheduler.numDeletedRows) };
  });
}

/** Removes a process that stopped cleanly (it gave its leases back itself). */
export async function removeInstance(db: StoreHandle, id: string): Promise<void> {
  await db.deleteFrom('desk_instances').where('id', '=', id).execute();
}
