// A rolling restart: SIGTERM arrives while partners are creating tickets. No request the desk answered
// failed, every ticket it answered for is stored, and a second instance on the same database sends the
// remaining acknowledgements at once: the first gave its outbox and scheduler leases back on the way out
// (left to run out, they would hold the messages for a minute and the scheduler for 30 s).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/database.js';
import { DIALECTS, privatePostgresSchema } from '../support/index.js';
import { parseMetrics, sample } from './prometheus-text.js';
import { CREATE_TICKET, expectCreated, startNocdesk, ticketInput, type RunningDesk } from './running-desk.js';

const REQUESTS = 40;
const CONCURRENCY = 4;
const STOP_AFTER_ANSWERS = 12;

/** A relay that takes its time over each message, so the first instance still holds leases when it stops. */
async function slowRelay(delayMs: number): Promise<{ port: number; received: () => number; close(): Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        setTimeout(() => {
          received++;
          callback();
        }, delayMs);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { port, received: () => received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(DIALECTS)('SIGTERM under load on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('answers every accepted request, and a second instance sends the outbox at once', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-sigterm-'));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const postgres = dialect === 'postgres' ? await privatePostgresSchema() : undefined;
    if (postgres) cleanups.push(() => postgres.drop());
    const database: Record<string, string> = postgres ? { DATABASE_URL: postgres.url, NOCDESK_SEED_DEMO: '1' } : {};
    const relay = await slowRelay(400);
    cleanups.push(() => relay.close());

    const first: RunningDesk = await startNocdesk({ NOCDESK_DATA_DIR: dataDir, NOCDESK_SMTP_URL: `smtp://127.0.0.1:${relay.port}`, NOCDESK_DISPATCH_INTERVAL_MS: '50', NOCDESK_SCHEDULER_INTERVAL_MS: '200', ...database });
    cleanups.push(async () => void (await first.stop('SIGKILL')));
    const partnerKey = first.credentials?.partnerKey ?? '';

    // A bounded load: REQUESTS createTicket calls, CONCURRENCY at a time; SIGTERM once some are answered.
    const answered: { status: number; data?: { createTicket?: { __typename: string; ticket?: { number: string } } } }[] = [];
    const notAnswered: string[] = [];
    let next = 0;
    let stopping: Promise<number | null> | undefined;
    async function worker() {
      while (next < REQUESTS) {
        const n = next++;
        try {
          const response = await fetch(first.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${partnerKey}` },
            body: JSON.stringify({ query: CREATE_TICKET, variables: ticketInput(n) }),
          });
          answered.push({ status: response.status, ...((await response.json()) as object) });
        } catch (error) {
          // Refused at the door once the listener closed: never accepted, so nothing was lost.
          notAnswered.push((error as { cause?: { code?: string } }).cause?.code ?? String(error));
        }
        if (!stopping && answered.length >= STOP_AFTER_ANSWERS) stopping = first.stop('SIGTERM');
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(await stopping).toBe(0);

    expect(answered.length).toBeGreaterThanOrEqual(STOP_AFTER_ANSWERS);
    const numbers = answered.map((a) => expectCreated(a));
    expect(answered.length + notAnswered.length).toBe(REQUESTS);
    const stopped = first.logLines().find((l) => l.msg === 'stopped: leases released, closing the database');
    expect(stopped).toMatchObject({ unfinishedRequests: 0 });

    const store: Store = openStore(postgres ? { databaseUrl: postgres.url } : { sqlitePath: path.join(dataDir, 'nocdesk.db') });
    cleanups.push(() => store.close());
    const outbox = () => store.db.selectFrom('outbox').select(['status', 'leased_by']).execute();
    const left = await outbox();
    // Every answered ticket is stored with its acknowledgement queued or sent.
    expect(left.length).toBe(numbers.length);
    const pending = left.filter((r) => r.status === 'PENDING');
    expect(pending.length).toBeGreaterThan(0);
    // Given back: nothing waits for a lease of the stopped instance to run out.
    expect(pending.filter((r) => r.leased_by !== null)).toEqual([]);

    const second = await startNocdesk({ NOCDESK_DATA_DIR: dataDir, NOCDESK_DISPATCH_INTERVAL_MS: '50', NOCDESK_SCHEDULER_INTERVAL_MS: '200', NOCDESK_SEED_DEMO: '0', ...(postgres ? { DATABASE_URL: postgres.url } : {}) });
    cleanups.push(async () => void (await second.stop('SIGKILL')));
    const started = Date.now();
    for (;;) {
      const rows = await outbox();
      if (rows.every((r) => r.status === 'SENT')) break;
      // Well inside the 60 s a leftover lease would hold a message.
      expect(Date.now() - started).toBeLessThan(10_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (;;) {
      const metrics = parseMetrics(await (await fetch(`http://127.0.0.1:${second.httpPort}/metrics`)).text());
      if (sample(metrics, 'nocdesk_scheduler_lease_held', { lease: 'scheduler' }) === 1) break;
      expect(Date.now() - started).toBeLessThan(10_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const tickets = await store.db.selectFrom('tickets').select('number').execute();
    expect(tickets.map((t) => t.number).sort()).toEqual([...numbers].sort());
    expect(await second.stop('SIGTERM')).toBe(0);
  }, 120_000);
});
