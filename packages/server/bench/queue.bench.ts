// The queue must stay fast at a million tickets: a page deep in the queue (keyset on the partial
// index) is compared with the first page, measured in the same run. A deep OFFSET page is the
// naive alternative, shown for contrast. Size: NOCDESK_BENCH_TICKETS (default 1,000,000).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { formatTicketNumber } from '@nocdesk/domain';
import { afterAll, bench, describe } from 'vitest';
import { openStore } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { queuePage, type QueueCursor } from '../src/store/tickets.js';

const TICKETS = Number(process.env.NOCDESK_BENCH_TICKETS ?? 1_000_000);
const PAGE = 50;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-bench-'));
const file = path.join(dir, 'bench.db');
const store = openStore({ sqlitePath: file });
await migrateToLatest(store);

// Bulk load through one prepared statement in one transaction: the store's API would take minutes.
const raw = new SqliteDatabase(file);
const at = '2026-11-26T00:00:00.000Z';
raw.prepare(`insert into customers (id, name, account_manager, created_at) values ('c1', 'Bench', null, ?)`).run(at);
raw.prepare(`insert into contacts (id, customer_id, name, email, phone, roles, language, status, created_at) values ('k1', 'c1', 'Bench', 'noc@bench.example', null, 'ADMINISTRATIVE', 'en', 'ACTIVE', ?)`).run(at);
const insert = raw.prepare(
  `insert into tickets (id, seq, number, customer_id, contact_id, service_id, sof, subject, description, status, level, priority_source, priority_matched, flags, channel, language, assigned_to, received_at, created_at, updated_at, acknowledged_at, first_response_due, escalation_count)
   values (?, ?, ?, 'c1', 'k1', null, null, 'bench', 'bench', ?, ?, 'default', null, '', 'EMAIL', 'en', null, ?, ?, ?, null, ?, 0)`,
);
const base = Date.parse(at);
raw.transaction(() => {
  for (let i = 0; i < TICKETS; i++) {
    const seq = 100_000 + i;
    const received = new Date(base + i * 1000).toISOString();
    // A realistic desk: most tickets resolved, the open ones spread over the three levels.
    const status = i % 10 === 0 ? 'OPEN' : 'RESOLVED';
    insert.run(`t${i}`, seq, formatTicketNumber(seq), status, (i % 3) + 1, received, received, received, received);
  }
})();
raw.exec('analyze');
raw.close();

// A cursor three quarters of the way through the open queue.
const openCount = Math.ceil(TICKETS / 10);
const deepRows = await store.db
  .selectFrom('tickets')
  .select(['level', 'received_at', 'seq'])
  .where('status', 'in', ['OPEN', 'IN_PROGRESS'])
  .orderBy('level')
  .orderBy('received_at')
  .orderBy('seq')
  .offset(Math.floor(openCount * 0.75))
  .limit(1)
  .execute();
const deep = deepRows[0];
if (!deep) throw new Error('bench data has no open tickets');
const cursor: QueueCursor = { level: deep.level, receivedAt: String(deep.received_at), seq: deep.seq };

afterAll(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`queue page of ${PAGE} among ${TICKETS.toLocaleString('en')} tickets`, () => {
  bench('first page (baseline)', async () => {
    await queuePage(store.db, 'sqlite', { limit: PAGE + 1 });
  });

  bench('keyset page 75% deep', async () => {
    await queuePage(store.db, 'sqlite', { limit: PAGE + 1, after: cursor });
  });

  bench('OFFSET page 75% deep (what keyset avoids)', async () => {
    await store.db
      .selectFrom('tickets')
      .selectAll()
      .where('status', 'in', ['OPEN', 'IN_PROGRESS'])
      .orderBy('level')
      .orderBy('received_at')
      .orderBy('seq')
      .offset(Math.floor(openCount * 0.75))
      .limit(PAGE + 1)
      .execute();
  });
});
