// The code samples a partner follows, run against a real desk on 127.0.0.1 so the docs cannot rot:
// the client's README, docs/getting-started.md and docs/client.md. In each, the ```sh runnable
// blocks run first, in order (with the desk's real ports in place of 4000 and 2525), then the
// ```ts runnable blocks as one module, type-checked first (a renamed field fails here even where it
// would still run) and then run as the Acme partner with NOCDESK_URL and NOCDESK_TOKEN set, exactly
// as a partner's script would be.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDesk, type RunningDesk } from './support.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
// Not spawnSync: the desk runs in this process and must answer the child's requests meanwhile.
const run = promisify(execFile);

/** The bodies of the fenced blocks whose info string is `<language> runnable`. */
function runnableBlocks(markdown: string, language: 'ts' | 'sh'): string[] {
  return [...markdown.matchAll(new RegExp(`^\`\`\`${language} runnable\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((match) => match[1]!);
}

/** One module from several blocks: their single-line named imports merged and hoisted, the rest in order. */
function asModule(blocks: readonly string[]): string {
  const imports = new Map<string, Set<string>>();
  const body: string[] = [];
  for (const block of blocks) {
    for (const line of block.split('\n')) {
      const match = /^import \{([^}]+)\} from '([^']+)';$/.exec(line);
      if (!match) {
        body.push(line);
        continue;
      }
      const names = imports.get(match[2]!) ?? new Set<string>();
      for (const name of match[1]!.split(',')) names.add(name.trim());
      imports.set(match[2]!, names);
    }
  }
  const header = [...imports].map(([from, names]) => `import { ${[...names].join(', ')} } from '${from}';`);
  return [...header, ...body, 'export {};'].join('\n');
}

/** Type errors of one file, checked as a partner's strict project would check it. */
function typeErrors(file: string): string[] {
  const program = ts.createProgram([file], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [path.join(ROOT, 'node_modules/@types')],
    paths: {
      '@nocdesk/client': [path.join(ROOT, 'packages/client/src/index.ts')],
      '@nocdesk/client/subscriptions': [path.join(ROOT, 'packages/client/src/subscriptions.ts')],
    },
  });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

interface Doc {
  readonly file: string;
  /** What the run must have printed, line by line (console.log), and the shell blocks' output. */
  readonly expectations: (printed: readonly string[], shell: string) => void;
}

const DOCS: readonly Doc[] = [
  {
    file: 'packages/client/README.md',
    expectations: (printed) => {
      expect(printed[0]).toMatch(/^Ticket NCC#\d+, priority 1 \(KEYWORD\), answer due by 20\d\d-/);
      expect(printed).toContainEqual(expect.stringMatching(/^OPEN CREATED → ACKNOWLEDGEMENT_QUEUED$/));
      expect(printed).toContainEqual(expect.stringMatching(/^NCC#\d+ Link down at Madrid POP$/));
      expect(printed).toContainEqual('Escalated 1 time(s), SLA ON_TRACK');
      expect(printed).toContainEqual(expect.stringMatching(/^CHECK_DIGIT: /));
      expect(printed).toContainEqual(expect.stringMatching(/^Not allowed to open tickets \(ROLE_NOT_ALLOWED\): /));
      expect(printed).toContainEqual(expect.stringMatching(/^\d+ recent tickets$/));
      expect(printed.at(-1)).toMatch(/^NCC#\d+ changed: MESSAGE_ADDED$/);
    },
  },
  {
    file: 'docs/getting-started.md',
    expectations: (printed, shell) => {
      expect(shell).toMatch(/^Sent <[0-9a-f-]+@acme\.example> to 127\.0\.0\.1:\d+: 250 OK: message stored$/m);
      expect(shell).toMatch(/^Ticket NCC#\d+, priority 1 Maximum$/m);
      expect(shell).toMatch(/^Acknowledgement to noc@acme\.example: \[NCC#\d+\] /m);
      expect(shell).toMatch(/"__typename":"MutationCreateTicketSuccess","ticket":\{"displayNumber":"NCC#\d+","priority":\{"level":2,"source":"KEYWORD"\}\}/);
      expect(printed[0]).toMatch(/^Opened NCC#\d+: level 1 \(Maximum\), an engineer answers by 20\d\d-/);
      expect(printed[1]).toBe('Refused as expected: ROLE_NOT_ALLOWED');
      expect(printed[2]).toMatch(/^NCC#\d+ is OPEN; history: CREATED, ACKNOWLEDGEMENT_QUEUED/);
      expect(printed[3]).toBe('Escalated: counted; SLA ON_TRACK');
      expect(printed[4]).toMatch(/^Not a ticket number: /);
    },
  },
  {
    file: 'docs/client.md',
    expectations: (printed) => {
      expect(printed[0]).toMatch(/^NCC#\d+ OPEN level 2 from KEYWORD, flags: none$/);
      expect(printed[1]).toMatch(/^NCC#\d+ is OPEN$/);
      expect(printed).toContainEqual(expect.stringMatching(/^\d+ open level-2 tickets on this page; more: (true|false)$/));
      expect(printed).toContainEqual(expect.stringMatching(/^\d+ open tickets at risk or breached$/));
      expect(printed).toContainEqual('Aborted, not offline');
      expect(printed).toContainEqual(expect.stringMatching(/^Request [0-9a-f-]{36}: reporterEmail and subject need fixing$/));
      expect(printed).toContainEqual(expect.stringMatching(/^NCC#\d+: ESCALATED, 1 escalation\(s\)$/));
      expect(printed).toContainEqual('CONTACT: Since 09:00 we miss 10.20.0.0/16.');
      expect(printed.at(-1)).toMatch(/^The chat is now NCC#\d+ \(CHAT\)$/);
    },
  },
];

let desk: RunningDesk;
let scratch: string;
beforeAll(async () => {
  // The SMTP listener for the email samples; the dispatcher sends acknowledgements at once.
  desk = await startDesk({ smtp: true, dispatchIntervalMs: 50 });
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-docs-'));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  fs.rmSync(scratch, { recursive: true, force: true });
  await desk.close();
});

describe.each(DOCS)('$file', ({ file, expectations }) => {
  const markdown = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const moduleFile = () => path.join(scratch, `${path.basename(file, '.md')}-samples.mts`);

  it('has runnable samples, and they type-check', () => {
    expect(runnableBlocks(markdown, 'ts').length).toBeGreaterThanOrEqual(2);
    fs.writeFileSync(moduleFile(), asModule(runnableBlocks(markdown, 'ts')));
    expect(typeErrors(moduleFile())).toEqual([]);
  }, 60_000);

  it('runs against a desk as the Acme partner and prints what the page says', async () => {
    const env = { NOCDESK_URL: desk.url, NOCDESK_TOKEN: desk.credentials.partnerKey };
    const ports = (script: string) => script.replaceAll('127.0.0.1:4000', new URL(desk.url).host).replaceAll('127.0.0.1:2525', `127.0.0.1:${desk.server.smtpPort}`);
    let shell = '';
    for (const block of runnableBlocks(markdown, 'sh')) {
      const result = await run('bash', ['-euo', 'pipefail', '-c', ports(block)], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 90_000 }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(`${block}\nfailed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
      });
      shell += result.stdout;
    }

    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    try {
      fs.writeFileSync(moduleFile(), asModule(runnableBlocks(markdown, 'ts')));
      await import(/* @vite-ignore */ pathToFileURL(moduleFile()).href);
      expectations(log.mock.calls.map((call) => call.join(' ')), shell);
    } finally {
      log.mockRestore();
      debug.mockRestore();
    }
  }, 120_000);
});
