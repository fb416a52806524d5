// The desk's Prometheus metrics: one prom-client Registry per desk (never the global one), so several
// desks in one process (tests, an embedding application) each count their own. Labels carry only
// bounded, non-personal values: channels, outcomes, reasons, kinds, levels, operation names. Never an
// address, a ticket number, a customer or a token.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Outcomes of one intake decision, whatever the channel. */
export type IntakeOutcome = 'created' | 'threaded' | 'duplicate' | 'rejected' | 'automated_threaded' | 'automated_ignored';

/** How one GraphQL request ended: `ok`, errors in the result, refused before execution, or a server failure. */
export type OperationOutcome = 'ok' | 'error' | 'refused' | 'failed';

/** How one SMTP transaction (one message) ended. */
export type SmtpOutcome = 'stored' | 'rejected' | 'temporary_failure';

/**
 * Distinct operation names kept as label values; past this, names are counted as `other`. Operation
 * names come from clients, and a label with unbounded values would grow the scrape without end.
 */
export const MAX_OPERATION_NAMES = 200;

/** Work done before each scrape (store queries for gauges); bounded by `SCRAPE_TIMEOUT_MS`. */
export type ScrapeHook = () => Promise<void>;

/** A scrape answers within this even when the store is slow; gauges it could not refresh are left out. */
export const SCRAPE_TIMEOUT_MS = 2_000;

const OPERATION_LABELS = ['operation', 'type', 'outcome'] as const;

export interface DeskMetrics {
  readonly registry: Registry;
  readonly graphqlOperations: Counter<'operation' | 'type' | 'outcome'>;
  readonly graphqlDuration: Histogram<'operation' | 'type' | 'outcome'>;
  readonly intakeDecisions: Counter<'channel' | 'outcome' | 'reason'>;
  /** Messages handed over by SMTP, by `SmtpOutcome`. */
  readonly smtpTransactions: Counter<'outcome'>;
  readonly dispatcherSends: Counter<'kind'>;
  readonly dispatcherFailures: Counter<'kind' | 'result'>;
  /**
   * SLA events as the scheduler records them (`kind`: SLA_AT_RISK or SLA_BREACHED; `target`:
   * FIRST_RESPONSE, PERIODIC_UPDATE or RESOLUTION; `level`: 1–3). The SLA alert job calls
   * `desk.metrics.slaEvents.inc({ kind, target, level })` once per event it records.
   */
  readonly slaEvents: Counter<'kind' | 'target' | 'level'>;
  readonly outboxPending: Gauge<'kind'>;
  readonly outboxOldestPendingAge: Gauge<'kind'>;
  readonly openTickets: Gauge<'level' | 'status'>;
  /** 1 while this process holds the named scheduler lease, else 0: exactly one process shows 1. */
  readonly schedulerLeaseHeld: Gauge<'lease'>;
  readonly scrapeFailures: Counter<'source'>;
  /** The label value for an operation name: the name itself while fewer than `MAX_OPERATION_NAMES` are known. */
  operationLabel(name: string): string;
  /** Registers work to run before each scrape (refreshing gauges from the store). */
  beforeScrape(hook: ScrapeHook): void;
  /** The Prometheus text exposition, gauges refreshed first. */
  render(): Promise<string>;
  readonly contentType: string;
}

export interface DeskMetricsOptions {
  /** Process CPU, memory, event-loop lag and GC (prom-client's defaults): for a real server, not for test desks. */
  readonly processMetrics?: boolean;
  /** Called when a scrape hook fails or times out. */
  readonly onScrapeError?: (error: unknown) => void;
}

export function createDeskMetrics(options: DeskMetricsOptions = {}): DeskMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const hooks: ScrapeHook[] = [];
  const knownOperations = new Set<string>();

  const scrapeFailures = new Counter({
    name: 'nocdesk_metrics_scrape_failures_total',
    help: 'Scrapes that could not refresh gauges from a source (store too slow or unreachable).',
    labelNames: ['source'] as const,
    registers,
  });

  const outboxPending = new Gauge({
    name: 'nocdesk_outbox_pending_messages',
    help: 'Messages waiting in the outbox, by kind (read from the store at scrape).',
    labelNames: ['kind'] as const,
    registers,
  });
  const outboxOldestPendingAge = new Gauge({
    name: 'nocdesk_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest message waiting in the outbox, by kind (read from the store at scrape).',
    labelNames: ['kind'] as const,
    registers,
  });
  const openTickets = new Gauge({
    name: 'nocdesk_open_tickets',
    help: 'Tickets in the queue (OPEN and IN_PROGRESS), by level and status (read from the store at scrape).',
    labelNames: ['level', 'status'] as const,
    registers,
  });

  async function runHooks(): Promise<void> {
    for (const hook of hooks) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          hook(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`metrics source took longer than ${SCRAPE_TIMEOUT_MS} ms`)), SCRAPE_TIMEOUT_MS);
          }),
        ]);
      } catch (error) {
        scrapeFailures.inc({ source: 'store' });
        // Absent rather than stale: an old backlog figure would read as the truth.
        for (const gauge of [outboxPending, outboxOldestPendingAge, openTickets]) gauge.reset();
        options.onScrapeError?.(error);
      } finally {
        clearTimeout(timer);
      }
    }
  }

  return {
    registry,
    graphqlOperations: new Counter({
      name: 'nocdesk_graphql_operations_total',
      help: 'GraphQL requests by operation name (or root fields when anonymous), type and outcome.',
      labelNames: OPERATION_LABELS,
      registers,
    }),
    graphqlDuration: new Histogram({
      name: 'nocdesk_graphql_operation_duration_seconds',
      help: 'Time from receiving a GraphQL request to its answer.',
      labelNames: OPERATION_LABELS,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    intakeDecisions: new Counter({
      name: 'nocdesk_intake_decisions_total',
      help: 'Requests taken in, by channel and outcome; rejections by reason.',
      labelNames: ['channel', 'outcome', 'reason'] as const,
      registers,
    }),
    smtpTransactions: new Counter({
      name: 'nocdesk_smtp_transactions_total',
      help: 'Messages offered to the SMTP listener, by how the transaction ended.',
      labelNames: ['outcome'] as const,
      registers,
    }),
    dispatcherSends: new Counter({
      name: 'nocdesk_dispatcher_sends_total',
      help: 'Outbox messages sent, by kind.',
      labelNames: ['kind'] as const,
      registers,
    }),
    dispatcherFailures: new Counter({
      name: 'nocdesk_dispatcher_failures_total',
      help: 'Failed sends, by kind; result "retry" (rescheduled) or "failed" (given up, left for staff).',
      labelNames: ['kind', 'result'] as const,
      registers,
    }),
    slaEvents: new Counter({
      name: 'nocdesk_sla_events_total',
      help: 'SLA at-risk and breach events recorded, by kind, target and level.',
      labelNames: ['kind', 'target', 'level'] as const,
      registers,
    }),
    outboxPending,
    outboxOldestPendingAge,
    openTickets,
    schedulerLeaseHeld: new Gauge({
      name: 'nocdesk_scheduler_lease_held',
      help: '1 while this process holds the scheduler lease (runs the timed jobs), else 0.',
      labelNames: ['lease'] as const,
      registers,
    }),
    scrapeFailures,
    operationLabel(name) {
      if (knownOperations.has(name)) return name;
      if (knownOperations.size >= MAX_OPERATION_NAMES) return 'other';
      knownOperations.add(name);
      return name;
    },
    beforeScrape(hook) {
      hooks.push(hook);
    },
    async render() {
      await runHooks();
      return registry.metrics();
    },
    contentType: registry.contentType,
  };
}
