// Runs the desk: the GraphQL endpoint over HTTP, the SMTP listener beside it, and the outbox dispatcher.
// Stops the same way in reverse, without failing what it accepted (see close()).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, type ServerConfig } from './config.js';
import { openDesk, type OpenedDesk } from './create-desk.js';
import { createDispatcher, type Dispatcher } from './dispatch/dispatcher.js';
import { fileTransport, smtpTransport, type EmailTransport } from './channels/email/outbound/email-transport.js';
import { createNocdeskYoga } from './http/create-yoga.js';
import { drainable } from './http/http-drain.js';
import { startMetricsListener, type MetricsListener } from './http/metrics-endpoint.js';
import type { DeskLogger } from './observability/logger.js';
import { startEmailListener, type EmailListener } from './channels/email/inbound/email-listener.js';
import type { DnsResolver } from './channels/email/inbound/sender-authentication.js';
import { DESK_JOBS } from './scheduler/jobs.js';
import { createScheduler, type Scheduler } from './scheduler/scheduler.js';
import { createInstanceHeartbeat } from './instances/instance-heartbeat.js';
import { closeRateLimits } from './http/rate-limit.js';

export interface RunningServer {
  readonly desk: OpenedDesk;
  readonly url: string;
  readonly httpPort: number;
  readonly smtpPort: number | undefined;
  /** The port of the METRICS_PORT listener; undefined when /metrics is served on the HTTP port. */
  readonly metricsPort: number | undefined;
  readonly dispatcher: Dispatcher;
  /** The timed jobs (auto-close, SLA alerts); one process of many runs them at a time. */
  readonly scheduler: Scheduler;
  /**
   * Stops without failing what was accepted: stop accepting HTTP and SMTP; let requests and SMTP
   * transactions in flight finish (up to the shutdown grace); stop the scheduler and the dispatcher,
   * which give their leases back so another instance takes over at once; close the database.
   */
  close(): Promise<void>;
}

/** How long a stop waits for requests and SMTP transactions in flight before cutting them. */
export const SHUTDOWN_GRACE_MS = 10_000;

export interface StartServerOptions {
  readonly transport?: EmailTransport;
  readonly now?: () => Date;
  readonly dispatchIntervalMs?: number;
  /** Overrides SMTP_PORT; 0 here means an ephemeral port (tests), not "disabled". */
  readonly smtpPort?: number;
  /** DNS for verifying senders on the SMTP listener (NOCDESK_VERIFY_SENDER); the system resolver by default. */
  readonly dnsResolver?: DnsResolver;
  /** False leaves the scheduler stopped (tests drive it with runOnce). */
  readonly runScheduler?: boolean;
  /** The log to write to (tests read it); by default JSON lines on stdout at LOG_LEVEL. */
  readonly log?: DeskLogger;
  readonly shutdownGraceMs?: number;
}

/** True when `work` settled within `ms`; false when the time ran out first. */
async function bounded(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function transportFor(config: ServerConfig): EmailTransport {
  return config.smtpRelayUrl ? smtpTransport(config.smtpRelayUrl) : fileTransport(config.outboxDir);
}

export async function startServer(config: ServerConfig, options: StartServerOptions = {}): Promise<RunningServer> {
  const desk = await openDesk(config, { ...(options.now ? { now: options.now } : {}), ...(options.log ? { log: options.log } : {}) });
  // Registered before anything is leased, and what a crashed earlier life of this desk held is taken back now.
  const instance = createInstanceHeartbeat(desk, { onError: (error) => desk.log.error({ err: error }, 'instance heartbeat failed') });
  try {
    await instance.beatOnce();
  } catch (error) {
    await desk.close();
    throw error;
  }
  const yoga = createNocdeskYoga(desk);
  const http: Server = createServer(yoga);
  const drain = drainable(http);
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    await desk.close();
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      throw new ConfigError(`${config.host}:${config.port} is already in use: stop what listens there or set PORT to another port.`);
    }
    throw error;
  }
  const httpPort = (http.address() as AddressInfo).port;
  let smtp: EmailListener | undefined;
  const smtpPort = options.smtpPort ?? (config.smtpPort === 0 ? undefined : config.smtpPort);
  if (smtpPort !== undefined) {
    try {
      smtp = await startEmailListener(desk, { host: config.host, port: smtpPort, ...(options.dnsResolver ? { ingest: { dnsResolver: options.dnsResolver } } : {}) });
    } catch (error) {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await desk.close();
      if ((error as { code?: string }).code === 'EADDRINUSE') {
        throw new ConfigError(`SMTP port ${config.host}:${smtpPort} is already in use: stop what listens there, set SMTP_PORT to another port, or SMTP_PORT=0 to run without the listener.`);
      }
      throw error;
    }
  }
  let metrics: MetricsListener | undefined;
  if (config.metricsPort !== undefined) {
    try {
      metrics = await startMetricsListener(desk, { host: config.host, port: config.metricsPort });
    } catch (error) {
      await smtp?.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await desk.close();
      if ((error as { code?: string }).code === 'EADDRINUSE') {
        throw new ConfigError(`METRICS_PORT ${config.host}:${config.metricsPort} is already in use: stop what listens there, or set METRICS_PORT to another port.`);
      }
      throw error;
    }
  }
  const dispatcher = createDispatcher(desk, {
    transport: options.transport ?? transportFor(config),
    intervalMs: options.dispatchIntervalMs ?? config.dispatchIntervalMs,
    onError: (error) => desk.log.error({ err: error }, 'dispatcher run failed'),
    owner: instance.id,
  });
  instance.start();
  dispatcher.start();
  const scheduler = createScheduler(desk, {
    jobs: DESK_JOBS,
    intervalMs: config.schedulerIntervalMs,
    onError: (job, error) => desk.log.error({ err: error, job }, 'scheduled job failed'),
    holder: instance.id,
  });
  if (options.runScheduler !== false) scheduler.start();
  return {
    desk,
    url: `http://${config.host}:${httpPort}/graphql`,
    httpPort,
    smtpPort: smtp?.port,
    metricsPort: metrics?.port,
    dispatcher,
    scheduler,
    async close() {
      const graceMs = options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS;
      const started = Date.now();
      desk.log.info({ inFlight: drain.inFlight(), graceMs }, 'shutting down: no new requests or mail accepted');
      // smtp-server refuses new commands with 421 at once and lets a transaction in DATA finish; the
      // MTA of anyone cut off retries, since nothing unanswered was taken.
      const smtpClosed = smtp ? bounded(smtp.close(), graceMs) : Promise.resolve(true);
      const { unfinished } = await drain.close(graceMs);
      const smtpFinished = await smtpClosed;
      await scheduler.stop();
      await dispatcher.stop();
      await instance.stop();
      await closeRateLimits(desk);
      await metrics?.close();
      desk.log.info({ unfinishedRequests: unfinished, smtpFinished, durationMs: Date.now() - started }, 'stopped: leases released, closing the database');
      await desk.close();
    },
  };
}
