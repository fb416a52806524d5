// A partner's first minutes with the published packages: `pnpm pack` the domain and the client,
// `npm install` both tarballs into an empty folder outside the workspace (zod from the registry),
// then use them as a partner would: `import` from an .mjs, `require` from a .cjs, and a strict
// TypeScript consumer (`exactOptionalPropertyTypes`, no skipLibCheck) under `node16` and `bundler`
// resolution. Nothing here sees the workspace's sources or node_modules.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const PACKAGES = { domain: path.join(ROOT, 'packages/domain'), client: path.join(ROOT, 'packages/client') } as const;
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');

/** Generous for a 2-core CI machine with a cold npm cache, but finite. */
const COMMAND_TIMEOUT_MS = 180_000;

/** pnpm's and npm's own settings, inherited when the tests run under `pnpm test`, would steer the partner's npm. */
function partnerEnvironment(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_registry', 'npm_config_cache', 'npm_config_userconfig']);
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_/i.test(key) || keep.has(key.toLowerCase())));
}

/** Runs a command to completion (or its timeout) and returns its stdout; fails the test with its output otherwise. */
function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS, env: partnerEnvironment() });
  if (result.error) throw new Error(`${command} ${args.join(' ')} failed to run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** `pnpm pack` rewrites `workspace:` and `catalog:` ranges into real versions, as a publish would. */
function pack(directory: string, destination: string): string {
  const before = new Set(fs.readdirSync(destination));
  run('pnpm', ['pack', '--pack-destination', destination], directory);
  const tarball = fs.readdirSync(destination).find((file) => file.endsWith('.tgz') && !before.has(file));
  if (!tarball) throw new Error(`pnpm pack wrote no tarball for ${directory}`);
  return path.join(destination, tarball);
}

// A fake desk behind \`fetch\`: a valid token gets an answer, any other an HTTP 401 with UNAUTHENTICATED
// (the subscription entry's stream included), each with its request id.
const FAKE_FETCH = `
const fakeFetch = async (_url, init) => {
  const { variables } = JSON.parse(init.body);
  const json = (body, status) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'x-request-id': 'req-42' } });
  if (init.headers.authorization !== 'Bearer partner-key') return json({ errors: [{ message: 'Unknown token.', extensions: { code: 'UNAUTHENTICATED' } }] }, 401);
  return json({ data: { checkTicketNumber: { valid: true, number: variables.input, displayNumber: 'NCC#' + variables.input, reason: null, message: null } } }, 200);
};`;

const USE = `
  const parsed = parseTicketNumber('NCC#100-042-6', { prefix: 'NCC#' });
  const client = createNocdeskClient({ url: 'https://desk.example.net/graphql', token: 'partner-key', fetch: fakeFetch });
  const check = await client.ticketNumbers.check('1000426');
  const refused = await createNocdeskClient({ url: 'https://desk.example.net/graphql', token: 'wrong', fetch: fakeFetch }).ticketNumbers.check('1000426').catch((error) => error);
  const live = createNocdeskSubscriptions({ url: 'https://desk.example.net/graphql', token: 'wrong', fetch: fakeFetch });
  const streamRefused = await live.ticketChanged().next().catch((error) => error);
  const describe = (error) => ({ name: error.name, code: error.code, requestId: error.requestId, typed: error instanceof AuthenticationError, base: error instanceof NocdeskError });
  console.log(JSON.stringify({ parsed, check, refused: describe(refused), streamRefused: describe(streamRefused) }));`;

const ESM_SCRIPT = `import { parseTicketNumber } from '@nocdesk/domain';
import { AuthenticationError, NocdeskError, createNocdeskClient } from '@nocdesk/client';
import { createNocdeskSubscriptions } from '@nocdesk/client/subscriptions';
${FAKE_FETCH}
console.log(JSON.stringify({ domain: import.meta.resolve('@nocdesk/domain'), client: import.meta.resolve('@nocdesk/client') }));
${USE}
`;

const CJS_SCRIPT = `const { parseTicketNumber } = require('@nocdesk/domain');
const { AuthenticationError, NocdeskError, createNocdeskClient } = require('@nocdesk/client');
const { createNocdeskSubscriptions } = require('@nocdesk/client/subscriptions');
${FAKE_FETCH}
console.log(JSON.stringify({ domain: require.resolve('@nocdesk/domain'), client: require.resolve('@nocdesk/client') }));
(async () => {${USE}
})();
`;

// Every optional the partner passes is a `T | undefined` from their own code: this only compiles
// when the published declarations say `?: T | undefined`.
const TS_CONSUMER = `import { AuthenticationError, TicketsDocument, createNocdeskClient } from '@nocdesk/client';
import type { AllTicketsArgs, CallOptions, NocdeskClientOptions, PageArgs, Ticket, TicketNumberCheck, TicketsArgs, TicketsQueryVariables } from '@nocdesk/client';
import { createNocdeskSubscriptions, type SubscribeOptions, type TicketChange } from '@nocdesk/client/subscriptions';
import { displayTicketNumber, parseTicketNumber } from '@nocdesk/domain';
import type { TicketNumberParse } from '@nocdesk/domain';

declare const pageSize: number | undefined;
declare const token: string | undefined;
declare const cursor: string | null | undefined;
declare const signal: AbortSignal | undefined;

// @ts-expect-error: proves exactOptionalPropertyTypes is on, so the lines below are really tested.
const probe: { readonly a?: string } = { a: token };

const options: NocdeskClientOptions = { url: 'https://desk.example.net/graphql', token, timeoutMs: undefined, headers: undefined, retry: undefined, onResponse: undefined };
const call: CallOptions = { signal, timeoutMs: undefined, headers: undefined, idempotencyKey: undefined };
const streamOptions: SubscribeOptions = { signal, onConnected: undefined };
const client = createNocdeskClient(options);
const page: PageArgs = { first: pageSize, after: cursor };
const tickets: TicketsArgs = { ...page, filter: { status: ['OPEN'], level: undefined, channel: undefined } };
const all: AllTicketsArgs = { filter: undefined, pageSize };
const variables: TicketsQueryVariables = { first: pageSize, after: cursor, filter: undefined };

export async function portal(): Promise<string> {
  const first: readonly Ticket[] = (await client.tickets.list(tickets, call)).nodes;
  await client.queue.list(page);
  await client.customers.list({ first: pageSize });
  for await (const ticket of client.tickets.all(all, call)) void ticket.displayNumber;
  const raw = await client.request(TicketsDocument, variables, call);
  await client.tickets.create({ reporterEmail: 'noc@acme.example', subject: 'Link down', description: 'Since 09:12 UTC.', sof: undefined, idempotencyKey: undefined, requestedLevel: undefined }, call);
  const check: TicketNumberCheck = await client.ticketNumbers.check('1000426');
  const level: 1 | 2 | 3 | undefined = first[0]?.priority.level;
  for await (const change of createNocdeskSubscriptions(options).ticketChanged({ number: undefined }, streamOptions)) {
    const seen: TicketChange = change;
    void seen.type;
  }
  if (!check.valid) return check.reason + String(level);
  try {
    await client.viewer();
  } catch (error) {
    if (error instanceof AuthenticationError) return error.code;
  }
  const parsed: TicketNumberParse = parseTicketNumber('1000426');
  return parsed.ok ? displayTicketNumber(parsed.number, { prefix: 'NCC#' }) : first[0]?.subject ?? raw.tickets.pageInfo.endCursor ?? String(probe.a);
}
`;

// The same from CommonJS: under node16 this resolves the \`require\` branch and its .d.cts.
const CTS_CONSUMER = `import client = require('@nocdesk/client');
import domain = require('@nocdesk/domain');

declare const pageSize: number | undefined;
const desk = client.createNocdeskClient({ url: 'https://desk.example.net/graphql', token: undefined });
const args: client.TicketsArgs = { first: pageSize, after: undefined };
export const pending: Promise<client.Page<client.Ticket>> = desk.tickets.list(args);
export const parsed: domain.TicketNumberParse = domain.parseTicketNumber('1000426');
`;

const STRICT = { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, skipLibCheck: false, noEmit: true, target: 'es2022', lib: ['es2022', 'dom'], types: [] };
const TSCONFIGS = {
  'tsconfig.node16.json': { compilerOptions: { ...STRICT, module: 'node16', moduleResolution: 'node16' }, files: ['consumer.ts', 'consumer-cjs.cts'] },
  'tsconfig.bundler.json': { compilerOptions: { ...STRICT, module: 'esnext', moduleResolution: 'bundler' }, files: ['consumer.ts'] },
};

let workDir: string;
let consumer: string;
let tarballs: { readonly domain: string; readonly client: string };

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-consumer-'));
  consumer = path.join(workDir, 'partner-app');
  fs.mkdirSync(consumer);

  run('pnpm', ['--filter', '@nocdesk/domain', '--filter', '@nocdesk/client', 'build'], ROOT);
  tarballs = { domain: pack(PACKAGES.domain, workDir), client: pack(PACKAGES.client, workDir) };

  fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'partner-app', version: '1.0.0', private: true, type: 'module' }, null, 2));
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarballs.domain, tarballs.client], consumer);

  fs.writeFileSync(path.join(consumer, 'use.mjs'), ESM_SCRIPT);
  fs.writeFileSync(path.join(consumer, 'use.cjs'), CJS_SCRIPT);
  fs.writeFileSync(path.join(consumer, 'consumer.ts'), TS_CONSUMER);
  fs.writeFileSync(path.join(consumer, 'consumer-cjs.cts'), CTS_CONSUMER);
  for (const [file, config] of Object.entries(TSCONFIGS)) fs.writeFileSync(path.join(consumer, file), JSON.stringify(config, null, 2));
}, 8 * 60_000);

afterAll(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

/** The two JSON lines a usage script prints: where the packages resolved, then what they did. */
function runScript(file: string): { readonly resolved: { readonly domain: string; readonly client: string }; readonly used: Record<string, unknown> } {
  const [resolved, used] = run(process.execPath, [file], consumer).trim().split('\n');
  return { resolved: JSON.parse(resolved!), used: JSON.parse(used!) };
}

const EXPECTED_USE = {
  parsed: { ok: true, number: '1000426' },
  check: { valid: true, number: '1000426', displayNumber: 'NCC#1000426' },
  refused: { name: 'AuthenticationError', code: 'UNAUTHENTICATED', requestId: 'req-42', typed: true, base: true },
  // The same class from either entry point, also under require: one shared chunk.
  streamRefused: { name: 'AuthenticationError', code: 'UNAUTHENTICATED', requestId: 'req-42', typed: true, base: true },
};

describe('the packed packages in an empty project', () => {
  it('install without graphql: only the client, the domain and zod', () => {
    const modules = path.join(consumer, 'node_modules');
    expect(fs.existsSync(path.join(modules, 'graphql'))).toBe(false);
    expect(fs.existsSync(path.join(modules, '@graphql-typed-document-node'))).toBe(false);
    expect(fs.readdirSync(modules).filter((name) => !name.startsWith('.')).sort()).toEqual(['@nocdesk', 'zod']);
    expect(fs.readdirSync(path.join(modules, '@nocdesk')).sort()).toEqual(['client', 'domain']);
  });

  it('ship built code, declarations for both formats and a README, no sources', () => {
    const clientFiles = fs.readdirSync(path.join(consumer, 'node_modules/@nocdesk/client/dist'));
    expect(clientFiles).toEqual(expect.arrayContaining(['subscriptions.js', 'subscriptions.cjs', 'subscriptions.d.ts', 'subscriptions.d.cts']));
    for (const name of ['client', 'domain'] as const) {
      const files = fs.readdirSync(path.join(consumer, 'node_modules/@nocdesk', name, 'dist'));
      expect(files).toEqual(expect.arrayContaining(['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts']));
      expect(fs.existsSync(path.join(consumer, 'node_modules/@nocdesk', name, 'src'))).toBe(false);
      expect(fs.existsSync(path.join(consumer, 'node_modules/@nocdesk', name, 'README.md'))).toBe(true);
    }
  });

  it('READMEs link into the repository named in package.json, never to a relative path', () => {
    for (const name of ['client', 'domain'] as const) {
      const installed = path.join(consumer, 'node_modules/@nocdesk', name);
      const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as { readonly repository: { readonly url: string } };
      const repository = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
      const links = [...fs.readFileSync(path.join(installed, 'README.md'), 'utf8').matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!);
      expect(links.length, `${name} README has links`).toBeGreaterThan(0);
      for (const link of links) expect(link.startsWith(`${repository}/`) || link.startsWith('#'), `${name} README: ${link}`).toBe(true);
    }
  });

  it('declare no `any` anywhere in the client’s published types', () => {
    const dist = path.join(consumer, 'node_modules/@nocdesk/client/dist');
    const declarations = fs.readdirSync(dist).filter((file) => /\.d\.c?ts$/.test(file));
    expect(declarations.length).toBeGreaterThanOrEqual(4);
    const anys: string[] = [];
    for (const file of declarations) {
      const source = ts.createSourceFile(file, fs.readFileSync(path.join(dist, file), 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (node.kind === ts.SyntaxKind.AnyKeyword) anys.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.parent.getText()}`);
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(anys).toEqual([]);
  });

  it('work with import from an ES module', () => {
    const { resolved, used } = runScript('use.mjs');
    expect(resolved.domain).toMatch(/node_modules\/@nocdesk\/domain\/dist\/index\.js$/);
    expect(resolved.client).toMatch(/node_modules\/@nocdesk\/client\/dist\/index\.js$/);
    expect(used).toEqual(EXPECTED_USE);
  }, 60_000);

  it('work with require from CommonJS', () => {
    const { resolved, used } = runScript('use.cjs');
    expect(resolved.domain).toMatch(/node_modules[\\/]@nocdesk[\\/]domain[\\/]dist[\\/]index\.cjs$/);
    expect(resolved.client).toMatch(/node_modules[\\/]@nocdesk[\\/]client[\\/]dist[\\/]index\.cjs$/);
    expect(used).toEqual(EXPECTED_USE);
  }, 60_000);

  it.each(Object.keys(TSCONFIGS))('type-check under strict and exactOptionalPropertyTypes (%s)', (tsconfig) => {
    const result = spawnSync(process.execPath, [TSC, '-p', tsconfig, '--pretty', 'false'], { cwd: consumer, encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS });
    expect(result.error).toBeUndefined();
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 120_000);
});
