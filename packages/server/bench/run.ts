// `pnpm bench`: drives the real desk (`nocdesk start` as a child process, loopback only) and reports
// every figure as a ratio against a baseline measured in the same run on the same server process.
// Every load step is bounded in count and in time. `pnpm bench --profile` profiles createTicket.
//
// Adding an operation: one entry in OPERATIONS below (a GraphQL document measured against the
// baseline like `lookup`, or a measure function of its own like `email`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { bulkLoadPostgres, bulkLoadSqlite, senderAddress, type BulkLoaded, type BulkPlan } from './lib/bulk-load.js';
import { captureOutput, cpuTimeMs, installExitHandlers, killAllChildren, resetPeakRss, spawnChild, stopChild } from './lib/children.js';
import { formatProfileLines, summariseProfile } from './lib/cpu-profile.js';
import { BENCH_ADMIN_TOKEN, bareHttpReadyMs, CLI, ensureBuilt, REPO_ROOT, seedStore, startDesk, type DemoCredentials, type DeskEnv, type RunningDesk } from './lib/desk-process.js';
import { graphql, graphqlRequest, load, percentile, sequentialLatency, type GraphQLRequest, type LoadResult } from './lib/http-load.js';
import { bareHttpPipeScript, pipeLoad } from './lib/pipe-load.js';
import { atLeast, atMost, fmt, resultsSection, writeResults, markdownTable, type Row } from './lib/report.js';
import { reportEmail, smtpLoad, type SmtpMessage } from './lib/smtp-load.js';
import { postgresReader, sqliteReader, waitForOutboxDrain, type StoreReader } from './lib/store-reader.js';

// ---------------------------------------------------------------------------------------------
// Sizes and bounds. The whole run stays under five minutes on two cores.

const PLAN: BulkPlan = { tickets: Number(process.env.NOCDESK_BENCH_TICKETS ?? 1_000_000), openEvery: 10, senders: 2_000 };
const CONNECTIONS = 50;
const STEP_SECONDS = Number(process.env.NOCDESK_BENCH_SECONDS ?? 6);
const COLD_STARTS = 3;
const MEMORY_EARLY = 10_000;
const MEMORY_LATE = 100_000;
const MEMORY_TOP_UP_SECONDS = 45;
const SMTP_SENDERS = 4;
const SMTP_MAX_MESSAGES = 4_000;
const PIPE_PARALLEL = 4;
const PIPE_MAX_MESSAGES = 200;
/** Past this the run is abandoned (children killed, no report): a bound on the bound. */
const WATCHDOG_SECONDS = 420;
const POSTGRES_URL = process.env.NOCDESK_BENCH_POSTGRES_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DOC = path.join(REPO_ROOT, 'docs/benchmarks.md');

// ---------------------------------------------------------------------------------------------
// GraphQL documents

const TYPENAME = '{ __typename }';
const CREATE_TICKET = `mutation CreateTicket($input: CreateTicketInput!) {
  createTicket(input: $input) {
    __typename
    ... on MutationCreateTicketSuccess { ticket { number displayNumber priority { level } } }
    ... on Error { message }
  }
}`;
const TICKET = `query Ticket($number: String!) {
  ticket(number: $number) { number displayNumber subject status priority { level name } createdAt }
}`;
const QUEUE = `query Queue($after: String) {
  queue(first: 50, after: $after) {
    edges { node { number displayNumber subject status priority { level name } receivedAt firstResponseDue } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const createTicketInput = {
  reporterEmail: 'noc@acme.example',
  subject: 'Caída total del servicio SOF-10001',
  description: 'Sin servicio desde las 09:00 en la sede de Madrid; el enlace no levanta tras reiniciar el router.',
};

// ---------------------------------------------------------------------------------------------
// One desk under test

interface Ctx {
  readonly label: 'SQLite' | 'PostgreSQL';
  readonly desk: RunningDesk;
  readonly credentials: DemoCredentials;
  readonly loaded: BulkLoaded;
  readonly reader: StoreReader;
  /** HTTP requests this desk process has answered so far (for the memory rows). */
  served: number;
  baseline?: TimedResult;
  memoryEarly?: number;
  readonly rows: Row[];
  readonly notes: string[];
  /** Server CPU per request of each throughput step, for the notes. */
  readonly cpu: string[];
}

const typenameRequest = () => graphqlRequest(TYPENAME, {}, undefined, '"Query"');
const createTicketRequest = (ctx: Ctx) => graphqlRequest(CREATE_TICKET, { input: createTicketInput }, ctx.credentials.partnerKey, 'MutationCreateTicketSuccess');
const lookupRequest = (ctx: Ctx) => graphqlRequest(TICKET, { number: ctx.loaded.sampleNumber }, ctx.credentials.partnerKey, `"${ctx.loaded.sampleNumber}"`);

function log(message: string): void {
  console.log(`[bench ${((performance.now() - RUN_STARTED) / 1000).toFixed(0).padStart(3)} s] ${message}`);
}

/** PostgreSQL's steps are shorter: its rows come last, and the run must stay within its five minutes. */
const stepSeconds = (ctx: Ctx) => (ctx.label === 'PostgreSQL' ? Math.max(3, STEP_SECONDS - 2) : STEP_SECONDS);

interface TimedResult extends LoadResult {
  /** Server CPU time (user + system) per completed request, µs: steadier than req/s on a shared machine. */
  readonly cpuUs: number;
}

async function timed(ctx: Ctx, request: GraphQLRequest, seconds: number, maxRequests: number): Promise<TimedResult> {
  const cpuBefore = cpuTimeMs(ctx.desk.pid);
  const result = await load({ url: ctx.desk.url, request, connections: CONNECTIONS, seconds, maxRequests });
  const cpuUs = ((cpuTimeMs(ctx.desk.pid) - cpuBefore) * 1000) / Math.max(result.completed, 1);
  ctx.served += result.completed;
  return { ...result, cpuUs };
}

/** The reference every HTTP ratio divides by: `{ __typename }` on the same process, same connections. */
async function measureBaseline(ctx: Ctx): Promise<TimedResult> {
  ctx.baseline = await timed(ctx, typenameRequest(), stepSeconds(ctx), 200_000);
  log(`${ctx.label} baseline { __typename }: ${fmt.rps(ctx.baseline.rps)}, p99 ${ctx.baseline.p99Ms} ms, ${ctx.baseline.cpuUs.toFixed(0)} µs CPU/request`);
  ctx.cpu.push(`\`{ __typename }\` ${ctx.baseline.cpuUs.toFixed(0)} µs`);
  return ctx.baseline;
}

function failuresNote(ctx: Ctx, what: string, result: { failures: number; completed: number }): void {
  if (result.failures > 0) ctx.notes.push(`${ctx.label} ${what}: ${result.failures} of ${result.completed} answers were errors or unexpected bodies.`);
}

/** Throughput of one GraphQL operation under 50 connections, against the baseline. */
async function measureThroughput(ctx: Ctx, op: { operation: string; request: GraphQLRequest; floor: number; moonshot?: number }): Promise<TimedResult> {
  const baseline = ctx.baseline ?? (await measureBaseline(ctx));
  await drain(ctx);
  const result = await timed(ctx, op.request, stepSeconds(ctx), 200_000);
  failuresNote(ctx, op.operation, result);
  const ratio = result.rps / baseline.rps;
  log(`${ctx.label} ${op.operation}: ${fmt.rps(result.rps)} (${fmt.ratio(ratio)}), p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${result.cpuUs.toFixed(0)} µs CPU/request`);
  ctx.cpu.push(`${op.operation} ${result.cpuUs.toFixed(0)} µs`);
  ctx.rows.push({
    area: ctx.label,
    operation: `${op.operation}, ${CONNECTIONS} connections`,
    figure: fmt.rps(result.rps),
    baseline: `${fmt.rps(baseline.rps)} \`{ __typename }\``,
    ratio: fmt.ratio(ratio),
    target: `≥ ${op.floor}×${op.moonshot ? ` (moonshot ${op.moonshot}×)` : ''}`,
    verdict: atLeast(ratio, op.floor, op.moonshot),
  });
  return result;
}

async function drain(ctx: Ctx, maxMs = 60_000): Promise<void> {
  const { ms, left } = await waitForOutboxDrain(ctx.reader, maxMs);
  if (left > 0) ctx.notes.push(`${ctx.label}: ${left} acknowledgements were still queued after waiting ${(ms / 1000).toFixed(0)} s for the outbox to drain.`);
  else if (ms > 1_000) log(`${ctx.label} outbox drained in ${(ms / 1000).toFixed(1)} s`);
}

/** Acknowledgement latency on the idle desk: tickets one at a time, each sent before the next. */
async function idleAckLatency(ctx: Ctx): Promise<number[]> {
  const from = new Date();
  for (let i = 0; i < 8; i++) {
    await graphql(ctx.desk.url, CREATE_TICKET, { input: createTicketInput }, ctx.credentials.partnerKey);
    ctx.served++;
    await waitForOutboxDrain(ctx.reader, 3_000);
  }
  const acks = await ctx.reader.ackTimes({ from, to: new Date(), channel: 'PORTAL' });
  return [...acks.latenciesMs];
}

/** A warm JIT before anything is measured: every operation a little, 10,000 requests in all. */
async function warmUp(ctx: Ctx): Promise<void> {
  await timed(ctx, typenameRequest(), 3, 4_000);
  await timed(ctx, createTicketRequest(ctx), 4, 3_000);
  await timed(ctx, lookupRequest(ctx), 3, 3_000);
  // The memory rows (SQLite) compare with the RSS after exactly the first 10,000 requests.
  while (ctx.label === 'SQLite' && ctx.served < MEMORY_EARLY) await timed(ctx, lookupRequest(ctx), 5, MEMORY_EARLY - ctx.served);
  await drain(ctx);
  await sleep(1_000);
  ctx.memoryEarly = ctx.desk.memory().rss;
  log(`${ctx.label} warmed up with ${ctx.served.toLocaleString('en')} requests, RSS ${fmt.mb(ctx.memoryEarly)}`);
}

async function measureIntake(ctx: Ctx): Promise<void> {
  const idle = await idleAckLatency(ctx);
  await warmUp(ctx);
  const baseline = await measureBaseline(ctx);
  const peakReset = resetPeakRss(ctx.desk.pid);
  const from = new Date();
  const result = await measureThroughput(ctx, { operation: 'intake: `createTicket`', request: createTicketRequest(ctx), floor: 0.5, moonshot: 0.7 });
  const to = new Date();
  const memory = ctx.desk.memory();
  ctx.rows.push({
    area: ctx.label,
    operation: `intake: \`createTicket\` p99 latency, ${CONNECTIONS} connections`,
    figure: fmt.ms(result.p99Ms),
    baseline: fmt.ms(baseline.p99Ms),
    ratio: fmt.ratio(result.p99Ms / baseline.p99Ms),
    target: '< 100 ms',
    verdict: atMost(result.p99Ms, 100),
  });
  if (ctx.label === 'SQLite') {
    ctx.rows.push({
      area: ctx.label,
      operation: `memory: peak RSS of the server during the intake run${peakReset ? '' : ' (peak since start: VmHWM could not be reset)'}`,
      figure: fmt.mb(memory.peak),
      baseline: `${fmt.mb(ctx.memoryEarly ?? NaN)} after warm-up`,
      ratio: fmt.ratio(memory.peak / (ctx.memoryEarly ?? NaN)),
      target: '< 250 MB',
      verdict: atMost(memory.peak / 2 ** 20, 250),
    });
  }
  // Creation to send of each ticket created under load, read from the database once all are sent.
  await drain(ctx, 90_000);
  const acks = await ctx.reader.ackTimes({ from, to, channel: 'PORTAL' });
  // Requests still in flight when the step stops are recorded but not counted as answered.
  if (acks.tickets < result.completed || acks.tickets > result.completed + CONNECTIONS) ctx.notes.push(`${ctx.label} intake: ${result.completed} createTicket answers but ${acks.tickets} tickets recorded in the window.`);
  if (acks.withoutAck > 0) ctx.notes.push(`${ctx.label} intake: ${acks.withoutAck} tickets have no acknowledgement queued.`);
  const unsentNote = acks.unsent > 0 ? ` (${acks.unsent} of ${acks.tickets} unsent, left out)` : '';
  const idleP50 = percentile(idle, 50);
  const idleP99 = percentile(idle, 99);
  const p50 = percentile(acks.latenciesMs, 50);
  const p99 = percentile(acks.latenciesMs, 99);
  log(`${ctx.label} ack latency under load: p50 ${fmt.ms(p50)}, p99 ${fmt.ms(p99)} over ${acks.latenciesMs.length} tickets; idle p50 ${fmt.ms(idleP50)}`);
  ctx.rows.push(
    {
      area: ctx.label,
      operation: `acknowledgement latency p50 under the intake load (${acks.latenciesMs.length.toLocaleString('en')} tickets${unsentNote})`,
      figure: fmt.ms(p50),
      baseline: `${fmt.ms(idleP50)} idle`,
      ratio: fmt.ratio(p50 / idleP50),
      target: '—',
      verdict: 'info',
    },
    {
      area: ctx.label,
      operation: 'acknowledgement latency p99 under the intake load (outbox `sent_at` − ticket `created_at`)',
      figure: fmt.ms(p99),
      baseline: `${fmt.ms(idleP99)} idle`,
      ratio: fmt.ratio(p99 / idleP99),
      target: '≤ 2 s (moonshot 0.5 s)',
      verdict: acks.unsent > 0 ? 'missed' : atMost(p99, 2_000, 500),
    },
  );
}

async function measureLookup(ctx: Ctx): Promise<void> {
  await measureThroughput(ctx, { operation: 'lookup: `ticket(number)`', request: lookupRequest(ctx), floor: 0.8 });
}

/** First page of the strict queue among a million tickets, and a keyset page 75 % deep: medians, one request at a time. */
async function measureQueue(ctx: Ctx): Promise<void> {
  const token = ctx.credentials.engineerToken;
  const first = await graphql<{ queue: { pageInfo: { endCursor: string } } }>(ctx.desk.url, QUEUE, {}, token);
  // The deep cursor in the API's own format (a JSON tuple, or whatever wraps it).
  const sample = first.queue.pageInfo.endCursor;
  const raw = JSON.stringify(ctx.loaded.deepCursor);
  const deepAfter = sample.startsWith('[') ? raw : Buffer.from(raw).toString('base64');
  const runs = [
    { name: 'baseline', request: typenameRequest() },
    { name: 'first', request: graphqlRequest(QUEUE, {}, token, '"hasNextPage":true') },
    { name: 'deep', request: graphqlRequest(QUEUE, { after: deepAfter }, token, '"hasNextPage":true') },
  ];
  const results: Record<string, Awaited<ReturnType<typeof sequentialLatency>>> = {};
  for (const run of runs) {
    results[run.name] = await sequentialLatency({ url: ctx.desk.url, request: run.request, count: 1_000, maxSeconds: 4 });
    ctx.served += (results[run.name]?.count ?? 0) + 50;
    if (results[run.name]?.failures) ctx.notes.push(`${ctx.label} queue (${run.name}): ${results[run.name]?.failures} failed answers.`);
  }
  const baseline = results.baseline?.medianMs ?? NaN;
  for (const [name, operation] of [
    ['first', `queue: first page of \`queue(first: 50)\` among ${ctx.loaded.tickets.toLocaleString('en')} tickets (${ctx.loaded.open.toLocaleString('en')} open), median`],
    ['deep', 'queue: keyset page 75 % deep in the open queue, median'],
  ] as const) {
    const median = results[name]?.medianMs ?? NaN;
    log(`${ctx.label} queue ${name}: median ${fmt.ms(median)} vs baseline ${fmt.ms(baseline)}`);
    ctx.rows.push({
      area: ctx.label,
      operation,
      figure: fmt.ms(median),
      baseline: `${fmt.ms(baseline)} \`{ __typename }\`, 1 connection`,
      ratio: fmt.ratio(median / baseline),
      target: '≤ 2×',
      verdict: atMost(median / baseline, 2),
    });
  }
}

/** RSS after 100,000 requests against RSS after the first 10,000 (the warm-up), same process. */
async function measureMemoryGrowth(ctx: Ctx): Promise<void> {
  // Up to 100,000 with lookups, the cheapest authenticated request, so the count is reached in time.
  const deadline = performance.now() + MEMORY_TOP_UP_SECONDS * 1000;
  while (ctx.served < MEMORY_LATE && performance.now() < deadline) {
    await timed(ctx, lookupRequest(ctx), Math.max(1, (deadline - performance.now()) / 1000), MEMORY_LATE - ctx.served);
  }
  await drain(ctx, 45_000);
  await sleep(1_000);
  const late = ctx.desk.memory().rss;
  const early = ctx.memoryEarly ?? NaN;
  const ratio = late / early;
  log(`${ctx.label} RSS after ${ctx.served.toLocaleString('en')} requests: ${fmt.mb(late)} (${fmt.ratio(ratio)})`);
  if (ctx.served < MEMORY_LATE) ctx.notes.push(`${ctx.label} memory: ${MEMORY_LATE.toLocaleString('en')} requests were not reached within ${MEMORY_TOP_UP_SECONDS} s of top-up (${ctx.served.toLocaleString('en')}); the row counts as missed.`);
  ctx.rows.push({
    area: ctx.label,
    operation: `memory: RSS after ${ctx.served.toLocaleString('en')} requests (every step above, topped up with lookups)`,
    figure: fmt.mb(late),
    baseline: `${fmt.mb(early)} after ${MEMORY_EARLY.toLocaleString('en')}`,
    ratio: fmt.ratio(ratio),
    target: '≤ 1.2×',
    verdict: ctx.served < MEMORY_LATE ? 'missed' : atMost(ratio, 1.2),
  });
}

let messageSerial = 0;
function nextReport(to: string, offset: number): SmtpMessage {
  const i = messageSerial++;
  const from = senderAddress((i + offset) % PLAN.senders);
  return { from, to, raw: reportEmail({ from, to, messageId: `bench-${RUN_ID}-${i}@bench.example`, index: i }) };
}

/** Messages per second through the SMTP listener (each a ticket + a queued ack) against a bare smtp-server. */
async function measureEmail(ctx: Ctx): Promise<void> {
  const port = ctx.desk.smtpPort;
  const bare = await startBareSmtp();
  let bareResult;
  try {
    let sent = 0;
    bareResult = await smtpLoad({ port: bare.port, senders: SMTP_SENDERS, seconds: STEP_SECONDS, next: () => (sent++ < SMTP_MAX_MESSAGES ? nextReport('ncc@nocdesk.example', 0) : undefined) });
  } finally {
    await bare.stop();
  }
  await drain(ctx);
  let sent = 0;
  const from = new Date();
  const result = await smtpLoad({ port, senders: SMTP_SENDERS, seconds: STEP_SECONDS, next: () => (sent++ < SMTP_MAX_MESSAGES ? nextReport('ncc@nocdesk.example', 0) : undefined) });
  const to = new Date();
  await drain(ctx);
  const recorded = await ctx.reader.ackTimes({ from, to, channel: 'EMAIL' });
  if (recorded.tickets !== result.accepted || recorded.withoutAck > 0) {
    ctx.notes.push(`${ctx.label} email: ${result.accepted} messages accepted, ${recorded.tickets} tickets recorded, ${recorded.withoutAck} without a queued acknowledgement.`);
  }
  if (result.refused > 0) ctx.notes.push(`${ctx.label} email: ${result.refused} messages refused by the listener.`);
  const ratio = result.perSecond / bareResult.perSecond;
  log(`${ctx.label} SMTP: ${fmt.perSecond(result.perSecond, 'msg')} vs bare ${fmt.perSecond(bareResult.perSecond, 'msg')}`);
  ctx.rows.push({
    area: ctx.label,
    operation: `email: SMTP listener, ${SMTP_SENDERS} senders (TCP_NODELAY), each message a ticket + queued ack (${result.accepted.toLocaleString('en')} messages)`,
    figure: fmt.perSecond(result.perSecond, 'msg'),
    baseline: `${fmt.perSecond(bareResult.perSecond, 'msg')} bare smtp-server`,
    ratio: fmt.ratio(ratio),
    target: '≥ 0.5×',
    verdict: atLeast(ratio, 0.5),
  });
}

/** `nocdesk mailgate` as an MTA pipes to it, 4 at a time, against a bare Node process posting `{ __typename }`. */
async function measureMailgate(ctx: Ctx): Promise<void> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  let count = 0;
  const bare = await pipeLoad({
    parallel: PIPE_PARALLEL,
    seconds: STEP_SECONDS * 0.75,
    next: () => (count++ < PIPE_MAX_MESSAGES ? { args: bareHttpPipeScript(ctx.desk.url, BENCH_ADMIN_TOKEN), env, stdin: nextReport('ncc@nocdesk.example', 1_000).raw } : undefined),
  });
  ctx.served += bare.accepted;
  await drain(ctx);
  count = 0;
  const from = new Date();
  const result = await pipeLoad({
    parallel: PIPE_PARALLEL,
    seconds: STEP_SECONDS,
    next: () => (count++ < PIPE_MAX_MESSAGES ? { args: [CLI, 'mailgate', '--url', ctx.desk.url, '--token', BENCH_ADMIN_TOKEN], env, stdin: nextReport('ncc@nocdesk.example', 1_000).raw } : undefined),
  });
  ctx.served += result.accepted;
  const to = new Date();
  await drain(ctx);
  const recorded = await ctx.reader.ackTimes({ from, to, channel: 'EMAIL' });
  if (recorded.tickets !== result.accepted || recorded.withoutAck > 0) {
    ctx.notes.push(`${ctx.label} mailgate: ${result.accepted} messages accepted, ${recorded.tickets} tickets recorded, ${recorded.withoutAck} without a queued acknowledgement.`);
  }
  if (result.refused > 0) ctx.notes.push(`${ctx.label} mailgate: ${result.refused} deliveries failed (last: ${result.lastError ?? '?'}).`);
  if (bare.refused > 0) ctx.notes.push(`${ctx.label} mailgate reference: ${bare.refused} failed (last: ${bare.lastError ?? '?'}).`);
  const ratio = result.perSecond / bare.perSecond;
  log(`${ctx.label} mailgate: ${fmt.perSecond(result.perSecond, 'msg')} vs bare pipe ${fmt.perSecond(bare.perSecond, 'msg')}`);
  ctx.rows.push({
    area: ctx.label,
    operation: `email: \`nocdesk mailgate\`, ${PIPE_PARALLEL} in parallel, one process per message (${result.accepted} messages)`,
    figure: fmt.perSecond(result.perSecond, 'msg'),
    baseline: `${fmt.perSecond(bare.perSecond, 'msg')} \`node -e\` posting \`{ __typename }\``,
    ratio: fmt.ratio(ratio),
    target: '≥ 0.5×',
    verdict: atLeast(ratio, 0.5),
  });
}

async function startBareSmtp(): Promise<{ port: number; stop: () => Promise<void> }> {
  const { freePort } = await import('./lib/children.js');
  const port = await freePort();
  const child = spawnChild(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'lib/bare-smtp-server.ts'), String(port)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = captureOutput(child);
  const deadline = performance.now() + 15_000;
  while (!output().includes('ready')) {
    if (performance.now() > deadline || child.exitCode !== null) throw new Error(`the bare smtp-server did not start: ${output()}`);
    await sleep(20);
  }
  return { port, stop: () => stopChild(child, 3_000) };
}

// ---------------------------------------------------------------------------------------------
// The operations, one entry each, in the order they run on a desk. `pending` rows name what is not
// built yet; when it lands, replace `pending` by `measure` (usually measureThroughput with its document).

interface Operation {
  readonly name: string;
  readonly dialects: readonly Ctx['label'][];
  readonly measure?: (ctx: Ctx) => Promise<void>;
  readonly pending?: string;
}

const OPERATIONS: readonly Operation[] = [
  { name: 'intake', dialects: ['SQLite', 'PostgreSQL'], measure: measureIntake },
  { name: 'lookup', dialects: ['SQLite', 'PostgreSQL'], measure: measureLookup },
  { name: 'queue', dialects: ['SQLite', 'PostgreSQL'], measure: measureQueue },
  { name: 'memory', dialects: ['SQLite'], measure: measureMemoryGrowth },
  { name: 'email', dialects: ['SQLite'], measure: measureEmail },
  { name: 'mailgate', dialects: ['SQLite'], measure: measureMailgate },
  {
    name: '`takeNextTicket` (ENGINEER takes the top of the strict queue)',
    dialects: ['SQLite', 'PostgreSQL'],
    pending: 'measureThroughput with the mutation and an engineer token, against the same baseline; contention between engineers is the point, so also 10 connections',
  },
  {
    name: '`replyToTicket` (public reply, emailed threaded)',
    dialects: ['SQLite', 'PostgreSQL'],
    pending: 'measureThroughput with the mutation on bulk tickets, plus the reply’s send latency from the outbox like the acknowledgement rows',
  },
  {
    name: 'chat round trip (`sendConversationMessage` → `conversationMessages` over SSE)',
    dialects: ['SQLite', 'PostgreSQL'],
    pending: 'a measure function of its own: an SSE subscriber per conversation and a sender, timing send to delivery, against an SSE `{ __typename }` baseline',
  },
];

async function runOperations(ctx: Ctx): Promise<void> {
  for (const op of OPERATIONS) {
    if (!op.dialects.includes(ctx.label)) continue;
    if (op.measure) {
      await op.measure(ctx);
    } else if (ctx.label === 'SQLite') {
      ctx.rows.push({ area: 'next', operation: op.name, figure: '—', baseline: '—', ratio: '—', target: '—', verdict: 'not built yet' });
      ctx.notes.push(`When ${op.name} lands: ${op.pending ?? ''}.`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The run

const RUN_STARTED = performance.now();
const RUN_ID = Date.now().toString(36);
const cleanups: (() => Promise<void> | void)[] = [];

/** Runs the registered clean-up steps, newest first; a second caller (a signal during a failure) waits for the same. */
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (let step = cleanups.pop(); step; step = cleanups.pop()) {
      try {
        await step();
      } catch (error) {
        console.error('[bench] cleanup:', error instanceof Error ? error.message : error);
      }
    }
  })().finally(() => {
    cleaning = undefined;
  });
  return cleaning;
}

async function sqliteSuite(rows: Row[], notes: string[]): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-bench-sqlite-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const env: DeskEnv = { dataDir, seedDemo: true, extra: { NODE_ENV: 'production' } };
  const credentials = seedStore(env);
  const loaded = bulkLoadSqlite(path.join(dataDir, 'nocdesk.db'), PLAN);
  log(`SQLite: ${loaded.tickets.toLocaleString('en')} tickets (${loaded.open.toLocaleString('en')} open) and ${PLAN.senders} contacts loaded in ${(loaded.ms / 1000).toFixed(1)} s`);

  // Cold start on the existing database: the median of a few starts, against a bare Node HTTP server.
  const bare: number[] = [];
  const starts: number[] = [];
  let desk: RunningDesk | undefined;
  for (let i = 0; i < COLD_STARTS; i++) {
    bare.push(await bareHttpReadyMs());
    const started = await startDesk(env);
    starts.push(started.readyMs);
    if (i < COLD_STARTS - 1) await started.stop();
    else desk = started;
  }
  if (!desk) throw new Error('no desk');
  const running = desk;
  cleanups.push(() => running.stop());
  bare.sort((a, b) => a - b);
  starts.sort((a, b) => a - b);
  const coldStart = percentile(starts, 50);
  const bareStart = percentile(bare, 50);
  log(`SQLite cold start: median ${fmt.ms(coldStart)} (${starts.map((s) => s.toFixed(0)).join(', ')} ms), bare ${fmt.ms(bareStart)}`);
  rows.push({
    area: 'SQLite',
    operation: `cold start: \`nocdesk start\` to \`/ready\` 200 on an existing database of ${loaded.tickets.toLocaleString('en')} tickets, median of ${COLD_STARTS}`,
    figure: fmt.ms(coldStart),
    baseline: `${fmt.ms(bareStart)} bare \`node -e\` HTTP server`,
    ratio: fmt.ratio(coldStart / bareStart),
    target: '< 1.5 s',
    verdict: atMost(coldStart, 1_500),
  });

  const reader = sqliteReader(path.join(dataDir, 'nocdesk.db'));
  cleanups.push(() => reader.close());
  const ctx: Ctx = { label: 'SQLite', desk: running, credentials, loaded, reader, served: 0, rows, notes, cpu: [] };
  await runOperations(ctx);
  notes.push(`${ctx.label} server CPU per request: ${ctx.cpu.join(', ')}.`);
}

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function postgresSuite(rows: Row[], notes: string[]): Promise<void> {
  const schema = `nocdesk_bench_${RUN_ID}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  cleanups.push(async () => {
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  });
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const databaseUrl = url.toString();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-bench-pg-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const env: DeskEnv = { dataDir, databaseUrl, seedDemo: false, extra: { NODE_ENV: 'production' } };
  const credentials = seedStore(env);
  const desk = await startDesk(env);
  cleanups.push(() => desk.stop());
  const loader = new pg.Client({ connectionString: databaseUrl });
  await loader.connect();
  let loaded: BulkLoaded;
  try {
    loaded = await bulkLoadPostgres(loader, PLAN);
  } finally {
    await loader.end();
  }
  log(`PostgreSQL: ${loaded.tickets.toLocaleString('en')} tickets loaded and analysed in ${(loaded.ms / 1000).toFixed(1)} s`);
  const reader = await postgresReader(databaseUrl);
  cleanups.push(() => reader.close());
  const ctx: Ctx = { label: 'PostgreSQL', desk, credentials, loaded, reader, served: 0, rows, notes, cpu: [] };
  await runOperations(ctx);
  notes.push(`${ctx.label} server CPU per request: ${ctx.cpu.join(', ')}.`);
}

async function profileIntake(): Promise<void> {
  ensureBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-bench-profile-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-cpu-profile-'));
  const env: DeskEnv = { dataDir, seedDemo: true, extra: { NODE_ENV: 'production' } };
  const credentials = seedStore(env);
  const loaded = bulkLoadSqlite(path.join(dataDir, 'nocdesk.db'), PLAN);
  const desk = await startDesk(env, { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] });
  cleanups.push(() => desk.stop());
  const reader = sqliteReader(path.join(dataDir, 'nocdesk.db'));
  cleanups.push(() => reader.close());
  const ctx: Ctx = { label: 'SQLite', desk, credentials, loaded, reader, served: 0, rows: [], notes: [], cpu: [] };
  await timed(ctx, createTicketRequest(ctx), 3, 5_000);
  const result = await timed(ctx, createTicketRequest(ctx), 10, 100_000);
  log(`profiled createTicket: ${fmt.rps(result.rps)}, p99 ${result.p99Ms} ms, ${result.failures} failures`);
  await desk.stop();
  const file = fs.readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  const summary = summariseProfile(path.join(profileDir, file), 30);
  console.log(`\nProfile ${path.join(profileDir, file)} (${(summary.totalMs / 1000).toFixed(1)} s, start-up and shut-down included)\n\nSelf time:\n${formatProfileLines(summary.self)}\n\nInclusive time:\n${formatProfileLines(summary.inclusive)}`);
}

async function main(): Promise<void> {
  installExitHandlers(cleanup);
  const watchdog = setTimeout(() => {
    console.error(`[bench] still running after ${WATCHDOG_SECONDS} s: stopping every process and giving up`);
    killAllChildren();
    process.exit(1);
  }, WATCHDOG_SECONDS * 1000);
  watchdog.unref();
  if (process.argv.includes('--profile')) {
    await profileIntake();
    return;
  }
  const build = ensureBuilt();
  if (build.built) log(`built the workspace in ${(build.ms / 1000).toFixed(0)} s`);
  const rows: Row[] = [];
  const notes: string[] = [];
  const loadBefore = os.loadavg()[0] ?? 0;
  await sqliteSuite(rows, notes);
  await cleanup();
  let postgres = 'not reachable, rows skipped';
  if (await postgresAnswers()) {
    const version = new pg.Client({ connectionString: POSTGRES_URL });
    await version.connect();
    postgres = String((await version.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v ?? '?');
    await version.end();
    await postgresSuite(rows, notes);
    await cleanup();
  } else {
    notes.push(`PostgreSQL did not answer at ${POSTGRES_URL.replace(/\/\/[^@]*@/, '//')}: its rows were skipped.`);
  }
  const seconds = (performance.now() - RUN_STARTED) / 1000;
  const date = new Date();
  notes.push(`Load average (1 min) ${loadBefore.toFixed(1)} before the run and ${(os.loadavg()[0] ?? 0).toFixed(1)} after, on ${os.cpus().length} cores: the run itself keeps about two busy, more means other work shared the machine.`);
  const order = (r: Row) => (r.area === 'SQLite' ? 0 : r.area === 'PostgreSQL' ? 1 : 2);
  const sorted = [...rows].sort((a, b) => order(a) - order(b));
  console.log(`\n${markdownTable(sorted)}\n`);
  for (const note of notes) console.log(`- ${note}`);
  writeResults(DOC, resultsSection(sorted, { date, seconds, postgres, notes }));
  log(`done in ${seconds.toFixed(0)} s; written to ${path.relative(REPO_ROOT, DOC)}`);
}

main()
  .catch(async (error: unknown) => {
    console.error('[bench] failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanup();
    killAllChildren();
  });
