// Security probe, finding "no size caps on the email path" (second half): three aliased partner queries
// of ticket descriptions and message bodies answered 147 MB, and the server's memory went from 0.3 to
// 1.5 GB building it. Every stored text is capped now, but a page of tickets times their messages times
// aliases is not: long texts count against a budget per answer (RESPONSE_TEXT_BUDGET characters), past
// which the fields answer RESPONSE_TOO_LARGE instead of being sent. Refusing it must not end the process:
// the first refusals used to leave promises of other list items unhandled, and Node stopped the desk
// (the GraphQL executor is patched, see pnpm-workspace.yaml).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestEmail, MAX_STORED_BODY } from '../../src/channels/email/inbound/ingest-email.js';
import { RESPONSE_TEXT_BUDGET } from '../../src/schema/response-budget.js';
import { createTestDesk, DIALECTS, type TestDesk } from '../support/index.js';

/** Tickets whose description and first message together hold twice MAX_STORED_BODY characters. */
const TICKETS = 45;

const PAGE = (alias: string) => `${alias}: tickets(first: 100) { edges { node { number description messages { body } } } }`;

/** The raw HTTP answer: its size is what the probe measured. */
async function post(desk: TestDesk, query: string, token: string): Promise<{ text: string; body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } }> {
  const response = await desk.yoga.fetch('http://nocdesk.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const text = await response.text();
  return { text, body: JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } };
}

describe.each(DIALECTS)('one answer cannot carry hundreds of megabytes (%s)', (dialect) => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk(dialect);
    // Each mail is a little over the inline cap: description and message hold MAX_STORED_BODY characters each.
    for (let i = 0; i < TICKETS; i++) {
      const text = `${i} `.padEnd(MAX_STORED_BODY + 10, 'show log ');
      const raw = Buffer.from(['From: noc@acme.example', 'To: ncc@nocdesk.example', `Subject: Router dump ${i}`, `Message-ID: <dump.${i}@acme.example>`, 'Content-Type: text/plain', '', text, ''].join('\r\n'));
      expect((await ingestEmail(desk, raw)).outcome).toBe('CREATED');
    }
  }, 120_000);
  afterAll(async () => {
    await desk.close();
  });

  it('refuses three aliased pages of descriptions and bodies with RESPONSE_TOO_LARGE, within the budget, and keeps running', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    const wouldBe = 3 * TICKETS * 2 * MAX_STORED_BODY;
    expect(wouldBe).toBeGreaterThan(3 * RESPONSE_TEXT_BUDGET);
    const { text, body } = await post(desk, `{ ${PAGE('a')} ${PAGE('b')} ${PAGE('c')} }`, desk.credentials.partnerKey);
    expect(body.errors?.length).toBeGreaterThan(0);
    expect(new Set(body.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['RESPONSE_TOO_LARGE']));
    expect(body.errors?.[0]?.message).toMatch(/ask for fewer tickets or fields per request/);
    // What was sent stays within the budget plus the JSON around it, not the 27 million characters asked for.
    expect(text.length).toBeLessThan(RESPONSE_TEXT_BUDGET + 1_000_000);
    // The refusal leaves nothing behind that could end the process: the desk still answers, nothing unhandled.
    const after = await post(desk, '{ viewer { kind } }', desk.credentials.partnerKey);
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', record);
    expect(after.body.data).toEqual({ viewer: { kind: 'PARTNER' } });
    expect(unhandled).toEqual([]);
  });

  it('answers a page that fits the budget in full', async () => {
    const { body } = await post(desk, `{ ${PAGE('a')} }`.replace('first: 100', 'first: 20'), desk.credentials.partnerKey);
    expect(body.errors).toBeUndefined();
    const edges = (body.data as { a: { edges: { node: { description: string; messages: { body: string }[] } }[] } }).a.edges;
    expect(edges).toHaveLength(20);
    expect(edges.every((e) => e.node.description.length >= MAX_STORED_BODY && e.node.messages[0]!.body.length >= MAX_STORED_BODY)).toBe(true);
  });

  it('gives every request a budget of its own', async () => {
    for (let i = 0; i < 3; i++) {
      const { body } = await post(desk, `{ ${PAGE('a')} }`.replace('first: 100', 'first: 20'), desk.credentials.adminToken);
      expect(body.errors, `request ${i + 1}`).toBeUndefined();
    }
  });
});
