// Step 1 of the procedure, by email: sends a real message over SMTP to a running desk, as a customer's
// mail client would, then waits for the ticket it opened and prints the acknowledgement the desk sent
// back with the ticket number. The acknowledgement is read through the API (a partner key of the
// sender's customer), so it works whether the desk relays mail or writes it to its outbox folder.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { createNocdeskClient, type NocdeskClient, type TicketDetail } from '@nocdesk/client';
import { createTransport } from 'nodemailer';

/** What the script reads from its environment. */
export interface IntakeEnvironment {
  /** The desk's SMTP listener; `smtp://127.0.0.1:2525` by default (`pnpm start`). */
  readonly NOCDESK_SMTP?: string | undefined;
  /** The desk's GraphQL endpoint, to read the acknowledgement back. */
  readonly NOCDESK_URL?: string | undefined;
  /** A partner key of the sender's customer (the demo's Acme key for the default sender). */
  readonly NOCDESK_TOKEN?: string | undefined;
  /** A registered ADMINISTRATIVE or TECHNICAL contact; the demo's `noc@acme.example` by default. */
  readonly NOCDESK_FROM?: string | undefined;
  /** The desk's address; `ncc@nocdesk.example` by default. */
  readonly NOCDESK_TO?: string | undefined;
  readonly NOCDESK_SUBJECT?: string | undefined;
}

export interface IntakeOptions {
  /** Where the report goes; the console by default. */
  readonly print?: (line: string) => void;
  /** How long to wait for the acknowledgement. Default 30 s. */
  readonly timeoutMs?: number;
  /** How often to look. Default 500 ms. */
  readonly pollMs?: number;
}

export interface Acknowledged {
  readonly messageId: string;
  readonly ticket: TicketDetail;
  readonly acknowledgement: TicketDetail['messages'][number];
}

/** Sends the email, waits for its acknowledgement, prints both; throws when the desk opened no ticket in time. */
export async function main(env: IntakeEnvironment = process.env, options: IntakeOptions = {}): Promise<Acknowledged> {
  const print = options.print ?? console.log;
  if (!env.NOCDESK_URL || !env.NOCDESK_TOKEN) throw new Error('Set NOCDESK_URL (the desk’s /graphql endpoint) and NOCDESK_TOKEN (a partner key of the sender’s customer) to read the acknowledgement back.');
  const smtp = new URL(env.NOCDESK_SMTP ?? 'smtp://127.0.0.1:2525');
  const from = env.NOCDESK_FROM ?? 'noc@acme.example';
  const messageId = `${randomUUID()}@${from.split('@')[1] ?? 'example.net'}`;

  const mailer = createTransport({ host: smtp.hostname, port: Number(smtp.port || 25), secure: false, ignoreTLS: true });
  try {
    const sent = await mailer.sendMail({
      from,
      to: env.NOCDESK_TO ?? 'ncc@nocdesk.example',
      subject: env.NOCDESK_SUBJECT ?? 'Caída total del servicio SOF-10001',
      text: 'Sin servicio en Madrid desde las 09:00. Los LED del puerto xe-0/0/1 están apagados.\n\nMarta Ruiz, NOC de Acme Networks',
      messageId: `<${messageId}>`,
    });
    print(`Sent <${messageId}> to ${smtp.host}: ${sent.response}`);
  } finally {
    mailer.close();
  }

  const client = createNocdeskClient({ url: env.NOCDESK_URL, token: env.NOCDESK_TOKEN });
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const found = await acknowledged(client, messageId);
    if (found) {
      print(`Ticket ${found.ticket.displayNumber}, priority ${found.ticket.priority.level} ${found.ticket.priority.name}`);
      print(`Acknowledgement to ${found.acknowledgement.to ?? from}: ${found.acknowledgement.subject}`);
      for (const line of found.acknowledgement.body.split('\n').slice(0, 12)) print(`  ${line}`);
      return { messageId, ...found };
    }
    if (Date.now() > deadline) {
      throw new Error(`No acknowledgement within ${Math.round((options.timeoutMs ?? 30_000) / 1000)} s. Is ${from} a registered ADMINISTRATIVE or TECHNICAL contact of the key's customer? An unregistered sender gets no ticket, only an explanation.`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
  }
}

/** The email ticket our message opened, once the desk has sent its acknowledgement. */
async function acknowledged(client: NocdeskClient, messageId: string): Promise<Omit<Acknowledged, 'messageId'> | undefined> {
  const recent = await client.tickets.list({ filter: { channel: 'EMAIL' }, first: 10 });
  for (const summary of recent.nodes) {
    const ticket = await client.tickets.get(summary.number);
    if (!ticket?.messages.some((message) => message.direction === 'IN' && message.messageId === messageId)) continue;
    const acknowledgement = ticket.messages.find((message) => message.direction === 'OUT');
    return acknowledgement ? { ticket, acknowledgement } : undefined;
  }
  return undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
