// An operator ships the desk's stdout to a log store: every HTTP request is one JSON line with its
// request id, operation, caller, status and duration; SMTP transactions, intake decisions and sends
// have theirs; and no token, key, password or message text is ever in one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, DESK_ADDRESS, fixture, freePort } from '../support/index.js';
import { CREATE_TICKET, startNocdesk, type RunningDesk } from './running-desk.js';

const RELAY_PASSWORD = 'relay-pass-7Hq2Vx9';
const API_BODY = 'Latency spikes on the Valencia uplink, seen from three probes';
const EMAIL_BODY = 'WAN link down and we cannot reach the default gateway';
const UNKNOWN_TOKEN = 'ndk_not-a-real-token-4815162342';

let desk: RunningDesk;
let dataDir: string;
let lines: Record<string, unknown>[];
let stdout: string;
let apiRequestId: string | null;
let exitCode: number | null;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-log-'));
  // The relay is down (nobody listens on its port): the dispatcher's failure lines are in the log too.
  const relayPort = await freePort();
  desk = await startNocdesk({ NOCDESK_DATA_DIR: dataDir, NOCDESK_SMTP_URL: `smtp://nocdesk:${RELAY_PASSWORD}@127.0.0.1:${relayPort}`, NOCDESK_DISPATCH_INTERVAL_MS: '100' });
  const credentials = desk.credentials;
  if (!credentials) throw new Error('the desk seeded no demo credentials');

  const smtp = createTransport({ host: '127.0.0.1', port: desk.smtpPort, secure: false, ignoreTLS: true });
  await smtp.sendMail({ envelope: { from: 'noc@acme.example', to: [DESK_ADDRESS] }, raw: fixture('plain-outage-report') });
  smtp.close();
  const api = await desk.gql(CREATE_TICKET, { input: { reporterEmail: 'noc@acme.example', subject: 'Latency on SOF-10001', description: API_BODY } }, credentials.partnerKey);
  expect(api.status).toBe(200);
  apiRequestId = api.headers.get('x-request-id');
  expect((await desk.gql('{ queue(first: 5) { edges { node { number } } } }', {}, credentials.engineerToken)).status).toBe(200);
  expect((await desk.gql('{ viewer { kind } }', {}, UNKNOWN_TOKEN)).status).toBe(401);
  await desk.waitForLog('outbox send failed, will retry');
  exitCode = await desk.stop('SIGTERM');
  lines = desk.logLines();
  stdout = desk.stdoutLines().join('\n');
}, 120_000);

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the JSON log of a run', () => {
  it('has one line per HTTP request with id, operation, caller, status and duration', () => {
    const requests = lines.filter((l) => l.msg === 'http request');
    expect(requests.length).toBeGreaterThanOrEqual(3);
    for (const line of requests) {
      expect(line).toMatchObject({ level: 30, method: 'POST', path: '/graphql', status: expect.any(Number), durationMs: expect.any(Number), requestId: expect.any(String) });
      expect(typeof line.time).toBe('string');
    }
    const create = requests.find((l) => l.requestId === apiRequestId);
    expect(create).toMatchObject({ operation: 'CreateTicket', operationType: 'mutation', outcome: 'ok', status: 200, principal: { kind: 'partner', id: expect.any(String) } });
    expect(requests.find((l) => l.operation === 'queue')).toMatchObject({ operationType: 'query', principal: { kind: 'staff' } });
    expect(requests.find((l) => l.status === 401)).toMatchObject({ outcome: 'refused' });
  });

  it('has the SMTP transaction, the intake decisions, the failed send and the stop', () => {
    expect(lines.find((l) => l.msg === 'smtp message stored')).toMatchObject({ component: 'smtp', smtp: { mailFrom: 'noc@acme.example' } });
    expect(lines.filter((l) => l.msg === 'intake decision').map((l) => l.intake)).toContainEqual({ channel: 'EMAIL', outcome: 'created', ticketNumber: '1000002' });
    expect(lines.find((l) => l.msg === 'outbox send failed, will retry')).toMatchObject({ level: 40, outbox: { kind: 'ACKNOWLEDGEMENT', attempts: 1 } });
    expect(lines.find((l) => l.msg === 'signal received, stopping')).toMatchObject({ signal: 'SIGTERM' });
    expect(lines.at(-1)).toMatchObject({ msg: 'stopped: leases released, closing the database' });
    expect(exitCode).toBe(0);
  });

  it('never holds a seeded secret, the relay password, a token or a message text', () => {
    const credentials = desk.credentials;
    if (!credentials) throw new Error('no credentials');
    const secrets = [credentials.partnerKey, credentials.otherPartnerKey, credentials.adminToken, credentials.engineerToken, ADMIN_TOKEN, RELAY_PASSWORD, UNKNOWN_TOKEN, API_BODY, EMAIL_BODY];
    const logText = lines.map((l) => JSON.stringify(l)).join('\n');
    expect(logText.length).toBeGreaterThan(1000);
    for (const secret of secrets) expect(logText).not.toContain(secret);
    // Whatever is not a log line is the start banner, written for the person at the terminal.
    const other = stdout.split('\n').filter((l) => !l.startsWith('{'));
    expect(other.some((l) => l.startsWith('nocdesk is running'))).toBe(true);
    expect(desk.stderr()).not.toContain(RELAY_PASSWORD);
  });
});
