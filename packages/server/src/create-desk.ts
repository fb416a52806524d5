// Opens the store, brings its schema up to date and wires the event bus: everything a desk needs
// before a channel can take requests.
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';
import type { ServerConfig } from './config.js';
import type { Desk } from './desk.js';
import { createDeskEvents } from './events/desk-events.js';
import { createDeskLogger, wantsPrettyLogs, type DeskLogger } from './observability/logger.js';
import { createDeskMetrics } from './observability/metrics.js';
import { refreshStoreGauges } from './observability/store-gauges.js';
import { openStore } from './store/database.js';
import { migrateToLatest } from './store/migrate.js';

export interface OpenDeskOptions {
  readonly now?: () => Date;
  /** Skip migrations (the `migrate` command runs them on its own). */
  readonly migrate?: boolean;
  /** The log to write to; by default one on stdout at LOG_LEVEL. */
  readonly log?: DeskLogger;
}

export interface OpenedDesk extends Desk {
  close(): Promise<void>;
}

export async function openDesk(config: ServerConfig, options: OpenDeskOptions = {}): Promise<OpenedDesk> {
  const log = options.log ?? createDeskLogger({ level: config.logLevel, pretty: wantsPrettyLogs(config.development) });
  const metrics = createDeskMetrics({ processMetrics: true, onScrapeError: (error) => log.warn({ err: error }, 'metrics could not be read from the store') });
  const store = openStore({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
  const now = options.now ?? (() => new Date());
  metrics.beforeScrape(() => refreshStoreGauges(store, metrics, now()));
  if (options.migrate !== false) await migrateToLatest(store);
  const closers: (() => Promise<unknown>)[] = [];
  let events = createDeskEvents();
  if (config.redisUrl) {
    // Subscriptions fan out through Redis so every instance hears every event.
    const publishClient = new Redis(config.redisUrl);
    const subscribeClient = new Redis(config.redisUrl);
    events = createDeskEvents({ eventTarget: createRedisEventTarget({ publishClient, subscribeClient }) });
    closers.push(() => publishClient.quit(), () => subscribeClient.quit());
  }
  return {
    store,
    config,
    now,
    events,
    metrics,
    log,
    async close() {
      for (const close of closers) await close();
      await store.close();
    },
  };
}
