// A running desk for the email-channel suites: startServer (HTTP + SMTP listener on 127.0.0.1, ephemeral
// ports) on a fresh SQLite file or a private PostgreSQL schema, seeded, with an injected clock and the
// dispatcher left to the test (runOnce), plus the clients a mail system would use.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import pg from 'pg';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { DnsResolver } from '../../src/channels/email/inbound/sender-authentication.js';
import type { EmailTransport } from '../../src/channels/email/outbound/email-transport.js';
import { seedDemo, type DemoCredentials } from '../../src/seed.js';
import { startServer, type RunningServer } from '../../src/server.js';
import type { DialectName } from '../../src/store/database.js';

import { ADMIN_TOKEN, DIALECTS } from '../support/test-desk.js';

export { ADMIN_TOKEN, DIALECTS };
export const DESK_ADDRESS = 'ncc@nocdesk.example';
/** The first ticket of a fresh desk (sequence 100000 and its Damm check digit). */
export const FIRST_TICKET = '1000002';


const FIXTURES = new URL('../email/fixtures/', import.meta.url);

/** A fixture exactly as stored (real client output); `edit` adapts a copy for one rule's test. */
export function fixture(name: string, edit?: (text: string) => string): Buffer {
  const bytes = fs.readFileSync(new URL(`${name}.eml`, FIXTURES));
  return edit ? Buffer.from(edit(bytes.toString('latin1')), 'latin1') : bytes;
}

export function fixturePath(name: string): string {
  return new URL(`${name}.eml`, FIXTURES).pathname;
}

/** A PostgreSQL URL bound to a fresh private schema, and how to drop it (its own prefix, apart from the `t_*` schemas other suites create and sweep). */
export async function privatePostgresSchema(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is required for the PostgreSQL suites');
  const schema = `email_channel_${randomUUID().replaceAll('-', '')}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`create schema ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), drop: () => run(`drop schema ${schema} cascade`) };
}

export interface GraphQLAnswer<T> {
  readonly status: number;
  readonly data?: T;
  readonly errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

export interface EmailChannelServer {
  readonly server: RunningServer;
  readonly smtpPort: number;
  readonly outboxDir: string;
  readonly dataDir: string;
  readonly credentials: DemoCredentials;
  /** Moves the injected clock. */
  advance(ms: number): void;
  now(): Date;
  /** One GraphQL request over real HTTP, as ADMIN unless another token is given. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLAnswer<T>>;
  /** Delivers raw bytes over SMTP with nodemailer, like a sending MTA; resolves with the server's reply. */
  sendSmtp(raw: Buffer, envelope?: { from?: string; to?: readonly string[] }): Promise<string>;
  /** The .eml files the file transport wrote, sorted. */
  outboxFiles(): string[];
  close(): Promise<void>;
}

export interface EmailChannelServerOptions {
  readonly transport?: EmailTransport;
  readonly env?: Record<string, string>;
  /** DNS records for verifying senders on the listener (NOCDESK_VERIFY_SENDER=on). */
  readonly dnsResolver?: DnsResolver;
}

export async function startEmailChannelServer(dialect: DialectName, options: EmailChannelServerOptions = {}): Promise<EmailChannelServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-email-channel-'));
  const postgres = dialect === 'postgres' ? await privatePostgresSchema() : undefined;
  const config = loadConfig({
    NOCDESK_DATA_DIR: dataDir,
    NOCDESK_ADMIN_TOKEN: ADMIN_TOKEN,
    PORT: '0',
    HOST: '127.0.0.1',
    NOCDESK_MAIL_FROM: DESK_ADDRESS,
    // The desk's JSON log stays out of the test output; a suite that reads it passes LOG_LEVEL.
    LOG_LEVEL: 'silent',
    ...(postgres ? { DATABASE_URL: postgres.url } : {}),
    ...options.env,
  });
  let clock = Date.parse('2026-11-26T09:00:00.000Z');
  // The dispatcher's own timer never fires during a test: each test runs it when it means to.
  const server = await startServer(config, {
    smtpPort: 0,
    now: () => new Date(clock),
    dispatchIntervalMs: 3_600_000,
    ...(options.transport ? { transport: options.transport } : {}),
    ...(options.dnsResolver ? { dnsResolver: options.dnsResolver } : {}),
  });
  const { credentials } = await seedDemo(server.desk);
  if (!credentials || server.smtpPort === undefined) throw new Error('the desk did not start with its demo data and SMTP listener');
  const smtpPort = server.smtpPort;
  return {
    server,
    smtpPort,
    outboxDir: config.outboxDir,
    dataDir,
    credentials,
    advance(ms) {
      clock += ms;
    },
    now: () => new Date(clock),
    async gql<T>(query: string, variables: Record<string, unknown> = {}, token = ADMIN_TOKEN) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as { data?: T; errors?: GraphQLAnswer<T>['errors'] }) };
    },
    async sendSmtp(raw, envelope = {}) {
      const client = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
      try {
        const info = await client.sendMail({ envelope: { from: envelope.from ?? 'noc@acme.example', to: [...(envelope.to ?? [DESK_ADDRESS])] }, raw });
        return info.response;
      } finally {
        client.close();
      }
    },
    outboxFiles() {
      return fs.existsSync(config.outboxDir) ? fs.readdirSync(config.outboxDir).filter((f) => f.endsWith('.eml')).sort() : [];
    },
    async close() {
      await server.close();
      await postgres?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The ticket fields the suites look at. */
export const TICKET_FIELDS = `
  id number displayNumber subject status channel language flags acknowledgedAt firstResponseDue
  priority { level source }
  reporter { email }
  events { type actor reason data }
  messages { direction from subject body automated messageId attachments { filename contentType size } }
`;

export interface TicketView {
  readonly id: string;
  readonly number: string;
  readonly displayNumber: string;
  readonly subject: string;
  readonly status: string;
  readonly channel: string;
  readonly language: string;
  readonly flags: string[];
  readonly acknowledgedAt: string | null;
  readonly firstResponseDue: string;
  readonly priority: { level: number; source: string };
  readonly reporter: { email: string };
  readonly events: { type: string; actor: string; reason: string | null; data: Record<string, unknown> }[];
  readonly messages: {
    direction: string;
    from: string | null;
    subject: string;
    body: string;
    automated: string | null;
    messageId: string | null;
    attachments: { filename: string; contentType: string; size: number }[];
  }[];
}

export async function ticketByNumber(desk: EmailChannelServer, number: string): Promise<TicketView | null> {
  const answer = await desk.gql<{ ticket: TicketView | null }>(`query T($n: String!) { ticket(number: $n) { ${TICKET_FIELDS} } }`, { n: number });
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data?.ticket ?? null;
}

/** Every ticket number on the desk, newest first. */
export async function ticketNumbers(desk: EmailChannelServer): Promise<string[]> {
  const answer = await desk.gql<{ tickets: { edges: { node: { number: string } }[] } }>(`{ tickets(first: 100) { edges { node { number } } } }`);
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data?.tickets.edges.map((e) => e.node.number) ?? [];
}

/** The outbox rows, oldest first (what the dispatcher will send or has sent). */
export async function outboxRows(desk: EmailChannelServer) {
  return desk.server.desk.store.db.selectFrom('outbox').select(['id', 'recipient', 'dedupe_key', 'status', 'attempts', 'ticket_id', 'last_error']).orderBy('id').execute();
}

export interface PlainMail {
  readonly from: string;
  readonly subject: string;
  readonly body: string;
  readonly messageId?: string;
  readonly inReplyTo?: string;
  readonly references?: readonly string[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly date?: string;
}

/** A minimal plain-text message as a simple client writes it; for the rules that need many small variations. */
export function plainMail(mail: PlainMail): Buffer {
  const lines = [
    `From: ${mail.from}`,
    `To: ${DESK_ADDRESS}`,
    `Subject: ${mail.subject}`,
    `Date: ${mail.date ?? 'Thu, 26 Nov 2026 09:00:00 +0000'}`,
    ...(mail.messageId ? [`Message-ID: <${mail.messageId}>`] : []),
    ...(mail.inReplyTo ? [`In-Reply-To: <${mail.inReplyTo}>`] : []),
    ...(mail.references?.length ? [`References: ${mail.references.map((id) => `<${id}>`).join(' ')}`] : []),
    ...Object.entries(mail.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    mail.body,
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

/** The Message-ID of the plain-outage-report fixture (the first ticket's opening message in several suites). */
export const OUTAGE_REPORT_ID = 'a41f0c2e-77d5-4a3b-9f1e-0c2d6b8e9a10@acme.example';

/** The placeholder our fixtures use for the Message-ID of the first ticket's acknowledgement. */
export const FIXTURE_ACK_ID = `ack.${FIRST_TICKET}@nocdesk.example`;

/** The Message-ID (without angle brackets) of the acknowledgement queued for a ticket: random per ticket. */
export async function ackMessageId(desk: EmailChannelServer, number: string = FIRST_TICKET): Promise<string> {
  const row = await desk.server.desk.store.db
    .selectFrom('outbox')
    .innerJoin('tickets', 'tickets.id', 'outbox.ticket_id')
    .select('outbox.payload')
    .where('tickets.number', '=', number)
    .where('outbox.dedupe_key', 'like', 'ack:%')
    .executeTakeFirstOrThrow();
  return (JSON.parse(row.payload) as { messageId: string }).messageId;
}

/** A fixture answering our acknowledgement of a ticket, as the real reply would: it quotes the real Message-ID. */
export async function fixtureAnsweringAck(desk: EmailChannelServer, name: string, number: string = FIRST_TICKET, edit?: (text: string) => string): Promise<Buffer> {
  const id = await ackMessageId(desk, number);
  return fixture(name, (text) => (edit ? edit(text) : text).replaceAll(FIXTURE_ACK_ID, id));
}

/** A desk on which ticket FIRST_TICKET was opened by email and acknowledged: what replies answer. */
export async function startWithAcknowledgedReport(dialect: DialectName): Promise<EmailChannelServer> {
  const desk = await startEmailChannelServer(dialect);
  await desk.sendSmtp(fixture('plain-outage-report'));
  expect(await desk.server.dispatcher.runOnce()).toBe(1);
  return desk;
}
