// The desk under test: the real `nocdesk start` as a child process on free loopback ports, measured
// from the spawn to `/ready` answering 200.
import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureOutput, freePort, memoryOf, spawnChild, stopChild, waitForHttp200, type MemoryFigures } from './children.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const CLI = path.join(REPO_ROOT, 'packages/server/dist/cli.js');

/** The bootstrap admin token of every desk the runner starts (also the mailgate's token). */
export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';

export interface DemoCredentials {
  readonly partnerKey: string;
  readonly otherPartnerKey: string;
  readonly adminToken: string;
  readonly engineerToken: string;
}

/** Builds the workspace when the server's dist/ is missing (the runner drives the built command). */
export function ensureBuilt(): { built: boolean; ms: number } {
  if (fs.existsSync(CLI)) return { built: false, ms: 0 };
  const started = performance.now();
  const result = spawnSync('pnpm', ['build'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0 || !fs.existsSync(CLI)) throw new Error('pnpm build failed; the benchmarks drive the built server (packages/server/dist)');
  return { built: true, ms: performance.now() - started };
}

export interface DeskEnv {
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly seedDemo: boolean;
  /** Extra environment (e.g. NODE_ENV). */
  readonly extra?: Readonly<Record<string, string>>;
}

function environment(desk: DeskEnv, ports: { http: number; smtp: number }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    HOST: '127.0.0.1',
    PORT: String(ports.http),
    SMTP_PORT: String(ports.smtp),
    NOCDESK_DATA_DIR: desk.dataDir,
    NOCDESK_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    NOCDESK_SEED_DEMO: desk.seedDemo ? 'on' : 'off',
    ...desk.extra,
  };
  if (desk.databaseUrl) env.DATABASE_URL = desk.databaseUrl;
  return env;
}

/** `nocdesk seed`: migrates and seeds the demo data into a fresh store, without serving. */
export function seedStore(desk: DeskEnv): DemoCredentials {
  const result = spawnSync(process.execPath, [CLI, 'seed'], { env: environment(desk, { http: 0, smtp: 0 }), encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`nocdesk seed failed: ${result.stderr || result.stdout}`);
  return readCredentials(desk.dataDir);
}

export function readCredentials(dataDir: string): DemoCredentials {
  return JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')) as DemoCredentials;
}

export interface RunningDesk {
  readonly pid: number;
  readonly url: string;
  readonly httpPort: number;
  readonly smtpPort: number;
  /** From the spawn to the first 200 of /ready. */
  readonly readyMs: number;
  memory(): MemoryFigures;
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Node flags before the script, e.g. --cpu-prof. */
  readonly nodeFlags?: readonly string[];
  readonly readyTimeoutMs?: number;
}

export async function startDesk(desk: DeskEnv, options: StartOptions = {}): Promise<RunningDesk> {
  const http = await freePort();
  let smtp = await freePort();
  while (smtp === http) smtp = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawnChild(process.execPath, [...(options.nodeFlags ?? []), CLI, 'start'], {
    env: environment(desk, { http, smtp }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(child);
  await waitForHttp200(`http://127.0.0.1:${http}/ready`, child, options.readyTimeoutMs ?? 30_000, output);
  const readyMs = performance.now() - started;
  const pid = child.pid;
  if (pid === undefined) throw new Error('the desk has no pid');
  return {
    pid,
    url: `http://127.0.0.1:${http}/graphql`,
    httpPort: http,
    smtpPort: smtp,
    readyMs,
    memory: () => memoryOf(pid),
    output,
    stop: () => stopChild(child, 15_000),
  };
}

/**
 * The reference for the cold start: a bare Node process that serves a 200 on /ready, timed the same
 * way (spawn to first 200).
 */
export async function bareHttpReadyMs(): Promise<number> {
  const port = await freePort();
  const script = `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`;
  const started = performance.now();
  const child = spawnChild(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = captureOutput(child);
  try {
    await waitForHttp200(`http://127.0.0.1:${port}/ready`, child, 10_000, output);
    return performance.now() - started;
  } finally {
    await stopChild(child, 2_000);
  }
}
