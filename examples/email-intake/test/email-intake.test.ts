// The example against a real desk on 127.0.0.1 (started through @nocdesk/server's public API, SMTP
// listener and dispatcher running): the email goes in over SMTP, the acknowledgement comes back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, seedDemo, startServer, type DemoCredentials, type RunningServer } from '@nocdesk/server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../src/index.js';

let server: RunningServer;
let credentials: DemoCredentials;
let dataDir: string;
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-email-intake-'));
  const config = loadConfig({ NOCDESK_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', NOCDESK_MAIL_FROM: 'ncc@nocdesk.example' });
  server = await startServer(config, { smtpPort: 0, dispatchIntervalMs: 50, runScheduler: false });
  const seeded = await seedDemo(server.desk);
  if (!seeded.credentials) throw new Error('the desk did not seed its demo data');
  credentials = seeded.credentials;
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('sends an outage report over SMTP and prints the acknowledgement with the ticket number', async () => {
  const lines: string[] = [];
  const result = await main(
    { NOCDESK_SMTP: `smtp://127.0.0.1:${server.smtpPort}`, NOCDESK_URL: server.url, NOCDESK_TOKEN: credentials.partnerKey },
    { print: (line) => lines.push(line), timeoutMs: 20_000, pollMs: 50 },
  );

  expect(lines[0]).toMatch(/^Sent <[0-9a-f-]+@acme\.example> to 127\.0\.0\.1:\d+: 250 /);
  expect(lines[1]).toBe(`Ticket ${result.ticket.displayNumber}, priority 1 Maximum`);
  expect(lines[2]).toContain(`[${result.ticket.displayNumber}]`);
  expect(result.ticket).toMatchObject({ channel: 'EMAIL', reporter: { email: 'noc@acme.example' }, service: { sof: 'SOF-10001' } });
  expect(result.acknowledgement).toMatchObject({ direction: 'OUT', to: 'noc@acme.example' });
  expect(result.acknowledgement.body).toContain(result.ticket.displayNumber);
}, 30_000);

it('says what to check when the sender is not a registered contact', async () => {
  const run = main(
    { NOCDESK_SMTP: `smtp://127.0.0.1:${server.smtpPort}`, NOCDESK_URL: server.url, NOCDESK_TOKEN: credentials.partnerKey, NOCDESK_FROM: 'stranger@acme.example' },
    { print: () => {}, timeoutMs: 1_000, pollMs: 50 },
  );
  await expect(run).rejects.toThrow(/registered ADMINISTRATIVE or TECHNICAL contact/);
}, 30_000);
