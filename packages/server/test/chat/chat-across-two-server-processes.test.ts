// With REDIS_URL, chat lines fan out through Redis (@graphql-yoga/redis-event-target): a contact whose
// portal reaches one server and an engineer on another talk to each other. Two servers on one database,
// each with its own Redis clients; a subscriber listens without `after`, so only Redis can bring it a line.
// Lines travel on one topic per conversation (a random id), so suites running beside this one never hear them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { seedDemo, type DemoCredentials } from '../../src/seed.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { ADMIN_TOKEN, privatePostgresSchema, until } from '../support/index.js';
import { followConversation, join, say, startChat, type GraphQLCall, type LiveLines } from './chat-operations.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisAnswers(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const overHttp = (server: RunningServer): GraphQLCall => async <T,>(query: string, variables: Record<string, unknown>, token: string) => {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: T; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };
};

// Without a Redis to talk to there is nothing to prove here; CI and the development machine run one.
describe.skipIf(!(await redisAnswers()))('a chat across two server processes through Redis', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-chat-redis-'));
  let postgres: Awaited<ReturnType<typeof privatePostgresSchema>> | undefined;
  let portalSide: RunningServer;
  let engineerSide: RunningServer;
  let credentials: DemoCredentials;
  let redis: Redis;
  const streams: LiveLines[] = [];

  beforeAll(async () => {
    postgres = process.env.DATABASE_URL ? await privatePostgresSchema() : undefined;
    const config = loadConfig({
      NOCDESK_DATA_DIR: dataDir,
      NOCDESK_ADMIN_TOKEN: ADMIN_TOKEN,
      HOST: '127.0.0.1',
      PORT: '0',
      SMTP_PORT: '0',
      REDIS_URL,
      ...(postgres ? { DATABASE_URL: postgres.url } : {}),
    });
    const options = { dispatchIntervalMs: 3_600_000, runScheduler: false } as const;
    portalSide = await startServer(config, options);
    engineerSide = await startServer(config, options);
    const seeded = await seedDemo(portalSide.desk);
    if (!seeded.credentials) throw new Error('no demo credentials');
    credentials = seeded.credentials;
    redis = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    for (const stream of streams) stream.close();
    redis?.disconnect();
    await engineerSide?.close();
    await portalSide?.close();
    await postgres?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Until `count` server processes listen to a conversation's lines on Redis (bounded: 2 s). */
  async function untilListening(conversationGlobalId: string, count: number): Promise<number> {
    const topic = `conversationMessages:${decodeGlobalID(conversationGlobalId).id}`;
    let listening = 0;
    for (let i = 0; i < 200 && listening < count; i++) {
      const [, n] = (await redis.pubsub('NUMSUB', topic)) as [string, number];
      listening = Number(n);
      if (listening < count) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return listening;
  }

  it('a line written on one server reaches a subscriber of the other, both ways', async () => {
    const portal = overHttp(portalSide);
    const engineerApi = overHttp(engineerSide);
    const started = await startChat(portal, credentials.partnerKey, { contactEmail: 'ops@acme.example', subject: 'Across the cluster' });

    const partnerStream = followConversation(portalSide.url, credentials.partnerKey, started.id);
    streams.push(partnerStream);
    expect(await untilListening(started.id, 1)).toBe(1);

    await join(engineerApi, credentials.engineerToken, started.id);
    const question = await say(engineerApi, credentials.engineerToken, started.id, 'Hello from the engineer’s server.');
    await until(() => partnerStream.lines().some((line) => line.id === question.id));
    expect(partnerStream.lines().map((line) => [line.author, line.body])).toEqual([
      ['SYSTEM', 'demo-engineer (NOC engineer) joined the conversation.'],
      ['ENGINEER', 'Hello from the engineer’s server.'],
    ]);

    const engineerStream = followConversation(engineerSide.url, credentials.engineerToken, started.id);
    streams.push(engineerStream);
    expect(await untilListening(started.id, 2)).toBe(2);
    const answer = await say(portal, credentials.partnerKey, started.id, 'And hello from the portal’s.');
    await until(() => engineerStream.lines().some((line) => line.id === answer.id));
    expect(engineerStream.lines().map((line) => [line.author, line.authorName, line.body])).toEqual([['CONTACT', 'Sam Patel', 'And hello from the portal’s.']]);
  });
});
