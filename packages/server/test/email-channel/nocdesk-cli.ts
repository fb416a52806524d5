// Runs the real `nocdesk` command (src/cli.ts through tsx) as a child process, as an MTA or an operator would.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const TSX = `${ROOT}node_modules/.bin/tsx`;
const CLI = `${ROOT}packages/server/src/cli.ts`;
const TSCONFIG = `${ROOT}tsconfig.json`;

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  // The child reads its configuration from the environment only: none of the test runner's leaks in.
  const { PATH, HOME, TMPDIR } = process.env;
  return { ...(PATH ? { PATH } : {}), ...(HOME ? { HOME } : {}), ...(TMPDIR ? { TMPDIR } : {}), NODE_ENV: 'test', ...env };
}

/**
 * Starts `nocdesk <args>` in its own process group: tsx runs the program in a child node process, and a
 * kill -9 must reach that one too (SIGKILL cannot be relayed).
 */
export function spawnNocdesk(args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(TSX, ['--tsconfig', TSCONFIG, CLI, ...args], { cwd: ROOT, env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'], detached: true });
}

/** Runs one command to completion with `stdin` piped in. */
export function runNocdesk(args: readonly string[], stdin: Buffer, env: Record<string, string> = {}): Promise<CliRun> {
  const child = spawnNocdesk(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin?.end(stdin);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** A port nobody listens on right now: bind port 0 on loopback, read it, release it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Resolves once the child's stdout matched, rejects if it exits first or the deadline passes. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    let errors = '';
    const timer = setTimeout(() => finish(new Error(`no ${String(pattern)} within ${timeoutMs} ms; stdout: ${seen}; stderr: ${errors}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) finish();
    };
    const onErr = (chunk: Buffer) => (errors += chunk.toString());
    const onExit = (code: number | null) => finish(new Error(`exited with ${code} before ${String(pattern)}; stdout: ${seen}; stderr: ${errors}`));
    function finish(error?: Error) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onErr);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(seen);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onErr);
    child.once('exit', onExit);
  });
}

/**
 * Stops a child we started and waits until it is gone. SIGKILL goes to its process group (tsx and the
 * program it runs); SIGTERM to tsx alone, which relays it once so the program shuts down cleanly.
 */
export async function stopChild(child: ChildProcess, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (signal === 'SIGKILL') process.kill(-child.pid, 'SIGKILL');
  else child.kill('SIGTERM');
  await exited;
}
