// Runs the desk: the GraphQL endpoint over HTTP, the SMTP listener beside it, and the outbox dispatcher.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, type ServerConfig } from './config.js';
import { openDesk, type OpenedDesk } from './create-desk.js';
import { createDispatcher, type Dispatcher } from './dispatch/dispatcher.js';
import { fileTransport, smtpTransport, type EmailTransport } from './channels/email/outbound/email-transport.js';
import { createNocdeskYoga } from './http/create-yoga.js';
import { startEmailListener, type EmailListener } from './channels/email/inbound/email-listener.js';
import { DESK_JOBS } from './scheduler/jobs.js';
import { createScheduler, type Scheduler } from './scheduler/scheduler.js';

export interface RunningServer {
  readonly desk: OpenedDesk;
  readonly url: string;
  readonly httpPort: number;
  readonly smtpPort: number | undefined;
  readonly dispatcher: Dispatcher;
  /** The timed jobs (auto-close, SLA alerts); one process of many runs them at a time. */
  readonly scheduler: Scheduler;
  close(): Promise<void>;
}

export interface StartServerOptions {
  readonly transport?: EmailTransport;
  readonly now?: () => Date;
  readonly dispatchIntervalMs?: number;
  /** Overrides SMTP_PORT; 0 here means an ephemeral port (tests), not "disabled". */
  readonly smtpPort?: number;
  /** False leaves the scheduler stopped (tests drive it with runOnce). */
  readonly runScheduler?: boolean;
}

export function transportFor(config: ServerConfig): EmailTransport {
  return config.smtpRelayUrl ? smtpTransport(config.smtpRelayUrl) : fileTransport(config.outboxDir);
}

export async function startServer(config: ServerConfig, options: StartServerOptions = {}): Promise<RunningServer> {
  const desk = await openDesk(config, options.now ? { now: options.now } : {});
  const yoga = createNocdeskYoga(desk);
  const http: Server = createServer(yoga);
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
      smtp = await startEmailListener(desk, { host: config.host, port: smtpPort });
    } catch (error) {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await desk.close();
      if ((error as { code?: string }).code === 'EADDRINUSE') {
        throw new ConfigError(`SMTP port ${config.host}:${smtpPort} is already in use: stop what listens there, set SMTP_PORT to another port, or SMTP_PORT=0 to run without the listener.`);
      }
      throw error;
    }
  }
  const dispatcher = createDispatcher(desk, {
    transport: options.transport ?? transportFor(config),
    intervalMs: options.dispatchIntervalMs ?? config.dispatchIntervalMs,
    onError: (error) => console.error('[dispatch]', error),
  });
  dispatcher.start();
  const scheduler = createScheduler(desk, {
    jobs: DESK_JOBS,
    intervalMs: config.schedulerIntervalMs,
    onError: (job, error) => console.error(`[scheduler:${job}]`, error),
  });
  if (options.runScheduler !== false) scheduler.start();
  return {
    desk,
    url: `http://${config.host}:${httpPort}/graphql`,
    httpPort,
    smtpPort: smtp?.port,
    dispatcher,
    scheduler,
    async close() {
      await scheduler.stop();
      await dispatcher.stop();
      await smtp?.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await desk.close();
    },
  };
}
