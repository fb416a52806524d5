// The running desk: what every channel, resolver and dispatcher shares. Built once by `createDesk`.
import type { ServerConfig } from './config.js';
import type { Store } from './store/database.js';
import type { DeskEvents } from './events/desk-events.js';

export interface Desk {
  readonly store: Store;
  readonly config: ServerConfig;
  /** The clock, injected so tests and the domain never read the time themselves. */
  readonly now: () => Date;
  readonly events: DeskEvents;
}
