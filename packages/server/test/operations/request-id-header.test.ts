// Every answer carries `x-request-id`: the client reports it with errors, and staff find the request's
// log line by it. A well-formed id from a proxy is kept; anything else is replaced, never echoed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, type TestDesk } from '../support/index.js';

let desk: TestDesk;
beforeAll(async () => {
  desk = await createTestDesk('sqlite');
});
afterAll(async () => {
  await desk.close();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function post(body: string, headers: Record<string, string> = {}) {
  return desk.yoga.fetch('http://nocdesk.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

describe('x-request-id', () => {
  it('is generated for a GraphQL answer, a fresh one per request', async () => {
    const first = await post(JSON.stringify({ query: '{ hotlines { phone } }' }));
    const second = await post(JSON.stringify({ query: '{ hotlines { phone } }' }));
    expect(first.status).toBe(200);
    expect(first.headers.get('x-request-id')).toMatch(UUID);
    expect(second.headers.get('x-request-id')).toMatch(UUID);
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
  });

  it('keeps a well-formed id sent by a proxy', async () => {
    const answer = await post(JSON.stringify({ query: '{ hotlines { phone } }' }), { 'x-request-id': 'Root=1-67891233-abcdef012345678912345678' });
    expect(answer.headers.get('x-request-id')).toBe('Root=1-67891233-abcdef012345678912345678');
  });

  it('replaces an id that could forge a log line or is too long', async () => {
    for (const given of ['abc"} {"level":60', 'a b', 'x'.repeat(200), '']) {
      const answer = await post(JSON.stringify({ query: '{ hotlines { phone } }' }), { 'x-request-id': given });
      expect(answer.headers.get('x-request-id')).toMatch(UUID);
    }
  });

  it('is on refusals and health checks too', async () => {
    const unauthenticated = await post(JSON.stringify({ query: '{ viewer { kind } }' }), { authorization: 'Bearer not-a-token' });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('x-request-id')).toMatch(UUID);
    const invalidJson = await post('{', { 'x-request-id': 'req-42' });
    expect(invalidJson.status).toBe(400);
    expect(invalidJson.headers.get('x-request-id')).toBe('req-42');
    const tooLarge = await post(JSON.stringify({ query: `{ hotlines { phone } } #${'x'.repeat(2 * 1024 * 1024)}` }));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('x-request-id')).toMatch(UUID);
    for (const path of ['/health', '/ready', '/nowhere']) {
      const answer = await desk.yoga.fetch(`http://nocdesk.test${path}`);
      expect(answer.headers.get('x-request-id'), path).toMatch(UUID);
    }
  });
});
