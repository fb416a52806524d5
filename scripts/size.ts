// What the published packages weigh in a partner's browser bundle: each typical use is bundled from
// the built ESM (dist/, exactly what `npm install` delivers) by esbuild for the browser, minified and
// gzipped. `pnpm size` builds first, prints a markdown table for the READMEs, and fails when a use
// is over its budget.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const PACKAGES: Readonly<Record<string, string>> = {
  '@nocdesk/client': path.join(ROOT, 'packages/client'),
  '@nocdesk/domain': path.join(ROOT, 'packages/domain'),
};

interface SizeCase {
  readonly name: string;
  readonly code: string;
  /** Most min+gzip bytes allowed; undefined: measured only. */
  readonly budget?: number;
}

const CASES: readonly SizeCase[] = [
  {
    name: '`@nocdesk/client`: create a client, list tickets, get a ticket, check a number',
    code: `
      import { createNocdeskClient } from '@nocdesk/client';
      const client = createNocdeskClient({ url: '/api/nocdesk' });
      export async function portal(number) {
        const page = await client.tickets.list({ first: 20 });
        const ticket = await client.tickets.get(number);
        const check = await client.ticketNumbers.check(number);
        return { page, ticket, check };
      }`,
    budget: 12_000,
  },
  {
    name: '`@nocdesk/client` and `@nocdesk/client/subscriptions`: the same, and follow a ticket live',
    code: `
      import { createNocdeskClient } from '@nocdesk/client';
      import { createNocdeskSubscriptions } from '@nocdesk/client/subscriptions';
      const client = createNocdeskClient({ url: '/api/nocdesk' });
      const live = createNocdeskSubscriptions({ url: '/api/nocdesk' });
      export async function portal(number, onChange) {
        const page = await client.tickets.list({ first: 20 });
        const ticket = await client.tickets.get(number);
        const check = await client.ticketNumbers.check(number);
        for await (const change of live.ticketChanged({ number })) onChange(change);
        return { page, ticket, check };
      }`,
    budget: 12_000,
  },
  {
    name: '`@nocdesk/domain`: `parseTicketNumber` alone',
    code: `
      import { parseTicketNumber } from '@nocdesk/domain';
      export const check = (input) => parseTicketNumber(input, { prefix: 'NCC#' });`,
  },
  {
    name: '`@nocdesk/domain`: ticket-number, SOF and priority helpers',
    code: `
      import { dammCheckDigit, displayTicketNumber, formatTicketNumber, parseSof, parseTicketNumber, priorityName } from '@nocdesk/domain';
      export { dammCheckDigit, displayTicketNumber, formatTicketNumber, parseSof, parseTicketNumber, priorityName };`,
  },
];

/** The file a bundler takes for `import` of a workspace package's entry point: its exports map's ESM entry. */
function esmEntry(directory: string, subpath = '.'): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(directory, 'package.json'), 'utf8')) as {
    readonly exports: Readonly<Record<string, { readonly import: { readonly default: string } }>>;
  };
  const target = manifest.exports[subpath];
  if (!target) throw new Error(`${directory} exports no ${subpath}`);
  const entry = path.join(directory, target.import.default);
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: build the packages first (pnpm size does).`);
  return entry;
}

const builtPackages: esbuild.Plugin = {
  name: 'built-workspace-packages',
  setup(build) {
    build.onResolve({ filter: /^@nocdesk\/(client|domain)(\/[a-z-]+)?$/ }, (args) => {
      const [, name, subpath] = /^(@nocdesk\/[a-z]+)(\/[a-z-]+)?$/.exec(args.path)!;
      return { path: esmEntry(PACKAGES[name!]!, subpath ? `.${subpath}` : '.') };
    });
  },
};

interface Measured {
  readonly minified: number;
  readonly gzipped: number;
  /** Minified bytes that come from zod. */
  readonly zod: number;
}

async function measure(code: string): Promise<Measured> {
  const result = await esbuild.build({
    stdin: { contents: code, loader: 'js', resolveDir: ROOT },
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [builtPackages],
  });
  const output = result.outputFiles[0]!.contents;
  const inputs = Object.values(result.metafile.outputs)[0]!.inputs;
  const zod = Object.entries(inputs)
    .filter(([file]) => /[\\/]node_modules[\\/](?:\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/])?zod[\\/]/.test(file))
    .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
  return { minified: output.length, gzipped: zlib.gzipSync(output, { level: 9 }).length, zod };
}

const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;

const rows: string[] = [];
const overBudget: string[] = [];
for (const sizeCase of CASES) {
  const size = await measure(sizeCase.code);
  rows.push(`| ${sizeCase.name} | ${kB(size.minified)} | **${kB(size.gzipped)}** | ${size.zod === 0 ? 'none' : kB(size.zod)} | ${sizeCase.budget === undefined ? '—' : kB(sizeCase.budget)} |`);
  if (sizeCase.budget !== undefined && size.gzipped > sizeCase.budget) overBudget.push(`${sizeCase.name}: ${kB(size.gzipped)} > ${kB(sizeCase.budget)}`);
}

console.log(
  [
    `Browser bundles of the built ESM (esbuild ${esbuild.version}, platform browser, minified; 1 kB = 1,000 bytes):`,
    '',
    '| typical use | min | min+gzip | of which zod (min) | budget (min+gzip) |',
    '|---|---:|---:|---:|---:|',
    ...rows,
  ].join('\n'),
);

if (overBudget.length > 0) {
  console.error(`\nOver budget:\n${overBudget.join('\n')}`);
  process.exitCode = 1;
}
