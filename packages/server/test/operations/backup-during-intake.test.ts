// `nocdesk backup` while tickets keep arriving: the copy restores to a desk that has every ticket
// answered before the backup began, acknowledged as it was, and passes SQLite's integrity check.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/server.js';
import { ADMIN_TOKEN, runNocdesk } from '../support/index.js';
import { CREATE_TICKET, expectCreated, startNocdesk, ticketInput } from './running-desk.js';

const TICKETS = `{ tickets(first: 100) { edges { node { number acknowledgedAt } } } }`;
type TicketList = { tickets: { edges: { node: { number: string; acknowledgedAt: string | null } }[] } };

describe('nocdesk backup on SQLite', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('restores every ticket answered, and every acknowledgement sent, before the backup began', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-backup-'));
    const restoreDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-restore-'));
    cleanups.push(async () => [dataDir, restoreDir].forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
    const desk = await startNocdesk({ NOCDESK_DATA_DIR: dataDir, NOCDESK_DISPATCH_INTERVAL_MS: '50' });
    cleanups.push(() => desk.stop('SIGKILL'));
    const partnerKey = desk.credentials?.partnerKey ?? '';

    // Intake goes on, two partners at a time, for the whole test.
    const answered: string[] = [];
    let intake = true;
    let n = 0;
    const partners = Array.from({ length: 2 }, async () => {
      while (intake && n < 95) answered.push(expectCreated((await desk.gql(CREATE_TICKET, ticketInput(n++), partnerKey)) as never));
    });
    while (answered.length < 20) await new Promise((resolve) => setTimeout(resolve, 20));

    const before = (await desk.gql<TicketList>(TICKETS)).data?.tickets.edges.map((e) => e.node) ?? [];
    const answeredBefore = [...answered];
    const acknowledgedBefore = before.filter((t) => t.acknowledgedAt !== null);
    expect(acknowledgedBefore.length).toBeGreaterThan(0);
    const file = path.join(dataDir, 'backups', 'nocdesk-backup.db');
    fs.mkdirSync(path.dirname(file));
    const backup = await runNocdesk(['backup', file], Buffer.alloc(0), { NOCDESK_DATA_DIR: dataDir });
    // Intake went on while the backup ran.
    const answeredDuring = answered.length - answeredBefore.length;
    intake = false;
    await Promise.all(partners);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up \d+ tickets \(\d+ bytes\) to .*nocdesk-backup\.db\.\n$/);
    // A second backup never overwrites the first.
    const again = await runNocdesk(['backup', file], Buffer.alloc(0), { NOCDESK_DATA_DIR: dataDir });
    expect(again.code).toBe(73);
    expect(await desk.stop('SIGTERM')).toBe(0);

    // Restore: the backup file becomes the database of a fresh data directory.
    fs.copyFileSync(file, path.join(restoreDir, 'nocdesk.db'));
    const restored = await startServer(loadConfig({ NOCDESK_DATA_DIR: restoreDir, NOCDESK_ADMIN_TOKEN: ADMIN_TOKEN, PORT: '0', SMTP_PORT: '0', NOCDESK_SEED_DEMO: '0', LOG_LEVEL: 'silent' }), { runScheduler: false, dispatchIntervalMs: 3_600_000 });
    cleanups.push(() => restored.close());
    const response = await fetch(restored.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify({ query: TICKETS }) });
    const tickets = ((await response.json()) as { data: TicketList }).data.tickets.edges.map((e) => e.node);
    const byNumber = new Map(tickets.map((t) => [t.number, t]));
    expect(answeredBefore.filter((number) => !byNumber.has(number))).toEqual([]);
    expect(acknowledgedBefore.filter((t) => byNumber.get(t.number)?.acknowledgedAt !== t.acknowledgedAt)).toEqual([]);
    expect(Number(/Backed up (\d+)/.exec(backup.stdout)?.[1])).toBe(tickets.length);
    // The copy is a snapshot: it ends somewhere between what was answered before and after it.
    expect(tickets.length).toBeGreaterThanOrEqual(answeredBefore.length);
    expect(tickets.length).toBeLessThanOrEqual(answered.length);
    expect(answeredDuring).toBeGreaterThan(0);
  }, 120_000);
});
