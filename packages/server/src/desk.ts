// The running desk: what every channel, resolver and dispatcher shares. Built once by `createDesk`.
import type { ServerConfig } from './config.js';
import type { Store } from './store/database.js';
import type { DeskEvents } from './events/desk-events.js';
import type { DeskLogger } from './observability/logger.js';
import type { DeskMetrics } from './observability/metrics.js';

export interface Desk {
  readonly store: Store;
  readonly config: ServerConfig;
  /** The clock, injected so tests and the domain never read the time themselves. */
  readonly now: () => Date;
  readonly events: DeskEvents;
  /** This desk's Prometheus metrics (its own registry). */
  readonly metrics: DeskMetrics;
  /** The structured log: facts and ids only, never a secret or a message body. */
  readonly log: DeskLogger;
}
