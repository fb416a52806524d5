// Two `nocdesk start` processes on one PostgreSQL database, the scheduler running in both (SPEC §2.6,
// §5): every SLA event is recorded and noticed once. The lease lets one process run the job at a time;
// the first is stopped half-way so the second takes over the same tickets, and the store's key on each
// event keeps anything from being recorded twice. Real processes keep real clocks, so the tickets' times
// are moved into the past instead, every timestamp of a ticket by the same amount.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privatePostgresSchema } from '../support/index.js';
import { CREATE_TICKET, expectCreated, startNocdesk, type RunningDesk } from '../operations/running-desk.js';

const TICKETS = 8;
const ONCALL = 'oncall@noc.example';

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Needs PostgreSQL (DATABASE_URL; .ci/run sets it when one answers): two processes cannot share the
// embedded SQLite file.
describe.skipIf(!process.env.DATABASE_URL)('two server processes on one PostgreSQL', () => {
  let one: RunningDesk;
  let two: RunningDesk;
  let db: pg.Client;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    const postgres = await privatePostgresSchema();
    cleanups.push(() => postgres.drop());
    db = new pg.Client({ connectionString: postgres.url });
    await db.connect();
    cleanups.push(() => db.end());
    const dirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-sla-')));
    cleanups.push(async () => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
    const common = { DATABASE_URL: postgres.url, NOCDESK_ONCALL_EMAIL: ONCALL, NOCDESK_SCHEDULER_INTERVAL_MS: '100', NOCDESK_DISPATCH_INTERVAL_MS: '3600000' };
    one = await startNocdesk({ ...common, NOCDESK_DATA_DIR: dirs[0]!, NOCDESK_SEED_DEMO: '1' });
    cleanups.push(() => one.stop('SIGKILL'));
    two = await startNocdesk({ ...common, NOCDESK_DATA_DIR: dirs[1]!, NOCDESK_SEED_DEMO: '0' });
    cleanups.push(() => two.stop('SIGKILL'));
  }, 120_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  /** Moves every ticket's times `minutes` into the past: as if that much time had gone by. */
  async function timePasses(minutes: number): Promise<void> {
    const columns = ['received_at', 'created_at', 'updated_at', 'first_response_due', 'sla_checked_at', 'sla_next_check_at'];
    await db.query(`update tickets set ${columns.map((c) => `${c} = ${c} - make_interval(mins => $1)`).join(', ')}`, [minutes]);
  }

  async function count(sql: string): Promise<number> {
    return Number((await db.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
  }

  it('each at-risk and breach is recorded and noticed once, across a hand-over of the scheduler', async () => {
    const partner = one.credentials?.partnerKey;
    if (!partner) throw new Error('no demo credentials');
    for (let n = 0; n < TICKETS; n++) {
      expectCreated(await one.gql(CREATE_TICKET, { input: { reporterEmail: 'ops@acme.example', subject: `Outage at POP ${n}`, description: 'No service.', requestedLevel: 1 } }, partner));
    }
    await timePasses(13);
    await until('every first response at risk', async () => (await count(`select count(*) as n from ticket_events where type = 'SLA_AT_RISK'`)) === TICKETS);

    // The first process stops cleanly (its lease is given back at once); the second carries on.
    expect(await one.stop('SIGTERM')).toBe(0);
    await timePasses(3);
    await until('every first response breached', async () => (await count(`select count(*) as n from ticket_events where type = 'SLA_BREACHED'`)) === TICKETS);
    // More scheduler rounds go by (100 ms each): nothing is recorded again.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const perTicket = await db.query<{ ticket_id: string; type: string; n: string }>(
      `select ticket_id, type, count(*) as n from ticket_events where type in ('SLA_AT_RISK', 'SLA_BREACHED') group by ticket_id, type`,
    );
    expect(perTicket.rows).toHaveLength(2 * TICKETS);
    expect(perTicket.rows.every((row) => Number(row.n) === 1)).toBe(true);
    expect(await count('select count(*) as n from sla_alerts')).toBe(2 * TICKETS);
    expect(await count(`select count(*) as n from outbox where kind = 'NOTICE' and recipient = '${ONCALL}'`)).toBe(2 * TICKETS);
  }, 120_000);
});
