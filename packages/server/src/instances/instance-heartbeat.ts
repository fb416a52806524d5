// A server process's presence in the store: it registers at start, beats every couple of seconds, and
// at each beat looks for processes that are gone and gives their outbox and scheduler leases to the
// living. The dispatcher and the scheduler lease in the instance's name, so what a process held is tied
// to its life, not only to a clock: after a kill -9 the next start (or any other running process) sends
// the acknowledgements the dead one held within seconds.
import { randomUUID } from 'node:crypto';
import type { Desk } from '../desk.js';
import { beatInstance, otherInstances, reclaimGoneInstance, removeInstance, type DeskInstance } from '../store/instances.js';
import { processIsGone, processScope, runsInThisProcess } from './process-identity.js';

/** How often a process writes its heartbeat. */
export const INSTANCE_HEARTBEAT_MS = 2_000;
/**
 * Silence after which a process is gone even when the operating system cannot say (it ran on another
 * machine). Five missed beats: a busy event loop or a slow database round trip is not a death.
 */
export const INSTANCE_GONE_AFTER_MS = 10_000;

export interface InstanceHeartbeat {
  /** The id the dispatcher and the scheduler lease under. */
  readonly id: string;
  /** One heartbeat and one look for gone processes; how many leases were given back. */
  beatOnce(): Promise<{ outboxMessages: number; schedulerLeases: number }>;
  start(): void;
  /** Stops beating and leaves the store (after the dispatcher and the scheduler gave their leases back). */
  stop(): Promise<void>;
}

export interface InstanceHeartbeatOptions {
  readonly intervalMs?: number;
  readonly goneAfterMs?: number;
  readonly onError?: (error: unknown) => void;
}

export function createInstanceHeartbeat(desk: Desk, options: InstanceHeartbeatOptions = {}): InstanceHeartbeat {
  const scope = processScope();
  const self: DeskInstance = { id: `instance-${randomUUID()}`, processScope: scope, pid: process.pid };
  const intervalMs = options.intervalMs ?? INSTANCE_HEARTBEAT_MS;
  const goneAfterMs = options.goneAfterMs ?? INSTANCE_GONE_AFTER_MS;
  const leave = runsInThisProcess(self.id);
  let timer: NodeJS.Timeout | undefined;
  let beating: Promise<unknown> | undefined;
  let stopped = true;

  async function beatOnce() {
    const now = desk.now();
    await beatInstance(desk.store.db, self, now);
    let outboxMessages = 0;
    let schedulerLeases = 0;
    for (const other of await otherInstances(desk.store.db, self.id)) {
      const silentFor = now.getTime() - other.heartbeatAt.getTime();
      const exited = processIsGone(other, scope);
      if (!exited && silentFor <= goneAfterMs) continue;
      const reclaimed = await reclaimGoneInstance(desk.store, other);
      outboxMessages += reclaimed.outboxMessages;
      schedulerLeases += reclaimed.schedulerLeases;
      desk.log.warn(
        { instance: { id: other.id, pid: other.pid, heartbeatAt: other.heartbeatAt.toISOString(), why: exited ? 'process exited' : 'heartbeat stopped' }, reclaimed },
        'server process gone: its leases given back',
      );
    }
    return { outboxMessages, schedulerLeases };
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      beating = beatOnce()
        .catch((error: unknown) => options.onError?.(error))
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  }

  return {
    id: self.id,
    beatOnce,
    start() {
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await beating;
      await removeInstance(desk.store.db, self.id);
      leave();
    },
  };
}
