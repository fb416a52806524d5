// The example receiver against a real desk on 127.0.0.1 (started through @nocdesk/server's public API,
// with NOCDESK_WEBHOOK_ALLOW_HTTP so it may post to http://127.0.0.1): a delivery is verified and
// printed; a receiver down for a while gets every event once it is back, none twice; a tampered body
// and a stale timestamp are refused by verifyWebhook.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createNocdeskClient, type NocdeskClient } from '@nocdesk/client';
import { loadConfig, retryDelayMs, seedDemo, startServer, type DemoCredentials, type RunningServer } from '@nocdesk/server';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../src/receiver.js';

let server: RunningServer;
let credentials: DemoCredentials;
let dataDir: string;
let partner: NocdeskClient;
let clock = Date.parse('2026-11-26T09:00:00.000Z');
const now = () => new Date(clock);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-webhook-receiver-'));
  const config = loadConfig({ NOCDESK_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', SMTP_PORT: '0', LOG_LEVEL: 'silent', NOCDESK_WEBHOOK_ALLOW_HTTP: 'on' });
  // The dispatcher's own timer never fires here: the test sends when it means to.
  server = await startServer(config, { now, dispatchIntervalMs: 3_600_000, runScheduler: false });
  const seeded = await seedDemo(server.desk);
  if (!seeded.credentials) throw new Error('the desk did not seed its demo data');
  credentials = seeded.credentials;
  partner = createNocdeskClient({ url: server.url, token: credentials.partnerKey });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
});

/** createWebhook as the Acme partner, over HTTP as any partner's backend would send it. */
async function register(url: string, events: readonly string[]): Promise<{ id: string; secret: string }> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credentials.partnerKey}` },
    body: JSON.stringify({
      query: `mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { __typename ... on Error { message } ... on MutationCreateWebhookSuccess { secret webhook { id } } } }`,
      variables: { input: { url, events } },
    }),
  });
  const { data } = (await response.json()) as { data: { createWebhook: { __typename: string; message?: string; secret?: string; webhook?: { id: string } } } };
  if (!data.createWebhook.secret || !data.createWebhook.webhook) throw new Error(`createWebhook: ${data.createWebhook.__typename} ${data.createWebhook.message ?? ''}`);
  return { id: data.createWebhook.webhook.id, secret: data.createWebhook.secret };
}

async function receiver(secret: string, port = 0): Promise<{ receiver: WebhookReceiver; lines: string[] }> {
  const lines: string[] = [];
  const started = await startWebhookReceiver({ secret, port, now, print: (line) => lines.push(line) });
  receivers.push(started);
  return { receiver: started, lines };
}

/** A free port on 127.0.0.1, to register before the receiver first listens there. */
async function freePort(): Promise<number> {
  const probe = await startWebhookReceiver({ secret: 'probe' });
  await probe.close();
  return probe.port;
}

it('verifies and prints a delivery of the desk', async () => {
  const port = await freePort();
  const { id: _id, secret } = await register(`http://127.0.0.1:${port}/`, ['CREATED', 'ESCALATED']);
  const { receiver: started, lines } = await receiver(secret, port);

  const ticket = await partner.tickets.create({ reporterEmail: 'noc@acme.example', subject: 'Caída total del servicio SOF-10001', description: 'Sin servicio desde las 09:00' });
  await partner.tickets.escalate({ number: ticket.number });
  await server.dispatcher.runOnce();

  expect(lines).toEqual([`CREATED ${ticket.displayNumber} OPEN priority 1 "Caída total del servicio SOF-10001"`, `ESCALATED ${ticket.displayNumber} OPEN priority 1 "Caída total del servicio SOF-10001"`]);
  expect(started.events.map((e) => e.ticket.escalationCount)).toEqual([0, 1]);
});

it('a receiver down for a while gets every event once it is back, none doubled', async () => {
  const port = await freePort();
  const { id, secret } = await register(`http://127.0.0.1:${port}/`, ['CREATED']);
  // Nothing listens on the port yet: every delivery fails and waits for its retry.
  const numbers: string[] = [];
  for (let i = 0; i < 4; i++) numbers.push((await partner.tickets.create({ reporterEmail: 'ops@acme.example', subject: `Degraded link ${i}`, description: 'Latency up', requestedLevel: 2 })).displayNumber);
  await server.dispatcher.runOnce();

  const { receiver: back, lines } = await receiver(secret, port);
  clock += retryDelayMs(1);
  await server.dispatcher.runOnce();
  await server.dispatcher.runOnce();

  expect(back.events.map((e) => e.ticket.displayNumber).sort()).toEqual([...numbers].sort());
  expect(lines.filter((l) => l.startsWith('duplicate'))).toEqual([]);
  const listed = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credentials.partnerKey}` },
    body: JSON.stringify({ query: 'query ($id: ID!) { node(id: $id) { ... on Webhook { deliveries(first: 10) { edges { node { status attempts } } } } } }', variables: { id } }),
  });
  const body = (await listed.json()) as { data: { node: { deliveries: { edges: { node: { status: string; attempts: number } }[] } } } };
  expect(body.data.node.deliveries.edges.map((e) => e.node)).toEqual(Array(4).fill({ status: 'DELIVERED', attempts: 2 }));
});

it('refuses a tampered body and a stale timestamp, and acts once on a delivery sent twice', async () => {
  // A recorder in front: it keeps the raw requests the desk sent, to replay them at the receiver.
  const recorded: { body: string; signature: string }[] = [];
  const { createServer } = await import('node:http');
  const recorder = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      recorded.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(request.headers['nocdesk-signature']) });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
  const { port } = recorder.address() as { port: number };
  try {
    const { secret } = await register(`http://127.0.0.1:${port}/recorded`, ['CREATED']);
    await partner.tickets.create({ reporterEmail: 'noc@acme.example', subject: 'Flapping BGP session', description: 'Since 10:02', requestedLevel: 2 });
    await server.dispatcher.runOnce();
    expect(recorded).toHaveLength(1);
    const [delivery] = recorded as [{ body: string; signature: string }];

    const { receiver: target, lines } = await receiver(secret);
    const post = (body: string, signature: string) => fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json', 'nocdesk-signature': signature }, body });

    const tampered = await post(delivery.body.replace('Flapping BGP session', 'Please refund us'), delivery.signature);
    expect(tampered.status).toBe(400);
    expect(await tampered.text()).toMatch(/^SIGNATURE_MISMATCH/);

    expect((await post(delivery.body, delivery.signature)).status).toBe(204);
    expect((await post(delivery.body, delivery.signature)).status).toBe(204);
    expect(target.events).toHaveLength(1);

    clock += 10 * 60_000;
    const stale = await post(delivery.body, delivery.signature);
    expect(stale.status).toBe(400);
    expect(await stale.text()).toMatch(/^TIMESTAMP_OUT_OF_TOLERANCE/);
    expect(lines).toEqual([
      expect.stringMatching(/^refused: SIGNATURE_MISMATCH/),
      expect.stringMatching(/^CREATED NCC#\d+ OPEN priority 2 "Flapping BGP session"$/),
      expect.stringMatching(/^duplicate [0-9a-f-]{36} skipped$/),
      expect.stringMatching(/^refused: TIMESTAMP_OUT_OF_TOLERANCE/),
    ]);
  } finally {
    await new Promise<void>((resolve) => recorder.close(() => resolve()));
  }
});
