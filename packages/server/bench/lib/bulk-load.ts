// Fills a store directly, not through the API (which would take minutes): a million tickets of
// which one in ten is still open, spread over the three levels, and registered contacts for the
// email senders (each sender under the per-recipient acknowledgement limit).
import SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import { formatTicketNumber } from '@nocdesk/domain';

export interface BulkPlan {
  readonly tickets: number;
  /** One in `openEvery` tickets is OPEN, the rest RESOLVED. */
  readonly openEvery: number;
  /** TECHNICAL contacts bench-sender-<i>@acme.example of the demo customer Acme Networks. */
  readonly senders: number;
}

export interface BulkLoaded {
  readonly tickets: number;
  readonly open: number;
  /** A bulk ticket of Acme Networks, for lookups. */
  readonly sampleNumber: string;
  /** Level, received time and sequence of the open ticket three quarters down the queue. */
  readonly deepCursor: readonly [number, string, number];
  readonly ms: number;
}

export const SENDER_DOMAIN = 'acme.example';
export const senderAddress = (i: number) => `bench-sender-${i}@${SENDER_DOMAIN}`;

/** Received times: one a second, ending a day before the run, so new tickets sort after them. */
function receivedAt(plan: BulkPlan, end: number, i: number): string {
  return new Date(end - (plan.tickets - i) * 1000).toISOString();
}

const loadEnd = () => Date.now() - 24 * 3_600_000;

const isOpen = (plan: BulkPlan, i: number) => i % plan.openEvery === 0;
const levelOf = (i: number) => (Math.floor(i / 10) % 3) + 1;

/** The open ticket at 75 % of the queue (level, received time, seq order), computed from the plan. */
function deepCursorOf(plan: BulkPlan, end: number, firstSeq: number): readonly [number, string, number] {
  const open: number[] = [];
  for (let i = 0; i < plan.tickets; i += plan.openEvery) open.push(i);
  open.sort((a, b) => levelOf(a) - levelOf(b) || a - b);
  const i = open[Math.floor(open.length * 0.75)] ?? 0;
  return [levelOf(i), receivedAt(plan, end, i), firstSeq + i];
}

export function bulkLoadSqlite(file: string, plan: BulkPlan): BulkLoaded {
  const started = performance.now();
  const end = loadEnd();
  const db = new SqliteDatabase(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    const acme = db.prepare(`select c.id as customer, k.id as contact from customers c join contacts k on k.customer_id = c.id where c.name = 'Acme Networks' and k.email = 'noc@acme.example'`).get() as { customer: string; contact: string } | undefined;
    if (!acme) throw new Error('the demo customer Acme Networks is missing: was the store seeded?');
    const counter = db.prepare(`select value from counters where name = 'ticket_number'`).get() as { value: number };
    const firstSeq = counter.value + 1;
    // Columns later migrations added with a meaning for resolved tickets are filled when present.
    const columns = new Set((db.prepare(`select name from pragma_table_info('tickets')`).all() as { name: string }[]).map((c) => c.name));
    const resolvedAt = columns.has('resolved_at');
    const insertTicket = db.prepare(
      `insert into tickets (id, seq, number, customer_id, contact_id, service_id, sof, subject, description, status, level, priority_source, priority_matched, flags, channel, language, assigned_to, received_at, created_at, updated_at, acknowledged_at, first_response_due, escalation_count${resolvedAt ? ', resolved_at' : ''})
       values (?, ?, ?, ?, ?, null, null, ?, 'Loaded for the benchmarks.', ?, ?, 'default', null, '', 'EMAIL', 'en', null, ?, ?, ?, ?, ?, 0${resolvedAt ? ', ?' : ''})`,
    );
    const insertContact = db.prepare(
      `insert into contacts (id, customer_id, name, email, phone, roles, language, status, created_at, removed_at, removed_reason) values (?, ?, ?, ?, null, 'TECHNICAL', 'en', 'ACTIVE', ?, null, null)`,
    );
    // The tickets' own indexes are built once after the load (as the migrations define them), which is
    // several times faster than keeping them up to date row by row; unique constraints stay in place.
    const indexes = db.prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name = 'tickets' and sql is not null`).all() as { name: string; sql: string }[];
    for (const index of indexes) db.exec(`drop index "${index.name}"`);
    db.transaction(() => {
      for (let i = 0; i < plan.tickets; i++) {
        const seq = firstSeq + i;
        const at = receivedAt(plan, end, i);
        const open = isOpen(plan, i);
        const values: unknown[] = [`bench-t${i}`, seq, formatTicketNumber(seq), acme.customer, acme.contact, `Loaded ticket ${i}`, open ? 'OPEN' : 'RESOLVED', levelOf(i), at, at, at, at, at];
        if (resolvedAt) values.push(open ? null : at);
        insertTicket.run(values);
      }
      db.prepare(`update counters set value = ? where name = 'ticket_number'`).run(firstSeq + plan.tickets - 1);
      const now = new Date().toISOString();
      for (let i = 0; i < plan.senders; i++) insertContact.run(`bench-k${i}`, acme.customer, `Bench sender ${i}`, senderAddress(i), now);
    })();
    for (const index of indexes) db.exec(index.sql);
    db.exec('analyze');
    db.pragma('wal_checkpoint(TRUNCATE)');
    return {
      tickets: plan.tickets,
      open: Math.ceil(plan.tickets / plan.openEvery),
      sampleNumber: formatTicketNumber(firstSeq + Math.floor(plan.tickets / 2)),
      deepCursor: deepCursorOf(plan, end, firstSeq),
      ms: performance.now() - started,
    };
  } finally {
    db.close();
  }
}

export async function bulkLoadPostgres(client: pg.Client, plan: BulkPlan): Promise<BulkLoaded> {
  const started = performance.now();
  const end = loadEnd();
  const { rows } = await client.query<{ customer: string; contact: string }>(
    `select c.id as customer, k.id as contact from customers c join contacts k on k.customer_id = c.id where c.name = 'Acme Networks' and k.email = 'noc@acme.example'`,
  );
  const acme = rows[0];
  if (!acme) throw new Error('the demo customer Acme Networks is missing: was the store seeded?');
  const firstSeq = Number((await client.query<{ v: string }>(`select nextval('ticket_number_seq') as v`)).rows[0]?.v);
  const resolvedAt = (await client.query(`select 1 from information_schema.columns where table_schema = current_schema() and table_name = 'tickets' and column_name = 'resolved_at'`)).rowCount === 1;
  // As on SQLite: the tickets' indexes that back no constraint are dropped for the load and rebuilt after.
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `select i.indexname as name, i.indexdef as definition from pg_indexes i
     where i.schemaname = current_schema() and i.tablename = 'tickets'
       and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`,
  );
  for (const index of indexes) await client.query(`drop index "${index.name}"`);
  const batch = 100_000;
  for (let from = 0; from < plan.tickets; from += batch) {
    const count = Math.min(batch, plan.tickets - from);
    const numbers: string[] = [];
    const received: string[] = [];
    for (let i = from; i < from + count; i++) {
      numbers.push(formatTicketNumber(firstSeq + i));
      received.push(receivedAt(plan, end, i));
    }
    await client.query(
      `insert into tickets (id, seq, number, customer_id, contact_id, service_id, sof, subject, description, status, level, priority_source, priority_matched, flags, channel, language, assigned_to, received_at, created_at, updated_at, acknowledged_at, first_response_due, escalation_count${resolvedAt ? ', resolved_at' : ''})
       select 'bench-t' || x.i, $3::bigint + x.i, u.n, $4, $5, null, null, 'Loaded ticket ' || x.i, 'Loaded for the benchmarks.',
              case when x.i % $6 = 0 then 'OPEN' else 'RESOLVED' end, (x.i / 10) % 3 + 1, 'default', null, '', 'EMAIL', 'en', null,
              u.r::timestamptz, u.r::timestamptz, u.r::timestamptz, u.r::timestamptz, u.r::timestamptz, 0${resolvedAt ? `, case when x.i % $6 = 0 then null else u.r::timestamptz end` : ''}
       from unnest($1::text[], $2::text[]) with ordinality as u(n, r, o)
       cross join lateral (select (u.o - 1 + ${from})::bigint as i) x`,
      [numbers, received, firstSeq, acme.customer, acme.contact, plan.openEvery],
    );
  }
  for (const index of indexes) await client.query(index.definition);
  await client.query(`select setval('ticket_number_seq', $1)`, [firstSeq + plan.tickets - 1]);
  await client.query(
    `insert into contacts (id, customer_id, name, email, phone, roles, language, status, created_at)
     select 'bench-k' || g, $1, 'Bench sender ' || g, 'bench-sender-' || g || '@${SENDER_DOMAIN}', null, 'TECHNICAL', 'en', 'ACTIVE', now()
     from generate_series(0, $2::int - 1) g`,
    [acme.customer, plan.senders],
  );
  // Autovacuum is off on the benchmark machine: fresh statistics by hand, as after any bulk load.
  await client.query('analyze');
  return {
    tickets: plan.tickets,
    open: Math.ceil(plan.tickets / plan.openEvery),
    sampleNumber: formatTicketNumber(firstSeq + Math.floor(plan.tickets / 2)),
    deepCursor: deepCursorOf(plan, end, firstSeq),
    ms: performance.now() - started,
  };
}
