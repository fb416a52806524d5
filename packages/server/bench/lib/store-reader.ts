// Reads what the desk recorded, straight from its database, after (or between) the load steps:
// the outbox backlog, tickets created in a window and their acknowledgement times.
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';

export interface AckTimes {
  /** Tickets created in the window (of the channel asked for). */
  readonly tickets: number;
  /** Milliseconds from each ticket's creation to its acknowledgement's send, sorted. */
  readonly latenciesMs: readonly number[];
  /** Tickets whose acknowledgement is queued but not sent (yet). */
  readonly unsent: number;
  /** Tickets with no acknowledgement queued at all. */
  readonly withoutAck: number;
}

export interface StoreReader {
  pendingOutbox(): Promise<number>;
  ackTimes(window: { from: Date; to: Date; channel: string }): Promise<AckTimes>;
  close(): Promise<void>;
}

const toMs = (value: string | Date) => (value instanceof Date ? value.getTime() : Date.parse(value));

export function sqliteReader(file: string): StoreReader {
  const db = new SqliteDatabase(file, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const pending = db.prepare(`select count(*) as n from outbox where status = 'PENDING'`);
  const acks = db.prepare(
    `select t.created_at as created, o.id as outbox, o.sent_at as sent from tickets t left join outbox o on o.ticket_id = t.id
     where t.created_at >= ? and t.created_at <= ? and t.channel = ?`,
  );
  return {
    pendingOutbox: async () => (pending.get() as { n: number }).n,
    ackTimes: async ({ from, to, channel }) => summarise(acks.all(from.toISOString(), to.toISOString(), channel) as OutboxJoin[]),
    close: async () => {
      db.close();
    },
  };
}

export async function postgresReader(url: string): Promise<StoreReader> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    pendingOutbox: async () => Number((await client.query<{ n: string }>(`select count(*) as n from outbox where status = 'PENDING'`)).rows[0]?.n ?? 0),
    ackTimes: async ({ from, to, channel }) =>
      summarise(
        (
          await client.query<OutboxJoin>(
            `select t.created_at as created, o.id as outbox, o.sent_at as sent from tickets t left join outbox o on o.ticket_id = t.id
             where t.created_at >= $1 and t.created_at <= $2 and t.channel = $3`,
            [from, to, channel],
          )
        ).rows,
      ),
    close: () => client.end(),
  };
}

interface OutboxJoin {
  readonly created: string | Date;
  readonly outbox: number | null;
  readonly sent: string | Date | null;
}

function summarise(rows: readonly OutboxJoin[]): AckTimes {
  const latenciesMs: number[] = [];
  let unsent = 0;
  let withoutAck = 0;
  for (const row of rows) {
    if (row.outbox === null) withoutAck++;
    else if (row.sent === null) unsent++;
    else latenciesMs.push(toMs(row.sent) - toMs(row.created));
  }
  latenciesMs.sort((a, b) => a - b);
  return { tickets: rows.length, latenciesMs, unsent, withoutAck };
}

/** Waits until the outbox has nothing pending, up to `maxMs`; returns the wait and what is left. */
export async function waitForOutboxDrain(reader: StoreReader, maxMs: number): Promise<{ ms: number; left: number }> {
  const started = performance.now();
  for (;;) {
    const left = await reader.pendingOutbox();
    const ms = performance.now() - started;
    if (left === 0 || ms >= maxMs) return { ms, left };
    await sleep(100);
  }
}
