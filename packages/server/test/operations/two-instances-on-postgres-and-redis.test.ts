// Scale-out: two server processes on one PostgreSQL database and one Redis. A ticket created through
// one is visible through the other, and its events reach a subscriber connected to the other.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privatePostgresSchema } from '../support/index.js';
import { CREATE_TICKET, expectCreated, startNocdesk, type RunningDesk } from './running-desk.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The events of an SSE subscription on a real server, as they arrive. */
async function subscribeOver(url: string, query: string, token: string) {
  const controller = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
    signal: controller.signal,
  });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  // Other suites on the same Redis publish too: their tickets are not in this database and arrive as null.
  const events: { data?: { queueChanged?: { type: string; ticket: { number: string } | null } | null } }[] = [];
  void (async () => {
    let buffer = '';
    try {
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value: chunk } = await reader.read();
        if (done) break;
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = buffer.slice(0, end).split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
          buffer = buffer.slice(end + 2);
          if (data) events.push(JSON.parse(data) as (typeof events)[number]);
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return { events, close: () => controller.abort() };
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Needs a PostgreSQL server (DATABASE_URL; .ci/run sets it when one answers): two processes cannot share
// the embedded SQLite file as a scale-out. Redis runs beside it at 127.0.0.1:6379 (REDIS_URL overrides).
describe.skipIf(!process.env.DATABASE_URL)('two instances on PostgreSQL and Redis', () => {
  let one: RunningDesk;
  let two: RunningDesk;
  const cleanups: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    const postgres = await privatePostgresSchema();
    cleanups.push(() => postgres.drop());
    const dirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-scale-')));
    cleanups.push(async () => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
    const common = { DATABASE_URL: postgres.url, REDIS_URL, NOCDESK_DISPATCH_INTERVAL_MS: '100' };
    one = await startNocdesk({ ...common, NOCDESK_DATA_DIR: dirs[0]!, NOCDESK_SEED_DEMO: '1' });
    cleanups.push(() => one.stop('SIGKILL'));
    two = await startNocdesk({ ...common, NOCDESK_DATA_DIR: dirs[1]!, NOCDESK_SEED_DEMO: '0' });
    cleanups.push(() => two.stop('SIGKILL'));
  }, 120_000);
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('shows a ticket created on one instance on the other, and delivers its events there', async () => {
    const credentials = one.credentials;
    if (!credentials) throw new Error('no demo credentials');
    const subscription = await subscribeOver(two.url, 'subscription { queueChanged { type ticket { number } } }', credentials.engineerToken);
    try {
      // The stream is open before Redis has confirmed the other instance's SUBSCRIBE: warm up with
      // tickets until one is heard, so the ticket under test cannot be published into the gap.
      await until('the subscriber hears the first instance', async () => {
        await one.gql(CREATE_TICKET, { input: { reporterEmail: 'noc@acme.example', subject: 'Warm-up', description: 'Checking the event path' } }, credentials.partnerKey);
        await new Promise((resolve) => setTimeout(resolve, 100));
        return subscription.events.length > 0 ? true : undefined;
      });
      const created = await one.gql(CREATE_TICKET, { input: { reporterEmail: 'noc@acme.example', subject: 'Total outage at the Madrid POP', description: 'No service since 08:10' } }, credentials.partnerKey);
      const number = expectCreated(created as never);

      const seen = await two.gql<{ ticket: { number: string; subject: string } | null }>('query T($n: String!) { ticket(number: $n) { number subject } }', { n: number }, credentials.engineerToken);
      expect(seen.data?.ticket).toEqual({ number, subject: 'Total outage at the Madrid POP' });

      const types = await until('CREATED and ACKNOWLEDGED on the other instance', () => {
        const mine = subscription.events.filter((e) => e.data?.queueChanged?.ticket?.number === number).map((e) => e.data?.queueChanged?.type);
        return mine.includes('CREATED') && mine.includes('ACKNOWLEDGED') ? mine : undefined;
      });
      expect(types).toEqual(expect.arrayContaining(['CREATED', 'ACKNOWLEDGED']));
    } finally {
      subscription.close();
    }
    // Bounded by the waits above; generous because CI runs the other suites beside it on 2 cores.
  }, 60_000);
});
