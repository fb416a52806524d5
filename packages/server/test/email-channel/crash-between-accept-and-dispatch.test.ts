// A kill -9 of the server after the SMTP 250 and before the dispatcher sent the acknowledgement loses
// nothing: the 250 means the ticket and its queued acknowledgement were committed together, and the
// restarted server sends the acknowledgement exactly once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { ADMIN_TOKEN, DESK_ADDRESS, DIALECTS, fixture, privatePostgresSchema } from './email-channel-server.js';
import { freePort, spawnNocdesk, stopChild, waitForOutput } from './nocdesk-cli.js';
import type { ChildProcess } from 'node:child_process';

const STARTUP_MS = 45_000;

interface TicketState {
  number: string;
  subject: string;
  acknowledgedAt: string | null;
  events: { type: string }[];
  messages: { direction: string }[];
}

describe.each(DIALECTS)('a crash between SMTP accept and dispatch (%s)', (dialect) => {
  const children: ChildProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) await stopChild(child, 'SIGKILL');
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it(
    'loses nothing: after kill -9 and a restart the ticket exists and its acknowledgement is sent exactly once',
    async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-crash-'));
      cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
      const postgres = dialect === 'postgres' ? await privatePostgresSchema() : undefined;
      if (postgres) cleanups.push(() => postgres.drop());
      const [httpPort, smtpPort] = [await freePort(), await freePort()];
      const env = {
        NOCDESK_DATA_DIR: dataDir,
        HOST: '127.0.0.1',
        PORT: String(httpPort),
        SMTP_PORT: String(smtpPort),
        NOCDESK_ADMIN_TOKEN: ADMIN_TOKEN,
        NOCDESK_MAIL_FROM: DESK_ADDRESS,
        NOCDESK_SEED_DEMO: '1',
        ...(postgres ? { DATABASE_URL: postgres.url } : {}),
      };
      const outboxDir = path.join(dataDir, 'outbox');
      const outboxFiles = () => (fs.existsSync(outboxDir) ? fs.readdirSync(outboxDir).filter((f) => f.endsWith('.eml')) : []);

      // First life: the dispatcher would only look after an hour.
      const first = spawnNocdesk(['start'], { ...env, NOCDESK_DISPATCH_INTERVAL_MS: '3600000' });
      children.push(first);
      await waitForOutput(first, /SMTP: +127\.0\.0\.1:\d+/, STARTUP_MS);
      const client = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
      const info = await client.sendMail({ envelope: { from: 'noc@acme.example', to: [DESK_ADDRESS] }, raw: fixture('spanish-iso-8859-1-qp') });
      client.close();
      expect(info.response).toMatch(/^250 /);
      expect(outboxFiles()).toEqual([]);
      await stopChild(first, 'SIGKILL');
      expect(first.signalCode).toBe('SIGKILL');

      // Second life: the dispatcher runs every 100 ms.
      const second = spawnNocdesk(['start'], { ...env, NOCDESK_DISPATCH_INTERVAL_MS: '100' });
      children.push(second);
      await waitForOutput(second, /SMTP: +127\.0\.0\.1:\d+/, STARTUP_MS);
      const query = async (): Promise<TicketState | null> => {
        const response = await fetch(`http://127.0.0.1:${httpPort}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
          body: JSON.stringify({ query: '{ tickets(first: 10) { edges { node { number subject acknowledgedAt events { type } messages { direction } } } } }' }),
        });
        const body = (await response.json()) as { data: { tickets: { edges: { node: TicketState }[] } } };
        expect(body.data.tickets.edges).toHaveLength(1);
        return body.data.tickets.edges[0]?.node ?? null;
      };
      // Bounded wait for the restarted dispatcher's first passes (not a timing assertion).
      let ticket = await query();
      for (let attempt = 0; attempt < 200 && !ticket?.acknowledgedAt; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        ticket = await query();
      }
      expect(ticket?.subject).toBe('Caída total del servicio en Bogotá - SOF-20417');
      expect(ticket?.acknowledgedAt).not.toBeNull();

      // Let the dispatcher run a few more passes, then stop the server cleanly and look at what is left.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await stopChild(second, 'SIGTERM');
      const files = outboxFiles();
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(new RegExp(`^ack\\.${ticket?.number ?? 'none'}\\.[0-9a-f]{18}@nocdesk\\.example\\.eml$`));
      const after = ticket;
      expect(after?.events.filter((e) => e.type === 'ACKNOWLEDGED')).toHaveLength(1);
      expect(after?.messages.filter((m) => m.direction === 'OUT')).toHaveLength(1);
      const store = openStore(postgres ? { databaseUrl: postgres.url } : { sqlitePath: path.join(dataDir, 'nocdesk.db') });
      try {
        const rows = await store.db.selectFrom('outbox').select(['status', 'attempts', 'dedupe_key']).execute();
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ status: 'SENT', attempts: 1 });
        const events = await store.db.selectFrom('ticket_events').select('type').where('type', '=', 'ACKNOWLEDGED').execute();
        expect(events).toHaveLength(1);
      } finally {
        await store.close();
      }
    },
    180_000,
  );
});
