// The outbox and scheduler leases belong to a server process: when it is gone, the living take them
// back at their next heartbeat instead of waiting for the leases to run out (one minute for a batch,
// five for a message being sent, half a minute for the scheduler). "Gone" is a process that no longer
// exists on this machine, or one whose heartbeat went silent; a live process keeps everything.
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/dispatch/dispatcher.js';
import type { EmailTransport } from '../../src/channels/email/outbound/email-transport.js';
import { createInstanceHeartbeat, INSTANCE_GONE_AFTER_MS } from '../../src/instances/instance-heartbeat.js';
import { processScope } from '../../src/instances/process-identity.js';
import { acquireSchedulerLease, schedulerLeases } from '../../src/store/scheduler-leases.js';
import { beatInstance } from '../../src/store/instances.js';
import { leaseOutbox } from '../../src/store/outbox.js';
import { openTicket } from '../api/operations.js';
import { createTestDesk, DIALECTS, type TestDesk } from '../support/index.js';

const accepting: EmailTransport = { send: async () => ({ accepted: true, detail: '250 OK' }) };

/** The pid of a process that has exited (and been reaped): nothing answers to it now. */
function pidOfAnExitedProcess(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe.each(DIALECTS)('leases of a gone server process (%s)', (dialect) => {
  let desk: TestDesk;
  beforeEach(async () => {
    desk = await createTestDesk(dialect);
    for (const site of ['Valencia', 'Bilbao', 'Sevilla']) {
      await openTicket(desk, { reporterEmail: 'noc@acme.example', subject: `Link down at ${site}`, description: 'No traffic since 08:00.' });
    }
  });
  afterEach(async () => {
    await desk.close();
  });

  /** A process that leased the three acknowledgements and the scheduler, then stopped beating. */
  async function holderOfEverything(instance: { id: string; processScope: string; pid: number }) {
    await beatInstance(desk.store.db, instance, desk.now());
    const leased = await leaseOutbox(desk.store.db, desk.store.dialect, { owner: instance.id, limit: 20, leaseMs: 60_000, now: desk.now() });
    expect(leased).toHaveLength(3);
    expect(await acquireSchedulerLease(desk.store.db, { name: 'scheduler', holder: instance.id, now: desk.now(), until: new Date(desk.now().getTime() + 30_000) })).toBe(true);
  }

  it('a process killed on this machine loses its leases at the next start, with the clock not moved', async () => {
    await holderOfEverything({ id: 'instance-killed', processScope: processScope(), pid: pidOfAnExitedProcess() });
    // Before: the leases hold the messages from any other dispatcher.
    expect(await createDispatcher(desk, { transport: accepting }).runOnce()).toBe(0);

    const restarted = createInstanceHeartbeat(desk);
    expect(await restarted.beatOnce()).toEqual({ outboxMessages: 3, schedulerLeases: 1 });
    expect(await createDispatcher(desk, { transport: accepting, owner: restarted.id }).runOnce()).toBe(3);
    expect(await schedulerLeases(desk.store.db)).toEqual([]);
    const instances = await desk.store.db.selectFrom('desk_instances').select('id').execute();
    expect(instances.map((i) => i.id)).toEqual([restarted.id]);
    await restarted.stop();
    expect(await desk.store.db.selectFrom('desk_instances').select('id').execute()).toEqual([]);
  });

  it('a process on another machine keeps its leases while it beats, and loses them once its heartbeat is silent', async () => {
    const elsewhere = { id: 'instance-elsewhere', processScope: 'linux:another-machine', pid: process.pid };
    await holderOfEverything(elsewhere);
    const living = createInstanceHeartbeat(desk);

    desk.advance(INSTANCE_GONE_AFTER_MS);
    expect(await living.beatOnce()).toEqual({ outboxMessages: 0, schedulerLeases: 0 });
    expect(await createDispatcher(desk, { transport: accepting, owner: living.id }).runOnce()).toBe(0);

    desk.advance(1_000);
    expect(await living.beatOnce()).toEqual({ outboxMessages: 3, schedulerLeases: 1 });
    // Eleven seconds after the last heartbeat, well before the one-minute batch lease runs out.
    expect(await createDispatcher(desk, { transport: accepting, owner: living.id }).runOnce()).toBe(3);
    await living.stop();
  });

  it('a live process on this machine keeps its leases, however long the others wait', async () => {
    // The test runner's parent process: alive, in this scope, beating (we beat for it).
    const alive = { id: 'instance-alive', processScope: processScope(), pid: process.ppid };
    await holderOfEverything(alive);
    const other = createInstanceHeartbeat(desk);
    for (let beat = 0; beat < 3; beat++) {
      desk.advance(2_000);
      await beatInstance(desk.store.db, alive, desk.now());
      expect(await other.beatOnce()).toEqual({ outboxMessages: 0, schedulerLeases: 0 });
    }
    expect(await createDispatcher(desk, { transport: accepting, owner: other.id }).runOnce()).toBe(0);
    await other.stop();
  });

  it('two desks in one process never take each other for an earlier life of it', async () => {
    const first = createInstanceHeartbeat(desk);
    const second = createInstanceHeartbeat(desk);
    await first.beatOnce();
    const leased = await leaseOutbox(desk.store.db, desk.store.dialect, { owner: first.id, limit: 20, leaseMs: 60_000, now: desk.now() });
    expect(leased).toHaveLength(3);
    expect(await second.beatOnce()).toEqual({ outboxMessages: 0, schedulerLeases: 0 });
    await Promise.all([first.stop(), second.stop()]);
  });
});
