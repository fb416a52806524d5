// Abusive queries (SPEC §4: depth, cost, aliases, tokens, body size) are refused before any resolver
// runs, with an error that names the limit, and the server goes on serving the next request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERY_LIMITS } from '../../src/http/create-yoga.js';
import { createTestDesk, DIALECTS, gql, type GraphQLResult, type TestDesk } from '../support/test-desk.js';

const URL = 'http://nocdesk.test/graphql';
const FIVE_MB = 5 * 1024 * 1024;

/** `{ viewer { customer { contacts { customer { contacts … } } } } }`, `depth` fields deep. */
function deepQuery(depth: number): string {
  let selection = '__typename';
  for (let level = depth - 2; level > 0; level--) selection = `${level % 2 === 1 ? 'customer' : 'contacts'} { ${selection} }`;
  return `{ viewer { ${selection} } }`;
}

/** `count` aliases of a real field (armor does not count aliases of `__typename`). */
function aliasQuery(count: number): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: viewer { kind }`).join(' ')} }`;
}

async function post(desk: TestDesk, init: RequestInit): Promise<{ status: number; body: GraphQLResult }> {
  const response = await desk.yoga.fetch(URL, { method: 'POST', ...init });
  return { status: response.status, body: (await response.json()) as GraphQLResult };
}

describe.each(DIALECTS)('query limits (%s)', (dialect) => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
  });
  afterAll(async () => {
    await desk.close();
  });

  async function stillServing(): Promise<void> {
    const result = await gql<{ viewer: { kind: string; customer: { name: string } } }>(desk, '{ viewer { kind customer { name } } }', {}, desk.credentials.partnerKey);
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data?.viewer).toEqual({ kind: 'PARTNER', customer: { name: 'Acme Networks' } });
  }

  it('accepts a query just inside the depth limit', async () => {
    const result = await gql(desk, deepQuery(QUERY_LIMITS.maxDepth), {}, desk.credentials.partnerKey);
    expect(result.errors).toBeUndefined();
    expect(result.data?.viewer).toBeTruthy();
  });

  it('refuses a depth-50 query as a validation error naming the depth limit, then keeps serving', async () => {
    const result = await gql(desk, deepQuery(50), {}, desk.credentials.partnerKey);
    expect(result.status).toBe(400);
    expect(result.data).toBeUndefined();
    const messages = (result.errors ?? []).map((e) => e.message);
    expect(messages).toContainEqual(expect.stringMatching(new RegExp(`depth limit of ${QUERY_LIMITS.maxDepth} exceeded`, 'i')));
    expect(result.errors?.every((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')).toBe(true);
    await stillServing();
  });

  it('accepts as many aliases as the limit', async () => {
    const result = await gql(desk, aliasQuery(QUERY_LIMITS.maxAliases), {}, desk.credentials.partnerKey);
    expect(result.errors).toBeUndefined();
    expect(Object.keys(result.data ?? {})).toHaveLength(QUERY_LIMITS.maxAliases);
  });

  it('refuses more aliases than the limit, naming it', async () => {
    const result = await gql(desk, aliasQuery(QUERY_LIMITS.maxAliases + 1), {}, desk.credentials.partnerKey);
    expect(result.status).toBe(400);
    expect(result.errors?.map((e) => e.message)).toContainEqual(expect.stringMatching(new RegExp(`aliases limit of ${QUERY_LIMITS.maxAliases} exceeded`, 'i')));
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    await stillServing();
  });

  it('refuses a 1,000-alias query before validating it (token limit), then keeps serving', async () => {
    const result = await gql(desk, aliasQuery(1000), {}, desk.credentials.partnerKey);
    expect(result.status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.message).toMatch(new RegExp(`token limit of ${QUERY_LIMITS.maxTokens} exceeded`, 'i'));
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    await stillServing();
  });

  it('refuses an expensive query (cost limit) with the cost it found', async () => {
    const result = await gql(desk, `{ tickets(first: 100) { edges { node { customer { contacts { customer { services { customer { name } } } } } } } } }`, {}, desk.credentials.adminToken);
    expect(result.status).toBe(400);
    expect(result.errors?.map((e) => e.message)).toContainEqual(expect.stringMatching(new RegExp(`cost limit of ${QUERY_LIMITS.maxCost} exceeded`, 'i')));
    await stillServing();
  });

  describe('a 5 MB body', () => {
    const body = JSON.stringify({ query: 'query ($input: String!) { checkTicketNumber(input: $input) { valid } }', variables: { input: '1'.repeat(FIVE_MB) } });

    it('is refused with 413 by its declared Content-Length', async () => {
      const { status, body: result } = await post(desk, { headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }, body });
      expect(status).toBe(413);
      expect(result.errors?.[0]?.message).toBe(`The request body is larger than the limit of ${desk.config.maxBodyBytes} bytes.`);
      expect(result.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
      await stillServing();
    });

    it('is refused with 413 while streaming when no length is declared', async () => {
      const stream = new Blob([body]).stream();
      const { status, body: result } = await post(desk, { headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
      expect(status).toBe(413);
      expect(result.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
      await stillServing();
    });

    it('is refused with 413 whatever the content type', async () => {
      const { status } = await post(desk, { headers: { 'content-type': 'application/graphql+json', 'content-length': String(Buffer.byteLength(body)) }, body });
      expect(status).toBe(413);
      await stillServing();
    });
  });
});
