// Partners script against the desk: one key, or one address without a key, cannot take it all. Over
// its limit a caller is answered HTTP 429 with Retry-After and one GraphQL error, code RATE_LIMITED,
// `extensions.retryAfter` in seconds; everyone else is served as before, and so is the caller once the
// window has passed. With REDIS_URL the count is shared by every process of the desk.
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNocdeskYoga } from '../../src/http/create-yoga.js';
import { closeRateLimits, rateLimitsReady } from '../../src/http/rate-limit.js';
import { createTestDesk, startEmailChannelServer, type EmailChannelServer, type TestDesk } from '../support/index.js';

const LIMITS = { NOCDESK_RATE_LIMIT_PER_KEY: '5', NOCDESK_RATE_LIMIT_PER_IP: '3', NOCDESK_RATE_LIMIT_WINDOW_S: '2' };
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether a Redis answers at REDIS_URL: the machines of this project run one; a laptop may not. */
async function redisAnswers(): Promise<boolean> {
  const { hostname, port } = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379), timeout: 1_000 }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
const REDIS = await redisAnswers();
const CHECK_NUMBER = '{ checkTicketNumber(input: "1000002") { valid } }';
const VIEWER = '{ viewer { kind } }';

interface Answer {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** One request over real HTTP, so the desk sees the connection's address (127.0.0.1). */
async function post(url: string, query: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers }, body: JSON.stringify({ query }) });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] };
}

function expectRateLimited(answer: Answer, limit: number): number {
  expect(answer.status).toBe(429);
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors).toHaveLength(1);
  const retryAfter = Number(answer.retryAfter);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(2);
  expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfter, limit, windowSeconds: 2 });
  expect(answer.body.errors?.[0]?.message).toMatch(/^Too many requests: at most \d+ every 2 s for .*\. Retry after \d s\.$/);
  return retryAfter;
}

describe('rate limits over HTTP', () => {
  let desk: EmailChannelServer;
  beforeAll(async () => {
    desk = await startEmailChannelServer('sqlite', { env: LIMITS });
  });
  afterAll(async () => {
    await desk.close();
  });
  // Each test starts with fresh windows.
  afterEach(async () => {
    await new Promise((resolve) => setTimeout(resolve, 2_100));
  });

  it('a partner key over its limit is answered 429 with Retry-After; another key is served, and so is the first after the wait', async () => {
    const key = { authorization: `Bearer ${desk.credentials.partnerKey}` };
    for (let n = 0; n < 5; n++) expect((await post(desk.server.url, VIEWER, key)).status).toBe(200);
    const refused = await post(desk.server.url, VIEWER, key);
    const retryAfter = expectRateLimited(refused, 5);
    expect(refused.body.errors?.[0]?.message).toContain('this API key or token');
    expect((await post(desk.server.url, VIEWER, { authorization: `Bearer ${desk.credentials.otherPartnerKey}` })).status).toBe(200);
    expect((await post(desk.server.url, VIEWER, { authorization: `Bearer ${desk.credentials.engineerToken}` })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 50));
    expect((await post(desk.server.url, VIEWER, key)).status).toBe(200);
  });

  it('anonymous operations are limited per address, so ticket numbers cannot be tried by the thousand; callers with a key are not held by it', async () => {
    for (let n = 0; n < 3; n++) expect((await post(desk.server.url, CHECK_NUMBER)).body).toEqual({ data: { checkTicketNumber: { valid: true } } });
    expectRateLimited(await post(desk.server.url, CHECK_NUMBER), 3);
    expectRateLimited(await post(desk.server.url, '{ hotlines { phone } }'), 3);
    expect((await post(desk.server.url, CHECK_NUMBER, { authorization: `Bearer ${desk.credentials.partnerKey}` })).status).toBe(200);
  });

  it('unknown tokens count against their address: guessing keys is as slow as guessing numbers', async () => {
    for (let n = 0; n < 3; n++) expect((await post(desk.server.url, VIEWER, { authorization: `Bearer ndp_guess${n}` })).status).toBe(401);
    expectRateLimited(await post(desk.server.url, VIEWER, { authorization: 'Bearer ndp_guess3' }), 3);
  });

  it('a subscription stream counts as one request and is refused the same way', async () => {
    for (let n = 0; n < 3; n++) await post(desk.server.url, CHECK_NUMBER);
    const response = await fetch(desk.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { queueChanged { type } }' }),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await response.body?.cancel();
  });
});

describe('the client address behind proxies (NOCDESK_TRUST_PROXY)', () => {
  const desks: EmailChannelServer[] = [];
  afterAll(async () => {
    for (const desk of desks) await desk.close();
  });

  it('without it, X-Forwarded-For is the caller\'s word and ignored: everyone on one connection address shares its limit', async () => {
    const desk = await startEmailChannelServer('sqlite', { env: LIMITS });
    desks.push(desk);
    for (let n = 0; n < 3; n++) expect((await post(desk.server.url, CHECK_NUMBER, { 'x-forwarded-for': `198.51.100.${n}` })).status).toBe(200);
    expectRateLimited(await post(desk.server.url, CHECK_NUMBER, { 'x-forwarded-for': '198.51.100.99' }), 3);
  });

  it('with one proxy, the address it saw (the last entry) is the client; what the client wrote before it changes nothing', async () => {
    const desk = await startEmailChannelServer('sqlite', { env: { ...LIMITS, NOCDESK_TRUST_PROXY: '1' } });
    desks.push(desk);
    for (let n = 0; n < 3; n++) expect((await post(desk.server.url, CHECK_NUMBER, { 'x-forwarded-for': `10.0.0.${n}, 203.0.113.7` })).status).toBe(200);
    expectRateLimited(await post(desk.server.url, CHECK_NUMBER, { 'x-forwarded-for': '10.9.9.9, 203.0.113.7' }), 3);
    expect((await post(desk.server.url, CHECK_NUMBER, { 'x-forwarded-for': '203.0.113.8' })).status).toBe(200);
  });
});

// Needs a Redis server (REDIS_URL, or the one at 127.0.0.1:6379): what is shared is the point.
describe.skipIf(!REDIS)('rate limits shared through Redis', () => {
  let desk: TestDesk;
  let twin: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk('sqlite', { ...LIMITS, REDIS_URL });
    // A second process of the same desk: its own limiters and Redis connection, the same database.
    twin = { ...desk };
  });
  afterAll(async () => {
    await closeRateLimits(desk);
    await closeRateLimits(twin);
    await desk.close();
  });

  it('a key is held to one limit across the processes of a desk', async () => {
    const yogas = [desk.yoga, createNocdeskYoga(twin)];
    await Promise.all([rateLimitsReady(desk), rateLimitsReady(twin)]);
    const statuses: number[] = [];
    for (let n = 0; n < 6; n++) {
      const response = await yogas[n % 2]!.fetch('http://nocdesk.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${desk.credentials.partnerKey}` },
        body: JSON.stringify({ query: VIEWER }),
      });
      statuses.push(response.status);
      await response.body?.cancel();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});
