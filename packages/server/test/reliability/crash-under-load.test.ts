// kill -9 under load, five times, then a last restart (SQLite, and PostgreSQL when DATABASE_URL is set).
// Partners create tickets over HTTP and an MTA delivers mail over SMTP the whole time; the relay takes
// its time over each acknowledgement, so the killed process always holds leased messages, and goes down
// for two seconds in the first life. What the desk promises survives every kill:
// - every request answered with success has its ticket, every message answered 250 is stored;
// - no two tickets share a number;
// - every ticket has one acknowledgement (one Message-ID, one ACKNOWLEDGED event, sent), and the relay
//   saw it again only when a kill came between the relay taking it and the desk recording the send —
//   only what was being sent at a kill, always with the same Message-ID, so a mail client shows one;
// - the acknowledgements the killed process held are sent within seconds of the restart, not when
//   their leases run out (one minute, five for the one being sent).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { DESK_ADDRESS, DIALECTS, plainMail, privatePostgresSchema, startRecordingRelay } from '../support/index.js';
import { CREATE_TICKET, startNocdesk, type RunningDesk } from '../operations/running-desk.js';

const KILLS = 5;
const HTTP_WORKERS = 3;
const SMTP_WORKERS = 1;
/** Each worker's pause between requests: a steady load the dispatcher keeps close to, not a flood. */
const HTTP_PAUSE_MS = 150;
const SMTP_PAUSE_MS = 300;
const RELAY_DELAY_MS = 60;
/** How long each life runs under load before its kill: a random moment in this range. */
const LIFE_MS = { min: 800, max: 2_500 };
/** The held acknowledgements must go out this soon after a restart (their leases would hold them 60 s). */
const HELD_SENT_WITHIN_MS = 10_000;

/** A small seeded generator, so a failing run can be replayed with NOCDESK_CRASH_SEED. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(DIALECTS)('kill -9 under HTTP and SMTP load on %s', (dialect) => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it(`loses no answered ticket or stored mail and sends every acknowledgement once, across ${KILLS} kills`, async () => {
    const testStarted = Date.now();
    const seed = Number(process.env.NOCDESK_CRASH_SEED ?? Date.now() % 1_000_000);
    const next = random(seed);
    const context = `seed ${seed} (NOCDESK_CRASH_SEED=${seed} replays the kill moments)`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-crash-load-'));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const postgres = dialect === 'postgres' ? await privatePostgresSchema() : undefined;
    if (postgres) cleanups.push(() => postgres.drop());
    // Slow enough that the dispatcher always holds leased messages when a kill comes.
    const relay = await startRecordingRelay({ delayMs: RELAY_DELAY_MS });
    cleanups.push(() => relay.close());
    const env = {
      NOCDESK_DATA_DIR: dataDir,
      NOCDESK_MAIL_FROM: DESK_ADDRESS,
      NOCDESK_SMTP_URL: `${relay.url}?pool=true`,
      NOCDESK_DISPATCH_INTERVAL_MS: '50',
      NOCDESK_SCHEDULER_INTERVAL_MS: '200',
      ...(postgres ? { DATABASE_URL: postgres.url } : {}),
    };
    const store = () => openStore(postgres ? { databaseUrl: postgres.url } : { sqlitePath: path.join(dataDir, 'nocdesk.db') });

    let desk: RunningDesk | undefined = await startNocdesk({ ...env, NOCDESK_SEED_DEMO: '1' });
    // Only the living desk is stopped at the end: the killed ones are gone.
    cleanups.push(async () => desk?.stop('SIGKILL'));
    const partnerKey = desk.credentials?.partnerKey;
    if (!partnerKey) throw new Error('no demo credentials');

    // The load: runs across every life; a request to a dead or restarting desk fails and is not answered.
    let loading = true;
    let sequence = 0;
    const createdOverHttp: { subject: string; number: string }[] = [];
    const storedOverSmtp: string[] = [];
    let unanswered = 0;
    async function httpWorker() {
      while (loading) {
        const target = desk;
        if (!target) {
          await pause(50);
          continue;
        }
        const subject = `Packet loss on circuit ${++sequence}`;
        try {
          const response = await fetch(target.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${partnerKey}` },
            body: JSON.stringify({ query: CREATE_TICKET, variables: { input: { reporterEmail: 'noc@acme.example', subject, description: 'Loss seen from the CPE.' } } }),
          });
          const body = (await response.json()) as { data?: { createTicket?: { __typename: string; ticket?: { number: string } } } };
          await pause(HTTP_PAUSE_MS);
          if (response.status === 200 && body.data?.createTicket?.__typename === 'MutationCreateTicketSuccess') {
            createdOverHttp.push({ subject, number: body.data.createTicket.ticket?.number ?? '' });
          } else {
            throw new Error(`an answered request failed: ${response.status} ${JSON.stringify(body)}`);
          }
        } catch (error) {
          if (error instanceof Error && error.message.startsWith('an answered request failed')) throw error;
          unanswered++;
          await pause(20);
        }
      }
    }
    async function smtpWorker() {
      while (loading) {
        const target = desk;
        if (!target) {
          await pause(50);
          continue;
        }
        const messageId = `crash-load-${++sequence}@acme.example`;
        const client = createTransport({ host: '127.0.0.1', port: target.smtpPort, secure: false, ignoreTLS: true, connectionTimeout: 2_000, socketTimeout: 5_000 });
        try {
          const info = await client.sendMail({
            envelope: { from: 'noc@acme.example', to: [DESK_ADDRESS] },
            raw: plainMail({ from: 'noc@acme.example', subject: `Link flapping at site ${sequence}`, body: 'The BGP session drops every few minutes.', messageId }),
          });
          if (/^250 /.test(info.response)) storedOverSmtp.push(messageId);
          await pause(SMTP_PAUSE_MS);
        } catch {
          unanswered++;
          await pause(20);
        } finally {
          client.close();
        }
      }
    }
    const load = Promise.all([...Array.from({ length: HTTP_WORKERS }, httpWorker), ...Array.from({ length: SMTP_WORKERS }, smtpWorker)]);
    // Awaited once the kills are over; a failed answered request fails the test then.
    load.catch(() => undefined);

    // The relay is down for two seconds early on: what fails then is retried later, none lost or doubled.
    await pause(500);
    relay.setDown(true);
    await pause(2_000);
    relay.setDown(false);

    const heldSentAfterMs: number[] = [];
    const killedAt: number[] = [];
    for (let kill = 1; kill <= KILLS; kill++) {
      await pause(LIFE_MS.min + next() * (LIFE_MS.max - LIFE_MS.min));
      const dying: RunningDesk = desk;
      desk = undefined;
      killedAt.push(Date.now());
      await dying.stop('SIGKILL');

      // What the dead process held: leased, not sent, the lease still running.
      const db = store();
      const held = await db.db
        .selectFrom('outbox')
        .select('id')
        .where('status', '=', 'PENDING')
        .where('leased_by', 'is not', null)
        .where('leased_until', '>', new Date().toISOString())
        .execute();
      const restarted: RunningDesk = await startNocdesk({ ...env, NOCDESK_SEED_DEMO: '0' });
      const started = Date.now();
      desk = restarted;
      const ids = held.map((r) => r.id);
      for (;;) {
        const sent = ids.length === 0 ? [] : await db.db.selectFrom('outbox').select('id').where('id', 'in', ids).where('status', '=', 'SENT').execute();
        if (sent.length === ids.length) break;
        if (Date.now() - started > HELD_SENT_WITHIN_MS) {
          const rows = await db.db.selectFrom('outbox').select(['id', 'status', 'sent_at', 'attempts']).where('id', 'in', ids).execute();
          const instances = await db.db.selectFrom('desk_instances').selectAll().execute();
          throw new Error(`held acknowledgements still unsent ${HELD_SENT_WITHIN_MS} ms after the restart; ${context}: ${JSON.stringify({ rows, instances, log: restarted.logLines().filter((l) => Number(l.level) >= 40) })}`);
        }
        await pause(50);
      }
      if (ids.length > 0) heldSentAfterMs.push(Date.now() - started);
      await db.close();
    }
    loading = false;
    await load;

    // The last life sends what is left, including what the relay refused while down (retried after 30 s).
    relay.setDelay(0);
    const db = store();
    cleanups.push(() => db.close());
    const drainStarted = Date.now();
    for (;;) {
      const pending = await db.db.selectFrom('outbox').select('id').where('status', '<>', 'SENT').execute();
      if (pending.length === 0) break;
      if (Date.now() - drainStarted > 90_000) {
        const state = await db.db.selectFrom('outbox').select(['status', 'attempts', 'next_attempt_at', 'leased_by', 'last_error']).where('status', '<>', 'SENT').execute();
        const sent = await db.db.selectFrom('outbox').select(['sent_at']).where('status', '=', 'SENT').orderBy('sent_at', 'desc').limit(5).execute();
        throw new Error(`outbox not drained; ${context}: ${JSON.stringify({ left: state.length, state: state.slice(0, 10), sent, instances: await db.db.selectFrom('desk_instances').selectAll().execute(), log: desk?.logLines().filter((l) => Number(l.level) >= 40).slice(0, 10) })}`);
      }
      await pause(200);
    }
    const drainedAt = Date.now();
    expect(await desk?.stop('SIGTERM')).toBe(0);

    const tickets = await db.db.selectFrom('tickets').select(['id', 'number', 'subject', 'acknowledged_at']).execute();
    // Every answered request has its ticket, as answered.
    const byNumber = new Map(tickets.map((t) => [t.number, t]));
    for (const created of createdOverHttp) expect(byNumber.get(created.number)?.subject, context).toBe(created.subject);
    // No two tickets share a number.
    expect(byNumber.size).toBe(tickets.length);
    // Every message answered 250 is stored.
    const inbound = await db.db.selectFrom('messages').select('message_id').where('direction', '=', 'IN').where('channel', '=', 'EMAIL').execute();
    const storedIds = new Set(inbound.map((m) => m.message_id));
    expect(storedOverSmtp.filter((id) => !storedIds.has(id)), context).toEqual([]);
    // One acknowledgement per ticket: queued once, sent, recorded once. Mail from one sender beyond the
    // auto-reply limit (10 in 10 minutes) gets none, by design, and its ticket's history says so.
    const suppressed = new Set((await db.db.selectFrom('ticket_events').select('ticket_id').where('type', '=', 'AUTO_REPLY_SUPPRESSED').execute()).map((e) => e.ticket_id));
    const answerable = tickets.filter((t) => !suppressed.has(t.id));
    const acks = await db.db.selectFrom('outbox').select(['ticket_id', 'status', 'payload']).where('kind', '=', 'ACKNOWLEDGEMENT').execute();
    expect(acks.length).toBe(answerable.length);
    expect(new Set(acks.map((a) => a.ticket_id))).toEqual(new Set(answerable.map((t) => t.id)));
    expect(acks.every((a) => a.status === 'SENT')).toBe(true);
    const acknowledged = await db.db.selectFrom('ticket_events').select('ticket_id').where('type', '=', 'ACKNOWLEDGED').execute();
    expect(acknowledged.length).toBe(answerable.length);
    expect(new Set(acknowledged.map((e) => e.ticket_id)).size).toBe(answerable.length);
    expect(answerable.every((t) => t.acknowledged_at !== null)).toBe(true);
    // The relay has every acknowledgement; a second copy only of a send a kill interrupted: between two
    // copies of a message there is always a kill, within a moment of the first copy (bytes the killed
    // process had written can reach the relay a little after the kill).
    const ackIds = acks.map((a) => (JSON.parse(a.payload) as { messageId: string }).messageId);
    const copies = new Map<string, number[]>();
    for (const message of relay.accepted()) copies.set(message.messageId, [...(copies.get(message.messageId) ?? []), message.at]);
    expect(ackIds.filter((id) => !copies.has(id)), context).toEqual([]);
    expect([...copies.keys()].filter((id) => !ackIds.includes(id))).toEqual([]);
    let extraCopies = 0;
    for (const [messageId, times] of copies) {
      for (let copy = 1; copy < times.length; copy++) {
        extraCopies++;
        const [first, again] = [times[copy - 1] ?? 0, times[copy] ?? 0];
        const interrupted = killedAt.some((kill) => kill <= again && first <= kill + 1_000 && kill - first < 5_000);
        expect(interrupted, `${messageId} relayed again at ${again} without a kill just after its copy at ${first}; kills at ${killedAt.join(', ')}; ${context}`).toBe(true);
      }
    }

    // Enough happened for the kills to matter.
    expect(createdOverHttp.length).toBeGreaterThan(20);
    expect(storedOverSmtp.length).toBeGreaterThan(5);
    expect(relay.refused()).toBeGreaterThan(0);
    expect(heldSentAfterMs.length).toBeGreaterThan(0);
    console.info(
      `[crash under load, ${dialect}] ${context}: ${Math.round((Date.now() - testStarted) / 1000)} s, drained ${Math.round((drainedAt - drainStarted) / 1000)} s after the last kill; ${tickets.length} tickets (${createdOverHttp.length} answered over HTTP, ${storedOverSmtp.length} mails answered 250, ${unanswered} requests cut by a kill), ` +
        `${relay.refused()} sends refused while the relay was down, ${extraCopies} second copies; held acknowledgements sent ${heldSentAfterMs.join(', ')} ms after each restart`,
    );
  }, 240_000);
});
