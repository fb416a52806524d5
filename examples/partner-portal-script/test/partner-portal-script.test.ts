// The example script against a real desk on 127.0.0.1 (started through @nocdesk/server's public
// API), as the Acme partner.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReporterNotAuthorizedError } from '@nocdesk/client';
import { loadConfig, seedDemo, startServer, type DemoCredentials, type RunningServer } from '@nocdesk/server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../src/index.js';

let server: RunningServer;
let credentials: DemoCredentials;
let dataDir: string;
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-portal-script-'));
  server = await startServer(loadConfig({ NOCDESK_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', SMTP_PORT: '0', LOG_LEVEL: 'warn' }), { dispatchIntervalMs: 3_600_000, runScheduler: false });
  const seeded = await seedDemo(server.desk);
  if (!seeded.credentials) throw new Error('the desk did not seed its demo data');
  credentials = seeded.credentials;
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('opens a ticket and prints its number and acknowledgement state', async () => {
  const lines: string[] = [];
  const ticket = await main({ NOCDESK_URL: server.url, NOCDESK_TOKEN: credentials.partnerKey }, { print: (line) => lines.push(line) });

  expect(ticket.customer.name).toBe('Acme Networks');
  expect(lines[0]).toBe(`Ticket ${ticket.displayNumber} (number ${ticket.number}), priority ${ticket.priority.level} ${ticket.priority.name}`);
  expect(lines[1]).toBe('Acknowledgement queued: noc@acme.example will receive it with the ticket number shortly');
  expect(lines[2]).toBe(`An engineer answers by ${ticket.firstResponseDue}`);
});

it('passes a refusal on as a typed error', async () => {
  const run = main({ NOCDESK_URL: server.url, NOCDESK_TOKEN: credentials.partnerKey, NOCDESK_REPORTER: 'billing@acme.example' }, { print: () => {} });
  await expect(run).rejects.toBeInstanceOf(ReporterNotAuthorizedError);
});

it('says what to set when the environment is incomplete', async () => {
  await expect(main({ NOCDESK_URL: server.url })).rejects.toThrow(/NOCDESK_TOKEN/);
});
