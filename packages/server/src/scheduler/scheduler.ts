// Runs the desk's timed jobs (closing resolved tickets after the reopen window; later the SLA clock and
// waiting chats) in exactly one server process at a time: each run first takes the lease in the store.
// The jobs themselves are idempotent use cases, so a lease lost mid-run can never do a thing twice.
import { randomUUID } from 'node:crypto';
import type { Desk } from '../desk.js';
import { acquireSchedulerLease, releaseSchedulerLease } from '../store/scheduler-leases.js';

/** One timed job: a use case that does whatever has come due and says how much it did. */
export interface ScheduledJob {
  readonly name: string;
  run(desk: Desk): Promise<number>;
}

export interface SchedulerOptions {
  readonly jobs: readonly ScheduledJob[];
  readonly intervalMs: number;
  /** How long a lease lasts without renewal: a crashed holder is replaced after this. */
  readonly leaseMs?: number;
  readonly onError?: (job: string, error: unknown) => void;
  /** The server process holding the lease: its instance id, so the lease is freed when the process is gone. */
  readonly holder?: string;
}

export interface Scheduler {
  /** Runs every job once (if this process gets its lease); returns what each did. Tests call it directly. */
  runOnce(): Promise<Record<string, number | 'not-leader'>>;
  start(): void;
  /** Stops and releases the leases, so another process takes over at once. */
  stop(): Promise<void>;
}

export const SCHEDULER_LEASE = 'scheduler';

export function createScheduler(desk: Desk, options: SchedulerOptions): Scheduler {
  const holder = options.holder ?? `scheduler-${randomUUID()}`;
  const leaseMs = options.leaseMs ?? Math.max(30_000, options.intervalMs * 3);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;

  async function runOnce(): Promise<Record<string, number | 'not-leader'>> {
    const now = desk.now();
    const leader = await acquireSchedulerLease(desk.store.db, { name: SCHEDULER_LEASE, holder, now, until: new Date(now.getTime() + leaseMs) });
    desk.metrics.schedulerLeaseHeld.set({ lease: SCHEDULER_LEASE }, leader ? 1 : 0);
    const report: Record<string, number | 'not-leader'> = {};
    for (const job of options.jobs) {
      if (!leader) {
        report[job.name] = 'not-leader';
        continue;
      }
      try {
        report[job.name] = await job.run(desk);
      } catch (error) {
        options.onError?.(job.name, error);
        report[job.name] = 0;
      }
    }
    return report;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce()
        .catch((error: unknown) => options.onError?.('lease', error))
        .finally(schedule);
    }, options.intervalMs);
    timer.unref();
  }

  return {
    runOnce,
    start() {
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await releaseSchedulerLease(desk.store.db, { name: SCHEDULER_LEASE, holder });
      desk.metrics.schedulerLeaseHeld.set({ lease: SCHEDULER_LEASE }, 0);
    },
  };
}
