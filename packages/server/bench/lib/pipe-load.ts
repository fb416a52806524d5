// Pipe delivery as an MTA does it (Postfix pipe, Exim, procmail): one process per message, the
// message on stdin, the exit code as the answer; several deliveries in parallel.
import { spawnChild, waitForExit } from './children.js';

export interface PipeLoadResult {
  readonly accepted: number;
  readonly refused: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly lastError: string | undefined;
}

export interface PipeCommand {
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly stdin: string;
}

async function runOnce(command: PipeCommand): Promise<{ ok: boolean; output: string }> {
  const child = spawnChild(process.execPath, command.args, { stdio: ['pipe', 'pipe', 'pipe'], env: command.env ?? process.env });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stdin?.end(command.stdin);
  if (!(await waitForExit(child, 30_000))) {
    child.kill('SIGKILL');
    return { ok: false, output: 'timed out' };
  }
  return { ok: child.exitCode === 0, output };
}

/** Runs commands from `next()` with `parallel` at a time until it returns undefined or time is up. */
export async function pipeLoad(options: { parallel: number; seconds: number; next: () => PipeCommand | undefined }): Promise<PipeLoadResult> {
  const deadline = performance.now() + options.seconds * 1000;
  const started = performance.now();
  let accepted = 0;
  let refused = 0;
  let lastError: string | undefined;
  await Promise.all(
    Array.from({ length: options.parallel }, async () => {
      while (performance.now() < deadline) {
        const command = options.next();
        if (!command) break;
        const { ok, output } = await runOnce(command);
        if (ok) accepted++;
        else {
          refused++;
          lastError = output.trim().slice(0, 300);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { accepted, refused, seconds, perSecond: accepted / seconds, lastError };
}

/** The pipe reference: a Node process that reads stdin and posts `{ __typename }` with the same token. */
export function bareHttpPipeScript(url: string, token: string): readonly string[] {
  const script = `const c=[];process.stdin.on('data',d=>c.push(d));process.stdin.on('end',async()=>{const r=await fetch(${JSON.stringify(url)},{method:'POST',headers:{'content-type':'application/json',authorization:${JSON.stringify(`Bearer ${token}`)}},body:JSON.stringify({query:'{ __typename }',variables:{raw:Buffer.concat(c).toString('base64')}})});const t=await r.text();process.exitCode=r.ok&&t.includes('Query')?0:75;});`;
  return ['-e', script];
}
