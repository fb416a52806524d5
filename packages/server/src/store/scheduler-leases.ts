// The scheduler's lease: one server process at a time runs a scheduled job. A lease runs out by itself
// when its holder dies, and is released at once when it stops cleanly.
import type { StoreHandle } from './transaction.js';

/**
 * Takes or renews the lease on `name` until `until`; true when `holder` has it now. Atomic on both
 * dialects: one upsert that only overwrites an expired lease or the holder's own.
 */
export async function acquireSchedulerLease(db: StoreHandle, input: { name: string; holder: string; now: Date; until: Date }): Promise<boolean> {
  const until = input.until.toISOString();
  const row = await db
    .insertInto('scheduler_leases')
    .values({ name: input.name, holder: input.holder, leased_until: until })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ holder: input.holder, leased_until: until })
        .where((eb) => eb.or([eb('scheduler_leases.leased_until', '<', input.now.toISOString()), eb('scheduler_leases.holder', '=', input.holder)])),
    )
    .returning('holder')
    .executeTakeFirst();
  return row?.holder === input.holder;
}

/** Gives the lease up so another process takes over at once (a clean stop). */
export async function releaseSchedulerLease(db: StoreHandle, input: { name: string; holder: string }): Promise<void> {
  await db.deleteFrom('scheduler_leases').where('name', '=', input.name).where('holder', '=', input.holder).execute();
}

/** Who holds each lease and until when (for operators and metrics). */
export async function schedulerLeases(db: StoreHandle): Promise<{ name: string; holder: string; leasedUntil: Date }[]> {
  const rows = await db.selectFrom('scheduler_leases').selectAll().execute();
  return rows.map((r) => ({ name: r.name, holder: r.holder, leasedUntil: new Date(r.leased_until) }));
}
