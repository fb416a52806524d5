// Two `nocdesk start` processes on one PostgreSQL database take intake at the same time, over HTTP and
// SMTP, from two customers, each process with its dispatcher and its scheduler running: ticket numbers
// are distinct, every outbox message reaches the relay exactly once (sent by one process, never both),
// and every scheduler job fires once per ticket (the SLA at-risk alert of each level-1 ticket is recorded
// once and its notice sent once), wherever the lease happened to be.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DESK_ADDRESS, plainMail, privatePostgresSchema, startRecordingRelay } from '../support/index.js';
import { CREATE_TICKET, startNocdesk, type RunningDesk } from '../operations/running-desk.js';

const LOAD_MS = 6_000;
const ONCALL = 'oncall@noc.example';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await pause(100);
  }
}

// Needs PostgreSQL (DATABASE_URL; .ci/run sets it when one answers): two processes cannot share the
// embedded SQLite file as a scale-out.
describe.skipIf(!process.env.DATABASE_URL)('two processes taking intake on one PostgreSQL', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('numbers every ticket once, sends every message once and fires every scheduled alert once', async () => {
    const postgres = await privatePostgresSchema();
    cleanups.push(() => postgres.drop());
    const db = new pg.Client({ connectionString: postgres.url });
    await db.connect();
    cleanups.push(() => db.end());
    const relay = await startRecordingRelay();
    cleanups.push(() => relay.close());
    const dirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-two-intake-')));
    cleanups.push(async () => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
    const common = {
      DATABASE_URL: postgres.url,
      NOCDESK_MAIL_FROM: DESK_ADDRESS,
      NOCDESK_SMTP_URL: `${relay.url}?pool=true`,
      NOCDESK_ONCALL_EMAIL: ONCALL,
      NOCDESK_DISPATCH_INTERVAL_MS: '50',
      NOCDESK_SCHEDULER_INTERVAL_MS: '100',
    };
    const one: RunningDesk = await startNocdesk({ ...common, NOCDESK_DATA_DIR: dirs[0]!, NOCDESK_SEED_DEMO: '1' });
    cleanups.push(() => one.stop('SIGKILL'));
    const two: RunningDesk = await startNocdesk({ ...common, NOCDESK_DATA_DIR: dirs[1]!, NOCDESK_SEED_DEMO: '0' });
    cleanups.push(() => two.stop('SIGKILL'));
    const credentials = one.credentials;
    if (!credentials) throw new Error('no demo credentials');

    // Both customers, both processes, both channels, all at once; every fifth portal ticket is an outage.
    const customers = [
      { key: credentials.partnerKey, reporter: 'noc@acme.example' },
      { key: credentials.otherPartnerKey, reporter: 'noc@globex.example' },
    ];
    const answered: string[] = [];
    const stored: string[] = [];
    let sequence = 0;
    const stopAt = Date.now() + LOAD_MS;
    async function portal(desk: RunningDesk, customer: (typeof customers)[number]) {
      while (Date.now() < stopAt) {
        const n = ++sequence;
        const answer = await desk.gql<{ createTicket: { __typename: string; ticket?: { number: string } } }>(
          CREATE_TICKET,
          { input: { reporterEmail: customer.reporter, subject: `Circuit ${n} degraded`, description: 'Latency doubled.', ...(n % 5 === 0 ? { requestedLevel: 1 } : {}) } },
          customer.key,
        );
        expect(answer.data?.createTicket.__typename).toBe('MutationCreateTicketSuccess');
        answered.push(answer.data?.createTicket.ticket?.number ?? '');
      }
    }
    async function mta(desk: RunningDesk, from: string) {
      const smtp = createTransport({ host: '127.0.0.1', port: desk.smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: 1 });
      try {
        while (Date.now() < stopAt) {
          const messageId = `two-intake-${++sequence}@${from.split('@')[1]}`;
          const info = await smtp.sendMail({ envelope: { from, to: [DESK_ADDRESS] }, raw: plainMail({ from, subject: `BGP flapping, report ${sequence}`, body: 'Sessions drop every few minutes.', messageId }) });
          expect(info.response).toMatch(/^250 /);
          stored.push(messageId);
          await pause(50);
        }
      } finally {
        smtp.close();
      }
    }
    await Promise.all([
      ...[one, two].flatMap((desk) => customers.flatMap((customer) => [portal(desk, customer), portal(desk, customer)])),
      mta(one, 'ops@acme.example'),
      mta(two, 'noc@globex.example'),
    ]);

    const count = async (query: string) => Number((await db.query<{ n: string }>(query)).rows[0]?.n ?? 0);
    // Distinct numbers, and every answered ticket and stored mail is there.
    const tickets = (await db.query<{ number: string }>('select number from tickets')).rows.map((r) => r.number);
    expect(new Set(tickets).size).toBe(tickets.length);
    expect(answered.filter((n) => !tickets.includes(n))).toEqual([]);
    expect(tickets.length).toBeGreaterThanOrEqual(answered.length);
    const inbound = new Set((await db.query<{ message_id: string }>(`select message_id from messages where direction = 'IN' and channel = 'EMAIL'`)).rows.map((r) => r.message_id));
    expect(stored.filter((id) => !inbound.has(id))).toEqual([]);

    // Time passes for the outages: 13 of their 15 minutes to a first response. Each is at risk once.
    const outages = await count(`select count(*) as n from tickets where level = 1`);
    expect(outages).toBeGreaterThan(5);
    const columns = ['received_at', 'created_at', 'updated_at', 'first_response_due', 'sla_checked_at', 'sla_next_check_at'];
    await db.query(`update tickets set ${columns.map((c) => `${c} = ${c} - interval '13 minutes'`).join(', ')} where level = 1`);
    await until('every outage at risk', async () => (await count(`select count(*) as n from ticket_events where type = 'SLA_AT_RISK'`)) === outages);
    // Every message sent: the acknowledgements and the on-call notices.
    await until('the outbox sent', async () => (await count(`select count(*) as n from outbox where status <> 'SENT'`)) === 0);
    // More scheduler and dispatcher rounds go by in both processes: nothing happens twice.
    await pause(1_000);

    const atRisk = await db.query<{ n: string }>(`select count(*) as n from ticket_events where type = 'SLA_AT_RISK' group by ticket_id`);
    expect(atRisk.rows.length).toBe(outages);
    expect(atRisk.rows.every((r) => Number(r.n) === 1)).toBe(true);
    expect(await count(`select count(*) as n from outbox where kind = 'NOTICE' and recipient = '${ONCALL}'`)).toBe(outages);

    const outbox = (await db.query<{ payload: string }>('select payload from outbox')).rows.map((r) => (JSON.parse(r.payload) as { messageId: string }).messageId);
    const copies = new Map<string, number>();
    for (const message of relay.accepted()) copies.set(message.messageId, (copies.get(message.messageId) ?? 0) + 1);
    expect(outbox.filter((id) => copies.get(id) !== 1)).toEqual([]);
    expect(relay.accepted().length).toBe(outbox.length);
    // Both processes did the sending.
    const senders = await count(`select count(distinct leased_by) as n from outbox`);
    expect(senders).toBe(2);
    console.info(`[two processes on one PostgreSQL] ${tickets.length} tickets (${answered.length} over HTTP, ${stored.length} by mail), ${outbox.length} messages each sent once, ${outages} at-risk alerts once each`);
  }, 120_000);
});
