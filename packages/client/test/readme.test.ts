// Runs the README's ```ts runnable blocks, in order, as one module against a test desk, so the docs
// cannot rot. The blocks read NOCDESK_URL and NOCDESK_TOKEN and use the global fetch, exactly as a
// partner's script would; here they point at yoga.fetch. The same module is type-checked first, so a
// renamed field or method fails here even where it would still run.
import fs from 'node:fs';
import ts from 'typescript';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTestDesk, type TestDesk } from '../../server/test/support/test-desk.js';
import { DESK_URL } from './support/desk-client.js';

const README = new URL('../README.md', import.meta.url);
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** The bodies of the fenced blocks whose info string is `ts runnable`. */
function runnableBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts runnable\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
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

/** Type errors of one file, checked as the workspace checks its own sources. */
function typeErrors(file: string): string[] {
  const program = ts.createProgram([file], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [path.join(ROOT, 'node_modules/@types')],
    paths: { '@nocdesk/client': [path.join(ROOT, 'packages/client/src/index.ts')] },
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

let desk: TestDesk;
let dir: string;
let file: string;
beforeAll(async () => {
  desk = await createTestDesk('sqlite');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-readme-'));
  file = path.join(dir, 'readme-examples.mts');
  fs.writeFileSync(file, asModule(runnableBlocks(fs.readFileSync(README, 'utf8'))));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  fs.rmSync(dir, { recursive: true, force: true });
  await desk.close();
});

it('the README has runnable examples', () => {
  expect(runnableBlocks(fs.readFileSync(README, 'utf8')).length).toBeGreaterThanOrEqual(4);
});

it('the README examples type-check', () => {
  expect(typeErrors(file)).toEqual([]);
}, 30_000);

it('the README examples run against a desk as the Acme partner', async () => {
  vi.stubEnv('NOCDESK_URL', DESK_URL);
  vi.stubEnv('NOCDESK_TOKEN', desk.credentials.partnerKey);
  vi.stubGlobal('fetch', desk.yoga.fetch);
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});

  await import(/* @vite-ignore */ pathToFileURL(file).href);

  const printed = log.mock.calls.map((call) => call.join(' '));
  log.mockRestore();
  expect(printed[0]).toMatch(/^Ticket NCC#\d+, priority 1, answer due by 20\d\d-/);
  expect(printed.some((line) => line.startsWith('Not allowed to open tickets (ROLE_NOT_ALLOWED): '))).toBe(true);
  expect(printed.some((line) => /^NCC#\d+ Link down at Madrid POP$/.test(line))).toBe(true);
  expect(printed.at(-1)).toMatch(/digit/);
});
