// A partner's script: opens a ticket through the nocdesk API and prints its number and whether the
// acknowledgement has gone out. Configured by environment, so it runs from cron, CI or a shell.
import { pathToFileURL } from 'node:url';
import { createNocdeskClient, NocdeskError, ReporterNotAuthorizedError, type FetchLike, type Ticket } from '@nocdesk/client';

/** What the script reads from its environment. */
export interface ScriptEnvironment {
  /** The desk's GraphQL endpoint, e.g. https://desk.example.net/graphql. */
  readonly NOCDESK_URL?: string | undefined;
  /** Your partner API key. */
  readonly NOCDESK_TOKEN?: string | undefined;
  /** An ADMINISTRATIVE or TECHNICAL contact of your customer; the demo desk's by default. */
  readonly NOCDESK_REPORTER?: string | undefined;
  readonly NOCDESK_SUBJECT?: string | undefined;
  readonly NOCDESK_DESCRIPTION?: string | undefined;
}

export interface MainOptions {
  /** Defaults to the global fetch. */
  readonly fetch?: FetchLike;
  /** Where the report goes; the console by default. */
  readonly print?: (line: string) => void;
}

/** Opens the ticket and prints a short report; returns the ticket. Throws on bad configuration or a refusal. */
export async function main(env: ScriptEnvironment = process.env, options: MainOptions = {}): Promise<Ticket> {
  const print = options.print ?? console.log;
  const url = env.NOCDESK_URL;
  const token = env.NOCDESK_TOKEN;
  if (!url || !token) throw new Error('Set NOCDESK_URL (the desk’s /graphql endpoint) and NOCDESK_TOKEN (your partner API key).');

  const client = createNocdeskClient({ url, token, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const ticket = await client.tickets.create({
    reporterEmail: env.NOCDESK_REPORTER ?? 'noc@acme.example',
    subject: env.NOCDESK_SUBJECT ?? 'Packet loss on the Madrid transit link',
    description: env.NOCDESK_DESCRIPTION ?? 'Opened by the partner-portal example script.',
  });

  print(`Ticket ${ticket.displayNumber} (number ${ticket.number}), priority ${ticket.priority.level} ${ticket.priority.name}`);
  print(
    ticket.acknowledgedAt
      ? `Acknowledgement sent to ${ticket.reporter.email} at ${ticket.acknowledgedAt}`
      : `Acknowledgement queued: ${ticket.reporter.email} will receive it with the ticket number shortly`,
  );
  print(`An engineer answers by ${ticket.firstResponseDue}`);
  return ticket;
}

function explain(error: unknown): string {
  if (error instanceof ReporterNotAuthorizedError) return `${error.reporter} may not open tickets (${error.reason}): ${error.message}`;
  if (error instanceof NocdeskError) return `${error.code}: ${error.message}${error.requestId ? ` (request ${error.requestId})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(explain(error));
    process.exitCode = 1;
  });
}
