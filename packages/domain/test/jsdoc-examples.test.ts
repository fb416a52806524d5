// The `### Examples` blocks of the lifecycle, SLA and escalation modules are type-checked and run
// against the package's own exports, so an example cannot call a function that does not exist or
// promise a result the code does not give. A line `expression; // result` (or the result alone on
// the next comment line) is checked when the result is plain data (a string, a number, an array or
// object of them): the expression must give exactly that. Results with dates or `…` are
// illustrations and only have to run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as domain from '../src/index.js';

const MODULES = ['ticket-lifecycle.ts', 'sla.ts', 'escalation.ts'] as const;
const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const INDEX = path.join(SRC, 'index.js');

interface Example {
  readonly module: string;
  readonly index: number;
  readonly code: string;
}

/** The fenced `ts` blocks under `### Examples` in a module's JSDoc, without the comment stars. */
function examplesOf(module: string): Example[] {
  const source = fs.readFileSync(path.join(SRC, module), 'utf8');
  const blocks = [...source.matchAll(/### Examples\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/g)];
  return blocks.map((match, index) => ({
    module,
    index,
    code: (match[1] ?? '').split('\n').map((line) => line.replace(/^\s*\* ?/, '')).join('\n'),
  }));
}

const STATEMENT = /^(?!const |let |import |if |for |\/\/)(.+);$/;
const STATEMENT_WITH_RESULT = /^(?!const |let |import |if |for |\/\/)(.+?);\s*\/\/ (.+)$/;
const RESULT_ALONE = /^\/\/ (.+)$/;

/** A stated result that is plain data (strings, numbers, arrays, objects): checkable. Dates and `…` are illustrations. */
function isData(text: string): boolean {
  if (text.includes('…')) return false;
  try {
    new Function(`return (${text});`)();
    return true;
  } catch {
    return false;
  }
}

/** The example as a module: lines with a checkable result push [actual, expected, line] to `checks`. */
function asModule(example: Example): string {
  const lines = example.code.split('\n');
  const body = lines.map((line, index) => {
    const inline = STATEMENT_WITH_RESULT.exec(line);
    if (inline?.[1] !== undefined && inline[2] !== undefined && isData(inline[2])) {
      return `checks.push([${inline[1]}, ${inline[2]}, ${JSON.stringify(line)}]);`;
    }
    const statement = STATEMENT.exec(line);
    const below = RESULT_ALONE.exec(lines[index + 1] ?? '');
    if (statement?.[1] !== undefined && below?.[1] !== undefined && isData(below[1])) {
      return `checks.push([${statement[1]}, ${below[1]}, ${JSON.stringify(line)}]);`;
    }
    return line;
  });
  const names = Object.keys(domain).join(', ');
  return [`import { ${names} } from ${JSON.stringify(INDEX)};`, 'export const checks: [unknown, unknown, string][] = [];', ...body, ''].join('\n');
}

const examples = MODULES.flatMap(examplesOf);
let dir: string;
let checked = 0;
const files = new Map<Example, string>();

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-domain-examples-'));
  for (const example of examples) {
    const file = path.join(dir, `${example.module.replace('.ts', '')}-${example.index}.mts`);
    fs.writeFileSync(file, asModule(example));
    files.set(example, file);
  }
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('JSDoc examples', () => {
  it.each(MODULES)('%s has examples for its public functions', (module) => {
    expect(examplesOf(module).length).toBeGreaterThanOrEqual(module === 'escalation.ts' ? 1 : 2);
  });

  it('type-check against the exports', () => {
    const program = ts.createProgram([...files.values()], {
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts'],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    });
    // Only the examples: the sources themselves are the workspace type-check's job.
    const errors = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName.startsWith(dir) === true)
      .map((d) => `${path.basename(d.file?.fileName ?? '')}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(errors).toEqual([]);
  }, 60_000);

  it.each(examples.map((example) => [`${example.module} #${example.index + 1}`, example] as const))('%s runs and gives what it says', async (_name, example) => {
    const module = (await import(/* @vite-ignore */ pathToFileURL(files.get(example) ?? '').href)) as { checks: [unknown, unknown, string][] };
    for (const [actual, expected, line] of module.checks) expect(actual, line).toEqual(expected);
    checked += module.checks.length;
  });

  it('check the results they state', () => {
    expect(checked).toBeGreaterThanOrEqual(12);
  });
});
