// A desk on a fresh database for one test file: SQLite in memory, or PostgreSQL (a private schema)
// when DATABASE_URL is set, so the same suites prove both dialects.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig, type ServerConfig } from '../../src/config.js';
import type { Desk } from '../../src/desk.js';
import { createDeskEvents } from '../../src/events/desk-events.js';
import { createNocdeskYoga } from '../../src/http/create-yoga.js';
import { createDeskLogger } from '../../src/observability/logger.js';
import { createDeskMetrics } from '../../src/observability/metrics.js';
import { refreshStoreGauges } from '../../src/observability/store-gauges.js';
import { openStore, type DialectName } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { seedDemo, type DemoCredentials } from '../../src/seed.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/** The dialects to run a store suite on: SQLite always, PostgreSQL when DATABASE_URL is set. */
export const DIALECTS: readonly DialectName[] = process.env.DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDesk extends Desk {
  readonly credentials: DemoCredentials;
  readonly yoga: ReturnType<typeof createNocdeskYoga>;
  close(): Promise<void>;
  /** Moves the injected clock. */
  advance(ms: number): void;
}

export async function createTestDesk(dialect: DialectName, env: Record<string, string> = {}): Promise<TestDesk> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-test-'));
  let databaseUrl: string | undefined;
  let dropSchema: (() => Promise<void>) | undefined;
  if (dialect === 'postgres') {
    const base = process.env.DATABASE_URL;
    if (!base) throw new Error('DATABASE_URL is required for the PostgreSQL suites');
    const schema = `t_${randomUUID().replaceAll('-', '')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const url = new URL(base);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.toString();
    dropSchema = async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    };
  }
  const config: ServerConfig = loadConfig({
    NOCDESK_DATA_DIR: dataDir,
    NOCDESK_ADMIN_TOKEN: ADMIN_TOKEN,
    SMTP_PORT: '0',
    NOCDESK_MAIL_FROM: 'ncc@nocdesk.example',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  const store = openStore({ databaseUrl: config.databaseUrl, sqlitePath: dialect === 'sqlite' ? path.join(dataDir, 'test.db') : undefined, poolSize: 20 });
  await migrateToLatest(store);
  let clock = Date.parse('2026-11-26T09:00:00.000Z');
  // Its own metrics registry (served at /metrics through yoga.fetch); a silent log.
  const metrics = createDeskMetrics();
  metrics.beforeScrape(() => refreshStoreGauges(store, metrics, new Date(clock)));
  const desk: Desk = { store, config, now: () => new Date(clock), events: createDeskEvents(), metrics, log: createDeskLogger({ level: 'silent' }) };
  const { credentials } = await seedDemo(desk);
  if (!credentials) throw new Error('seed did not return credentials');
  return {
    ...desk,
    credentials,
    yoga: createNocdeskYoga(desk),
    advance(ms: number) {
      clock += ms;
    },
    async close() {
      await store.close();
      await dropSchema?.();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface GraphQLResult<T = Record<string, unknown>> {
  readonly status: number;
  readonly data?: T;
  readonly errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

/** One GraphQL call through yoga.fetch: no port, the whole HTTP stack. */
export async function gql<T = Record<string, unknown>>(desk: TestDesk, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLResult<T>> {
  const response = await desk.yoga.fetch('http://nocdesk.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: GraphQLResult['errors'] };
  return { status: response.status, ...body };
}

export { sql };
