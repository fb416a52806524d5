/**
 * Queue order of open tickets (SPEC §2.1): level first, then arrival, then ticket
 * number. Strict: engineers are offered the first unassigned ticket in that order,
 * so a level-2 ticket is never offered while a level-1 ticket waits unassigned.
 */
import type { PriorityLevel } from './priority.js';

/** What the queue needs to know about an open ticket. */
export interface QueueEntry {
  readonly level: PriorityLevel;
  readonly receivedAt: Date;
  /** Canonical ticket number (digits). */
  readonly number: string;
}

/** Invalid dates sort last rather than breaking the sort. */
function time(date: Date): number {
  const value = date.getTime();
  return Number.isNaN(value) ? Number.POSITIVE_INFINITY : value;
}

/**
 * Orders open tickets for the queue: more urgent level first, then earlier received, then
 * lower ticket number (compared as numbers: a shorter digit string is smaller). Use with
 * `Array.prototype.sort`.
 *
 * ### Examples
 * ```ts
 * const at = new Date('2025-01-01T10:00:00Z');
 * [{ level: 2, receivedAt: at, number: '191' }, { level: 1, receivedAt: at, number: '1000426' }]
 *   .sort(compareQueueOrder); // the level-1 ticket first
 * ```
 */
export function compareQueueOrder(a: QueueEntry, b: QueueEntry): number {
  if (a.level !== b.level) return a.level - b.level;
  const byTime = time(a.receivedAt) - time(b.receivedAt);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
  if (a.number.length !== b.number.length) return a.number.length - b.number.length;
  return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
}

/**
 * The ticket to offer next to a free engineer: the first unassigned one in queue order.
 * Strict by design (the source: level 2 is attended "after level-1 tickets are resolved"),
 * so nothing less urgent jumps an unassigned level-1 ticket, even one received later.
 *
 * ### Examples
 * ```ts
 * nextToOffer([
 *   { level: 2, receivedAt: new Date('2025-01-01T09:00:00Z'), number: '191' },
 *   { level: 1, receivedAt: new Date('2025-01-01T10:00:00Z'), number: '280' },
 * ]); // the level-1 ticket '280'
 * ```
 */
export function nextToOffer<T extends QueueEntry & { readonly assigned?: boolean }>(open: readonly T[]): T | undefined {
  let next: T | undefined;
  for (const entry of open) {
    if (entry.assigned === true) continue;
    if (next === undefined || compareQueueOrder(entry, next) < 0) next = entry;
  }
  return next;
}
