// A real `nocdesk start` process for the operations suites: its own ports on 127.0.0.1, its JSON log
// lines read from stdout, stopped by a signal as an orchestrator would stop it.
import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { expect } from 'vitest';
import { ADMIN_TOKEN, freePort, spawnNocdesk, stopChild, waitForOutput } from '../support/index.js';
import type { DemoCredentials } from '../../src/seed.js';

export interface RunningDesk {
  readonly child: ChildProcess;
  readonly url: string;
  readonly httpPort: number;
  readonly smtpPort: number;
  readonly credentials: DemoCredentials | undefined;
  /** Everything the process printed on stdout so far, line by line. */
  stdoutLines(): string[];
  stderr(): string;
  /** The stdout lines that are JSON objects: the structured log. */
  logLines(): Record<string, unknown>[];
  /** Resolves once a log line with this message was written (or rejects after `timeoutMs`). */
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<{ status: number; headers: Headers; data?: T; errors?: { message: string }[] }>;
  /**
   * SIGTERM straight to the program, as an orchestrator signals the server process, and wait for the
   * exit; the exit code. Not through tsx: its relay gives the program 30 ms to acknowledge a signal
   * before it kills it, which a loaded machine does not always meet.
   */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<number | null>;
}

export async function startNocdesk(env: Record<string, string>): Promise<RunningDesk> {
  const httpPort = await freePort();
  const smtpPort = await freePort();
  const child = spawnNocdesk(['start'], { HOST: '127.0.0.1', PORT: String(httpPort), SMTP_PORT: String(smtpPort), NOCDESK_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'info', ...env });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await waitForOutput(child, /"msg":"nocdesk started"/, 60_000);
  const dataDir = env.NOCDESK_DATA_DIR;
  const credentialsFile = dataDir ? path.join(dataDir, 'demo-credentials.json') : undefined;
  const credentials = credentialsFile && fs.existsSync(credentialsFile) ? (JSON.parse(fs.readFileSync(credentialsFile, 'utf8')) as DemoCredentials) : undefined;
  const url = `http://127.0.0.1:${httpPort}/graphql`;
  const logLines = () =>
    stdout.split('\n').flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  return {
    child,
    url,
    httpPort,
    smtpPort,
    credentials,
    stdoutLines: () => stdout.split('\n'),
    stderr: () => stderr,
    logLines,
    async waitForLog(msg, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = logLines().find((l) => l.msg === msg);
        if (line) return line;
        if (Date.now() > deadline) throw new Error(`no log line "${msg}" within ${timeoutMs} ms; stderr: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async gql(query, variables = {}, token = ADMIN_TOKEN) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, headers: response.headers, ...((await response.json()) as { data?: never; errors?: { message: string }[] }) };
    },
    async stop(signal = 'SIGTERM') {
      const exited = new Promise<number | null>((resolve) => {
        if (child.exitCode !== null) resolve(child.exitCode);
        else child.once('exit', (code) => resolve(code));
      });
      const program = logLines().find((l) => l.msg === 'nocdesk started')?.pid;
      if (signal === 'SIGTERM' && typeof program === 'number' && child.exitCode === null) process.kill(program, 'SIGTERM');
      else await stopChild(child, signal);
      return exited;
    },
  };
}

export const CREATE_TICKET = `mutation CreateTicket($input: CreateTicketInput!) {
  createTicket(input: $input) { __typename ... on MutationCreateTicketSuccess { ticket { number } } ... on Error { message } }
}`;

/** A portal ticket for the demo customer's technical contact. */
export function ticketInput(n: number) {
  return { input: { reporterEmail: 'noc@acme.example', subject: `Packet loss on the Valencia link #${n}`, description: `Loss seen from the CPE, run ${n}` } };
}

export function expectCreated(answer: { status: number; data?: { createTicket?: { __typename: string; ticket?: { number: string } } } }): string {
  expect(answer.status).toBe(200);
  expect(answer.data?.createTicket?.__typename).toBe('MutationCreateTicketSuccess');
  return answer.data?.createTicket?.ticket?.number ?? '';
}
