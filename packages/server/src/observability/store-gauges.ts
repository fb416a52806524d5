// Refreshes the gauges that describe the store (outbox backlog, queue size) right before a scrape, so
// every instance reports the same shared truth and nothing needs updating on the hot path.
import { PRIORITY_LEVELS } from '@nocdesk/domain';
import type { Store } from '../store/database.js';
import { outboxBacklog, queueSize } from '../store/operations-gauges.js';
import type { OutboxKind } from '../store/tables.js';
import type { DeskMetrics } from './metrics.js';

const OUTBOX_KINDS: readonly OutboxKind[] = ['ACKNOWLEDGEMENT', 'EXPLANATION', 'REPLY', 'RESOLUTION', 'NOTICE'];
const QUEUE_STATUSES = ['OPEN', 'IN_PROGRESS'] as const;

export async function refreshStoreGauges(store: Store, metrics: DeskMetrics, now: Date): Promise<void> {
  const [backlog, queue] = await Promise.all([outboxBacklog(store.db), queueSize(store.db)]);
  // Every kind and level is reported, zero included: a series that vanishes reads as "no data", not "none".
  for (const kind of OUTBOX_KINDS) {
    const row = backlog.find((b) => b.kind === kind);
    metrics.outboxPending.set({ kind }, row?.pending ?? 0);
    metrics.outboxOldestPendingAge.set({ kind }, row ? Math.max(0, (now.getTime() - row.oldestCreatedAt.getTime()) / 1000) : 0);
  }
  for (const level of PRIORITY_LEVELS) {
    for (const status of QUEUE_STATUSES) {
      metrics.openTickets.set({ level: String(level), status }, queue.find((q) => q.level === level && q.status === status)?.tickets ?? 0);
    }
  }
}
